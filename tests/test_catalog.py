"""The tuning catalogue (engine/data/tuning.toml): it loads, every row says where its figures come
from and when they were read, and its prices agree with genai-prices where both carry them."""

import math
import tomllib
from datetime import date

import pytest
from pydantic import ValidationError

from adapt.engine.catalog import DATA_FILE, Catalogue, catalogue
from adapt.engine.prices import model_prices


def _raw() -> dict:
    with DATA_FILE.open("rb") as handle:
        return tomllib.load(handle)


def test_the_file_loads_and_every_row_has_a_source_and_a_date():
    loaded = catalogue()
    rows = [*loaded.providers, *loaded.models]
    assert rows
    for row in rows:
        assert row.source.startswith("https://"), row
        assert isinstance(row.read_on, date) and row.read_on <= loaded.read_on, row
    assert loaded.read_on == max(row.read_on for row in rows)


def test_prices_are_finite_and_not_negative():
    for row in catalogue().models:
        for name in ("training_per_mtok", "tuned_input_per_mtok", "tuned_cached_input_per_mtok",
                     "tuned_output_per_mtok", "hosting_per_hour"):
            value = getattr(row, name)
            assert value is None or (math.isfinite(value) and value >= 0), (row.model, name)


@pytest.mark.parametrize(("field", "bad"), [
    ("training_per_mtok", -1.0), ("training_per_mtok", float("inf")),
    ("training_per_mtok", float("nan")), ("source", "not a url"), ("read_on", None),
])
def test_a_bad_row_is_refused_at_load(field, bad):
    raw = _raw()
    row = dict(raw["models"][0])
    if bad is None:
        row.pop(field)
    else:
        row[field] = bad
    raw["models"] = [row, *raw["models"][1:]]
    with pytest.raises(ValidationError):
        Catalogue.model_validate(raw)


def test_a_model_row_needs_a_provider_row_and_a_sourced_retirement():
    raw = _raw()
    raw["models"] = [*raw["models"], {**raw["models"][0], "provider": "nobody"}]
    with pytest.raises(ValidationError, match="no provider row"):
        Catalogue.model_validate(raw)
    raw = _raw()
    raw["models"][0] = {key: value for key, value in raw["models"][0].items()
                        if key != "retires_source"}
    with pytest.raises(ValidationError, match="retires_source"):
        Catalogue.model_validate(raw)


def test_openai_rows_are_as_openai_publishes_them():
    # Training per 1M tokens and fine-tuned inference (input, cached, output) from OpenAI's
    # pricing page; self-serve tuning closes 2027-01-06 and these base models retire 2027-01-14.
    expected = {"gpt-4o": (25.00, 3.75, 1.875, 15.00), "gpt-4o-mini": (3.00, 0.30, 0.15, 1.20),
                "gpt-4.1": (25.00, 3.00, 0.75, 12.00), "gpt-4.1-mini": (5.00, 0.80, 0.20, 3.20)}
    for model, figures in expected.items():
        row = catalogue().model("openai", model)
        assert row is not None, model
        assert (row.training_per_mtok, row.tuned_input_per_mtok, row.tuned_cached_input_per_mtok,
                row.tuned_output_per_mtok) == figures
        assert row.retires == date(2027, 1, 14)
    openai = catalogue().provider("openai")
    assert openai is not None and openai.new_jobs_until == date(2027, 1, 6)


@pytest.mark.parametrize("row", [r for r in catalogue().models if r.tuned_input_per_mtok],
                         ids=lambda row: row.model)
def test_a_tuned_price_is_one_multiple_of_the_base_for_input_and_output(row):
    """The engine prices a fine-tune as one multiple of the base (tuned_multiplier), so input and
    output must agree, and where genai-prices has an ft: entry it must agree too."""
    base = model_prices(f"{row.provider}:{row.model}")
    assert base.output is not None
    assert row.tuned_output_per_mtok is not None
    multiple = row.tuned_input_per_mtok / base.input
    assert row.tuned_output_per_mtok / base.output == pytest.approx(multiple)
    if base.tuned_input is not None:
        assert base.tuned_input / base.input == pytest.approx(multiple)


def test_the_issues_quoted_prices_match_the_bundled_genai_prices():
    # Issue 12 quotes these from genai-prices' data; the installed copy agrees.
    quoted = {"gpt-4o-mini": (0.15, 0.075), "claude-3-5-haiku": (0.80, 0.08),
              "gemini-2.0-flash": (0.10, 0.025), "gpt-4.1-mini": (0.40, 0.10)}
    for model, (price, cached) in quoted.items():
        found = model_prices(model)
        assert (found.input, found.cache_read) == pytest.approx((price, cached)), model
    mini = model_prices("gpt-4o-mini")
    assert (mini.tuned_input, mini.tuned_output) == pytest.approx((0.30, 1.20))  # ft: 2x
    assert model_prices("gpt-4.1-mini").output == pytest.approx(1.60)
