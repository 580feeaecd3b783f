"""Where each price a report uses came from: genai-prices, the tuning catalogue, the person who
typed it, or the seed's default (issue 12: "Prices age: the report names the source and date of
every price it used").

A price filled from the named model at the edge (prices.fill_from_model) equals that model's
lookup here, so equality says where it came from; a typed value that happens to equal it is the
same figure from the same place.
"""

from adapt.engine.availability import TuningStatus
from adapt.engine.catalog import HOURS_PER_MONTH, ModelRow, ProviderRow
from adapt.engine.costs import PriceSource
from adapt.engine.prices import ModelPrices, known, tuned_price
from adapt.engine.scenario import DEFAULT_EPOCHS, DEFAULT_PRICE_PER_MTOK, Scenario
from adapt.engine.sentences import say

DEFAULT_TRAINING = 1_800.0  # seed 001's training run
GIVEN = "given"


def _from_model(prices: ModelPrices, what: str, value: float, unit: str,
                source: str | None = None) -> PriceSource:
    return PriceSource(what=what, value=value, unit=unit,
                       source=source or f"{prices.source} ({prices.ref})", url=prices.url,
                       as_of=prices.as_of)


def _from_row(row: ModelRow, what: str, value: float, unit: str) -> PriceSource:
    return PriceSource(what=what, value=value, unit=unit,
                       source=f"tuning catalogue ({row.provider}:{row.model})", url=row.source,
                       as_of=row.read_on.isoformat())


def _token_price(what: str, value: float, unit: str, looked_up: float | None,
                 prices: ModelPrices | None, default: str | None = None,
                 source: str | None = None) -> PriceSource:
    if prices is not None and looked_up is not None and value == looked_up:
        return _from_model(prices, what, value, unit, source)
    return PriceSource(what=what, value=value, unit=unit, source=default or GIVEN)


def _tuned(scenario: Scenario, prices: ModelPrices | None, row: ModelRow | None) -> PriceSource:
    unit = "x the base price per token"
    value = scenario.tuned_multiplier
    found = tuned_price(prices) if prices is not None else None
    if prices is not None and found is not None and found[0] == value:
        if found[1] == "genai-prices":
            return PriceSource(what="tuned", value=value, unit=unit,
                               source=f"{prices.source} ({prices.provider}:ft:{prices.model_id})")
        if row is not None:
            return _from_row(row, "tuned", value, unit)
    default = "default: priced as the base model" if value == 1.0 else GIVEN
    return PriceSource(what="tuned", value=value, unit=unit, source=default)


def _training(scenario: Scenario, row: ModelRow | None) -> list[PriceSource]:
    if not scenario.training_from_data() or scenario.training_price is None:
        source = "default (seed 001)" if scenario.training == DEFAULT_TRAINING else GIVEN
        return [PriceSource(what="training", value=scenario.training, unit="USD one-time",
                            source=source)]
    unit = "USD per 1M training tokens"
    if row is not None and row.training_per_mtok == scenario.training_price:
        per_token = _from_row(row, "training_price", scenario.training_price, unit)
    else:
        per_token = PriceSource(what="training_price", value=scenario.training_price, unit=unit,
                                source=GIVEN)
    data = (f"{scenario.examples:,} examples x {scenario.tokens_per_example:,.0f} tokens x"
            f" {scenario.epochs or DEFAULT_EPOCHS} epochs at the training price")
    return [per_token, PriceSource(what="training", value=scenario.training, unit="USD one-time",
                                   source=data)]


def _hosting(scenario: Scenario, row: ModelRow | None) -> list[PriceSource]:
    if scenario.hosting == 0:
        return []
    if row is not None and row.hosting_per_hour is not None \
            and scenario.hosting == row.hosting_per_hour * HOURS_PER_MONTH:
        return [_from_row(row, "hosting", scenario.hosting, "USD per month")]
    return [PriceSource(what="hosting", value=scenario.hosting, unit="USD per month",
                        source=GIVEN)]


def _batch(scenario: Scenario, prices: ModelPrices | None) -> list[PriceSource]:
    """The batch API's prices, when batch calls are modelled."""
    if scenario.batch is None:
        return []
    source = prices.batch_source if prices is not None else None
    found = [(scenario.batch_price, "batch_input", "USD per 1M input tokens in the batch API",
              prices.batch_input if prices else None)]
    if scenario.output_tokens > 0:
        found.append((scenario.batch_output_price, "batch_output",
                      "USD per 1M output tokens in the batch API",
                      prices.batch_output if prices else None))
    if scenario.cached is not None:
        found.append((scenario.batch_cache_price, "batch_cache_read",
                      "USD per 1M cached input tokens in the batch API",
                      prices.batch_cache_read if prices else None))
    return [_token_price(what, value, unit, looked_up, prices, source=source)
            for value, what, unit, looked_up in found if value is not None]


def _gpu(scenario: Scenario, row: ModelRow | None,
         provider: ProviderRow | None) -> list[PriceSource]:
    """An hourly-served tuned model: the rate, the throughput and the hours behind it."""
    if scenario.gpu_price is None or scenario.gpu_throughput is None:
        return []
    if provider is not None and provider.gpu_per_hour == scenario.gpu_price:
        rate = PriceSource(what="gpu_price", value=scenario.gpu_price, unit="USD an hour",
                           source=f"tuning catalogue ({provider.id}: dedicated {provider.gpu})",
                           url=provider.gpu_source, as_of=provider.read_on.isoformat())
    else:
        rate = PriceSource(what="gpu_price", value=scenario.gpu_price, unit="USD an hour",
                           source=GIVEN)
    if row is not None and row.tokens_per_second == scenario.gpu_throughput:
        speed = PriceSource(what="gpu_throughput", value=scenario.gpu_throughput,
                            unit="tokens a second", url=row.throughput_source,
                            source=f"tuning catalogue ({row.ref}: a measured run of its size"
                                   " class)", as_of=row.read_on.isoformat())
    else:
        speed = PriceSource(what="gpu_throughput", value=scenario.gpu_throughput,
                            unit="tokens a second", source=GIVEN)
    hours = PriceSource(what="gpu_hours", value=scenario.month_hours, unit="hours a month",
                        source=GIVEN if scenario.gpu_hours is not None
                        else "default: every hour of a month (24 x 365 / 12)")
    return [rate, speed, hours]


TUNED_PATH = frozenset({"tuned", "training", "hosting", "gpu_price", "gpu_throughput",
                        "gpu_hours"})


def price_sources(scenario: Scenario, tuning: TuningStatus | None = None) -> list[PriceSource]:
    """Every price the cost figures use, in the order the report shows them. Once the named
    model has retired (`tuning`), its tuned path is priced no more, and every price of its own
    says it retired (issue 26: no price shown as current for a model that no longer exists)."""
    found = _sources(scenario)
    if tuning is None or not tuning.retired or tuning.retires is None:
        return found
    gone = say("sources.retired", date=tuning.retires.isoformat())
    return [source.model_copy(update={"source": source.source + gone})
            if tuning.model in source.source else source
            for source in found if source.what not in TUNED_PATH]


def _sources(scenario: Scenario) -> list[PriceSource]:
    prices, row, provider = known(scenario.model)
    seed_price = "default (seed 001)" if scenario.price == DEFAULT_PRICE_PER_MTOK else None
    found = [_token_price("input", scenario.price, "USD per 1M input tokens",
                          prices.input if prices else None, prices, seed_price)]
    if scenario.output_tokens > 0 and scenario.output_price is not None:
        found.append(_token_price("output", scenario.output_price, "USD per 1M output tokens",
                                  prices.output if prices else None, prices))
    if scenario.cached is not None and scenario.cache_price is not None:
        found.append(_token_price("cache_read", scenario.cache_price,
                                  "USD per 1M cached input tokens",
                                  prices.cache_read if prices else None, prices))
    found.extend(_batch(scenario, prices))
    if not scenario.served_hourly:  # served by the hour, its tokens carry no price of their own
        found.append(_tuned(scenario, prices, row))
    return [*found, *_training(scenario, row), *_hosting(scenario, row),
            *_gpu(scenario, row, provider)]
