"""The models a name can be read as (prices.known_models: the tuning catalogue and genai-prices'
bundled data, no network), as a picker offers them: a label, and the ref `model=` is given
("openai:gpt-4o-mini"), the ones the tuning catalogue knows first.
"""

from dataclasses import dataclass
from functools import cache

from adapt.engine.prices import KnownModel, known_models

LABEL_MOST = 75  # characters of an option's text in a Slack select
FIRST_PROVIDERS = ("openai", "anthropic", "google", "mistral", "aws", "azure", "deepseek",
                   "x-ai", "cohere", "meta", "together", "fireworks", "groq")  # then the rest


@dataclass(frozen=True)
class ModelChoice:
    ref: str  # "provider:model id", as model= reads it
    label: str  # "gpt 4o mini · OpenAI", at most LABEL_MOST characters
    tunable: bool  # the tuning catalogue has a row for it
    words: str  # what a search matches against, lower case


def _clip(text: str) -> str:
    return text if len(text) <= LABEL_MOST else text[:LABEL_MOST - 1] + "…"


@cache
def choices() -> tuple[ModelChoice, ...]:
    """Every known model: the catalogue's first, then by provider (FIRST_PROVIDERS, then the
    rest in the data's order), models the data marks deprecated after the others."""
    from genai_prices.data_snapshot import get_snapshot

    provider_names = {provider.id: provider.name for provider in get_snapshot().providers}
    rank = {provider: index for index, provider in enumerate(FIRST_PROVIDERS)}

    def choice(model: KnownModel) -> ModelChoice:
        provider = model.ref.partition(":")[0]
        shown = provider_names.get(provider, provider)
        return ModelChoice(ref=model.ref, label=_clip(f"{model.names[-1]} · {shown}"),
                           tunable=model.catalogued,
                           words=" ".join((provider, shown, *model.names)).lower())

    models = sorted(known_models(), key=lambda model: (
        not model.catalogued, model.deprecated, rank.get(model.ref.partition(":")[0],
                                                         len(rank))))
    return tuple(choice(model) for model in models)  # sorted is stable: the data's order kept


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
    ref: "gpt-4o-mini" keeps its value and takes the list's label)."""
    found = next((choice for choice in choices() if ref in (choice.ref,
                                                            choice.ref.partition(":")[2])), None)
    label = found.label if found else _clip(ref)
    return ModelChoice(ref=ref, label=label, tunable=bool(found and found.tunable),
                       words=found.words if found else ref.lower())
