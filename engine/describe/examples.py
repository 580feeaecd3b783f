"""What the engine says when nothing could be read: 2-3 sentences people can copy, and the
KEY=VALUE form. One line, so the command line can print it on standard error."""


EXAMPLE_SENTENCES: tuple[str, ...] = (
    "our support bot's tone drifts, about 300 labeled examples, 2M requests a month",
    "answers are outdated because policies change weekly, no labeled data, 10k questions a day",
    "the JSON breaks our parser, 5k labeled examples, 50k/month on gpt-4o-mini",
)
EXAMPLE_ARGS = "problem=style examples=300 requests=2M"


def nothing_read(shown: str) -> str:
    """The one-line message for a description in which no fact could be found."""
    examples = " or ".join(f'"{sentence}"' for sentence in EXAMPLE_SENTENCES[:2])
    return (f"nothing could be read from '{shown}': it is not KEY=VALUE and names no fact Adapt"
            f" knows; describe the job, e.g. {examples}, or write KEY=VALUE, e.g. {EXAMPLE_ARGS}")
