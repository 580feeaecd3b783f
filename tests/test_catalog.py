"""The tuning catalogue (engine/data/tuning.toml): it loads, every row says where its figures come
from and when they were read, and its prices agree with genai-prices where both carry them."""

import json
import math
import tomllib
from datetime import date

import pytest
from pydantic import ValidationError

from adapt.engine.catalog import DATA_FILE, MAX_AGE_DAYS, Catalogue, catalogue
from adapt.engine.listing import listing
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


# ---- issue 22: the market as it stands, and how old the catalogue is -----------------------

def test_no_row_is_older_than_the_age_limit_today():
    """Fails on the first day a row is more than MAX_AGE_DAYS old: re-read its source (README,
    "The tuning catalogue"). Compared with the real date of the run, unlike the engine."""
    today = date.today()
    stale = [(getattr(row, "ref", getattr(row, "id", "?")), row.read_on)
             for row in catalogue().rows() if (today - row.read_on).days > MAX_AGE_DAYS]
    assert not stale, f"re-read these rows (older than {MAX_AGE_DAYS} days): {stale}"


def test_the_listing_marks_rows_past_the_limit_as_stale():
    fresh = listing(date(2026, 12, 4))
    assert fresh.stale == 0 and fresh.max_age_days == MAX_AGE_DAYS
    assert len(fresh.entries) == len(catalogue().rows())
    later = listing(date(2027, 3, 2))  # 91 days after 2026-12-01, 88 after 2026-12-04
    stale = {entry.id for entry in later.entries if entry.stale}
    assert stale == {row_id for row_id, read_on in ((e.id, e.read_on) for e in later.entries)
                     if read_on == date(2026, 12, 1)}
    assert "google" in stale and "openai" not in stale


def test_adapt_catalogue_lists_every_row_with_its_date(run_adapt):
    text = run_adapt("catalogue", "--as-of", "2027-04-01").stdout
    assert text.startswith("Tuning catalogue as of 2027-04-01:")
    assert f"({len(catalogue().rows())} are)" in text
    assert "openai:gpt-4o-mini  read 2026-12-01, 121 days ago  STALE" in text
    listed = json.loads(run_adapt("catalog", "-f", "json", "--as-of", "2026-12-04").stdout)
    assert listed["stale"] == 0 and listed["max_age_days"] == MAX_AGE_DAYS
    ids = [entry["id"] for entry in listed["entries"]]
    assert "together:llama-3.1-8b" in ids and "vertex:gemini-2.5-flash" in ids


def test_the_market_rows_issue_22_names():
    vertex = catalogue().model("vertex", "gemini-2.5-flash")
    assert vertex is not None and vertex.retires == date(2026, 10, 16)
    assert vertex.new_jobs_until == date(2026, 9, 16)  # blocked a month before retirement
    for tunable in ("gemini-3.5-flash", "gemini-3.1-flash-lite"):
        row = catalogue().model("vertex", tunable)
        assert row is not None and row.tuning == "offered"
    haiku = catalogue().model("aws", "regional.anthropic.claude-3-haiku-20240307-v1:0")
    assert haiku is not None and haiku.tuning == "ended" and haiku.retires == date(2026, 9, 10)
    bedrock = catalogue().provider("aws")
    assert bedrock is not None and bedrock.serving == "provisioned_throughput"
    nova = catalogue().model("aws", "amazon.nova-lite-v1:0")
    assert nova is not None and nova.serving == "per_token"  # Nova's on-demand exception
    discounts = {row.id: row.batch_discount for row in catalogue().providers}
    assert discounts["fireworks"] == 0.4 and discounts["aws"] == discounts["together"] == 0.5
    luna = catalogue().model("openai", "gpt-6-luna")
    assert luna is not None and (luna.input_per_mtok, luna.output_per_mtok) == (0.10, 0.50)


def test_every_way_out_is_a_row_and_tuning_elsewhere_is_offered():
    for row in catalogue().models:
        for ref in row.tune_elsewhere:
            other = catalogue().model(*ref.split(":", 1))
            provider = catalogue().provider(other.provider) if other else None
            assert other is not None and catalogue().tuning(other, provider) == "offered", ref
        for ref in (*row.successors, *row.tune_elsewhere):
            assert model_prices(ref).ref == ref


def test_a_figure_from_the_teams_check_says_so():
    """Rows dated 2026-12-01 rest on design.md's December 2026 check where the stored pages
    could not confirm them: each one's source_note (or an unchanged, earlier-read row) says so."""
    for row in catalogue().rows():
        if row.read_on == date(2026, 12, 1) and getattr(row, "training_per_mtok", None) == 0.50:
            assert row.source_note and "design.md" in row.source_note, row


def test_open_weight_host_prices_agree_with_genai_prices():
    from genai_prices.data_snapshot import get_snapshot

    for row in catalogue().models:
        if row.prices_id is None:
            continue
        provider = next(p for p in get_snapshot().providers if p.id == row.provider)
        assert any(m.id == row.prices_id for m in provider.models), row.ref


def test_a_row_with_a_figure_but_not_its_source_is_refused():
    raw = _raw()
    provider = next(p for p in raw["providers"] if p["id"] == "together")
    provider.pop("gpu_source")
    with pytest.raises(ValidationError, match="gpu_per_hour and gpu_source"):
        Catalogue.model_validate(raw)
    raw = _raw()
    row = next(m for m in raw["models"] if m["model"] == "gpt-4o-mini")
    row["successors"] = ["openai:no-such-model"]
    with pytest.raises(ValidationError, match="has no model row"):
        Catalogue.model_validate(raw)
