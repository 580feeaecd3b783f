"""The scenarios tests share (never a test module others import): EXTREMES, fixed scenarios at
the edges, and hypothesis strategies for scenarios over the whole input space, built
through the same edge the command line and Slack use (engine.args.build_scenario: a preset first,
explicit keys over it, prices from a named model unless typed), and the date availability is
judged at.

Every key of engine/keys.py may be drawn or left out: the five factors, the problem, a preset,
examples, changes, requests, the token counts, caching with its cache price, output tokens with
their output price, batch calls with their batch prices, training (given, or from the data:
tokens_per_example, epochs, training_price), the tuned multiplier, hosting (a monthly fee, or a
GPU by the hour), the horizon, and a model: every model the tuning
catalogue names, models genai-prices prices that the catalogue knows only by provider, models it
knows nothing about, or none. A price a named model cannot supply is always typed, so every draw
is a valid scenario (no filtering).
"""

import itertools
from datetime import date, timedelta
from typing import Any, NamedTuple

from hypothesis import settings
from hypothesis import strategies as st

from adapt.engine import Scenario
from adapt.engine.args import build_scenario
from adapt.engine.catalog import catalogue
from adapt.engine.presets import PRESETS
from adapt.engine.prices import model_prices
from adapt.engine.scenario import Factor, Problem
from adapt.engine.units import MAX_EXAMPLES, Cadence


def examples(count: int) -> settings:
    """@examples(300): 300 examples under the "ci" profile (tests/conftest.py), as many times
    more under a wider profile as its max_examples is over ci's (HYPOTHESIS_PROFILE=explore)."""
    scale = settings().max_examples / settings.get_profile("ci").max_examples
    return settings(max_examples=max(1, round(count * scale)))


# Every model the catalogue has a row for, as provider:model.
CATALOGUE_MODELS: tuple[str, ...] = tuple(f"{row.provider}:{row.model}"
                                          for row in catalogue().models)
# Models genai-prices prices whose tuning the catalogue knows by provider only (Gemini API and
# Anthropic ended, Vertex offered, Cohere ended), a bare name, and models it knows nothing about
# (DeepSeek; Mistral, which has no cache price).
PRICED_MODELS: tuple[str, ...] = ("gpt-4o-mini", "gemini-2.5-flash", "vertex:gemini-2.5-flash",
                                  "claude-3-5-haiku", "cohere:command-r", "gemini-2.0-flash",
                                  "deepseek-chat", "mistral-large-latest")
MODELS: tuple[str, ...] = tuple(dict.fromkeys(CATALOGUE_MODELS + PRICED_MODELS))


def catalogue_days() -> list[date]:
    """Every date the catalogue states, the days either side of each, the day it was read and a
    year after: where availability turns."""
    found = {catalogue().read_on, catalogue().read_on + timedelta(days=365)}
    stated = [row.new_jobs_until for row in catalogue().providers] + \
        [row.retires for row in catalogue().models]
    for day in stated:
        if day is not None:
            found |= {day - timedelta(days=1), day, day + timedelta(days=1)}
    return sorted(found)


days = st.one_of(st.sampled_from(catalogue_days()),
                 st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))

factor = st.floats(min_value=0, max_value=100, allow_nan=False)
share = st.floats(min_value=0, max_value=1, allow_nan=False)
per_mtok = st.floats(min_value=0, max_value=10_000, allow_nan=False)
money = st.floats(min_value=0, max_value=1e9, allow_nan=False)
tokens = st.floats(min_value=0, max_value=10_000_000, allow_nan=False)


def _model_can_price(model: str | None) -> dict[str, bool]:
    """Which of the prices fill_from_model may take from the model it can supply."""
    if model is None:
        return dict.fromkeys(("output_price", "cache_price", "batch_price", "batch_output_price",
                              "batch_cache_price", "training_price"), False)
    prices = model_prices(model)
    row = catalogue().model(prices.provider, prices.model_id)
    return {"output_price": prices.output is not None,
            "cache_price": prices.cache_read is not None,
            "batch_price": prices.batch_input is not None,
            "batch_output_price": prices.batch_output is not None,
            "batch_cache_price": prices.batch_cache_read is not None,
            "training_price": row is not None and row.training_per_mtok is not None}


@st.composite
def _values(draw: st.DrawFn) -> dict[str, Any]:
    """Typed values for build_scenario, keyed by canonical key; a key left out is not given."""
    values: dict[str, Any] = {}

    def maybe(key: str, strategy: st.SearchStrategy[Any], forced: bool = False) -> None:
        if forced or draw(st.booleans()):
            values[key] = draw(strategy)

    maybe("preset", st.sampled_from(list(PRESETS)))
    for name in Factor:
        maybe(name.value, factor)
    maybe("problem", st.sampled_from(list(Problem)))
    maybe("changes", st.sampled_from(list(Cadence)))
    maybe("requests", st.floats(min_value=0, max_value=1e12, allow_nan=False))
    maybe("model", st.sampled_from(MODELS))
    can = _model_can_price(values.get("model"))
    maybe("price", per_mtok)
    if draw(st.booleans()):  # the reduction is a share of the extra tokens, so it always fits
        extra = values["extra_tokens"] = draw(tokens)
        values["reduction"] = extra * draw(share)
    maybe("shared_tokens", tokens)
    maybe("output_tokens", st.floats(min_value=0, max_value=100_000, allow_nan=False))
    maybe("output_price", per_mtok, forced=values.get("output_tokens", 0) > 0
          and not can["output_price"])
    maybe("cached", share)
    maybe("cache_price", per_mtok, forced="cached" in values and not can["cache_price"])
    maybe("batch", share)
    batch = "batch" in values
    maybe("batch_price", per_mtok, forced=batch and not can["batch_price"])
    maybe("batch_output_price", per_mtok, forced=batch and values.get("output_tokens", 0) > 0
          and not can["batch_output_price"])
    maybe("batch_cache_price", per_mtok, forced=batch and "cached" in values
          and not can["batch_cache_price"])
    maybe("tuned_multiplier", st.floats(min_value=0.01, max_value=100, allow_nan=False))
    maybe("hosting", money)
    if draw(st.booleans()):  # served by the hour: a GPU's rate and what it serves go together
        values["gpu_price"] = draw(st.floats(min_value=0.01, max_value=1e6, allow_nan=False))
        values["gpu_throughput"] = draw(st.floats(min_value=1, max_value=1e9, allow_nan=False))
        maybe("gpu_hours", st.floats(min_value=1, max_value=744, allow_nan=False))
    maybe("training", money)
    maybe("eval", money)
    maybe("tokens_per_example", st.floats(min_value=0, max_value=10_000, allow_nan=False))
    from_data = "tokens_per_example" in values
    maybe("examples", st.integers(min_value=0, max_value=MAX_EXAMPLES), forced=from_data)
    maybe("epochs", st.integers(min_value=1, max_value=100))
    # at most 1e7 examples x 1e4 tokens x 100 epochs: 100 per 1M keeps training within 1e9
    maybe("training_price", st.floats(min_value=0, max_value=100, allow_nan=False),
          forced=from_data and "training" not in values and not can["training_price"])
    maybe("horizon", st.integers(min_value=1, max_value=120))
    return values


LONG_MODEL = "m_" + "x_" * 49  # 100 characters, full of mrkdwn underscores
# Fixed scenarios at the edges of the input space: every amount at its limit, every amount at
# zero, and a spread of the factors' corners under each problem.
EXTREMES = [
    Scenario(requests=1e12, extra_tokens=1e7, reduction=1e7, shared_tokens=1e7, price=10_000,
             training=1e9, eval=1e9, hosting=1e9, tuned_multiplier=100, horizon=120,
             model=LONG_MODEL),
    Scenario(requests=0, extra_tokens=0, reduction=0, price=0, training=0, eval=0, horizon=1),
    *[Scenario(problem=p, **dict(zip(("stability", "data", "volume", "freshness", "tolerance"),
                                     corner, strict=True)))
      for p in Problem for corner in itertools.product((0.0, 100.0), repeat=5)][::7],
]


class Case(NamedTuple):
    """A scenario and the date availability is judged at (evaluate's `today`)."""

    scenario: Scenario
    as_of: date


inputs: st.SearchStrategy[dict[str, Any]] = _values()
scenarios: st.SearchStrategy[Scenario] = inputs.map(build_scenario)
cases: st.SearchStrategy[Case] = st.builds(Case, scenarios, days)
