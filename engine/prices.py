"""Token prices per 1M tokens for a named model: input, output and cache-read prices, and a
fine-tuned model's prices, from genai-prices' bundled data (no network), with the tuning
catalogue (engine/catalog.py) for what genai-prices does not carry.

genai-prices is imported only when a model is named, so the common path does not pay its start-up.
"""

import math
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Literal, NamedTuple

from adapt.engine.catalog import HOURS_PER_MONTH, catalogue, tuned_multiplier
from adapt.engine.readers import ArgumentError, echo

# Price a small call: some providers charge more per token past a long-context threshold, and the
# extra prompt tokens this tool weighs are a few thousand at most.
_PROBE_TOKENS = 1_000
_PER_MTOK = Decimal(1_000_000) / _PROBE_TOKENS


class UnknownModel(LookupError):
    pass


@dataclass(frozen=True)
class ModelPrices:
    """One model's prices, USD per 1M tokens, and where they come from."""

    provider: str  # the catalogue's provider id ("vertex" stays "vertex")
    model_id: str  # genai-prices' model id
    input: float
    output: float | None  # None: genai-prices lists no output price for it
    cache_read: float | None  # None: no cache-read price (caching then needs cache_price=)
    tuned_input: float | None  # from genai-prices' fine-tuned ("ft:") entry, when it has one
    tuned_output: float | None
    source: str  # "genai-prices 0.2.3"
    url: str | None  # the provider's pricing page, as genai-prices names it

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


def _fine_tuned(found: Any) -> tuple[float | None, float | None]:
    """genai-prices keeps a fine-tune's prices under the id "ft:<base model id>" (OpenAI's
    gpt-4o-mini and gpt-4o); (input, output) per 1M tokens, or Nones when it has none."""
    from genai_prices import Usage

    entry = next((m for m in found.provider.models if m.id == f"ft:{found.model.id}"), None)
    if entry is None:
        return None, None
    tuned_in = entry.calc_price(Usage(input_tokens=_PROBE_TOKENS), found.provider)
    tuned_out = entry.calc_price(Usage(output_tokens=_PROBE_TOKENS), found.provider)
    return _per_mtok(tuned_in.input_price), _per_mtok(tuned_out.output_price)


@cache
def model_prices(model_ref: str) -> ModelPrices:
    """Prices for "name" or "provider:name"; a catalogue alias ("vertex:gemini-2.5-flash") takes
    its token prices from the genai-prices provider it names."""
    import genai_prices
    from genai_prices import Usage, calc_price
    from genai_prices.data_snapshot import get_snapshot

    aliases = catalogue().aliases()
    provider_ids = {p.id for p in get_snapshot().providers} | set(aliases)
    provider, name = _split(model_ref, provider_ids)
    lookup = aliases.get(provider or "", provider)
    try:
        found = calc_price(Usage(input_tokens=_PROBE_TOKENS), name, provider_id=lookup)
        cached = calc_price(Usage(input_tokens=_PROBE_TOKENS, cache_read_tokens=_PROBE_TOKENS),
                            name, provider_id=lookup)
        output = calc_price(Usage(output_tokens=_PROBE_TOKENS), name, provider_id=lookup)
    except LookupError as error:
        raise UnknownModel(model_ref) from error
    price = found.model_price
    tuned_in, tuned_out = _fine_tuned(found)
    prices = ModelPrices(
        provider=provider if provider in aliases else found.provider.id,
        model_id=found.model.id,
        input=_per_mtok(found.input_price),
        output=_per_mtok(output.output_price) if _has(price, "output_mtok") else None,
        cache_read=_per_mtok(cached.input_price) if _has(price, "cache_read_mtok") else None,
        tuned_input=tuned_in, tuned_output=tuned_out,
        source=f"genai-prices {genai_prices.__version__}",
        url=next(iter(found.provider.pricing_urls or []), None),
    )
    if not math.isfinite(prices.input):
        raise UnknownModel(model_ref)
    return prices


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
    reads back as itself (fine-tuned entries left out: a fine-tune is priced from its base).
    The catalogue and the price data are read once; a model added to either is found here."""
    from genai_prices.data_snapshot import get_snapshot

    snapshot = get_snapshot()
    listed = {(p.id, m.id): m for p in snapshot.providers for m in p.models}
    aliases = catalogue().aliases()
    out: list[KnownModel] = []
    for row in catalogue().models:
        info = listed.get((aliases.get(row.provider, row.provider), row.model))
        names = (row.model, *([info.name] if info is not None and info.name else []))
        out.append(KnownModel(f"{row.provider}:{row.model}", names,
                              bool(info is not None and info.deprecated), True))
    catalogued = {model.ref for model in out}
    for provider in snapshot.providers:
        for model in provider.models:
            ref = f"{provider.id}:{model.id}"
            if ref in catalogued or _fine_tune_id(model.id) or not model.is_match(model.id):
                continue
            out.append(KnownModel(ref, (model.id, *([model.name] if model.name else [])),
                                  bool(model.deprecated), False))
    return tuple(out)


def _fine_tune_id(model_id: str) -> bool:
    return model_id.startswith("ft:") or ".ft-" in model_id


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
                                 "training_price", "hosting")


def fill_from_model(values: dict[str, Any], given: Collection[str]) -> dict[str, Any]:
    """`values` with every price the named model supplies and no key in `given` states: the
    input price always, the tuned price as a multiple of it, the output price when output tokens
    are modelled, the cache-read price when caching is, the training price when training comes
    from the data, and hosting where the catalogue records it. Explicit values always win."""
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
    if filled.get("output_tokens") and "output_price" not in given:
        if prices.output is None:
            raise _missing("output_tokens", "output price", prices.ref,
                           "output_price= (USD per 1M output tokens)")
        filled["output_price"] = prices.output
    if filled.get("cached") is not None and "cache_price" not in given:
        if prices.cache_read is None:
            raise _missing("cached", "cache-read price", prices.ref,
                           "cache_price= (USD per 1M cached input tokens)")
        filled["cache_price"] = prices.cache_read
    return _fill_from_catalogue(filled, given, prices)


def _fill_from_catalogue(filled: dict[str, Any], given: Collection[str],
                         prices: ModelPrices) -> dict[str, Any]:
    row = catalogue().model(prices.provider, prices.model_id)
    wants_training = filled.get("tokens_per_example") is not None and "training" not in given
    if wants_training and "training_price" not in given:
        if row is None or row.training_per_mtok is None:
            raise _missing("tokens_per_example", "training price", prices.ref,
                           "training_price= (USD per 1M training tokens) or training=")
        filled["training_price"] = row.training_per_mtok
    if row is not None and row.hosting_per_hour is not None and "hosting" not in given:
        filled["hosting"] = row.hosting_per_hour * HOURS_PER_MONTH
    return filled
