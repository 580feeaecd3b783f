"""A description in plain words -> the canonical input keys.

`describe("our support bot's tone drifts, about 300 labeled examples, 2M requests a month")`
reads `problem=style examples=300 requests=2M` and says which parts it did not understand.

Deterministic and offline: word tables and patterns, no model, no network, no I/O. Each table
says where its words come from: the key table (engine/keys.py) and the readers' aliases
(engine/readers.py) wherever they fit a sentence, issue 9 ("Say it the way you'd say it") for
the phrasings it lists, and everyday wording beyond that. The output is raw value text that the
keys' own readers accept, so a sentence is checked by exactly the rules KEY=VALUE is.

How it reads, in order (an earlier rule claims its words, a later one never reuses them):
model names, presets, numbers with what they count (examples, requests, tokens, dollars,
months), "no labeled data", `key value` pairs written without '=', how often facts change,
factor phrases ("requirements are stable"), and last the product failure. The first statement
of a fact wins; a second, different one is reported under "not used".
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from adapt.engine.keys import KEY_BY_NAME, KEY_OF, in_table_order
from adapt.engine.presets import PRESETS
from adapt.engine.readers import (
    CADENCE_ALIASES,
    PROBLEM_ALIASES,
    ArgumentError,
    read_number,
)
from adapt.engine.scenario import Problem
from adapt.engine.units import Cadence

# ---------------------------------------------------------------------------------------------
# What the engine says when nothing could be read: 2-3 sentences people can copy, and the
# KEY=VALUE form. One line, so the command line can print it on standard error.

EXAMPLE_SENTENCES: tuple[str, ...] = (
    "our support bot's tone drifts, about 300 labeled examples, 2M requests a month",
    "answers are outdated because policies change weekly, no labeled data, 10k questions a day",
    "the JSON breaks our parser, 5k labeled examples, 50k/month on gpt-4o-mini",
)
EXAMPLE_ARGS = "problem=style examples=300 requests=2M"
MAX_DESCRIPTION_CHARS = 4_000  # as much as the Slack command reads at all (bot/flows.MAX_ARGS)
NOT_USED_MOST = 10  # fragments listed under "not used"; more are counted, not shown
FRAGMENT_CHARS = 80  # each fragment shown at most this long


def nothing_read(shown: str) -> str:
    """The one-line message for a description in which no fact could be found."""
    examples = " or ".join(f'"{sentence}"' for sentence in EXAMPLE_SENTENCES[:2])
    return (f"nothing could be read from '{shown}': it is not KEY=VALUE and names no fact Adapt"
            f" knows; describe the job, e.g. {examples}, or write KEY=VALUE, e.g. {EXAMPLE_ARGS}")


# ---------------------------------------------------------------------------------------------
# Word tables. Words are lowercase; phrases are tuples of words.

# Numbers. "about 300", "~300", "300+", "2 million", "10 thousand", "a million".
APPROX_WORDS = frozenset({
    "about", "around", "approx", "approximately", "roughly", "nearly", "almost", "over", "under",
    "some", "maybe", "like", "abt", "circa", "ca", "est", "estimated", "more", "less", "than",
    "at", "least", "most", "up", "to", "close", "just", "only", "above", "below", "exactly",
    "upwards", "of", "~", "+", "is", "are", "was", "were", "be",
})
SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "grand": 1e3, "million": 1e6, "mil": 1e6,
    "mn": 1e6, "mm": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
}
SUFFIX_SCALE: dict[str, float] = {"k": 1e3, "mil": 1e6, "mm": 1e6, "mn": 1e6, "m": 1e6,
                                  "bn": 1e9, "b": 1e9}
ONE_WORDS = frozenset({"a", "one"})  # "a million requests"

# Periods. Requests are per month (the `requests` key): "10k a day" is 300k a month (the issue:
# "convert daily volumes to monthly, 30 days"); a week is 30/7 days of it.
PERIOD_OF: dict[str, str] = {
    "second": "second", "seconds": "second", "sec": "second", "secs": "second",
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "hourly": "hour",
    "day": "day", "days": "day", "daily": "day", "night": "day", "nightly": "day",
    "week": "week", "weeks": "week", "wk": "week", "weekly": "week",
    "month": "month", "months": "month", "mo": "month", "mos": "month", "mon": "month",
    "monthly": "month",
    "quarter": "quarter", "quarters": "quarter", "quarterly": "quarter",
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "yearly": "year",
    "annually": "year", "annual": "year",
}
RATE_ADVERBS = frozenset({"hourly", "daily", "nightly", "weekly", "monthly", "quarterly",
                          "yearly", "annually", "annual"})
RATE_LEADS = frozenset({"a", "an", "per", "/", "each", "every"})
PER_MONTH: dict[str, float] = {"second": 30 * 86_400.0, "minute": 30 * 1_440.0, "hour": 720.0,
                               "day": 30.0, "week": 30 / 7, "month": 1.0, "quarter": 1 / 3,
                               "year": 1 / 12}
PERIOD_DAYS: dict[str, float] = {"second": 1 / 86_400, "minute": 1 / 1_440, "hour": 1 / 24,
                                 "day": 1.0, "week": 7.0, "month": 30.0, "quarter": 91.0,
                                 "year": 365.0}
RATE_NOUNS: dict[str, str] = {"rps": "second", "qps": "second", "rpm": "minute"}  # "40 qps"
MONTHS_IN: dict[str, int] = {"month": 1, "year": 12, "quarter": 3}

# What a number counts, by the noun near it.
EXAMPLE_NOUNS = frozenset({  # `examples` (keys.py: examples, labeled_examples, samples)
    "example", "examples", "labeled", "labelled", "label", "labels", "sample", "samples",
    "annotated", "annotation", "annotations", "pairs", "demonstrations", "demos", "shots",
})
REQUEST_NOUNS = frozenset({  # `requests` (keys.py: requests, calls)
    "request", "requests", "req", "reqs", "call", "calls", "query", "queries", "message",
    "messages", "conversation", "conversations", "chat", "chats", "ticket", "tickets",
    "question", "questions", "hits", "invocations", "completions", "generations", "email",
    "emails", "document", "documents", "docs", "form", "forms", "replies", "responses",
    "sessions", "interactions", "prompts", "runs", "lookups", "searches", "transactions",
    "msg", "msgs", *RATE_NOUNS,
})
TOKEN_NOUNS = frozenset({"token", "tokens", "tok", "toks"})  # `extra_tokens`
CURRENCY_WORDS = frozenset({"dollar", "dollars", "usd", "bucks"})
REDUCTION_VERBS = frozenset({  # "tuning would cut 1,000 tokens" -> `reduction`
    "cut", "cuts", "cutting", "save", "saves", "saving", "remove", "removes", "removing",
    "shave", "shaves", "trim", "trims", "drop", "drops", "reduce", "reduces", "fewer",
})
MONEY_CONTEXT: dict[str, frozenset[str]] = {  # a dollar amount names its key, or is not used
    "training": frozenset({"training", "train", "trained", "tune", "tuning", "tuned",
                           "finetune", "finetuning", "finetuned", "retrain", "retraining"}),
    "eval": frozenset({"eval", "evals", "evaluation", "evaluations", "evaluate", "testing",
                       "rollout", "labeling", "labelling", "annotation", "dataset"}),
    "hosting": frozenset({"hosting", "host", "hosted", "deployment", "deploy", "deployed",
                          "endpoint", "serving", "gpu", "gpus"}),
}
TUNED_WORDS = frozenset({"tuned", "finetuned", "tune", "tuning"})  # `tuned_multiplier`
PER_MILLION = frozenset({"million", "mtok", "mtoks", "m"})  # "$2.50 per 1M tokens"
PRICE_TAIL = TOKEN_NOUNS | {"input", "output", "prompt"}
HORIZON_LEADS = frozenset({"over", "next", "horizon", "across", "spanning", "within", "period"})
HORIZON_WORDS = frozenset({"horizon", "timeframe", "window"})
EVERY_WORDS = frozenset({"every", "each"})

# Facts changing. Cadence words come from units.Cadence and the readers' CADENCE_ALIASES
# ("rarely" is yearly there); the units among those aliases ("week") need a lead ("every
# week", "once a week"), the rest stand alone. "live" is left out: "live chat" is no cadence.
_ALIAS_UNITS = {alias for alias in CADENCE_ALIASES if alias in PERIOD_OF}
CADENCE_ADVERBS: dict[str, Cadence] = {
    **{cadence.value: cadence for cadence in Cadence},
    **{alias: cadence for alias, cadence in CADENCE_ALIASES.items()
       if alias not in _ALIAS_UNITS and alias != "live"},
    # everyday words for the same cadences
    "nightly": Cadence.DAILY, "biweekly": Cadence.WEEKLY, "fortnightly": Cadence.WEEKLY,
    "constantly": Cadence.HOURLY, "continuously": Cadence.HOURLY, "seldom": Cadence.YEARLY,
}
CADENCE_OF_UNIT: dict[str, Cadence] = {
    **{alias: cadence for alias, cadence in CADENCE_ALIASES.items() if alias in _ALIAS_UNITS},
    "night": Cadence.DAILY,
}
CADENCE_PHRASES: dict[tuple[str, ...], Cadence] = {
    ("real", "time"): Cadence.HOURLY, ("all", "the", "time"): Cadence.HOURLY,
    ("hardly", "ever"): Cadence.YEARLY, ("almost", "never"): Cadence.YEARLY,
}
CADENCE_LEADS = frozenset({"every", "each", "a", "per", "once", "twice"})
CADENCE_DAYS: dict[Cadence, float] = {  # for "every 2 weeks": the nearest cadence, in log time
    Cadence.HOURLY: 1 / 24, Cadence.DAILY: 1.0, Cadence.WEEKLY: 7.0, Cadence.MONTHLY: 30.0,
    Cadence.QUARTERLY: 91.0, Cadence.YEARLY: 365.0,
}
CHANGE_WORDS = frozenset({  # a cadence is about `changes` only next to one of these
    "change", "changes", "changed", "changing", "update", "updates", "updated", "updating",
    "refresh", "refreshes", "refreshed", "new", "revise", "revised", "revision", "revisions",
    "release", "releases", "released", "publish", "publishes", "published", "rotate",
    "rotates", "shift", "shifts", "evolve", "evolves", "churn", "churns", "expire", "expires",
    "moves", "move", "static", "stale", "outdated",
})
NEGATED_CHANGE = frozenset({"don't", "doesn't", "dont", "doesnt", "won't", "never", "rarely",
                            "seldom", "hardly", "not"})

# Requirements: the `stability` factor (keys.py: stability, stable, requirements), not facts.
REQUIREMENT_WORDS = frozenset({"requirement", "requirements", "spec", "specs", "specification",
                               "scope", "workflow", "workflows"})
STABLE_WORDS = frozenset({"stable", "settled", "fixed", "locked", "frozen", "final", "defined",
                          "clear", "firm", "steady", "know", "known"})  # "don't know" negates
UNSTABLE_WORDS = frozenset({"unstable", "change", "changes", "changing", "moving", "shifting",
                            "evolving", "fluid", "flux", "unclear", "volatile", "churn"})
NEGATIONS = frozenset({"not", "isn't", "aren't", "isnt", "arent", "never", "hardly", "no"})

# "No labeled data" means examples=0 (the issue).
ZERO_WORDS = frozenset({"no", "zero", "none", "without", "nothing", "haven't", "havent",
                        "lack", "don't", "dont"})  # "we don't have any labels"
DATA_NOUNS = EXAMPLE_NOUNS | {"data", "dataset", "datasets", "training"}

# Factor phrases: a subject and a level word in one fragment, read as the factor's level word
# (scenario.LEVELS). Only when the fact that sets the factor was not stated as a number.
LEVEL_WORDS: dict[str, dict[str, frozenset[str]]] = {
    "volume": {"high": frozenset({"high", "heavy", "huge", "massive", "big", "large", "lots"}),
               "low": frozenset({"low", "light", "small", "tiny", "little", "modest"})},
    "data": {"high": frozenset({"lots", "plenty", "tons", "loads", "years", "huge", "large"}),
             "low": frozenset({"little", "few", "handful", "limited", "scarce", "barely",
                               "hardly"})},
}
LEVEL_SUBJECTS: dict[str, frozenset[str]] = {
    "volume": frozenset({"volume", "traffic", "usage", "load"}),
    "data": EXAMPLE_NOUNS | {"data", "dataset", "datasets"},
}
LONG_PROMPTS = (("long", "prompts"), ("long", "prompt"), ("prompt", "length"))
FINE_WORDS = frozenset({"fine", "ok", "okay", "acceptable", "allowed", "good", "great"})
DENIALS = frozenset({"no", "not", "never", "without", "isn't", "aren't", "isnt", "arent"})

# The product failure (scenario.Problem). STRONG words name one kind; WEAK words lean towards it
# and lose to any strong word. Sources: the README's problem kinds (Problem values), the readers'
# PROBLEM_ALIASES, the list, and everyday wording. Topic words ("legal", "medical") are
# weak: they say what the product is about, and "medical Q&A whose facts go stale" is knowledge.
STRONG, WEAK = 2.0, 1.0
FUZZY = 0.5  # a word read through a typo: a guess never beats a word spelled right
_WEAK_ALIASES = {"tokens", "terms", "boundaries", "explore"}  # also everyday words
PROBLEM_WORDS: dict[Problem, dict[tuple[str, ...], float]] = {
    Problem.STYLE: {
        ("tone",): STRONG, ("voice",): STRONG, ("style",): STRONG, ("stylistic",): STRONG,
        ("off", "brand"): STRONG, ("on", "brand"): STRONG, ("persona",): STRONG,
        ("inconsistent",): WEAK, ("consistency",): WEAK, ("consistent",): WEAK,
        ("drift",): WEAK, ("drifts",): WEAK, ("drifting",): WEAK, ("robotic",): WEAK,
        ("wording",): WEAK, ("phrasing",): WEAK, ("rude",): WEAK, ("polite",): WEAK,
        ("friendly",): WEAK, ("formal",): WEAK, ("casual",): WEAK, ("stiff",): WEAK,
    },
    Problem.KNOWLEDGE: {
        ("knowledge",): STRONG, ("facts",): STRONG, ("stale",): STRONG, ("outdated",): STRONG,
        ("out", "of", "date"): STRONG, ("hallucinates",): STRONG, ("hallucinating",): STRONG,
        ("hallucinations",): STRONG, ("hallucinate",): STRONG, ("policies", "change"): STRONG,
        ("prices", "change"): STRONG, ("wrong", "answers"): WEAK, ("policies",): WEAK,
        ("policy",): WEAK, ("fact",): WEAK, ("current",): WEAK, ("docs",): WEAK,
        ("documentation",): WEAK, ("catalog",): WEAK, ("pricing",): WEAK,
    },
    Problem.FORMAT: {
        ("format",): STRONG, ("json",): STRONG, ("schema",): STRONG, ("validation",): STRONG,
        ("formatting",): STRONG, ("malformed",): STRONG, ("xml",): STRONG, ("yaml",): STRONG,
        ("csv",): STRONG, ("parser",): STRONG, ("parse",): STRONG, ("structured",): STRONG,
        ("fields",): WEAK, ("invalid",): WEAK, ("syntax",): WEAK,
    },
    Problem.DOMAIN: {
        ("domain",): STRONG, ("classification",): STRONG, ("classify",): STRONG,
        ("classifier",): STRONG, ("misclassifies",): STRONG, ("legal",): WEAK,
        ("medical",): WEAK, ("clinical",): WEAK, ("jargon",): STRONG,
        ("terminology",): STRONG, ("specialised",): STRONG, ("specialized",): STRONG,
        ("categorize",): STRONG, ("categorise",): STRONG, ("routing",): WEAK,
        ("route",): WEAK, ("financial",): WEAK, ("compliance",): WEAK, ("niche",): WEAK,
    },
    Problem.COST: {
        ("cost",): WEAK, ("costs",): WEAK, ("costly",): STRONG, ("expensive",): STRONG,
        ("pricey",): STRONG, ("bill",): WEAK, ("spend",): WEAK, ("budget",): WEAK,
        ("cheaper",): WEAK, ("too", "long"): STRONG, ("too", "many", "tokens"): STRONG,
        ("too", "much"): WEAK, ("paying",): WEAK,
    },
    Problem.EXPLORATION: {
        ("exploration",): STRONG, ("prototype",): STRONG, ("prototyping",): STRONG,
        ("figuring", "out"): STRONG, ("figure", "out"): STRONG, ("mvp",): STRONG,
        ("poc",): STRONG, ("proof", "of", "concept"): STRONG, ("experiment",): WEAK,
        ("experimenting",): WEAK, ("experimental",): WEAK, ("early",): WEAK,
        ("exploring",): STRONG,
        ("not", "sure"): WEAK, ("pivot",): WEAK, ("discovery",): WEAK,
    },
}
for _alias, _problem in PROBLEM_ALIASES.items():  # the readers' aliases count too
    PROBLEM_WORDS[_problem].setdefault((_alias,), WEAK if _alias in _WEAK_ALIASES else STRONG)
for _problem in Problem:
    PROBLEM_WORDS[_problem].setdefault((_problem.value,), STRONG)
KNOWLEDGE_SUBJECTS = frozenset({"facts", "fact", "knowledge", "policies", "policy", "prices",
                                "docs", "documentation", "catalog", "pricing"})
PROBLEM_OF_REQUIREMENTS = Problem.EXPLORATION  # the issue: "requirements change" is exploring

IGNORED_PHRASES: tuple[tuple[str, ...], ...] = (  # everyday phrases that only look like facts
    ("in", "terms", "of"), ("voice", "assistant"), ("voice", "bot"), ("voice", "agent"),
    ("voice", "calls"), ("at", "the", "moment"), ("for", "now"),
)

# Model names (provider words): families as OpenAI, Anthropic, Google, Mistral, Meta, Cohere,
# DeepSeek, xAI, Alibaba and Microsoft name them. The price comes from genai-prices later.
MODEL_FAMILIES = ("gpt", "chatgpt", "claude", "gemini", "gemma", "mistral", "mixtral",
                  "codestral", "ministral", "llama", "command", "deepseek", "qwen", "grok", "phi")
MODEL_VARIANTS = frozenset({"mini", "nano", "pro", "flash", "lite", "haiku", "sonnet", "opus",
                            "turbo", "large", "small", "latest", "preview", "instruct", "plus"})
PRESET_WORDS = frozenset({"preset", "presets", "seed", "template"})
KEY_VALUE_GLUE = frozenset({":", "is", "are", "of", "at", "="})  # "problem: tone"
UNREAD_KEYS = frozenset({"model"})  # read_model takes any word: models come from their names

FILLER = frozenset({  # words that never make a fragment worth listing as "not used"
    "a", "an", "the", "and", "or", "but", "so", "also", "plus", "we", "our", "us", "i", "my",
    "me", "it", "its", "it's", "is", "are", "was", "be", "been", "have", "has", "had", "got",
    "get", "of", "to", "for", "in", "on", "at", "with", "by", "from", "this", "that", "these",
    "those", "there", "here", "they", "their", "them", "you", "your", "hi", "hello", "hey",
    "thanks", "thank", "please", "pls", "ok", "okay", "um", "uh", "well", "just", "really",
    "very", "quite", "then", "now", "yet", "still", "too", "as", "if", "which", "what", "who",
    "do", "does", "did", "can", "could", "would", "should", "will", "all", "any", "some",
    "no", "yes", "quick", "q", "hmm", "help", "question",
})
_SEPARATOR_WORDS = frozenset({"and", "but", "plus", "while", "whereas", "though", "although",
                              "also", "because", "since", "so"})

# ---------------------------------------------------------------------------------------------
# Tokens

_FAMILY = "|".join(MODEL_FAMILIES)
_TOKEN = re.compile(
    rf"""
    (?P<model>(?<![\w.-])(?:[a-z][a-z0-9_-]*:)?
        (?:(?:{_FAMILY})(?:-[a-z0-9]+(?:\.[a-z0-9]+)*)+
          |(?:gpt|llama|qwen|phi|gemma|grok)[0-9][a-z0-9]*(?:\.[0-9]+)?(?:-[a-z0-9]+)*
          |o[134](?:-[a-z0-9]+)*)
        (?![\w-]))
    | (?P<num>(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)
      (?P<suffix>k|mil|mm|mn|m|bn|b)?(?![a-z0-9])
    | (?P<alnum>[0-9]+(?:\.[0-9]+)?[a-z][a-z0-9]*)
    | (?P<word>[a-z](?:[a-z0-9']*[a-z0-9])?)
    | (?P<sym>[$~/%+=:-])
    | (?P<sep>[,;\n\u2013\u2014|]|[.!?](?=\s|$))  # "<!here>", "e.g.", "(~40k)" do not split
    """, re.IGNORECASE | re.VERBOSE)
_JOINED_FAMILY = re.compile(rf"^((?:[a-z0-9_-]+:)?(?:{_FAMILY}))(?=[0-9])")


@dataclass(slots=True)
class Token:
    start: int  # character span in the description
    end: int
    text: str  # as written
    word: str  # lowercase, with a typo of a table word corrected ("labled" -> "labeled")
    kind: str  # "model", "num", "alnum", "word", "sym"
    fragment: int  # which clause it is in (split at punctuation and "and", "but", ...)
    value: float = 0.0  # num: the number, suffix applied ("2M" -> 2e6)
    suffix: str = ""  # num: the suffix as written, lowercase ("m" of "2M")
    fuzzy: bool = False  # `word` is a correction of what was written
    used: bool = False  # a rule has read it (or set it aside)


_NUMBER_AND_UNIT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([a-z]+)$")


def _tokens(text: str) -> tuple[list[Token], list[tuple[int, int]]]:
    """The tokens, and each fragment's span of the text (between separators)."""
    found: list[Token] = []
    fragment, bounds = 0, [(0, len(text))]
    for match in _TOKEN.finditer(text.replace("\u2019", "'")):
        kind = "num" if match.group("num") else match.lastgroup or "sep"  # not "suffix"
        raw, start = match.group(0), match.start()
        low = raw.lower()
        if kind == "sep" or (kind == "word" and low in _SEPARATOR_WORDS):
            bounds[fragment] = (bounds[fragment][0], start)
            bounds.append((match.end(), len(text)))
            fragment += 1
            if kind == "sep":
                continue
        joined = _NUMBER_AND_UNIT.match(low) if kind == "alnum" else None
        if joined and joined.group(2) in PERIOD_OF:  # "2y", "18mo": a number and its unit
            cut = len(joined.group(1))
            found.append(Token(start, start + cut, raw[:cut], low[:cut], "num", fragment,
                               value=float(low[:cut])))
            found.append(Token(start + cut, match.end(), raw[cut:], low[cut:], "word", fragment))
            continue
        token = Token(start, match.end(), raw, low, kind, fragment)
        if kind == "num":
            token.suffix = (match.group("suffix") or "").lower()
            number = low[: len(low) - len(token.suffix)].replace(",", "")
            token.value = float(number) * SUFFIX_SCALE.get(token.suffix, 1.0)
        elif kind == "word":
            token.word, token.fuzzy = _vocabulary(low)
        found.append(token)
    return found, bounds


# ---------------------------------------------------------------------------------------------
# Typos: a word one slip away from a table word reads as that word: one letter wrong, missing,
# extra, or two neighbours swapped (Damerau's single edit; deterministic). Only for words of five
# letters or more that no table knows, against table words with the same first letter, so it
# stays cheap and rarely surprising: "friend" is two letters short of "friendly", not a typo.

FUZZY_MIN_LENGTH = 5
NEVER_CORRECTED = frozenset({  # real words one typo away from a table word
    "formal", "former", "forms", "stake", "states", "tonal", "toner", "label", "table",
    "labor", "later", "latest", "voices", "facet", "faction", "domains", "coast", "posts",
    "costs", "cast", "sample", "simple", "legacy", "legit", "media", "medic", "parse",
    "phrase", "reset", "format", "daily", "dairy", "weekly", "weakly", "early", "yearly",
    "nearly", "clearly", "rarely", "barely", "never", "clever", "fever", "calls", "walls",
    "categories", "category", "classes", "clauses", "tonight", "totals", "stage", "stages",
    "state", "scale", "stable",
})


def _table_words() -> frozenset[str]:
    words: set[str] = set()
    for table in (EXAMPLE_NOUNS, REQUEST_NOUNS, TOKEN_NOUNS, CURRENCY_WORDS, REDUCTION_VERBS,
                  CHANGE_WORDS, REQUIREMENT_WORDS, STABLE_WORDS, UNSTABLE_WORDS,
                  HORIZON_LEADS, HORIZON_WORDS, PRESET_WORDS, set(PERIOD_OF),
                  set(CADENCE_ADVERBS), set(SCALE_WORDS), *MONEY_CONTEXT.values()):
        words |= table
    for phrases in PROBLEM_WORDS.values():
        words |= {word for phrase in phrases for word in phrase}
    return frozenset(words)


TABLE_WORDS = _table_words()
_READ_WORDS = TABLE_WORDS | FILLER | APPROX_WORDS | set(KEY_OF) | set(PRESETS)  # words a rule uses
_KNOWN = _READ_WORDS | NEVER_CORRECTED  # words never corrected
_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _word in sorted(TABLE_WORDS):
    if len(_word) >= FUZZY_MIN_LENGTH - 1:
        _BY_INITIAL[_word[0]] = (*_BY_INITIAL.get(_word[0], ()), _word)


@lru_cache(maxsize=8192)  # a word's reading never changes; a server sees the same words again
def _vocabulary(low: str) -> tuple[str, bool]:
    """(the table word `low` stands for, whether it was corrected)."""
    if low in _KNOWN or len(low) < FUZZY_MIN_LENGTH or not low.isalpha():
        return low, False
    for word in _BY_INITIAL.get(low[0], ()):
        if abs(len(word) - len(low)) <= 1 and _one_slip(low, word):
            return word, True
    return low, False


def _one_slip(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one letter wrong, missing or extra, or two swapped."""
    if len(typed) == len(word):
        wrong = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return len(wrong) == 1 or (len(wrong) == 2 and wrong[1] == wrong[0] + 1
                                   and typed[wrong[0]] == word[wrong[1]]
                                   and typed[wrong[1]] == word[wrong[0]])
    longer, shorter = (typed, word) if len(typed) > len(word) else (word, typed)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


# ---------------------------------------------------------------------------------------------
# What was read


@dataclass(frozen=True)
class Reading:
    """What a description says: `pairs` maps canonical keys to raw value text each key's reader
    accepts (so KEY=VALUE and a sentence are checked by one set of rules); `not_used` lists the
    parts nothing was read from, as written (clipped, control characters removed)."""

    pairs: dict[str, str]
    not_used: tuple[str, ...]

    @property
    def read_as(self) -> list[str]:
        """The canonical KEY=VALUE list: preset first, then the key table's order."""
        return in_table_order(self.pairs)


@dataclass
class _Found:
    tokens: list[Token]
    bounds: list[tuple[int, int]]  # each fragment's span of the text
    pairs: dict[str, str] = field(default_factory=dict)
    used_fragments: set[int] = field(default_factory=set)
    unplaced: list[tuple[int, int]] = field(default_factory=list)  # token index spans
    problems: list[tuple[float, int, Problem]] = field(default_factory=list)  # strength, where
    cadences: dict[int, Cadence] = field(default_factory=dict)  # fragment -> how often it changes

    def claim(self, start: int, stop: int) -> None:
        for token in self.tokens[start:stop]:
            token.used = True
            self.used_fragments.add(token.fragment)

    def set(self, key: str, raw: str, start: int, stop: int) -> None:
        """The first statement of a fact wins; a different later one is listed as not used."""
        self.claim(start, stop)
        if key not in self.pairs:
            self.pairs[key] = raw
        elif self.pairs[key] != raw:
            self.unplaced.append((start, stop))

    def set_aside(self, start: int, stop: int) -> None:
        """Understood as a number but not as any key's: listed under "not used"."""
        for token in self.tokens[start:stop]:
            token.used = True
        self.unplaced.append((start, stop))


def _fragment_end(tokens: list[Token], i: int) -> int:
    fragment = tokens[i].fragment
    while i < len(tokens) and tokens[i].fragment == fragment:
        i += 1
    return i


def _fragment_start(tokens: list[Token], i: int) -> int:
    fragment = tokens[i].fragment
    while i > 0 and tokens[i - 1].fragment == fragment:
        i -= 1
    return i


def _words(tokens: list[Token], start: int, stop: int) -> list[str]:
    return [token.word for token in tokens[start:stop]]


def _phrase_end(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> int | None:
    """Where `phrase` ends if it starts at token i, unclaimed and in one fragment; hyphens
    between its words are skipped ("off-brand", "out-of-date")."""
    fragment, j = tokens[i].fragment, i
    for n, word in enumerate(phrase):
        while n and j < len(tokens) and tokens[j].word == "-":
            j += 1
        if j >= len(tokens) or tokens[j].used or tokens[j].word != word \
                or tokens[j].fragment != fragment:
            return None
        j += 1
    return j


def _phrase_at(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    return _phrase_end(tokens, i, phrase) is not None


# ---------------------------------------------------------------------------------------------
# Rules. Each reads one kind of fact from the tokens no earlier rule has claimed.


def _ignored(found: _Found) -> None:
    tokens = found.tokens
    for i in range(len(tokens)):
        for phrase in IGNORED_PHRASES:
            if tokens[i].word != phrase[0]:
                continue
            stop = _phrase_end(tokens, i, phrase)
            if stop is not None:
                for token in tokens[i:stop]:
                    token.used = True


def _model_name(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """A model name starting at token i, as genai-prices spells it: ("gpt-4o-mini", end)."""
    first = tokens[i]
    if first.kind == "model":
        parts, versioned = [_JOINED_FAMILY.sub(r"\1-", first.word)], True
    elif first.kind == "word" and first.word in MODEL_FAMILIES:
        parts, versioned = [first.word], False
    else:
        return None
    j = i + 1
    while j < len(tokens) and tokens[j].fragment == first.fragment and not tokens[j].used:
        token = tokens[j]  # "claude 3.5 sonnet", "claude haiku 4.5", "gpt-4o mini"
        is_version = (token.kind == "num" and not token.suffix and token.value < 10) or (
            token.kind == "alnum" and len(token.word) <= 4)
        if not (is_version or (token.kind == "word" and token.word in MODEL_VARIANTS)):
            break
        versioned = versioned or is_version
        parts.append(token.word)
        j += 1
    return ("-".join(parts), j) if versioned else None  # "claude sonnet" names no model


def _models(found: _Found) -> None:
    tokens = found.tokens
    i = 0
    while i < len(tokens):
        named = _model_name(tokens, i) if not tokens[i].used else None
        if named is None:
            i += 1
            continue
        name, stop = named
        found.set("model", name, i, stop)
        i = stop


def _presets(found: _Found) -> None:
    """"the support preset", "preset: routing": a preset only when the word preset is there, so
    "our support bot" stays a support bot."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        if token.used or token.word not in PRESETS:
            continue
        for j in (i - 2, i - 1, i + 1):
            if 0 <= j < len(tokens) and tokens[j].word in PRESET_WORDS \
                    and tokens[j].fragment == token.fragment:
                found.set("preset", token.word, min(i, j), max(i, j) + 1)
                break


@dataclass
class _Number:
    start: int  # first token of the phrase ("about", "$")
    stop: int  # one past its last token
    at: int  # the number's own token
    value: float
    money: bool
    percent: bool = False  # "80%": only a factor can take it


def _number(tokens: list[Token], i: int) -> _Number | None:
    """The number phrase at token i: "about 300", "$1,800", "2 million", "a million", "200-300"
    (a range reads as its lower end)."""
    token = tokens[i]
    end = _fragment_end(tokens, i)
    if token.kind == "num":
        value, j = token.value, i + 1
    elif token.word in ONE_WORDS and i + 1 < end and tokens[i + 1].word in SCALE_WORDS \
            and tokens[i + 1].word not in SUFFIX_SCALE:
        value, j = 1.0, i + 1
    else:
        return None
    if j < end and tokens[j].kind == "word" and tokens[j].word in SCALE_WORDS and (
            token.kind != "num" or not token.suffix):
        value *= SCALE_WORDS[tokens[j].word]
        j += 1
    if j + 1 < end and tokens[j].word in ("-", "to") and tokens[j + 1].kind == "num":
        upper = tokens[j + 1].value
        if token.kind == "num" and not token.suffix and tokens[j + 1].suffix:
            value *= SUFFIX_SCALE[tokens[j + 1].suffix]
        value, j = min(value, upper), j + 2
    if j < end and tokens[j].word == "+":
        j += 1
    percent = j < end and tokens[j].word == "%"
    j += percent
    money = False
    if j < end and tokens[j].word in CURRENCY_WORDS:
        money, j = True, j + 1
    start = i
    if start > 0 and tokens[start - 1].word == "$" and not tokens[start - 1].used:
        money, start = True, start - 1
    while start > 0 and tokens[start - 1].fragment == token.fragment \
            and tokens[start - 1].word in APPROX_WORDS and not tokens[start - 1].used:
        start -= 1
    return _Number(start, j, i, value, money, percent)


def _after(tokens: list[Token], number: _Number, most: int = 5) -> list[int]:
    """Indexes of the words after a number phrase, in its fragment, up to the next number;
    hyphens skipped ("3k-token", "2-year")."""
    out = []
    end = _fragment_end(tokens, number.at)
    for j in range(number.stop, min(end, number.stop + most)):
        if tokens[j].kind in ("num", "model") or tokens[j].used:
            break
        if tokens[j].word != "-":
            out.append(j)
    return out


def _before(tokens: list[Token], number: _Number, most: int = 5) -> list[int]:
    """Indexes of the words before the number itself (its "about" and "$" too), nearest first,
    in its fragment, back to the previous number or claimed word."""
    out = []
    first = _fragment_start(tokens, number.at)
    for j in range(number.at - 1, max(first, number.at - most) - 1, -1):
        if tokens[j].kind in ("num", "model") or (tokens[j].used and j < number.start):
            break
        out.append(j)
    return out


def _rate(tokens: list[Token], after: list[int]) -> tuple[str, int] | None:
    """"a day", "per month", "/week", "daily": (period, index of the last word) or None."""
    for n, j in enumerate(after):
        word = tokens[j].word
        if word in RATE_ADVERBS:
            return PERIOD_OF[word], j
        if word in RATE_LEADS and n + 1 < len(after):
            period = PERIOD_OF.get(tokens[after[n + 1]].word)
            if period and not tokens[after[n + 1]].word.endswith("s"):
                return period, after[n + 1]
    return None


def count_text(value: float) -> str:
    """A count as people write it and the readers read it back exactly: 2000000 -> "2M"."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            text = f"{value / size:g}{suffix}"
            if _reads_back(text, value):
                return text
    return amount_text(value)


def amount_text(value: float) -> str:
    """A plain number the readers read back exactly: 1800.0 -> "1800", 2.5 -> "2.5"."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:g}"
    return text if _reads_back(text, value) else repr(value)


def _reads_back(text: str, value: float) -> bool:
    try:
        return read_number("n", text, "") == value
    except ArgumentError:
        return False


def _nearest_cadence(days: float) -> Cadence:
    return min(CADENCE_DAYS, key=lambda c: abs(math.log(max(days, 1e-6) / CADENCE_DAYS[c])))


def _fragment_words(tokens: list[Token], i: int) -> set[str]:
    return set(_words(tokens, _fragment_start(tokens, i), _fragment_end(tokens, i)))


def _duration(found: _Found, number: _Number, after: list[int], before: list[int]) -> bool:
    """"over 2 years", "18-month horizon", "every 2 weeks": True when the number was read."""
    tokens = found.tokens
    unit = tokens[after[0]].word if after else ""
    period, count, stop = PERIOD_OF.get(unit), number.value, (after[0] + 1 if after else 0)
    if period is None and tokens[number.at].suffix == "m" and (
            not after or tokens[after[0]].word in HORIZON_WORDS):
        period, count, stop = "month", number.value / 1e6, number.stop  # "over 18m"
    if period is None:
        return False
    leads = {tokens[j].word for j in before} | {tokens[j].word for j in after[1:3]}
    if leads & (HORIZON_LEADS | HORIZON_WORDS) and period in MONTHS_IN:
        months = count * MONTHS_IN[period]
        nxt = next((j for j in after[:3] if tokens[j].word in HORIZON_WORDS), stop - 1)
        found.set("horizon", amount_text(months), number.start, max(stop, nxt + 1))
        return True
    every = [j for j in before[:2] if tokens[j].word in EVERY_WORDS]
    if every:
        cadence = _nearest_cadence(count * PERIOD_DAYS[period])
        _cadence_fact(found, cadence, min(every[0], number.start), stop)
        return True
    return False


def _money(found: _Found, number: _Number, after: list[int], before: list[int]) -> None:
    """A dollar amount names its key by a word near it, or it is not used (never guessed)."""
    tokens = found.tokens
    price_end = _price_end(tokens, number)
    if price_end is not None:
        found.set("price", amount_text(number.value), number.start, price_end)
        return
    for j in sorted([*after, *before], key=lambda j: abs(j - number.at)):
        for key, words_of_key in MONEY_CONTEXT.items():
            if tokens[j].word in words_of_key:
                lo, hi = min(number.start, j), max(number.stop, j + 1)
                found.set(key, amount_text(number.value), lo, hi)
                return
    found.set_aside(number.start, _with_noun(tokens, number, after))


def _price_end(tokens: list[Token], number: _Number) -> int | None:
    """"$2.50 per 1M tokens", "$0.15/million input tokens": where the price phrase ends, or None
    when the amount is not a price per million tokens."""
    end, j = _fragment_end(tokens, number.at), number.stop
    if j + 1 >= end or tokens[j].word not in ("per", "/", "a"):
        return None
    million = tokens[j + 1]
    if not (million.word in PER_MILLION or (million.kind == "num" and million.value == 1e6)):
        return None
    j += 2
    while j < end and tokens[j].word in PRICE_TAIL:
        j += 1
    return j


def _unit(tokens: list[Token], indexes: list[int]) -> tuple[str, int] | None:
    """What the words near a number say it counts: ("examples" | "requests" | "tokens", index)."""
    for j in indexes:
        word = tokens[j].word
        if word in EXAMPLE_NOUNS:
            return "examples", j
        if word in TOKEN_NOUNS:
            return "tokens", j
    for j in indexes:
        if tokens[j].word in REQUEST_NOUNS:
            return "requests", j
    return None


def _key_before(tokens: list[Token], before: list[int]) -> tuple[str, int] | None:
    """"horizon 24", "eval: 400", "stability is 80": a key named just before a bare number."""
    for j in before:
        word = tokens[j].word
        if word in KEY_VALUE_GLUE or (word in APPROX_WORDS and word not in KEY_OF):
            continue
        key = KEY_OF.get(word)
        return (key, j) if key and key not in UNREAD_KEYS else None
    return None


FACT_OF_FACTOR = {"data": "examples", "volume": "requests"}  # a count given for a factor


def _counted(found: _Found, number: _Number, after: list[int], before: list[int]) -> bool:
    tokens = found.tokens
    if number.percent or (after and after[0] == number.stop and tokens[after[0]].word in
                          PERIOD_OF and tokens[after[0]].word not in RATE_ADVERBS):
        return False  # "2% of the time", "3 yrs of labeled tickets": not a count
    unit = _unit(tokens, after)
    if unit is None and not _counts_own_noun(tokens, number, after):
        unit = _unit(tokens, before[:4])  # "requests: 2M", but not "tickets into 40 queues"
    rate = _rate(tokens, after)
    if rate is None and unit and unit[1] < number.at:  # "monthly requests: 2M"
        rate = _rate(tokens, [j for j in reversed(before) if j < unit[1]][-1:])
    if unit is not None and tokens[unit[1]].word in RATE_NOUNS:
        rate = RATE_NOUNS[tokens[unit[1]].word], unit[1]
    if unit is None and rate is None:
        return False
    kind = unit[0] if unit else "requests"
    spans = [number.start, number.stop - 1] + ([unit[1]] if unit else [])
    if kind == "tokens" and rate is not None:  # "2M tokens a month": no per-call figure
        found.set_aside(min(spans), max([*spans, rate[1]]) + 1)
    elif kind == "tokens":
        cut = [j for j in before if tokens[j].word in REDUCTION_VERBS]
        found.set("reduction" if cut else "extra_tokens", count_text(number.value),
                  min(spans + cut[:1]), max(spans) + 1)
    elif kind == "examples":
        found.set("examples", count_text(number.value), min(spans), max(spans) + 1)
    else:
        per_month = PER_MONTH[rate[0]] if rate else 1.0
        spans += [rate[1]] if rate else []
        found.set("requests", count_text(_monthly(number.value, per_month)), min(spans),
                  max(spans) + 1)
    return True


def _monthly(count: float, per_month: float) -> float:
    """A volume per month: whole requests, and three figures where a week or a year made the
    month a fraction (1M a week -> 4.29M, not 4,285,714)."""
    monthly = count * per_month
    return float(round(monthly)) if per_month.is_integer() else float(f"{monthly:.3g}")


def _counts_own_noun(tokens: list[Token], number: _Number, after: list[int]) -> bool:
    """Whether the word right after a number is a noun no table knows ("40 categories")."""
    if not after or after[0] != number.stop:
        return False
    token = tokens[after[0]]
    return token.kind == "word" and (token.fuzzy or token.word not in _READ_WORDS)


def _multiplier(found: _Found, i: int) -> bool:
    """"the tuned model costs 2x": an `Nx` after tuned or fine-tuned in one clause."""
    token = found.tokens[i]
    if token.kind != "alnum" or not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?x", token.word):
        return False
    start = _fragment_start(found.tokens, i)
    tuned = [j for j in range(start, i) if found.tokens[j].word in TUNED_WORDS]
    if not tuned:
        return False
    found.set("tuned_multiplier", token.word, tuned[0], i + 1)  # its "costs" is no failure
    return True


def _numbers(found: _Found) -> None:
    tokens = found.tokens
    for i in range(len(tokens)):
        if tokens[i].used:
            continue
        if _multiplier(found, i):
            continue
        number = _number(tokens, i)
        if number is None:
            continue
        _read_number(found, number)


def _read_number(found: _Found, number: _Number) -> None:
    tokens = found.tokens
    after, before = _after(tokens, number), _before(tokens, number)
    if not math.isfinite(number.value):  # 400 nines: no key's number
        found.set_aside(number.start, number.stop)
    elif number.money:
        _money(found, number, after, before)
    elif _duration(found, number, after, before) or _counted(found, number, after, before):
        return
    elif _trimmed(tokens, number, before):  # "tuning would save about 1.5k of them"
        cut = next(j for j in before if tokens[j].word in REDUCTION_VERBS)
        found.set("reduction", count_text(number.value), cut, number.stop)
    elif (paid := _paid_for(tokens, number, after, before)) is not None:
        found.set(paid[0], amount_text(number.value), min(number.start, paid[1]),
                  max(number.stop, paid[1] + 1))
    elif (named := _key_before(tokens, before)) is not None:
        key, j = named
        if key in FACT_OF_FACTOR and number.value > 100 and not number.percent:
            key = FACT_OF_FACTOR[key]
        raw = count_text(number.value) if key in ("examples", "requests") else amount_text(
            number.value)
        if _accepts(key, raw):
            found.set(key, raw, j, number.stop)
        else:
            found.set_aside(number.start, _with_noun(tokens, number, after))
    else:
        found.set_aside(number.start, _with_noun(tokens, number, after))


def _trimmed(tokens: list[Token], number: _Number, before: list[int]) -> bool:
    """A bare number after cut/save in a clause about tuning: the tokens tuning removes."""
    return any(tokens[j].word in REDUCTION_VERBS for j in before) and bool(
        _fragment_words(tokens, number.at) & TUNED_WORDS)


def _paid_for(tokens: list[Token], number: _Number, after: list[int], before: list[int]
              ) -> tuple[str, int] | None:
    """"1.8k training", "eval: 400": an amount without '$' right beside what it pays for."""
    near = [j for j in (after[:1] + before[:1]) if abs(j - number.at) <= 2]
    for j in near:
        for key, words in MONEY_CONTEXT.items():
            if tokens[j].word in words:
                return key, j
    return None


def _with_noun(tokens: list[Token], number: _Number, after: list[int]) -> int:
    """Where a number not read ends, with the word it counts ("6 months", "$500 budget")."""
    if after and after[0] == number.stop and tokens[after[0]].kind == "word" \
            and tokens[after[0]].word not in FILLER:
        return after[0] + 1
    return number.stop


def _accepts(key: str, raw: str) -> bool:
    try:
        KEY_BY_NAME[key].read(key, raw)
    except ArgumentError:
        return False
    return True


def _no_data(found: _Found) -> None:
    """"no labeled data", "zero examples", "we don't have any labels": examples=0."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        if token.used or token.word not in ZERO_WORDS:
            continue
        end = _fragment_end(tokens, i)
        for j in range(i + 1, min(end, i + 5)):
            if tokens[j].word in DATA_NOUNS and not tokens[j].used:
                if tokens[j].word == "training" and (j + 1 >= end or tokens[j + 1].word not in
                                                     DATA_NOUNS):
                    break
                stop = j + 1
                while stop < end and tokens[stop].word in DATA_NOUNS:
                    stop += 1
                found.set("examples", "0", i, stop)
                break


def _key_words(found: _Found) -> None:
    """`key value` written without '=': "traffic high", "problem: tone", "cadence weekly"."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        key = KEY_OF.get(token.word)
        if token.used or key is None or key in UNREAD_KEYS:
            continue
        j = i + 1
        end = _fragment_end(tokens, i)
        while j < end and tokens[j].word in KEY_VALUE_GLUE:
            j += 1
        if j >= end or tokens[j].used or tokens[j].kind not in ("word", "alnum"):
            continue
        if key == "changes" and _fragment_words(tokens, i) & REQUIREMENT_WORDS:
            continue
        try:
            value = KEY_BY_NAME[key].read(key, tokens[j].word)
        except ArgumentError:
            continue
        found.set(key, str(getattr(value, "value", tokens[j].word)), i, j + 1)
        if isinstance(value, Cadence):
            found.cadences.setdefault(token.fragment, value)


def _cadence_at(tokens: list[Token], i: int) -> tuple[Cadence, int] | None:
    """A cadence expression at token i: "weekly", "every week", "once a month", "real time"."""
    token = tokens[i]
    if token.used:
        return None
    if token.word in CADENCE_ADVERBS:
        return CADENCE_ADVERBS[token.word], i + 1
    for phrase, cadence in CADENCE_PHRASES.items():
        if token.word != phrase[0]:
            continue
        stop = _phrase_end(tokens, i, phrase)
        if stop is not None:
            return cadence, stop
    if token.word in CADENCE_LEADS:
        j = i + 1
        if token.word in ("once", "twice") and j < len(tokens) and tokens[j].word in ("a", "per"):
            j += 1
        if j < len(tokens) and not tokens[j].used and tokens[j].word in CADENCE_OF_UNIT \
                and tokens[j].fragment == token.fragment:
            cadence = CADENCE_OF_UNIT[tokens[j].word]
            if token.word == "twice":
                cadence = _nearest_cadence(CADENCE_DAYS[cadence] / 2)
            return cadence, j + 1
    return None


def _cadence_fact(found: _Found, cadence: Cadence, start: int, stop: int) -> None:
    """How often something changes: facts -> `changes`, requirements -> `stability`; a
    cadence beside neither ("2M requests monthly" was claimed earlier) says nothing."""
    words = _fragment_words(found.tokens, start)
    if words & REQUIREMENT_WORDS:
        slow = CADENCE_DAYS.get(cadence, math.inf) >= CADENCE_DAYS[Cadence.QUARTERLY]
        _stability(found, "high" if slow else "low", start, stop)
    elif words & CHANGE_WORDS:
        found.set("changes", cadence.value, start, stop)
        found.cadences.setdefault(found.tokens[start].fragment, cadence)


def _cadences(found: _Found) -> None:
    """"policies change weekly", "the docs are updated daily", "facts never change"."""
    tokens = found.tokens
    for i in range(len(tokens)):
        at = _cadence_at(tokens, i)
        if at is None:
            continue
        cadence, stop = at
        _cadence_fact(found, cadence, i, stop)  # says something only beside a change word
    for i, token in enumerate(tokens):  # "the facts don't change" -> never
        if token.used or token.word not in ("don't", "doesn't", "dont", "doesnt", "won't"):
            continue
        if i + 1 < len(tokens) and tokens[i + 1].word in ("change", "changes", "move") \
                and not tokens[i + 1].used and tokens[i + 1].fragment == token.fragment:
            _cadence_fact(found, Cadence.NEVER, i, i + 2)


def _stability(found: _Found, level: str, start: int, stop: int) -> None:
    found.set("stability", level, start, stop)
    if level == "low":
        found.problems.append((WEAK, start, PROBLEM_OF_REQUIREMENTS))


def _requirements(found: _Found) -> None:
    """"requirements are stable" -> stability=high; "the spec keeps changing" -> low."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        if token.word not in REQUIREMENT_WORDS or "stability" in found.pairs:
            continue
        start, end = _fragment_start(tokens, i), _fragment_end(tokens, i)
        for j in range(start, end):
            word = tokens[j].word
            if tokens[j].used or word not in STABLE_WORDS | UNSTABLE_WORDS:
                continue
            negated = j > start and tokens[j - 1].word in NEGATIONS | NEGATED_CHANGE
            level = "high" if (word in STABLE_WORDS) != negated else "low"
            found.claim(i, i + 1)
            _stability(found, level, min(i, j - negated), max(i, j) + 1)
            break


def _levels(found: _Found) -> None:
    """"high traffic", "lots of labeled data", "little data": a factor's level word."""
    tokens = found.tokens
    for factor, levels in LEVEL_WORDS.items():
        if FACT_OF_FACTOR[factor] in found.pairs or factor in found.pairs:
            continue
        for i, token in enumerate(tokens):
            if token.used or token.word not in LEVEL_SUBJECTS[factor]:
                continue
            level = _level_near(tokens, i, levels)
            if level is not None:
                found.set(factor, level[0], min(i, level[1]), max(i, level[1]) + 1)
                break


def _level_near(tokens: list[Token], i: int, levels: dict[str, frozenset[str]]
                ) -> tuple[str, int] | None:
    start, end = _fragment_start(tokens, i), _fragment_end(tokens, i)
    for j in sorted(range(max(start, i - 3), min(end, i + 4)), key=lambda j: abs(j - i)):
        if tokens[j].used or j == i:
            continue
        for level, words in levels.items():
            if tokens[j].word in words and not (
                    tokens[j].word == "few" and j + 1 < end
                    and tokens[j + 1].word in SCALE_WORDS):
                return level, j
    return None


def _tolerance(found: _Found) -> None:
    """"long prompts are fine" -> tolerance=high; "the prompt is too long" -> low."""
    tokens = found.tokens
    for i in range(len(tokens)):
        for phrase in LONG_PROMPTS:
            if tokens[i].word == phrase[0] and _phrase_at(tokens, i, phrase):
                end = _fragment_end(tokens, i)
                fine = [j for j in range(i + 2, min(end, i + 6)) if tokens[j].word in FINE_WORDS]
                if fine:
                    found.set("tolerance", "high", i, fine[0] + 1)
                    return
    for i, token in enumerate(tokens):
        if token.word in ("prompt", "prompts") and not token.used:
            end = _fragment_end(tokens, i)
            words = _words(tokens, i + 1, min(end, i + 5))
            if "too" in words and "long" in words:
                found.set("tolerance", "low", i, i + 1)
                found.problems.append((STRONG, i, Problem.COST))
                return


_PROBLEMS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Problem, float]]] = {}
for _problem, _phrases in PROBLEM_WORDS.items():
    for _phrase, _strength in _phrases.items():
        _PROBLEMS_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _problem, _strength))
for _listed in _PROBLEMS_BY_FIRST.values():
    _listed.sort(key=lambda entry: -len(entry[0]))  # the longest phrase first


def _problems(found: _Found) -> None:
    """The product failure: the strongest word wins, and the first of equally strong ones."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        for phrase, problem, strength in _PROBLEMS_BY_FIRST.get(token.word, ()):
            stop = _phrase_end(tokens, i, phrase)
            if stop is None:
                continue
            strength = _in_context(found, i, phrase, problem, strength)
            if any(t.fuzzy for t in tokens[i:stop]):
                strength = min(strength, FUZZY)
            if _denied(tokens, i, stop):
                strength = 0.0
            if strength > 0:
                found.problems.append((strength, i, problem))
            found.claim(i, stop)
            break
    if found.problems and "problem" not in found.pairs:  # (pairs given as KEY=VALUE win later)
        best = max(found.problems, key=lambda hit: (hit[0], -hit[1]))
        found.pairs["problem"] = best[2].value


def _denied(tokens: list[Token], start: int, stop: int) -> bool:
    """"no JSON issues", "not the tone", "the tone is fine": a failure word said not to fail."""
    first, end = _fragment_start(tokens, start), _fragment_end(tokens, start)
    if start > first and tokens[start - 1].word in DENIALS:
        return True
    return any(tokens[j].word in FINE_WORDS for j in range(stop, min(end, stop + 3)))


def _in_context(found: _Found, i: int, phrase: tuple[str, ...], problem: Problem,
                strength: float) -> float:
    """A word's strength where it stands. What changes in a change statement ("facts never
    change", "policies change weekly") is its subject, not the failure: slow changes say
    knowledge is no problem (0), fast ones only lean towards it (WEAK)."""
    if problem is not Problem.KNOWLEDGE or phrase[0] not in KNOWLEDGE_SUBJECTS:
        return strength
    cadence = found.cadences.get(found.tokens[i].fragment)
    if cadence is None:
        return strength
    return 0.0 if CADENCE_DAYS.get(cadence, math.inf) >= CADENCE_DAYS[Cadence.QUARTERLY] \
        else min(strength, WEAK)


RULES: tuple[Callable[[_Found], None], ...] = (
    _ignored, _models, _presets, _numbers, _no_data, _key_words, _requirements, _cadences,
    _levels, _tolerance, _problems,
)


# ---------------------------------------------------------------------------------------------
# Not used

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _clip(text: str) -> str:
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= FRAGMENT_CHARS else flat[: FRAGMENT_CHARS - 1] + "…"


def _not_used(text: str, found: _Found) -> tuple[str, ...]:
    tokens = found.tokens
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        end = _fragment_end(tokens, i)
        fragment = tokens[i:end]
        meaningful = [t for t in fragment if t.kind != "sym" and t.word not in FILLER
                      and t.word not in APPROX_WORDS and (len(t.word) > 1 or t.kind == "num")]
        if tokens[i].fragment not in found.used_fragments and meaningful:
            spans.append(found.bounds[tokens[i].fragment])
        i = end
    spans += [(tokens[a].start, tokens[b - 1].end) for a, b in found.unplaced
              if tokens[a].fragment in found.used_fragments]  # else its fragment is listed
    shown = [_clip(text[a:b]) for a, b in sorted(set(spans))]
    if len(shown) > NOT_USED_MOST:
        shown = [*shown[: NOT_USED_MOST - 1], f"… and {len(shown) - NOT_USED_MOST + 1} more"]
    return tuple(s for s in shown if s)


def describe(text: str) -> Reading:
    """Read a description into the canonical keys. Pure and deterministic; never raises for any
    text (a description too long to read is the caller's to refuse, see MAX_DESCRIPTION_CHARS)."""
    found = _Found(*_tokens(text))
    for rule in RULES:
        rule(found)
    return Reading(pairs=found.pairs, not_used=_not_used(text, found))

