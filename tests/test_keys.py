"""The key table is the one place a key is declared: it and Scenario agree, and every derived view
(aliases, converters, help, the Slack form, to_args) comes from it."""

from typing import get_args

import pytest

from adapt.bot.blockkit import cost_view, modal_view
from adapt.bot.flows.modal import form_values
from adapt.engine import Scenario, parse_scenario
from adapt.engine.args import key_help, to_args
from adapt.engine.keys import (
    COST_KEYS,
    DECISION_KEYS,
    FACT_KEYS,
    FACT_OF_FACTOR,
    FORM_KEYS,
    KEY_BY_NAME,
    KEY_OF,
    KEYS,
    Kind,
)
from adapt.engine.scenario import Factor
from adapt.engine.units import Cadence


def test_the_table_and_scenario_name_the_same_keys():
    assert [key.name for key in KEYS] == list(Scenario.model_fields)


def test_no_alias_is_claimed_twice():
    names = [alias for key in KEYS for alias in (key.name, *key.aliases)]
    assert len(names) == len(set(names)) == len(KEY_OF)


# Keys whose example needs another key beside it to make a whole scenario (a reduction needs the
# tokens it removes; a cache, output tokens and training from the data need their prices).
COMPANIONS = {"reduction": ["extra_tokens=420"], "cached": ["cache_price=0.10"],
              "output_tokens": ["output_price=1.60"],
              "tokens_per_example": ["examples=1000", "training_price=5"],
              "batch": ["batch_price=1.25"], "gpu_price": ["gpu_throughput=27k"],
              "gpu_throughput": ["gpu_price=2.69"],
              "gpu_hours": ["gpu_price=2.69", "gpu_throughput=27k"]}


@pytest.mark.parametrize("key", KEYS, ids=lambda key: key.name)
def test_every_key_reads_its_example_and_writes_it_back(key):
    given = f"{key.name}={key.example}"
    companions = COMPANIONS.get(key.name, [])
    scenario = parse_scenario([given, *companions])
    assert parse_scenario(to_args(scenario)) == scenario
    for alias in key.aliases:
        assert parse_scenario(given.replace(key.name, alias, 1).split() + companions) == scenario


def test_help_and_form_derive_from_the_table():
    assert [row.key for row in key_help()] == [key.name for key in KEYS]
    assert set(FORM_KEYS) == {key.name for key in KEYS if key.form is not None}
    assert set(DECISION_KEYS) | set(COST_KEYS) == set(FORM_KEYS)
    assert not set(DECISION_KEYS) & set(COST_KEYS)


def test_every_form_key_has_its_field_on_the_forms():
    """The decision form lays out its fields itself: none of the table's may be missing there,
    and the cost form shows every cost key the table has."""
    scenario = parse_scenario("preset=support")
    values = form_values(scenario)
    decision = modal_view(values, scenario=scenario, metadata="{}", rev=3)
    cost = cost_view(values, metadata="{}", rev=3)
    fields = {b["block_id"] for view in (decision, cost) for b in view["blocks"]
              if b["type"] == "input"}
    assert fields == {f"{key}.3" for key in FORM_KEYS} | {"sentence.3"}  # and the sentence
    labels = {b["label"]["text"] for b in cost["blocks"] if b["type"] == "input"}
    assert labels == {KEY_BY_NAME[key].form.label for key in COST_KEYS}


@pytest.mark.parametrize(("args", "reduction"), [
    ("extra_tokens=150", 150), ("extra_tokens=1000", 260), ("extra_tokens=0", 0),
    ("preset=writing extra_tokens=1000", 1000), ("preset=writing", 1200),
    ("extra_tokens=150 reduction=100", 100),
])
def test_the_reduction_default_never_exceeds_the_extra_tokens_given(args, reduction):
    """Issue 21: `extra_tokens=150` alone was refused because the default reduction (260) is
    larger; a default never contradicts what was given. A reduction given is still checked."""
    scenario = parse_scenario(args)
    assert scenario.reduction == reduction
    assert parse_scenario(to_args(scenario)) == scenario
    assert "reduction=" not in " ".join(to_args(scenario)) or "reduction=100" in args


def test_a_reduction_given_beyond_the_extra_tokens_is_still_an_error():
    with pytest.raises(ValueError, match=r"reduction \(500\) cannot exceed extra_tokens \(420\)"):
        parse_scenario("reduction=500")


@pytest.mark.parametrize(("pair", "field", "value"), [
    ("price=1.000", "price", 1.0), ("price=2.50", "price", 2.5),
    ("gpu_price=3.990", "gpu_price", 3.99), ("training_price=20.000", "training_price", 20.0),
    ("requests=20.000", "requests", 20_000), ("examples=1.500.000", "examples", 1_500_000),
])
def test_a_price_reads_its_dot_as_a_decimal_point_while_a_count_may_group_thousands(
        pair, field, value):
    """"price=1.000" is one dollar per 1M tokens, never a thousand (the dotted-thousands form,
    German "20.000", is for counts); a price written so is read as people mean it."""
    extra = ["gpu_throughput=27k"] if field == "gpu_price" else []
    assert getattr(parse_scenario([pair, *extra]), field) == value


@pytest.mark.parametrize(("fact", "value"), [
    ("examples", 0), ("examples", 300), ("examples", 50_000), ("changes", "weekly"),
    ("changes", "never"), ("requests", 120_000), ("requests", 0),
])
def test_a_fact_row_says_the_factor_it_sets_as_the_scenario_reads_it(fact, value):
    """Issue 25: which factor a fact sets, and how, lives in the fact's row (keys.Sets); the
    Scenario's own reading agrees with it, and the row says the fact in its units."""
    key = KEY_BY_NAME[fact]
    assert key.sets is not None
    scenario = parse_scenario(f"{fact}={value}")
    told = getattr(scenario, fact)
    assert scenario.factor(Factor(key.sets.factor)) == key.sets.reads(told)
    assert FACT_OF_FACTOR[key.sets.factor] == fact
    assert key.sets.told(told)  # "300 labeled examples", "facts change every week", ...


def test_every_key_has_a_kind_and_only_facts_set_factors():
    factors = {factor.value for factor in Factor}
    for key in KEYS:
        assert key.kind in get_args(Kind), key.name
        assert (key.kind == "level") is (key.name in factors), key.name
    assert set(FACT_OF_FACTOR) <= factors and len(FACT_OF_FACTOR) == len(FACT_KEYS) == 3


@pytest.mark.parametrize(("key", "value", "shown"), [
    ("requests", 120_000.0, "120k"), ("examples", 20_000, "20,000"), ("training", 1800.0, "$1,800"),
    ("cached", 0.9, "90%"), ("changes", Cadence.WEEKLY, "weekly"), ("price", 2.5, "2.5"),
    ("model", None, "none"), ("horizon", 12, "12"),
])
def test_a_value_reads_back_as_its_row_says(key, value, shown):
    assert KEY_BY_NAME[key].shown(value) == shown
