"""The key table is the one place a key is declared: it and Scenario agree, and every derived view
(aliases, converters, help, the Slack form, to_args) comes from it."""

import pytest

from adapt.bot.blockkit import cost_view, modal_view
from adapt.bot.flows.modal import form_values
from adapt.engine import Scenario, parse_scenario
from adapt.engine.args import key_help, to_args
from adapt.engine.keys import COST_KEYS, DECISION_KEYS, FORM_KEYS, KEY_BY_NAME, KEY_OF, KEYS


def test_the_table_and_scenario_name_the_same_keys():
    assert [key.name for key in KEYS] == list(Scenario.model_fields)


def test_no_alias_is_claimed_twice():
    names = [alias for key in KEYS for alias in (key.name, *key.aliases)]
    assert len(names) == len(set(names)) == len(KEY_OF)


# Keys whose example needs another key beside it to make a whole scenario (a reduction needs the
# tokens it removes; a cache, output tokens and training from the data need their prices).
COMPANIONS = {"reduction": ["extra_tokens=420"], "cached": ["cache_price=0.10"],
              "output_tokens": ["output_price=1.60"],
              "tokens_per_example": ["examples=1000", "training_price=5"]}


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
