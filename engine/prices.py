"""Token prices per 1M tokens for a named model: input, output and cache-read prices, their batch
API prices, and a fine-tuned model's prices, from genai-prices' bundled data (no network), with
the tuning catalogue (engine/catalog.py) for what genai-prices does not carry: open-weight models
on serverless hosts (through the host's genai-prices id), models it does not list yet, and batch
discounts where it has no batch prices.

genai-prices is imported only when a model is named, so the common path does not pay its start-up.
"""

import math
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Literal, NamedTuple

from adapt.engine.catalog import (
    HOURS_PER_MONTH,
    ModelRow,
    ProviderRow,
    catalogue,
    tuned_multiplier,
)
from adapt.engine.readers import ArgumentError, echo, read_model

# Price a small call: some providers charge more per token past a long-context threshold, and the
# extra prompt tokens this tool weighs are a few thousand at most.
_PROBE_TOKENS = 1_000
_PER_MTOK = Decimal(1_000_000) / _PROBE_TOKENS
BATCH = {"processing": "batch"}  # genai-prices' price context for a batch API call


class UnknownModel(LookupError):
    pass


@dataclass(frozen=True)
class ModelPrices:
    """One model's prices, USD per 1M tokens, and where they come from."""

    provider: str  # the catalogue's provider id ("vertex" stays "vertex")
    model_id: str  # genai-prices' model id, or the catalogue's name for an open-weight model
    input: float
    output: float | None  # None: no output price is listed for it
    cache_read: float | None  # None: no cache-read price (caching then needs cache_price=)
    tuned_input: float | None  # from genai-prices' fine-tuned ("ft:") entry, when it has one
    tuned_output: float | None
    source: str  # "genai-prices 0.2.3", or "tuning catalogue" for prices of its own
    url: str | None  # the provider's pricing page
    batch_input: float | None = None  # the batch API's prices (None: no batch price known)
    batch_output: float | None = None
    batch_cache_read: float | None = None
    batch_source: str | None = None  # where the batch prices come from
    as_of: str | None = None  # the day the source was read, for the catalogue's own prices

    @property
    def ref(self) -> str:
        return f"{self.provider}:{self.model_id}"


def _split(model_ref: str, provider_ids: Collection[str]) -> tuple[str | None, str]:
    """"openai:gpt-4o" -> ("openai", "gpt-4o"); a name with colons of its own and no provider
    in front (Bedrock's "...-v1:0") stays whole."""
    head, sep, tail = model_ref.partition(":")
    if sep and head.lower() in provider_ids:
        return head.lower(), tail
    return None, model_ref


def _per_mtok(amount: Decimal) -> float:
    return float(amount * _PER_MTOK)


def _has(model_price: Any, key: str) -> bool:
    return getattr(model_price, key, None) is not None


@dataclass(frozen=True)
class _Rates:
    input: float
    output: float | None
    cache_read: float | None


def _rates(model: Any, provider: Any, context: dict[str, str] | None = None) -> _Rates:
    """A genai-prices model's prices per 1M tokens, in `context` (e.g. a batch call)."""
    from genai_prices import Usage

    def price(**usage: int) -> Any:
        return model.calc_price(Usage(**usage), provider, price_context=context)

    found = price(input_tokens=_PROBE_TOKENS)
    listed = found.model_price
    return _Rates(
        input=_per_mtok(found.input_price),
        output=_per_mtok(price(output_tokens=_PROBE_TOKENS).output_price)
        if _has(listed, "output_mtok") else None,
        cache_read=_per_mtok(price(input_tokens=_PROBE_TOKENS,
                                   cache_read_tokens=_PROBE_TOKENS).input_price)
        if _has(listed, "cache_read_mtok") else None,
    )


def _has_batch(model: Any) -> bool:
    return any(variant.when == BATCH for variant in model.price_variants or ())


def _fine_tuned(model: Any, provider: Any) -> tuple[float | None, float | None]:
    """genai-prices keeps a fine-tune's prices under the id "ft:<base model id>" (OpenAI's
    gpt-4o-mini and gpt-4o); (input, output) per 1M tokens, or Nones when it has none."""
    entry = next((m for m in provider.models if m.id == f"ft:{model.id}"), None)
    if entry is None:
        return None, None
    rates = _rates(entry, provider)
    return rates.input, rates.output


def _discounted(rates: _Rates, row: ProviderRow | None) -> tuple[_Rates | None, str | None]:
    """Batch prices from the catalogue's discount for the provider, where it records one."""
    if row is None or row.batch_discount is None:
        return None, None
    keep = 1.0 - row.batch_discount
    cached = rates.cache_read
    if cached is not None and row.batch_stacks_cache:
        cached *= keep
    return (_Rates(rates.input * keep, None if rates.output is None else rates.output * keep,
                   cached),
            f"tuning catalogue ({row.id}: {row.batch_discount:.0%} off in its batch API)")


def _priced(provider: str, model_id: str, rates: _Rates, batch: _Rates | None,
            batch_source: str | None, **rest: Any) -> ModelPrices:
    prices = ModelPrices(
        provider=provider, model_id=model_id, input=rates.input, output=rates.output,
        cache_read=rates.cache_read,
        batch_input=batch.input if batch else None, batch_output=batch.output if batch else None,
        batch_cache_read=batch.cache_read if batch else None,
        batch_source=batch_source if batch else None, **rest)
    if not math.isfinite(prices.input):
        raise UnknownModel(prices.ref)
    return prices


def _from_genai(model: Any, provider: Any, shown_provider: str, shown_model: str) -> ModelPrices:
    import genai_prices

    rates = _rates(model, provider)
    if _has_batch(model):
        batch, batch_source = _rates(model, provider, BATCH), \
            f"genai-prices {genai_prices.__version__} ({shown_provider}:{model.id}, batch)"
    else:
        batch, batch_source = _discounted(rates, catalogue().provider(shown_provider))
    tuned_in, tuned_out = _fine_tuned(model, provider)
    return _priced(shown_provider, shown_model, rates, batch, batch_source,
                   tuned_input=tuned_in, tuned_output=tuned_out,
                   source=f"genai-prices {genai_prices.__version__}",
                   url=next(iter(provider.pricing_urls or []), None))


def _from_row(row: ModelRow) -> ModelPrices:
    """A catalogue row that says where its prices come from: its host's genai-prices entry
    (prices_id), or prices of its own."""
    if row.prices_id is not None:
        from genai_prices.data_snapshot import get_snapshot

        lookup = catalogue().aliases().get(row.provider, row.provider)
        provider = next(p for p in get_snapshot().providers if p.id == lookup)
        model = next((m for m in provider.models if m.id == row.prices_id), None)
        if model is None:
            raise UnknownModel(row.ref)
        return _from_genai(model, provider, row.provider, row.model)
    assert row.input_per_mtok is not None  # priced_here
    rates = _Rates(row.input_per_mtok, row.output_per_mtok, row.cached_input_per_mtok)
    batch, batch_source = _discounted(rates, catalogue().provider(row.provider))
    return _priced(row.provider, row.model, rates, batch, batch_source,
                   tuned_input=None, tuned_output=None, source="tuning catalogue",
                   url=row.source, as_of=row.read_on.isoformat())


@cache
def model_prices(model_ref: str) -> ModelPrices:
    """Prices for "name" or "provider:name". A catalogue row that prices the name itself wins
    (an open-weight model on its host, or a model genai-prices does not list yet); otherwise
    genai-prices' own lookup, where a catalogue alias ("vertex:gemini-3.5-flash") takes its
    token prices from the genai-prices provider it names."""
    from genai_prices import Usage, calc_price
    from genai_prices.data_snapshot import get_snapshot

    listed = catalogue()
    aliases = listed.aliases()
    provider_ids = {p.id for p in get_snapshot().providers} | {p.id for p in listed.providers}
    provider, name = _split(model_ref, provider_ids)
    row = listed.named(name, provider)
    if row is not None:
        return _from_row(row)
    try:
        found = calc_price(Usage(input_tokens=_PROBE_TOKENS), name,
                           provider_id=aliases.get(provider or "", provider))
    except LookupError as error:
        raise UnknownModel(model_ref) from error
    shown = provider if provider in aliases else found.provider.id
    hosted = listed.model(shown, found.model.id)  # an open-weight row by its host's id
    return _from_genai(found.model, found.provider, shown,
                       hosted.model if hosted is not None else found.model.id)


class Known(NamedTuple):
    """A named model's prices and the catalogue's rows for it (Nones: no model, or unknown)."""

    prices: ModelPrices | None
    row: ModelRow | None
    provider: ProviderRow | None


def known(model_ref: str | None) -> Known:
    """The prices and catalogue rows for `model_ref`, for the parts of a report that say where
    a figure came from; an unnamed or unknown model gives Nones."""
    if not model_ref:
        return Known(None, None, None)
    try:
        prices = model_prices(model_ref)
    except UnknownModel:
        return Known(None, None, None)
    listed = catalogue()
    return Known(prices, listed.model(prices.provider, prices.model_id),
                 listed.provider(prices.provider))


class KnownModel(NamedTuple):
    """A model a description may name: `ref` as model_prices reads it ("openai:gpt-4o-mini"),
    and the names the data gives it (its id, and its display name when it has one)."""

    ref: str
    names: tuple[str, ...]
    deprecated: bool
    catalogued: bool  # a row in the tuning catalogue (engine/data/tuning.toml)


@cache
def known_models() -> tuple[KnownModel, ...]:
    """Every model a name in a description can be read as, in one list: the tuning catalogue's
    model rows first (whatever providers they add), then genai-prices' bundled models whose id
    reads back as itself and can be written as model=REF (fine-tuned entries left out: a
    fine-tune is priced from its base).
    The catalogue and the price data are read once; a model added to either is found here."""
    from genai_prices.data_snapshot import get_snapshot

    snapshot = get_snapshot()
    listed = {(p.id, m.id): m for p in snapshot.providers for m in p.models}
    aliases = catalogue().aliases()
    out: list[KnownModel] = []
    for row in catalogue().models:  # its name, its host's id for it, and that id's name
        info = listed.get((aliases.get(row.provider, row.provider), row.prices_id or row.model))
        names = (row.model, *([row.prices_id] if row.prices_id else []),
                 *([info.name] if info is not None and info.name else []))
        out.append(KnownModel(row.ref, names, bool(info is not None and info.deprecated), True))
    catalogued = {model.ref for model in out}
    for provider in snapshot.providers:
        for model in provider.models:
            ref = f"{provider.id}:{model.id}"
            if ref in catalogued or _fine_tune_id(model.id) or not _writable(ref) \
                    or not model.is_match(model.id):
                continue
            out.append(KnownModel(ref, (model.id, *([model.name] if model.name else [])),
                                  bool(model.deprecated), False))
    return tuple(out)


def _fine_tune_id(model_id: str) -> bool:
    return model_id.startswith("ft:") or ".ft-" in model_id


def _writable(ref: str) -> bool:
    """Whether `model=REF` reads back (OpenRouter's "~anthropic/..." aliases do not)."""
    try:
        read_model("model", ref)
    except ArgumentError:
        return False
    return True


TunedFrom = Literal["genai-prices", "catalogue"]


def tuned_price(prices: ModelPrices) -> tuple[float, TunedFrom] | None:
    """The fine-tuned model's price as a multiple of the base, and where it comes from:
    genai-prices' fine-tuned entry when it has one, else the catalogue (issue 12: "from
    genai-prices' fine-tuned entries when present, else the data file"). None: neither knows."""
    if prices.tuned_input is not None and prices.input > 0:
        multiple = Decimal(repr(prices.tuned_input)) / Decimal(repr(prices.input))
        return float(multiple), "genai-prices"
    row = catalogue().model(prices.provider, prices.model_id)
    if row is None:
        return None
    multiple_from_row = tuned_multiplier(row, prices.input)
    return None if multiple_from_row is None else (multiple_from_row, "catalogue")


# ---- the edge: fill the keys a named model answers --------------------------------------------

def _unknown_model(model: str) -> ArgumentError:
    return ArgumentError(
        f"model: '{echo(model)}' is not in the bundled price list; give its input price instead,"
        " e.g. price=2.50 (USD per 1M input tokens), or name it as provider:model"
        " (e.g. openai:gpt-4o-mini)", "model")


def _missing(key: str, what: str, ref: str, give: str) -> ArgumentError:
    return ArgumentError(f"{key}: there is no {what} for {ref} in the bundled data; give {give}",
                         key)


# Every price fill_from_model may supply from a named model: what follows the model, unless typed.
MODEL_PRICED: tuple[str, ...] = ("price", "tuned_multiplier", "output_price", "cache_price",
                                 "batch_price", "batch_output_price", "batch_cache_price",
                                 "training_price", "hosting", "gpu_price", "gpu_throughput")


def fill_from_model(values: dict[str, Any], given: Collection[str]) -> dict[str, Any]:
    """`values` with every price the named model supplies and no key in `given` states: the
    input price always, the tuned price as a multiple of it, the output price when output tokens
    are modelled, the cache-read price when caching is, the batch prices when batch calls are,
    the training price when training comes from the data, and hosting (an hourly fee, or a
    host's dedicated GPU) where the catalogue records it. Explicit values always win."""
    model = values.get("model")
    if not model:
        return values
    try:
        prices = model_prices(model)
    except UnknownModel:
        if "price" not in given:
            raise _unknown_model(model) from None
        return values  # priced by hand: the rest is the user's to give
    filled = dict(values)
    if "price" not in given:
        filled["price"] = prices.input
    tuned = tuned_price(prices)
    if "tuned_multiplier" not in given and tuned is not None:
        filled["tuned_multiplier"] = tuned[0]
    wanted = _wanted_prices(filled, prices)
    for key, (needed, value, what, give) in wanted.items():
        if needed and key not in given:
            if value is None:
                blamed = "batch" if key.startswith("batch") else \
                    ("output_tokens" if key == "output_price" else "cached")
                raise _missing(blamed, what, prices.ref, give)
            filled[key] = value
    return _fill_from_catalogue(filled, given, prices)


def _wanted_prices(filled: dict[str, Any], prices: ModelPrices
                   ) -> dict[str, tuple[bool, float | None, str, str]]:
    """Each token price the scenario models: (whether it is needed, the model's value, what it
    is, what to give instead)."""
    output, cached, batch = bool(filled.get("output_tokens")), \
        filled.get("cached") is not None, filled.get("batch") is not None
    return {
        "output_price": (output, prices.output, "output price",
                         "output_price= (USD per 1M output tokens)"),
        "cache_price": (cached, prices.cache_read, "cache-read price",
                        "cache_price= (USD per 1M cached input tokens)"),
        "batch_price": (batch, prices.batch_input, "batch price",
                        "batch_price= (USD per 1M input tokens in the batch API)"),
        "batch_output_price": (batch and output, prices.batch_output, "batch output price",
                               "batch_output_price= (USD per 1M output tokens in the batch"
                               " API)"),
        "batch_cache_price": (batch and cached, prices.batch_cache_read, "batch cache-read price",
                              "batch_cache_price= (USD per 1M cached input tokens in the batch"
                              " API)"),
    }


def _fill_from_catalogue(filled: dict[str, Any], given: Collection[str],
                         prices: ModelPrices) -> dict[str, Any]:
    listed = catalogue()
    row = listed.model(prices.provider, prices.model_id)
    wants_training = filled.get("tokens_per_example") is not None and "training" not in given
    if wants_training and "training_price" not in given:
        if row is None or row.training_per_mtok is None:
            raise _missing("tokens_per_example", "training price", prices.ref,
                           "training_price= (USD per 1M training tokens) or training=")
        filled["training_price"] = row.training_per_mtok
    if row is not None and row.hosting_per_hour is not None and "hosting" not in given:
        filled["hosting"] = row.hosting_per_hour * HOURS_PER_MONTH
    if "hosting" not in given:
        _fill_gpu(filled, given, row, listed.provider(prices.provider))
    return filled


def _fill_gpu(filled: dict[str, Any], given: Collection[str], row: ModelRow | None,
              provider: ProviderRow | None) -> None:
    """A host that serves fine-tunes on a dedicated GPU: its hourly rate and the model's measured
    throughput, each unless typed. The host's rate is filled only with a throughput to go with
    it (else tuning there is not priced, and the report says what to give)."""
    throughput = row.tokens_per_second if row is not None else None
    if "gpu_throughput" not in given and throughput is not None and (
            "gpu_price" in given or _serves_on_gpu(row, provider)):
        filled["gpu_throughput"] = throughput
    if "gpu_price" in given or not _serves_on_gpu(row, provider):
        return
    assert provider is not None and provider.gpu_per_hour is not None  # _serves_on_gpu
    if filled.get("gpu_throughput") is not None:
        filled["gpu_price"] = provider.gpu_per_hour


def _serves_on_gpu(row: ModelRow | None, provider: ProviderRow | None) -> bool:
    return (catalogue().serving(row, provider) == "dedicated_gpu" and provider is not None
            and provider.gpu_per_hour is not None)
