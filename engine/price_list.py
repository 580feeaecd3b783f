"""The models of the bundled price list (genai-prices' data, no network), for a picker: every
model with an input price that its own id finds (the id is what `model=` is then given,
"openai:gpt-4o-mini"), the ones the tuning catalogue knows first. Read once, at first use, like
the price data itself (prices.py).
"""

from dataclasses import dataclass
from functools import cache

from adapt.engine.catalog import catalogue

LABEL_MOST = 75  # characters of an option's text in a Slack select
FIRST_PROVIDERS = ("openai", "anthropic", "google", "mistral", "aws", "azure", "deepseek",
                   "x-ai", "cohere", "meta", "together", "fireworks", "groq")  # then the rest


@dataclass(frozen=True)
class ModelChoice:
    ref: str  # "provider:model id", as model= reads it
    label: str  # "GPT-4o mini · OpenAI", at most LABEL_MOST characters
    tunable: bool  # the tuning catalogue has a row for it
    words: str  # what a search matches against, lower case


def _clip(text: str) -> str:
    return text if len(text) <= LABEL_MOST else text[:LABEL_MOST - 1] + "…"


def _priced(model: object) -> bool:
    """Whether model= could price it: it has an input price (conditional prices hold one)."""
    prices = getattr(model, "prices", None)
    return isinstance(prices, list) or getattr(prices, "input_mtok", None) is not None


@cache
def choices() -> tuple[ModelChoice, ...]:
    """Every priced model, the catalogue's first, then by provider (FIRST_PROVIDERS, then the
    rest in the data's order) and the data's own order within one."""
    from genai_prices.data_snapshot import get_snapshot

    rows = {(row.provider, row.model) for row in catalogue().models}
    rank = {provider: index for index, provider in enumerate(FIRST_PROVIDERS)}
    providers = sorted(get_snapshot().providers, key=lambda p: rank.get(p.id, len(rank)))
    found = [ModelChoice(ref=f"{provider.id}:{model.id}",
                         label=_clip(f"{model.name or model.id} · {provider.name}"),
                         tunable=(provider.id, model.id) in rows,
                         words=f"{provider.id} {provider.name} {model.id} {model.name or ''}"
                         .lower())
             for provider in providers for model in provider.models
             if _priced(model) and not model.id.startswith("ft:") and model.is_match(model.id)]
    return tuple(sorted(found, key=lambda choice: not choice.tunable))  # stable: order kept


def search(query: str, most: int = 100) -> list[ModelChoice]:
    """The models whose names hold every word of `query`, at most `most`: an exact model id
    first, then ids that start with the query, then the rest, each in choices() order."""
    words = query.lower().split()
    hits = [choice for choice in choices() if all(word in choice.words for word in words)]
    wanted = query.strip().lower()

    def closeness(choice: ModelChoice) -> int:
        model_id = choice.ref.partition(":")[2].lower()
        return 0 if model_id == wanted else 1 if model_id.startswith(wanted) else 2

    return sorted(hits, key=closeness)[:most] if wanted else hits[:most]


def choice_for(ref: str) -> ModelChoice:
    """The picker's option for a model a scenario names (as typed, when the list has no such
    ref: "gpt-4o-mini" stays "gpt-4o-mini")."""
    found = next((choice for choice in choices() if ref in (choice.ref,
                                                            choice.ref.partition(":")[2])), None)
    label = found.label if found else _clip(ref)
    return ModelChoice(ref=ref, label=label, tunable=bool(found and found.tunable),
                       words=found.words if found else ref.lower())
