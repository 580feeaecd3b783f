"""The word tables the rules read by. Words are lowercase; phrases are tuples of words.

Each table says where its words come from: the key table (engine/keys.py) and the readers'
aliases (engine/readers.py) wherever they fit a sentence, issue 9 ("Say it the way you'd say it")
for the phrasings it lists, and everyday wording beyond that.
"""

from adapt.engine.numbers import HUNDRED
from adapt.engine.numbers import SCALE_WORDS as NUMBER_SCALES
from adapt.engine.readers import CADENCE_ALIASES, PROBLEM_ALIASES
from adapt.engine.scenario import Problem
from adapt.engine.units import Cadence

# Numbers: the one grammar of engine/numbers.py (scales, number words), and the words around a
# number. "about 300", "~300", "300+".
APPROX_WORDS = frozenset({
    "about", "around", "approx", "approximately", "roughly", "nearly", "almost", "over", "under",
    "some", "maybe", "like", "abt", "circa", "ca", "est", "estimated", "more", "less", "than",
    "at", "least", "most", "up", "to", "close", "just", "only", "above", "below", "exactly",
    "upwards", "of", "~", "+", "is", "are", "was", "were", "be",
})
SCALE_WORDS: dict[str, float] = {**NUMBER_SCALES, **dict.fromkeys(HUNDRED, 1e2)}

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
    "yesterday": "day", "today": "day",  # "3k tickets yesterday": a day's worth
}
RATE_ADVERBS = frozenset({"hourly", "daily", "nightly", "weekly", "monthly", "quarterly",
                          "yearly", "annually", "annual", "yesterday", "today"})
# "1.2M tickets last year" is a year's worth (a twelfth of it a month), not a monthly rate.
RATE_LEADS = frozenset({"a", "an", "per", "/", "each", "every", "last", "past", "previous",
                        "this"})
# Totals are no rate (issue 21): "5,000 tickets so far", "40k conversations in total", "2,500
# past replies". A count of requests said this way is not a monthly volume; it is not used.
TOTAL_PHRASES: tuple[tuple[str, ...], ...] = (
    ("so", "far"), ("in", "total"), ("total",), ("to", "date"), ("altogether",), ("overall",),
    ("all", "time"), ("since",), ("cumulative",), ("cumulatively",), ("lifetime",),
    ("collected",), ("accumulated",), ("past",), ("previous",), ("historical",),
    ("historic",), ("archived",), ("existing",), ("backlog",),
)
PAST_WORDS = frozenset({"past", "last", "previous"})  # "over the past 3 months" is no horizon
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
    "approved", "curated", "vetted", "graded", "tagged", "gold", "golden",  # "900 approved replies"
})
# "2,500 past replies that the team labeled": requests a label makes examples, later in the clause
LABELED_LATER = EXAMPLE_NOUNS | {"reviewed", "rated", "humans", "human", "manually",
                                 "annotators", "reviewers", "experts"}
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
NOT_AUXILIARIES = frozenset({"don't", "doesn't", "dont", "doesnt", "won't"})  # "don't change"
NEGATED_CHANGE = NOT_AUXILIARIES | {"never", "rarely", "seldom", "hardly", "not"}

# Requirements: the `stability` factor (keys.py: stability, stable, requirements), not facts.
REQUIREMENT_WORDS = frozenset({"requirement", "requirements", "spec", "specs", "specification",
                               "scope", "workflow", "workflows"})
STABLE_WORDS = frozenset({"stable", "settled", "fixed", "locked", "frozen", "final", "defined",
                          "clear", "firm", "steady", "know", "known"})  # "don't know" negates
UNSTABLE_WORDS = frozenset({"unstable", "change", "changes", "changing", "moving", "shifting",
                            "evolving", "fluid", "flux", "unclear", "volatile", "churn"})
NEGATIONS = frozenset({"not", "isn't", "aren't", "isnt", "arent", "never", "hardly", "no"})

# "No labeled data" means examples=0 (the issue).
ZERO_WORDS = frozenset({"no", "zero", "none", "without", "nothing", "nobody", "haven't", "havent",
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

# Negation and emphasis by clause (issue 21). A failure word is denied by a denial right before
# it ("no JSON issues", "not the tone"), by a denying phrase earlier in its clause ("not worried
# about style", "no issues with JSON"), by what its clause says after it ("the tone is fine",
# "tone isn't the issue"; "not good" is no denial), and so is a subject "and" joins to a denied
# one ("style and format are fine"). "doesn't follow the schema" is a complaint, not a denial:
# only these phrases deny.
DENIALS = frozenset({"no", "not", "never", "without", "isn't", "aren't", "isnt", "arent", "nor"})
DETERMINERS = frozenset({"the", "our", "a", "an", "any", "its", "their", "my", "your", "this",
                         "that", "much", "real", "big"})
DENYING_PHRASES: tuple[tuple[str, ...], ...] = (
    ("not", "worried"), ("not", "concerned"), ("not", "bothered"), ("not", "really", "worried"),
    ("aren't", "worried"), ("no", "issues"), ("no", "issue"), ("no", "problems"),
    ("no", "problem"), ("no", "complaints"), ("no", "trouble"), ("no", "concerns"),
    ("no", "worries"), ("nothing", "wrong"), ("don't", "care"), ("dont", "care"),
    ("happy", "with"), ("satisfied", "with"),
)
NEGATORS = frozenset({"not", "isn't", "aren't", "isnt", "arent", "never", "no", "nothing"})
PROBLEM_NOUNS = frozenset({"issue", "issues", "problem", "problems", "concern", "concerns",
                           "bottleneck", "blocker", "priority", "worry"})
JOINING_WORDS = frozenset({"and", "or", "nor"})
# "mostly X, sometimes Y": X is the failure, Y a lesser one the reply notes.
MAIN_WORDS = frozenset({"mostly", "mainly", "primarily", "chiefly", "largely", "especially",
                        "main", "biggest", "major", "worst", "primary"})
LESSER_WORDS = frozenset({"sometimes", "occasionally", "rarely", "seldom", "minor", "slightly",
                          "somewhat", "bit", "sporadically", "intermittently"})
LESSER = 0.4  # a failure said to be lesser loses to any other word said plainly

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
        ("informal",): WEAK, ("sound", "like", "us"): STRONG, ("sounds", "like", "us"): STRONG,
        ("like", "our", "brand"): STRONG,
    },
    Problem.KNOWLEDGE: {
        ("knowledge",): STRONG, ("facts",): STRONG, ("stale",): STRONG, ("outdated",): STRONG,
        ("out", "of", "date"): STRONG, ("hallucinates",): STRONG, ("hallucinating",): STRONG,
        ("hallucinations",): STRONG, ("hallucinate",): STRONG, ("policies", "change"): STRONG,
        ("hallucinated",): STRONG, ("hallucination",): STRONG, ("invents",): STRONG,
        ("invent",): STRONG, ("invented",): STRONG, ("inventing",): STRONG,
        ("makes", "up"): STRONG, ("made", "up"): STRONG, ("making", "up"): STRONG,
        ("fabricates",): STRONG, ("fabricated",): STRONG, ("fabricating",): STRONG,
        ("wrong", "information"): STRONG, ("wrong", "informations"): STRONG,
        ("wrong", "info"): STRONG, ("doesn't", "know"): STRONG, ("does", "not", "know"): STRONG,
        ("didn't", "know"): STRONG, ("doesnt", "know"): STRONG,
        **{("wrong", noun): STRONG for noun in ("prices", "limits", "numbers", "dates", "figures",
                                                 "details", "amounts", "rates", "specs")},
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
        ("paying",): WEAK, ("price",): WEAK,
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
# "wrong" a few words before what is wrong: facts ("the wrong plan limits") are knowledge, a
# destination ("sends claims to the wrong team") is a decision boundary.
WRONG_WHAT: dict[Problem, frozenset[str]] = {
    Problem.KNOWLEDGE: frozenset({"prices", "price", "limits", "numbers", "dates", "figures",
                                  "details", "amounts", "rates", "specs", "facts", "info",
                                  "information", "informations", "policy", "policies"}),
    Problem.DOMAIN: frozenset({"team", "teams", "queue", "queues", "department", "category",
                               "categories", "intent", "intents", "label", "bucket", "agent"}),
}
WRONG_GAP = 3  # words between "wrong" and what is wrong, at most
KNOWLEDGE_SUBJECTS = frozenset({"facts", "fact", "knowledge", "policies", "policy", "prices",
                                "docs", "documentation", "catalog", "pricing"})
PROBLEM_OF_REQUIREMENTS = Problem.EXPLORATION  # the issue: "requirements change" is exploring

IGNORED_PHRASES: tuple[tuple[str, ...], ...] = (  # everyday phrases that only look like facts
    ("in", "terms", "of"), ("voice", "assistant"), ("voice", "bot"), ("voice", "agent"),
    ("voice", "calls"), ("at", "the", "moment"), ("for", "now"),
)

# Model names (issue 21: read loosely, from the price data's own ids and names, see
# describe/models.py). The families people type, as OpenAI, Anthropic, Google, Mistral, Meta,
# Cohere, DeepSeek, xAI, Alibaba and Microsoft name them, start a model name; the words after them
# are matched against prices.known_models(), which is read only when a name starts.
MAKER_OF_FAMILY: dict[str, str] = {  # a family and the provider that makes it (genai-prices ids)
    "gpt": "openai", "chatgpt": "openai", "claude": "anthropic", "gemini": "google",
    "gemma": "google", "mistral": "mistral", "mixtral": "mistral", "codestral": "mistral",
    "ministral": "mistral", "magistral": "mistral", "devstral": "mistral", "pixtral": "mistral",
    "llama": "meta", "command": "cohere", "deepseek": "deepseek", "qwen": "qwen", "grok": "x-ai",
    "phi": "azure",
}
MODEL_FAMILIES = tuple(MAKER_OF_FAMILY)
MAKER_OF_WORD: dict[str, str] = {  # and the words that say who makes a model without a family
    **MAKER_OF_FAMILY, "o1": "openai", "o3": "openai", "o4": "openai", "4o": "openai",
}
MODEL_VARIANTS = frozenset({"mini", "nano", "pro", "flash", "lite", "haiku", "sonnet", "opus",
                            "turbo", "large", "small", "latest", "preview", "instruct", "plus"})
CLAUDE_TIERS = frozenset({"haiku", "sonnet", "opus"})  # "sonnet 4.5" names a model on its own
# Words in a model's name that do not change which model it is: how it is served or tuned
# ("instruct", "turbo", "instant"), or who made it ("meta" of "Meta-Llama-3.1-8B").
MODEL_NEUTRAL_WORDS = frozenset({
    "instruct", "chat", "it", "latest", "hf", "turbo", "instant", "versatile", "meta", "openai",
    "anthropic", "google", "mistralai", "microsoft", "alibaba", "qwen", "deepseek", "ai",
})
# Where a model is served, in the order a name is read as one of them when several serve it: the
# tuning catalogue's rows, the family's maker, the hosts that tune open-weight models with LoRA
# (Together, Fireworks: design.md, the market), any other provider, and last the aggregators
# that resell others' models.
OPEN_WEIGHT_HOSTS = ("together", "fireworks")
AGGREGATORS = ("openrouter", "github-copilot", "cursor", "huggingface_")
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
# Separator words that do not end a clause before these: "so far", "since launch".
BOUND_AFTER: dict[str, frozenset[str]] = {
    "so": frozenset({"far", "much", "many", "long"}),
    "since": frozenset({"launch", "launched", "launching", "inception", "day", "last", "then",
                        "january", "february", "march", "april", "may", "june", "july",
                        "august", "september", "october", "november", "december", "jan", "feb",
                        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                        "go", "golive", "beta", "release"}),
}
_SEPARATOR_WORDS = frozenset({"and", "but", "plus", "while", "whereas", "though", "although",
                              "also", "because", "since", "so"})
