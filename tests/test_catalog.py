"""The tuning catalogue (engine/data/tuning.toml), checked against what does not come from the
file itself: it loads, every row says where its figures come from and when they were read, its
dates agree with one another, every model row is a model genai-prices prices, what the engine
derives from a row is what the formula gives (the tuned multiplier is the ratio of the source
prices; training from the data, hosting by the month), and where genai-prices carries the same
figure, the two agree. genai-prices is asked directly here, not through the engine."""

import json
import math
import tomllib
from datetime import date

import pytest
from genai_prices import Usage
from genai_prices.data_snapshot import get_snapshot
from pydantic import ValidationError

from adapt.engine import parse_scenario, prices
from adapt.engine.catalog import DATA_FILE, MAX_AGE_DAYS, Catalogue, ModelRow, catalogue
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


def _row_id(row: ModelRow) -> str:
    return f"{row.provider}:{row.model}"


def _per_mtok(provider_id: str, model_id: str, **usage: int) -> float | None:
    """genai-prices' own price for `usage`, asked directly (not through the engine) for the model
    with exactly this id under the provider (a catalogue alias under the provider it prices
    from); None when it has no such model."""
    wanted = catalogue().aliases().get(provider_id, provider_id)
    provider = next(p for p in get_snapshot().providers if p.id == wanted)
    model = next((m for m in provider.models if m.id == model_id), None)
    if model is None:
        return None
    price = model.calc_price(Usage(**usage), provider)
    return float(price.input_price + price.output_price)


def _input(row: ModelRow, model_id: str | None = None) -> float | None:
    return _per_mtok(row.provider, model_id or row.model, input_tokens=1_000_000)


def test_dates_agree_with_one_another():
    """A closing provider's last day for new jobs comes no later than the day any of its models
    retires: a job cannot start on a model that is gone."""
    last_day = {row.id: row.new_jobs_until for row in catalogue().providers
                if row.tuning == "closing"}
    pairs = [(last_day[row.provider], row) for row in catalogue().models
             if row.provider in last_day and row.retires is not None]
    assert pairs  # OpenAI's: the case the rule is for
    for until, row in pairs:
        assert until is not None and until <= row.retires, _row_id(row)


@pytest.mark.parametrize("row", [r for r in catalogue().models if r.input_per_mtok is None],
                         ids=_row_id)
def test_every_model_row_is_a_model_genai_prices_prices(row):
    """Each row the catalogue does not price itself names a model genai-prices prices: by its
    own id, or an open-weight host's id for it (prices_id)."""
    base = _input(row, row.prices_id)
    assert base is not None and base > 0


@pytest.mark.parametrize("row", [r for r in catalogue().models if r.input_per_mtok is not None
                                 and _input(r) is not None], ids=_row_id)
def test_a_row_priced_here_agrees_once_genai_prices_lists_the_model(row):
    """A row carries its own prices only where genai-prices had none (gpt-6-luna, before 0.2.5):
    once a release lists the model, the two give the same figures, or the row is out of date.
    Asked for 1,000 tokens, scaled to 1M: gpt-6-luna's price doubles past 272k prompt tokens."""
    def per_mtok(**usage: int) -> float | None:
        price = _per_mtok(row.provider, row.model, **usage)
        return None if price is None else price * 1_000

    assert per_mtok(input_tokens=1_000) == pytest.approx(row.input_per_mtok)
    assert per_mtok(output_tokens=1_000) == pytest.approx(row.output_per_mtok)
    cached = per_mtok(input_tokens=1_000, cache_read_tokens=1_000)
    assert cached == pytest.approx(row.cached_input_per_mtok)


TUNED = [row for row in catalogue().models if row.tuned_input_per_mtok is not None]


@pytest.mark.parametrize("row", TUNED, ids=_row_id)
def test_the_tuned_multiplier_is_the_ratio_of_the_source_prices(row):
    """A named model's tuned_multiplier is the fine-tuned input price over the base input price:
    genai-prices' ft: entry when it has one (issue 12), else the row's, both over genai-prices'
    base price."""
    tuned = _input(row, f"ft:{row.model}") or row.tuned_input_per_mtok
    base = _input(row)
    assert base
    scenario = parse_scenario([f"model={_row_id(row)}"])
    assert scenario.tuned_multiplier == pytest.approx(tuned / base, rel=1e-12)


@pytest.mark.parametrize("row", [r for r in TUNED if _input(r, f"ft:{r.model}") is not None],
                         ids=_row_id)
def test_genai_prices_agrees_where_it_has_the_same_figure(row):
    """Where genai-prices carries the fine-tuned model's prices (its ft: entries), the row's
    input and output prices are the same figures."""
    ft = f"ft:{row.model}"
    assert _input(row, ft) == pytest.approx(row.tuned_input_per_mtok)
    assert _per_mtok(row.provider, ft, output_tokens=1_000_000) == \
        pytest.approx(row.tuned_output_per_mtok)


@pytest.mark.parametrize("row", [r for r in catalogue().models if r.training_per_mtok],
                         ids=_row_id)
@pytest.mark.parametrize("epochs", [None, 1, 5])
def test_training_from_the_data_is_tokens_times_epochs_times_the_rows_price(row, epochs):
    """Providers bill training per 1M training tokens times epochs (issue 12); 3 epochs when
    none are given."""
    args = [f"model={_row_id(row)}", "examples=1200", "tokens_per_example=700"]
    scenario = parse_scenario([*args, *([f"epochs={epochs}"] if epochs else [])])
    assert scenario.training == pytest.approx(
        1200 * 700 * (epochs or 3) * row.training_per_mtok / 1_000_000)


def test_hosting_is_the_hourly_rate_over_a_month(monkeypatch):
    """A row's hourly rate for a deployed fine-tune becomes hosting per month at 24 x 365 / 12
    hours (how cloud providers bill a month); the bundled rows carry no rate yet, so one is
    given to the first model row here."""
    raw = _raw()
    raw["models"][0] = {**raw["models"][0], "hosting_per_hour": 3.25}
    monkeypatch.setattr(prices, "catalogue", lambda: Catalogue.model_validate(raw))
    row = ModelRow.model_validate(raw["models"][0])
    scenario = parse_scenario([f"model={_row_id(row)}"])
    assert scenario.hosting == pytest.approx(3.25 * 24 * 365 / 12)


@pytest.mark.parametrize("row", TUNED, ids=_row_id)
def test_a_tuned_price_is_one_multiple_of_the_base_for_input_and_output(row):
    """The engine prices a fine-tune as one multiple of the base (tuned_multiplier), so the
    row's input and output prices must be the same multiple of genai-prices' base prices."""
    base_input, base_output = _input(row), _per_mtok(row.provider, row.model,
                                                     output_tokens=1_000_000)
    assert base_input and base_output and row.tuned_output_per_mtok is not None
    multiple = row.tuned_input_per_mtok / base_input
    assert row.tuned_output_per_mtok / base_output == pytest.approx(multiple)


@pytest.mark.parametrize("name", ["gpt-4o-mini", "claude-3-5-haiku", "gemini-2.0-flash",
                                  "gpt-4.1-mini", "openai:gpt-4o", "vertex:gemini-2.5-flash"])
def test_the_engine_reads_genai_prices_figures_per_1m_tokens(name):
    """The engine's prices for a named model are genai-prices' own, per 1M tokens: input,
    cache read and output, and the fine-tuned entry's input where there is one."""
    found = model_prices(name)
    ids = (found.provider, found.model_id)
    assert found.input == pytest.approx(_per_mtok(*ids, input_tokens=1_000_000))
    assert found.output == pytest.approx(_per_mtok(*ids, output_tokens=1_000_000))
    assert found.cache_read == pytest.approx(  # every input token read from the cache
        _per_mtok(*ids, input_tokens=1_000_000, cache_read_tokens=1_000_000))
    tuned = _per_mtok(found.provider, f"ft:{found.model_id}", input_tokens=1_000_000)
    assert found.tuned_input == (None if tuned is None else pytest.approx(tuned))


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
