"""The option catalogue: the five ways to adapt a model, with stable ids and their cards."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class OptionId(StrEnum):
    PROMPTING = "prompting"
    RAG = "rag"
    GUARDRAILS = "guardrails"
    PEFT = "peft"
    FULL_FINETUNE = "full_finetune"


TUNING = frozenset({OptionId.PEFT, OptionId.FULL_FINETUNE})
OPTIONS: tuple[OptionId, ...] = tuple(OptionId)  # catalogue order; iterating an Enum is slow


class Attributes(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    reliability: str
    latency: str
    maintenance: str
    freshness: str
    effort: str


class OptionCard(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    option: OptionId
    name: str
    summary: str
    wins: str
    caution: str
    attributes: Attributes


def _card(option: OptionId, name: str, summary: str, wins: str, caution: str,
          attrs: tuple[str, str, str, str, str]) -> OptionCard:
    reliability, latency, maintenance, freshness, effort = attrs
    return OptionCard(
        option=option, name=name, summary=summary, wins=wins, caution=caution,
        attributes=Attributes(reliability=reliability, latency=latency, maintenance=maintenance,
                              freshness=freshness, effort=effort),
    )


CARDS: dict[OptionId, OptionCard] = {
    card.option: card
    for card in (
        _card(OptionId.PROMPTING, "Prompt engineering",
              "Shape behaviour with instructions, examples and output formats at run time.",
              "Prototyping, moving requirements, and jobs that clearer instructions, examples or"
              " structure can solve without touching the model.",
              "Long prompts cost tokens and latency on every call, and behaviour can drift when the"
              " prompt or the model changes.",
              ("Medium", "Medium", "Low", "Medium", "Low")),
        _card(OptionId.RAG, "Retrieval (RAG)",
              "Fetch the facts the model needs at run time instead of baking them into weights.",
              "Missing, stale or proprietary knowledge, facts that change often, and answers that"
              " must cite their sources.",
              "Adds retrieval context to every prompt and a search index to run; it fixes"
              " knowledge, not tone or format.",
              ("Medium", "Slow", "Medium", "Strong", "Medium")),
        _card(OptionId.GUARDRAILS, "Guardrails and validation",
              "Enforce schemas and rules in code around the model: validate, repair, retry.",
              "Schema or rule violations and outputs that must never break a contract, whatever"
              " the model does.",
              "Catches and repairs failures rather than preventing them; retries add latency and"
              " cost when the model is often wrong.",
              ("High", "Medium", "Low", "Medium", "Low")),
        _card(OptionId.PEFT, "LoRA / PEFT",
              "Adapt the model with small trainable components when the task is stable and prompt"
              " overhead is becoming costly.",
              "Style, routing, or structured behaviour that repeats at high volume and has enough"
              " labeled examples.",
              "This improves behaviour patterns, not knowledge freshness. It still needs"
              " evaluation and deployment discipline.",
              ("High", "Fast", "Medium", "Weak", "Medium")),
        _card(OptionId.FULL_FINETUNE, "Full fine-tuning",
              "Retrain all of the model's weights on a large, stable, high-quality dataset.",
              "Specialised domains with large, clean datasets, stable requirements and volume high"
              " enough to pay for training and hosting.",
              "The most data, compute and ML skill of any path; LoRA reaches most of its gains"
              " with about 10,000x fewer trainable parameters. Facts go stale in the weights.",
              ("High", "Fast", "High", "Weak", "High")),
    )
}


def option_name(option: OptionId) -> str:
    return CARDS[option].name
