"""Input prices per 1M tokens from genai-prices' bundled data (no network).

genai-prices is imported only when a model is named, so the common path does not pay its start-up.
"""

import math
from decimal import Decimal
from functools import cache

# Price a small call: some providers charge more per token past a long-context threshold, and the
# extra prompt tokens this tool weighs are a few thousand at most.
_PROBE_TOKENS = 1_000


class UnknownModel(LookupError):
    pass


@cache
def input_price_per_mtok(model_ref: str) -> tuple[float, str]:
    """(USD per 1M input tokens, "provider:model id") for "name" or "provider:name"."""
    from genai_prices import Usage, calc_price

    provider, _, name = model_ref.rpartition(":")
    try:
        found = calc_price(Usage(input_tokens=_PROBE_TOKENS), name, provider_id=provider or None)
    except LookupError as error:
        raise UnknownModel(model_ref) from error
    price = float(Decimal(found.input_price) * 1_000_000 / _PROBE_TOKENS)
    if not math.isfinite(price):
        raise UnknownModel(model_ref)
    return price, f"{found.provider.id}:{found.model.id}"
