"""The scoring table: every number that decides a ranking, in one place.

An option's score is

    BASE[option]
    + PROBLEM_FIT[problem][option]
    + sum over factors of FACTOR_WEIGHTS[option][factor] * (value - 50) / 50
    - DATA_GATES[option].penalty * shortfall of labeled data below DATA_GATES[option].enough
    + PAYBACK_POINTS[option] * how well tuning pays back within the horizon (-1 to +1)

so a factor weight is the points an option gains when that factor goes from medium (50) to 100,
and loses when it goes to 0. Every term is monotone in its factor, which is what lets the engine
find tipping points exactly and what the property tests hold it to. Extreme corners can push a raw
sum past 0-100; the shown score is clamped there while ranking keeps using the raw sum, so two
options pinned at 0 or 100 still rank by how far past the edge they are.
"""

from typing import NamedTuple

from adapt.engine.options import OptionId as O
from adapt.engine.scenario import Factor as F
from adapt.engine.scenario import Problem as P

# Where each option starts before any input speaks. Prompting starts highest because every provider
# says to try it first; full fine-tuning lowest because it is the most expensive path to build,
# run and keep current, so the inputs must earn it.
BASE: dict[O, float] = {
    O.PROMPTING: 50.0,
    O.RAG: 44.0,
    O.GUARDRAILS: 42.0,
    O.PEFT: 42.0,
    O.FULL_FINETUNE: 34.0,
}

FACTOR_WEIGHTS: dict[O, dict[F, float]] = {
    # Prompting thrives on change and on room for long prompts; it loses ground as volume makes
    # every extra prompt token expensive and as stable data makes training the better investment.
    O.PROMPTING: {F.STABILITY: -10, F.DATA: -4, F.VOLUME: -10, F.FRESHNESS: 4, F.TOLERANCE: 12},
    # Retrieval is the answer to facts that change: freshness dominates. It puts context into
    # every prompt, so it likes prompt tolerance and mildly dislikes volume.
    O.RAG: {F.STABILITY: 0, F.DATA: 0, F.VOLUME: -2, F.FRESHNESS: 24, F.TOLERANCE: 6},
    # Guardrails are code around the model: they pay off when rules are stable and traffic is high
    # enough that a broken output costs real money, and they do not care about facts.
    O.GUARDRAILS: {F.STABILITY: 6, F.DATA: 0, F.VOLUME: 4, F.FRESHNESS: 0, F.TOLERANCE: 0},
    # LoRA/PEFT: the seed's winner for stable, high-volume behaviour with enough examples. Volume
    # weighs most (it is what repays the training run), then data and stability; fresh facts and
    # room for long prompts both argue against baking behaviour into weights.
    O.PEFT: {F.STABILITY: 10, F.DATA: 12, F.VOLUME: 16, F.FRESHNESS: -10, F.TOLERANCE: -8},
    # Full fine-tuning wants all of the same things, more of stability and data (it relearns
    # everything, so it overfits small sets and is costly to redo), less of volume (dedicated
    # hosting eats into the per-call saving), and suffers more from stale facts.
    O.FULL_FINETUNE: {F.STABILITY: 14, F.DATA: 16, F.VOLUME: 10, F.FRESHNESS: -14, F.TOLERANCE: -8},
}

# How much the product failure itself moves each option: "cost affects the decision, but the
# product failure still decides the right system design" (seed 001). The favoured fix for each
# failure gets the largest bonus; paths that cannot fix it are marked down.
PROBLEM_FIT: dict[P, dict[O, float]] = {
    # Tone and format drift is a behaviour pattern: adapters learn it; retrieval cannot. Prompting
    # keeps a small edge over PEFT when nothing else is known, as providers advise trying it first.
    P.STYLE: {O.PROMPTING: 5, O.RAG: -10, O.GUARDRAILS: 0, O.PEFT: 12, O.FULL_FINETUNE: 2},
    # Missing or stale facts: only retrieval fixes them; tuning does not teach facts reliably.
    P.KNOWLEDGE: {O.PROMPTING: 2, O.RAG: 22, O.GUARDRAILS: -4, O.PEFT: -12, O.FULL_FINETUNE: -14},
    # Schema or rule violations: enforce them in code; adapters help second. Providers now
    # guarantee schema adherence at decode time (OpenAI Structured Outputs: outputs "exactly match
    # JSON Schemas"; Anthropic: "guarantee schema-compliant responses through constrained
    # decoding"), so enforcement stays ahead of an adapter even when tuning pays back fast.
    P.FORMAT: {O.PROMPTING: 2, O.RAG: -10, O.GUARDRAILS: 25, O.PEFT: 6, O.FULL_FINETUNE: 0},
    # Specialised terms and boundaries: learned from examples, full fine-tuning's best case.
    P.DOMAIN: {O.PROMPTING: -4, O.RAG: 4, O.GUARDRAILS: -4, O.PEFT: 10, O.FULL_FINETUNE: 12},
    # Prompts too long: moving instructions into weights is the direct fix.
    P.COST: {O.PROMPTING: -8, O.RAG: -6, O.GUARDRAILS: -2, O.PEFT: 12, O.FULL_FINETUNE: 6},
    # Requirements still moving: anything trained now is retrained next month.
    P.EXPLORATION: {O.PROMPTING: 20, O.RAG: 4, O.GUARDRAILS: 0, O.PEFT: -14, O.FULL_FINETUNE: -18},
}


class DataGate(NamedTuple):
    enough: float  # labeled-data level at and above which there is no penalty; below it the
    # option is not eligible to win at all ("below that, tuning is not justified")
    penalty: float  # points lost at data = 0, shrinking linearly to nothing at `enough`


# "Too little labeled data rules tuning out": about 10 examples to start, clear gains at 50-100,
# 100-500 recommended. PEFT gets there with a few hundred examples; full fine-tuning needs
# thousands, so its gate sits higher and bites harder.
DATA_GATES: dict[O, DataGate] = {
    O.PEFT: DataGate(enough=40.0, penalty=24.0),
    O.FULL_FINETUNE: DataGate(enough=85.0, penalty=34.0),
}

# Cost enters the score. Each horizon beyond the first that tuning needs to repay its one-time cost
# takes PAYBACK_POINTS from a tuned path, down to PAYBACK_FLOOR times them at three horizons or
# never; paying back inside the horizon earns up to PAYBACK_CEILING times them, for a run that
# repays itself at once. Asymmetric on purpose: paying back is what a tuning path is for, so it
# earns little (4 points, enough to settle a close call), while a path that will not repay itself
# loses up to 16, enough to overturn a lead built on factors (the issue that made cost a term found
# 35% of tuning wins never paying back). Neither outweighs the product failure's fit on its own,
# as seed 001 asks: "cost affects the decision, but the product failure still decides the right
# system design".
PAYBACK_POINTS: dict[O, float] = {
    O.PEFT: 8.0,
    O.FULL_FINETUNE: 8.0,
}
PAYBACK_CEILING = 0.5  # the share for a run that pays for itself at once
PAYBACK_FLOOR = -2.0  # the share at three horizons or never (see scoring.payback_share)

# ---- feasibility (engine/feasibility.py): what keeps an option that can fix the failure from
# starting now. Thresholds, not points: no score can buy an option past them.

# "You have a stable task with enough high-quality examples" (seed 001, when to fine-tune); Mistral
# and Anthropic: prompts suit moving workflows because a tune must be redone with each change.
# Below this stability (the Low band, scenario.LOW_BELOW) a tune waits for requirements to settle.
UNSTABLE_BELOW = 40.0

# A quality failure (tone, schema, domain) may be fixed by a tune that does not pay back within
# the horizon, at a premium: seed 001's own support case chooses LoRA / PEFT at 1.29x the
# prompt-only spend over its 12 months ($3,122 against $2,419), for tone consistency. Up to twice
# the cheaper prompt path's spend over the window the tune would live, the report names the premium
# and why it is worth paying; beyond that a quality gain needs a figure this tool does not have
# (what a bad answer costs), so the tune waits for the traffic that brings it under. A cost
# failure gets no premium at all: tuning fixes cost only when it pays back inside the window.
MAX_QUALITY_SPEND_RATIO = 2.0
