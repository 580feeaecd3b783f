"""Issue 12's cost model, computed by hand: output tokens, the cached prompt path, training from
the data, real tuned prices, and whether tuning is still offered (dates pinned: the engine takes
today's date from its caller)."""

import json
from datetime import date

import pytest

from adapt.engine import ArgumentError, Scenario, evaluate, parse_scenario
from adapt.engine.args import to_args
from adapt.engine.options import TUNING, OptionId
from adapt.engine.scenario import Problem

TODAY = date(2026, 12, 1)
AFTER_CUTOFF = date(2027, 1, 7)  # OpenAI takes no new fine-tuning jobs after 2027-01-06
AFTER_RETIREMENT = date(2027, 2, 1)  # gpt-4o, gpt-4o-mini, gpt-4.1, gpt-4.1-mini: 2027-01-14

# Issue 12's worked example on the existing keys: the 2,000-token fixed prefix tuning removes is
# extra_tokens=2000 reduction=2000; the other input is shared_tokens=500.
WORKED = ["requests=120k", "extra_tokens=2000", "reduction=2000", "shared_tokens=500",
          "output_tokens=300", "examples=1000", "tokens_per_example=800", "epochs=3", "eval=0"]
WORKED_PRICES = ["price=0.40", "output_price=1.60", "cache_price=0.10", "tuned_multiplier=2",
                 "training_price=5"]


def cents(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# ---- the worked example, to the cent ------------------------------------------------------

@pytest.mark.parametrize("prices", [["model=gpt-4.1-mini"], WORKED_PRICES],
                         ids=["named model", "explicit prices"])
def test_worked_example_without_caching(prices):
    cost = evaluate(parse_scenario([*WORKED, *prices]), today=TODAY).cost
    assert cents(cost.prompt_only_monthly) == 177.60
    assert cents(cost.tuned_monthly) == 163.20
    assert cost.training_tokens == 2_400_000
    assert cents(cost.one_time) == 12.00
    assert cost.cached_monthly is None and cost.compared_with == "prompt_only"
    assert cents(cost.monthly_savings) == 14.40
    assert round(cost.break_even_months, 1) == 0.8  # 12 / 14.40 = 0.83 months
    assert cost.pays_back_in_horizon


@pytest.mark.parametrize("prices", [["model=gpt-4.1-mini"], WORKED_PRICES],
                         ids=["named model", "explicit prices"])
def test_worked_example_with_caching_never_pays_back(prices):
    report = evaluate(parse_scenario([*WORKED, "cached=90%", *prices]), today=TODAY)
    cost = report.cost
    assert cents(cost.prompt_only_monthly) == 177.60
    assert cents(cost.cached_monthly) == 112.80
    assert cents(cost.tuned_monthly) == 163.20
    assert cents(cost.one_time) == 12.00
    assert cost.compared_with == "cached"
    assert cents(cost.monthly_savings) == -50.40
    assert cost.break_even_months is None and not cost.pays_back_in_horizon
    assert [cents(p.cached) for p in cost.series[:3]] == [0.0, 112.80, 225.60]
    cache_first = next(w for w in report.warnings if w.id == "cache_first")
    assert cache_first.text == ("Cache the 2,000-token prompt first: $113/month cached vs $163"
                                " tuned ($178 uncached); tuning then never pays back.")
    assert report.winner.option not in TUNING


def test_worked_example_as_the_cli_prints_it(run_adapt):
    text = run_adapt(*WORKED, "cached=90%", "model=gpt-4.1-mini", "--as-of", "2026-12-01").stdout
    for line in ("Prompt-only monthly           $178", "Cached prompt monthly         $113",
                 "Tuned monthly                 $163", "One-time (train+eval)       $12.00",
                 "Break-even            never pays back",
                 "12-month spend        $2,131 prompt-only vs $1,354 cached vs $1,970 tuned",
                 "training_price $5.00 per 1M training tokens: tuning catalogue"):
        assert line in text, line
    report = json.loads(run_adapt(*WORKED, "model=gpt-4.1-mini", "--as-of", "2026-12-01",
                                  "-f", "json").stdout)
    assert report["as_of"] == "2026-12-01"
    assert report["cost"]["cached_monthly"] is None
    assert round(report["cost"]["break_even_months"], 1) == 0.8


# ---- a named model's prices, computed by hand ---------------------------------------------

def test_a_named_models_output_and_cache_prices_give_the_monthly_figures_to_the_cent():
    # genai-prices: gpt-4o-mini $0.15 input, $0.075 cached, $0.60 output; its ft: entry 2x.
    scenario = parse_scenario(["model=gpt-4o-mini", "requests=100k", "extra_tokens=1500",
                               "shared_tokens=200", "output_tokens=250", "reduction=1200",
                               "cached=80%"])
    assert (scenario.price, scenario.cache_price, scenario.output_price) == (0.15, 0.075, 0.6)
    assert scenario.tuned_multiplier == 2
    cost = evaluate(scenario, today=TODAY).cost
    # prompt-only: 100k x (1,700 x 0.15 + 250 x 0.60) / 1M
    assert cents(cost.prompt_only_monthly) == round(100_000 * (1700 * 0.15 + 250 * 0.60) / 1e6, 2)
    assert cents(cost.prompt_only_monthly) == 40.50
    # cached: 1,200 of the 1,500 extra tokens at 0.075, the other 500 input tokens at 0.15
    assert cents(cost.cached_monthly) == 31.50
    # tuned: (500 x 0.15 + 250 x 0.60) x 2
    assert cents(cost.tuned_monthly) == 45.00


def test_training_is_examples_times_tokens_times_epochs_times_the_files_price():
    # The catalogue: gpt-4o-mini trains at $3.00 per 1M training tokens.
    four = parse_scenario(["model=gpt-4o-mini", "examples=2000", "tokens_per_example=500",
                           "epochs=4"])
    assert four.training_price == 3.00 and four.training == 2000 * 500 * 4 * 3.00 / 1e6 == 12.0
    assert evaluate(four, today=TODAY).cost.training_tokens == 4_000_000
    default_epochs = parse_scenario(["model=gpt-4o-mini", "examples=2000",
                                     "tokens_per_example=500"])
    assert default_epochs.training == 2000 * 500 * 3 * 3.00 / 1e6  # 3 epochs when not given
    sources = {p.what: p for p in evaluate(four, today=TODAY).cost.price_sources}
    assert sources["training_price"].url == "https://openai.com/api/pricing/"
    assert sources["training_price"].as_of == "2026-12-01"
    assert sources["training"].source.startswith("2,000 examples x 500 tokens x 4 epochs")


@pytest.mark.parametrize(("typed", "key", "value"), [
    ("price=1", "price", 1.0), ("output_price=2", "output_price", 2.0),
    ("cache_price=0.01", "cache_price", 0.01), ("tuned_multiplier=3", "tuned_multiplier", 3.0),
    ("training_price=9", "training_price", 9.0), ("training=777", "training", 777.0),
])
def test_an_explicit_value_wins_over_each_derived_one(typed, key, value):
    derived = ["model=gpt-4o-mini", "output_tokens=100", "cached=50%", "examples=1000",
               "tokens_per_example=800"]
    scenario = parse_scenario([*derived, typed])
    assert getattr(scenario, key) == value
    source = next(p for p in evaluate(scenario, today=TODAY).cost.price_sources
                  if p.what == {"price": "input", "output_price": "output",
                                "cache_price": "cache_read", "tuned_multiplier": "tuned",
                                "training_price": "training_price",
                                "training": "training"}[key])
    assert source.source == "given"
    if key == "training":  # a typed training cost replaces the one from the data
        assert not scenario.training_from_data()


def test_tuned_price_comes_from_genai_prices_then_the_catalogue_then_the_multiplier():
    sources = {m: next(p for p in evaluate(parse_scenario([f"model={m}"]), today=TODAY)
                       .cost.price_sources if p.what == "tuned")
               for m in ("gpt-4o-mini", "gpt-4.1-mini", "claude-3-5-haiku")}
    assert sources["gpt-4o-mini"].source.startswith("genai-prices ")  # names the version
    assert sources["gpt-4o-mini"].source.endswith(" (openai:ft:gpt-4o-mini)")
    assert sources["gpt-4o-mini"].value == 2
    assert sources["gpt-4.1-mini"].source == "tuning catalogue (openai:gpt-4.1-mini)"
    assert sources["gpt-4.1-mini"].value == 2
    assert sources["claude-3-5-haiku"].source.startswith("default")
    assert sources["claude-3-5-haiku"].value == 1
    assert parse_scenario(["model=gpt-4o"]).tuned_multiplier == 1.5


def test_full_cache_at_or_below_the_tuned_cost_means_tuning_never_pays_back_and_says_why():
    # Every extra token cached at $0.10 against a tuned model at 2x: the cached call costs
    # 2,000 x 0.10 + 500 x 1.00 = 700 per 1M, the tuned call 500 x 1.00 x 2 = 1,000.
    scenario = parse_scenario(["price=1", "cache_price=0.10", "cached=1", "extra_tokens=2000",
                               "reduction=2000", "shared_tokens=500", "tuned_multiplier=2",
                               "requests=1M", "problem=cost", "stability=90", "data=90",
                               "tolerance=10"])
    report = evaluate(scenario, today=TODAY)
    cost = report.cost
    assert cost.cached_monthly == pytest.approx(700.0) and cost.tuned_monthly == pytest.approx(1e3)
    assert cost.compared_with == "cached" and cost.break_even_months is None
    assert cost.payback_requests is None
    assert any(w.id == "cache_first" and "tuning then never pays back" in w.text
               for w in report.warnings)
    assert report.winner.option not in TUNING  # problem=cost: tuning that never pays back is out
    peft = next(o for o in report.ranking if o.option is OptionId.PEFT)
    assert peft.not_yet == "not on cost grounds: tuning does not pay back within 12 months"
    # A quality failure may still be won by a tune that never pays back, within a premium
    # (weights.MAX_QUALITY_SPEND_RATIO): the cost line names the premium and why it is worth it
    # (issue 20), instead of a warning against the winner.
    strong = scenario.model_copy(update={"problem": Problem.STYLE, "stability": 100, "data": 100,
                                         "freshness": 0, "tolerance": 0})
    tuned_win = evaluate(strong, today=TODAY)
    assert tuned_win.winner.option is OptionId.PEFT
    tuned_spend, cached_spend = 2_200 + 12 * 1_000.0, 12 * 700.0  # train + eval, 12 months
    assert tuned_spend / cached_spend <= 2
    premium = (tuned_spend - cached_spend) / 12
    assert tuned_win.cost_line == (
        f"LoRA / PEFT costs about ${premium:,.0f} a month more than with the prompt cached over"
        f" the 12-month horizon (${tuned_spend:,.0f} against ${cached_spend:,.0f}; it never pays"
        " back at these prices): worth it because a tune holds tone and format on every call,"
        " where a long prompt still drifts.")
    assert not {w.id for w in tuned_win.warnings} & {"cache_first", "no_payback"}


# ---- whether tuning is still offered --------------------------------------------------------

FAVOURABLE = ["support", "model=gpt-4o-mini", "requests=5M", "extra_tokens=3000",
              "reduction=2900", "output_tokens=100", "examples=5000", "tokens_per_example=600"]


def test_gpt_4o_mini_names_the_shutdown_dates_and_tunes_only_while_offered():
    scenario = parse_scenario(FAVOURABLE)
    before = evaluate(scenario, today=date(2026, 6, 1))
    assert before.winner.option in TUNING  # tuning-favourable, with time left to pay back
    now = evaluate(scenario, today=TODAY)
    availability = next(w.text for w in now.warnings if w.id == "availability")
    assert availability.startswith("OpenAI accepts no new fine-tuning jobs after 2027-01-06")
    assert "gpt-4o-mini retires 2027-01-14" in availability
    assert now.cost.payback_horizon_months == pytest.approx(44 / (365.25 / 12))
    assert now.tuning is not None and now.tuning.offered and now.tuning.months_left < 2
    after = evaluate(scenario, today=AFTER_CUTOFF)
    assert after.winner.option not in TUNING
    for entry in after.ranking:
        if entry.option in TUNING:
            assert not entry.eligible
            assert entry.not_yet == ("not offered: OpenAI accepts no new fine-tuning jobs after"
                                     " 2027-01-06")
    # Tuning waits only for another model (issue 20: "move to a model that can still be tuned").
    assert [s.when for s in after.plan if s.option in TUNING] in (
        [], ["On a model that can still be tuned"])
    assert all(item.option not in TUNING for item in after.stack)
    text = next(w.text for w in after.warnings if w.id == "availability")
    assert "cannot be started now" in text and "2027-01-14" in text
    retired = evaluate(scenario, today=AFTER_RETIREMENT)
    assert retired.tuning is not None and retired.tuning.not_yet == (
        "not offered: gpt-4o-mini retired on 2027-01-14")


def test_payback_is_judged_over_the_months_the_tuned_model_lives():
    scenario = parse_scenario(["support", "model=gpt-4o-mini", "requests=120k"])
    report = evaluate(scenario, today=TODAY)
    assert report.cost.horizon_months == 12 and report.cost.payback_horizon_months < 1.5
    unknown = evaluate(scenario.model_copy(update={"model": None}), today=TODAY)
    assert unknown.cost.payback_horizon_months == 12


def test_tuning_that_cannot_pay_back_before_the_model_retires_cannot_win():
    """gpt-4o-mini retires 2027-01-14: as of 2026-12-01 a run that repays itself in days may
    win, one that needs longer than the six weeks left may not, whatever its other merits."""
    fast = evaluate(parse_scenario(FAVOURABLE), today=TODAY)
    assert fast.winner.option in TUNING and fast.cost.break_even_months < 1
    slow = evaluate(parse_scenario(["routing", "model=gpt-4o-mini"]), today=TODAY)
    assert slow.cost.break_even_months > slow.cost.payback_horizon_months
    assert slow.winner.option not in TUNING
    for entry in slow.ranking:
        if entry.option in TUNING:
            assert entry.not_yet == ("not worth starting: gpt-4o-mini retires 2027-01-14,"
                                     " before tuning would pay back")
    assert all(item.option not in TUNING for item in slow.stack)
    priced = evaluate(parse_scenario(["routing", "price=0.15"]), today=TODAY)
    assert priced.winner.option in TUNING  # the same figures on a model that does not retire


def test_the_gemini_api_offers_no_tuning_and_vertex_only_gemini_3():
    gemini = evaluate(parse_scenario(["support", "model=gemini-2.5-flash"]), today=TODAY)
    assert gemini.winner.option not in TUNING
    assert gemini.tuning is not None and gemini.tuning.offered is False
    text = next(w.text for w in gemini.warnings if w.id == "availability")
    assert "since" not in text and "May 2025" in text and "Vertex AI" in text
    # Vertex AI retired Gemini 2.5 on 2026-10-16, every tune with it (issue 22).
    retired = evaluate(parse_scenario(["support", "model=vertex:gemini-2.5-flash"]), today=TODAY)
    assert retired.scenario.price == gemini.scenario.price  # Google's token prices
    assert retired.tuning is not None and retired.tuning.offered is False
    assert retired.tuning.not_yet == "not offered: gemini-2.5-flash retired on 2026-10-16"
    assert retired.winner.option not in TUNING
    vertex = evaluate(parse_scenario(["support", "model=vertex:gemini-3.5-flash"]), today=TODAY)
    assert vertex.tuning is not None and vertex.tuning.offered
    # Offered, but at Gemini's prices the seed's 120k requests a month spend far more than twice
    # the prompt path on a tune: it waits for the traffic that repays it.
    assert vertex.winner.option is OptionId.PROMPTING
    assert vertex.decision.waiting is OptionId.PEFT
    peft = next(row for row in vertex.decision.feasibility if row.option is OptionId.PEFT)
    assert peft.blocked_by == "premium" and peft.trigger.startswith("At about ")


def test_a_bedrock_model_id_keeps_its_own_colon():
    report = evaluate(parse_scenario(["model=aws:anthropic.claude-3-haiku-20240307-v1:0"]),
                      today=TODAY)
    assert report.scenario.price == pytest.approx(0.25)
    # Claude 3 Haiku reached end of life on Bedrock on 2026-09-10, its fine-tuning with it.
    assert report.tuning is not None and report.tuning.offered is False
    assert report.tuning.model == "aws:regional.anthropic.claude-3-haiku-20240307-v1:0"
    assert report.tuning.not_yet == ("not offered: regional.anthropic.claude-3-haiku-20240307-v1:0"
                                     " retired on 2026-09-10")


def test_unknown_models_keep_the_general_caution():
    report = evaluate(parse_scenario(["support", "model=my-own-llama", "price=1",
                                      "requests=2M"]), today=TODAY)
    assert report.tuning is None
    text = next(w.text for w in report.warnings if w.id == "availability")
    assert text.startswith("Check that fine-tuning is offered for my-own-llama")


def test_without_a_date_the_engine_judges_as_of_the_catalogue():
    scenario = parse_scenario(FAVOURABLE)
    read_on = date(2026, 12, 4)  # engine/data/tuning.toml's read_on
    assert evaluate(scenario).as_of == read_on
    assert evaluate(scenario) == evaluate(scenario, today=read_on)


# ---- the seed and the edge ------------------------------------------------------------------

def test_the_seed_models_no_cache_no_output_and_no_training_data():
    cost = evaluate(parse_scenario(["support"])).cost
    assert (cost.cached_monthly, cost.cached_total, cost.training_tokens) == (None, None, None)
    assert cost.compared_with == "prompt_only" and cost.payback_horizon_months == 12
    assert [p.what for p in cost.price_sources] == ["input", "tuned", "training"]
    assert all(point.cached is None for point in cost.series)


@pytest.mark.parametrize(("args", "field", "needle"), [
    (["cached=90%"], "cached", "cache_price="),
    (["cached=90"], "cached", "0.9 or 90%"),
    (["cached=150%"], "cached", "0 to 1"),
    (["output_tokens=300"], "output_tokens", "output_price="),
    (["tokens_per_example=800"], "tokens_per_example", "training price"),
    (["tokens_per_example=800", "training_price=5"], "tokens_per_example", "examples="),
    (["epochs=0"], "epochs", "1 to 100"),
    (["epochs=2.5"], "epochs", "whole number"),
    (["model=cohere:command-r", "cached=50%"], "cached", "cache-read price for cohere"),
    (["model=claude-3-5-haiku", "examples=100", "tokens_per_example=500"], "tokens_per_example",
     "training_price="),
])
def test_missing_or_bad_values_name_the_key(args, field, needle):
    with pytest.raises(ArgumentError) as caught:
        parse_scenario(args)
    assert caught.value.field == field
    assert needle in str(caught.value) and "\n" not in str(caught.value)


def test_training_from_the_data_reads_back_without_a_typed_training_cost():
    scenario = parse_scenario([*WORKED, "cached=0.9", "model=gpt-4.1-mini"])
    args = to_args(scenario)
    assert not any(arg.startswith("training=") for arg in args)
    assert "tokens_per_example=800" in args and "training_price=5" in args
    assert parse_scenario(args) == scenario
    more = scenario.with_examples(2000)  # as the tipping points move it
    assert more.training == 2 * scenario.training and more.data > scenario.data


def test_a_stated_tokens_per_example_replaces_the_presets_training_cost():
    scenario = parse_scenario(["support", "examples=1000", "tokens_per_example=800",
                               "training_price=5"])
    assert scenario.training == 12.0  # support's preset says 1,800; the data says 12
    typed = parse_scenario(["support", "examples=1000", "tokens_per_example=800",
                            "training_price=5", "training=900"])
    assert typed.training == 900


def test_scenario_refuses_a_cache_without_a_price():
    with pytest.raises(ValueError, match="cache_price="):
        Scenario(cached=0.5)


def test_the_cost_line_says_when_the_tuned_model_outlives_nothing_but_its_payback():
    """Paying back before the model retires is a payback, but the horizon's totals would run
    past the model's life, so the line says the run ends with it instead of quoting them."""
    report = evaluate(parse_scenario([*WORKED, "model=gpt-4.1-mini"]), today=TODAY)
    assert report.cost.pays_back_in_horizon and report.cost.payback_horizon_months < 2
    assert report.cost_line == ("Tuning pays back in 25 days, within the 1.4 months the tuned"
                                " model would live; after that the tuned model is gone and the"
                                " run must be redone on another model.")
