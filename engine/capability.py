"""The decision's first step: which options can fix the stated failure at all, and which only help
beside a fix. No score, volume or budget can carry an option past this table (issue 20: "generic
factors (volume, stability) can carry an option past the failure it does not address").

Each row names its sources; tests/test_decision.py holds every row to them, and
tests/data/guidance.toml holds the whole decision to provider guidance case by case.
"""

from typing import NamedTuple

from adapt.engine.options import OptionId
from adapt.engine.scenario import Problem

O = OptionId  # noqa: E741 - short alias keeps the table readable


class Capability(NamedTuple):
    fixes: tuple[OptionId, ...]  # options that can fix the failure, the most direct first
    alongside: tuple[OptionId, ...]  # options that help beside a fix, never lead it
    source: str  # where the row comes from


CAPABILITY: dict[Problem, Capability] = {
    # Style, tone and consistent format are what fine-tuning is for, once prompting is not enough;
    # retrieval and validation never change how the model writes.
    Problem.STYLE: Capability(
        (O.PEFT, O.PROMPTING, O.FULL_FINETUNE), (O.RAG, O.GUARDRAILS),
        "OpenAI fine-tuning guide (style, tone and format are its first use case, after"
        " prompting); Microsoft Learn, 'Fine-tune a model for consistent behavior'; Vertex AI,"
        " 'Tuning compared to prompt design'"),
    # Missing or stale facts are supplied at run time; weights do not learn facts reliably.
    Problem.KNOWLEDGE: Capability(
        (O.RAG,), (O.PROMPTING, O.GUARDRAILS),
        "OpenAI, optimizing LLM accuracy (retrieval for knowledge, fine-tuning for behaviour);"
        " Ovadia et al. 2023, 'Fine-Tuning or Retrieval?'; seed 001 ('fine-tuning teaches"
        " behavior patterns, not facts')"),
    # Schema and rule violations: structured outputs and validation around the model enforce
    # them; prompting and tuning lower the failure rate.
    Problem.FORMAT: Capability(
        (O.GUARDRAILS, O.PEFT, O.PROMPTING, O.FULL_FINETUNE), (O.RAG,),
        "OpenAI Structured Outputs and Anthropic structured outputs (schema adherence at decode"
        " time); OpenAI fine-tuning guide (format and reliability); seed 001 (validation and"
        " schema checking)"),
    # Specialised terms and boundaries: examples in the prompt, retrieved definitions, or a tune
    # on enough labeled data.
    Problem.DOMAIN: Capability(
        (O.PEFT, O.FULL_FINETUNE, O.PROMPTING, O.RAG), (O.GUARDRAILS,),
        "Vertex AI supervised tuning ('domain-specific applications'); OpenAI fine-tuning guide"
        " (edge cases, classification); seed 001 (classification and routing)"),
    # Prompts too long or costly: shorten and cache them, send offline traffic through a batch
    # API, or tune where the run pays back (the feasibility step holds tuning to that).
    Problem.COST: Capability(
        (O.PEFT, O.PROMPTING, O.FULL_FINETUNE), (O.RAG,),
        "OpenAI and Anthropic prompt caching; providers' batch APIs; OpenAI fine-tuning guide"
        " ('token savings due to shorter prompts')"),
    # Requirements still moving: anything trained now is retrained next month.
    Problem.EXPLORATION: Capability(
        (O.PROMPTING,), (O.RAG, O.GUARDRAILS),
        "Mistral fine-tuning guide (prompting for new workflows and prototyping); Vertex AI"
        " (prompting for rapid prototyping); Anthropic prompt engineering overview"),
}


def can_fix(problem: Problem, option: OptionId) -> bool:
    return option in CAPABILITY[problem].fixes


def helps_alongside(problem: Problem, option: OptionId) -> bool:
    return option in CAPABILITY[problem].alongside
