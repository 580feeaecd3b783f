"""Issue 22, the market as it stands, with every figure worked by hand from the formulas (never
read back from the program): batch prices (stacked with caching where the provider stacks them),
an open-weight model on a serverless host and self-hosted, Bedrock with Provisioned Throughput,
a retired Vertex model, and life after gpt-4o-mini's shutdown. Dates are pinned: the engine
takes today's date from its caller."""

import json
import math
from datetime import date
from importlib.metadata import version

import pytest

from adapt.engine import ArgumentError, evaluate, parse_scenario
from adapt.engine.catalog import HOURS_PER_MONTH, catalogue
from adapt.engine.options import TUNING, OptionId

DECEMBER = date(2026, 12, 1)
NOW = date(2026, 12, 4)  # the catalogue's read_on
M = 1e6  # prices are per 1M tokens


def cents(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# ---- batch ---------------------------------------------------------------------------------

# The README's worked example: Claude Haiku 4.5 (genai-prices: $1 input, $5 output, $0.10 cache
# read; in the batch API $0.50, $2.50 and $0.05: Anthropic's batch discount stacks with caching),
# 200k calls a month of 3,000 repeated and 500 varying prompt tokens and 400 output tokens, 80% of
# the repeated tokens read from the cache, 40% of the calls sent through the batch API.
BATCHED = ["model=claude-haiku-4-5", "requests=200k", "extra_tokens=3000", "shared_tokens=500",
           "output_tokens=400", "reduction=2500", "cached=80%", "batch=40%"]


def test_batch_stacks_with_the_cache_where_the_provider_stacks_them():
    scenario = parse_scenario(BATCHED)
    assert (scenario.batch_price, scenario.batch_output_price, scenario.batch_cache_price) == \
        (0.50, 2.50, 0.05)
    calls, share = 200_000, 0.40
    standard = (3500 * 1.00 + 400 * 5.00) / M
    batched = (3500 * 0.50 + 400 * 2.50) / M
    hits = 3000 * 0.80
    standard_cached = ((3500 - hits) * 1.00 + hits * 0.10 + 400 * 5.00) / M
    batched_cached = ((3500 - hits) * 0.50 + hits * 0.05 + 400 * 2.50) / M
    cost = evaluate(scenario, today=NOW).cost
    prompt_only = calls * (standard * (1 - share) + batched * share)
    cached = calls * (standard_cached * (1 - share) + batched_cached * share)
    assert cents(cost.prompt_only_monthly) == cents(prompt_only) == 880.00
    assert cents(cost.cached_monthly) == cents(cached) == 534.40
    # Without batch the same calls cost $1,100.00 and $668.00.
    plain = evaluate(parse_scenario([a for a in BATCHED if a != "batch=40%"]), today=NOW).cost
    assert (cents(plain.prompt_only_monthly), cents(plain.cached_monthly)) == (1100.00, 668.00)
    sources = {p.what: p for p in cost.price_sources}
    assert sources["batch_cache_read"].value == 0.05
    assert sources["batch_input"].source.startswith("genai-prices ")


def test_the_readme_batch_example_as_the_cli_prints_it(run_adapt):
    text = run_adapt(*BATCHED, "--as-of", "2026-12-04").stdout
    assert "40% through the batch API" in text
    assert "Prompt-only monthly           $880" in text
    assert "Cached prompt monthly         $534" in text
    report = json.loads(run_adapt(*BATCHED, "--as-of", "2026-12-04", "-f", "json").stdout)
    assert cents(report["cost"]["prompt_only_monthly"]) == 880.00
    assert cents(report["cost"]["cached_monthly"]) == 534.40
    assert report["scenario"]["batch"] == 0.4


def test_where_batch_and_cache_do_not_stack_the_cache_price_stays():
    # genai-prices: gemini-2.5-flash's batch prices halve input and output but not the cache.
    scenario = parse_scenario(["model=vertex:gemini-2.5-flash", "requests=100k",
                               "extra_tokens=1000", "cached=50%", "batch=100%"])
    assert (scenario.batch_price, scenario.batch_cache_price) == (0.15, 0.03)
    cost = evaluate(scenario, today=NOW).cost
    assert cents(cost.cached_monthly) == cents(100_000 * (500 * 0.15 + 500 * 0.03) / M) == 9.00


def test_a_provider_without_batch_prices_in_genai_prices_gets_the_catalogues_discount():
    # Fireworks: 40% off (design.md's December 2026 check); Bedrock and Together: 50%.
    fireworks = parse_scenario(["model=fireworks:llama-3.1-8b", "batch=1"])
    assert fireworks.price == 0.20 and fireworks.batch_price == pytest.approx(0.20 * 0.6)
    bedrock = parse_scenario(["model=aws:meta.llama3-1-8b-instruct-v1:0", "batch=1"])
    assert bedrock.batch_price == bedrock.price * 0.5


def test_the_tuned_path_gets_the_batch_prices_too():
    scenario = parse_scenario(["price=2", "batch=50%", "batch_price=1", "tuned_multiplier=2",
                               "extra_tokens=1000", "reduction=600", "requests=10k"])
    cost = evaluate(scenario, today=NOW).cost
    assert cents(cost.tuned_monthly) == cents(10_000 * 400 * 2 * (0.5 * 2 + 0.5 * 1) / M)


@pytest.mark.parametrize(("args", "needle"), [
    (["batch=30%"], "batch_price="),
    (["batch=30%", "batch_price=1", "output_tokens=10", "output_price=2"], "batch_output_price="),
    (["batch=30%", "batch_price=1", "cached=50%", "cache_price=0.1"], "batch_cache_price="),
    (["batch=130%"], "0 to 1"),
    (["model=cohere:command-r", "batch=30%"], "batch price for cohere"),
])
def test_batch_without_its_prices_names_the_key(args, needle):
    with pytest.raises(ArgumentError) as caught:
        parse_scenario(args)
    assert caught.value.field == "batch" and needle in str(caught.value)


# ---- open-weight models ---------------------------------------------------------------------

# Llama 3.1 8B on Together AI: prompts at its serverless $0.18 per 1M tokens (genai-prices), LoRA
# training at $0.50 per 1M tokens, the tuned model on a dedicated H100 at $3.99 an hour, 730 hours
# a month, serving 27,159 tokens a second.
OPEN = ["model=llama-3.1-8b", "requests=20M", "extra_tokens=1500", "reduction=1200",
        "shared_tokens=300", "output_tokens=200", "examples=2000", "tokens_per_example=700",
        "epochs=3", "eval=200"]
CAPACITY = 27_159 * 3_600 * HOURS_PER_MONTH  # tokens a month one GPU serves


def test_an_open_weight_model_on_its_serverless_host():
    scenario = parse_scenario(OPEN)
    assert (scenario.price, scenario.output_price, scenario.training_price) == (0.18, 0.18, 0.50)
    assert (scenario.gpu_price, scenario.gpu_throughput) == (3.99, 27_159)
    report = evaluate(scenario, today=NOW)
    cost = report.cost
    prompt_only = 20e6 * ((1500 + 300) * 0.18 + 200 * 0.18) / M
    tuned_tokens = 20e6 * (1500 - 1200 + 300 + 200)
    gpus = math.ceil(tuned_tokens / CAPACITY)
    hosting = gpus * 3.99 * 730
    training = 2000 * 700 * 3 * 0.50 / M
    assert (gpus, cents(hosting), cents(training)) == (1, 2912.70, 2.10)
    assert cents(cost.prompt_only_monthly) == cents(prompt_only) == 7200.00
    assert cents(cost.tuned_monthly) == cents(hosting)
    assert cents(cost.one_time) == cents(training + 200) == 202.10
    assert cents(cost.monthly_savings) == cents(prompt_only - hosting) == 4287.30
    assert cost.break_even_months == pytest.approx((training + 200) / (prompt_only - hosting))
    serving = cost.serving
    assert serving is not None and serving.kind == "dedicated_gpu" and serving.units == 1
    assert serving.where == "Together AI" and serving.prompts_at == "Together AI"
    assert "gpu_price=" in serving.change and "model=fireworks:llama-3.1-8b" in serving.change
    # The least volume that pays back within the horizon: the saving per call repays the
    # one-time cost spread over 12 months plus the GPU.
    per_call = prompt_only / 20e6
    assert cost.payback_requests == math.ceil((202.10 / 12 + 2912.70) / per_call)
    assert report.tuning is not None and report.tuning.offered


def test_an_open_weight_model_self_hosted_needs_as_many_gpus_as_its_tokens():
    scenario = parse_scenario([*OPEN, "gpu_price=2.69", "gpu_throughput=2500", "gpu_hours=730"])
    cost = evaluate(scenario, today=NOW).cost
    tuned_tokens = 20e6 * 800
    gpus = math.ceil(tuned_tokens / (2500 * 3600 * 730))
    assert gpus == 3
    assert cents(cost.tuned_monthly) == cents(3 * 2.69 * 730) == 5891.10
    assert cost.serving is not None and cost.serving.kind == "self_hosted"
    assert cost.serving.units == 3 and "Together AI's dedicated H100 80GB" in cost.serving.change
    sources = {p.what: p.source for p in cost.price_sources}
    assert sources["gpu_price"] == sources["gpu_throughput"] == "given"
    assert "tuned" not in sources  # served by the hour: its tokens carry no price


def test_fewer_hours_a_month_cost_less_and_serve_less():
    scenario = parse_scenario([*OPEN, "gpu_price=2.69", "gpu_hours=200"])
    assert scenario.gpu_throughput == 27_159  # the model's measured throughput still applies
    cost = evaluate(scenario, today=NOW).cost
    gpus = math.ceil(20e6 * 800 / (27_159 * 3600 * 200))
    assert cents(cost.tuned_monthly) == cents(gpus * 2.69 * 200)


@pytest.mark.parametrize("row", [r for r in catalogue().models if r.prices_id],
                         ids=lambda row: row.ref)
def test_every_open_weight_model_answers_by_name_and_by_host(row):
    from adapt.engine.prices import model_prices

    by_host = model_prices(row.ref)
    assert by_host.ref == row.ref and by_host.input > 0
    first = next(r for r in catalogue().models if r.model == row.model and r.prices_id)
    assert model_prices(row.model).ref == first.ref  # the first host listed is the default


def test_adapt_names_an_open_weight_model_and_answers(run_adapt):
    result = run_adapt("model=llama-3.1-8b", "--as-of", "2026-12-04")
    assert "Together AI's dedicated H100 80GB at $3.99 an hour" in result.stdout
    # The price line names the genai-prices release installed, whichever it is.
    assert f"genai-prices {version('genai-prices')} (together:llama-3.1-8b)" in result.stdout


def test_a_model_with_no_measured_throughput_cannot_win_until_it_is_given():
    report = evaluate(parse_scenario(["support", "model=llama-3.1-70b"]), today=NOW)
    assert report.scenario.gpu_price is None  # no throughput to go with the host's rate
    assert report.winner.option not in TUNING
    peft = next(o for o in report.ranking if o.option is OptionId.PEFT)
    assert peft.not_yet is not None and peft.not_yet.startswith("not priced: Together AI")


# ---- Bedrock and Provisioned Throughput -----------------------------------------------------

BEDROCK = ["support", "model=aws:meta.llama3-1-8b-instruct-v1:0", "requests=50M"]


def test_a_bedrock_tune_is_not_priced_without_its_provisioned_throughput():
    report = evaluate(parse_scenario(BEDROCK), today=NOW)
    assert report.tuning is not None and report.tuning.offered
    assert report.tuning.not_yet == ("not priced: Amazon Bedrock serves a fine-tune only on"
                                     " Provisioned Throughput (model units billed by the hour);"
                                     " give gpu_price= and gpu_throughput=")
    assert report.winner.option not in TUNING


def test_a_bedrock_tune_on_provisioned_throughput_costs_its_model_units():
    # $0.22 per 1M input tokens on demand (genai-prices); a model unit at a rate the person looked
    # up, here $20 an hour serving 2,000 tokens a second.
    scenario = parse_scenario([*BEDROCK, "gpu_price=20", "gpu_throughput=2000"])
    report = evaluate(scenario, today=NOW)
    cost = report.cost
    units = math.ceil(50e6 * (420 - 260) / (2000 * 3600 * 730))
    assert units == 2
    assert cents(cost.prompt_only_monthly) == cents(50e6 * 420 * 0.22 / M) == 4620.00
    assert cents(cost.tuned_monthly) == cents(units * 20 * 730) == 29200.00
    assert cost.break_even_months is None  # the hourly units cost more than the tokens they save
    assert cost.serving is not None and cost.serving.kind == "provisioned_throughput"
    assert not cost.pays_back_in_horizon and cost.payback_requests is None


# ---- retired and retiring models ------------------------------------------------------------

README = ["model=vertex:gemini-2.5-flash", "problem=style", "examples=3000", "requests=1M"]


def test_a_retired_vertex_model_names_its_successors_with_their_costs():
    report = evaluate(parse_scenario(README), today=DECEMBER)
    assert report.tuning is not None and report.tuning.offered is False
    assert report.winner.option not in TUNING
    life = report.lifecycle
    assert life is not None and life.status == "retired" and life.days_left == -46
    assert life.text.startswith("gemini-2.5-flash retired on 2026-10-16")
    ways = {way.model: way for way in life.ways_out}
    assert list(ways) == ["vertex:gemini-3.5-flash", "vertex:gemini-3.1-flash-lite"]
    flash = ways["vertex:gemini-3.5-flash"]  # genai-prices: $1.50 input, $0.15 cache read
    assert cents(flash.prompt_only_monthly) == cents(1e6 * 420 * 1.50 / M) == 630.00
    assert cents(flash.cached_monthly) == cents(1e6 * 420 * 0.15 / M) == 63.00
    assert flash.cached_share == 1.0 and flash.tunable
    assert cents(flash.tuned_monthly) == cents(1e6 * (420 - 260) * 1.50 / M) == 240.00
    assert cents(flash.one_time) == 2200.00  # the default training run and evaluation
    assert flash.break_even_months == pytest.approx(2200 / (630 - 240))
    lite = ways["vertex:gemini-3.1-flash-lite"]
    assert cents(lite.prompt_only_monthly) == cents(1e6 * 420 * 0.25 / M) == 105.00
    assert [item.id for item in life.record] == ["eval_set", "training"]  # its outputs are gone


def test_gpt_4o_mini_before_its_shutdown_prices_the_successor_and_tuning_elsewhere():
    scenario = parse_scenario(["support", "model=gpt-4o-mini"])
    life = evaluate(scenario, today=DECEMBER).lifecycle
    assert life is not None and life.status == "retiring"
    assert (life.retires, life.new_jobs_until, life.days_left) == \
        (date(2027, 1, 14), date(2027, 1, 6), 44)
    ways = {way.model: way for way in life.ways_out}
    luna = ways["openai:gpt-6-luna"]  # $0.10 input, $0.01 cached (the catalogue's own row)
    assert luna.role == "successor" and not luna.tunable and luna.tuned_monthly is None
    assert cents(luna.prompt_only_monthly) == cents(120_000 * 420 * 0.10 / M) == 5.04
    assert cents(luna.cached_monthly) == cents(120_000 * 420 * 0.01 / M) == 0.50
    llama = ways["together:llama-3.1-8b"]
    assert llama.role == "tune_elsewhere" and llama.tunable
    assert cents(llama.tuned_monthly) == cents(3.99 * 730)
    assert [item.id for item in life.record] == ["eval_set", "outputs", "training"]
    assert "before 2027-01-14" in life.record[1].text


def test_the_lifecycle_shows_in_the_text_and_markdown_and_json(run_adapt):
    args = ["support", "model=gpt-4o-mini", "--as-of", "2026-12-01"]
    text = run_adapt(*args).stdout
    assert "After openai:gpt-4o-mini (as of 2026-12-01)" in text
    assert "gpt-6-luna (OpenAI): $5.04 a month prompt-only" in text
    markdown = run_adapt(*args, "-f", "markdown").stdout
    assert "#### After the shutdown" in markdown and "| openai:gpt-6-luna (OpenAI" in markdown
    report = json.loads(run_adapt(*args, "-f", "json").stdout)
    assert report["lifecycle"]["ways_out"][0]["model"] == "openai:gpt-6-luna"
    plain = json.loads(run_adapt("support", "-f", "json").stdout)
    assert "lifecycle" not in plain and "batch" not in plain["scenario"]


def test_a_model_neither_retiring_nor_closed_has_no_lifecycle():
    assert evaluate(parse_scenario(["model=vertex:gemini-3.5-flash"]), today=NOW).lifecycle \
        is None
    assert evaluate(parse_scenario(["support"]), today=NOW).lifecycle is None


@pytest.mark.parametrize("args", [OPEN, BATCHED, [*BEDROCK, "gpu_price=20", "gpu_throughput=2k"],
                                  [*OPEN, "gpu_price=2.69", "gpu_hours=200"], README],
                         ids=["open-weight", "batch", "bedrock", "self-hosted", "retired"])
def test_the_new_keys_write_back_to_the_same_scenario(args):
    from adapt.engine.args import to_args

    scenario = parse_scenario(args)
    assert parse_scenario(to_args(scenario)) == scenario


def test_between_the_last_tuning_job_and_the_shutdown_the_answer_says_both():
    report = evaluate(parse_scenario(["support", "model=gpt-4.1"]), today=date(2027, 1, 10))
    life = report.lifecycle
    assert life is not None and life.status == "retiring" and life.days_left == 4
    assert life.text == ("gpt-4.1 retires 2027-01-14, 4 days after 2027-01-10, and every"
                         " fine-tune of it with it; new tuning jobs closed after 2027-01-06:"
                         " plan the move now.")
    unpriced = next(way for way in life.ways_out if way.model == "together:llama-3.1-70b")
    assert unpriced.tunable and unpriced.tuned_monthly is None
    assert "gpu_throughput=" in unpriced.text
