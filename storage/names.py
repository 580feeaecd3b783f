"""Scenario names: the rule a name must follow, checked where a name comes in."""

from typing import Annotated

from pydantic import StringConstraints, TypeAdapter, ValidationError

NAME_MAX = 40
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
NAME_RULE = f"1-{NAME_MAX} letters, digits, - or _, starting with a letter or digit"
ScenarioName = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX,
                                                pattern=NAME_PATTERN)]
_NAME = TypeAdapter(ScenarioName)


class BadName(ValueError):
    """A scenario name that breaks the rules; the message says which rules. `shown`: the name as
    given, shortened."""

    def __init__(self, message: str, shown: str = "") -> None:
        super().__init__(message)
        self.shown = shown


def scenario_name(raw: str) -> str:
    """A valid scenario name, or BadName. Names are compared without regard to case."""
    try:
        return _NAME.validate_python(raw.strip())
    except ValidationError:
        shown = raw if len(raw) <= NAME_MAX else raw[: NAME_MAX - 1] + "…"
        raise BadName(f"'{shown}' is not a valid name: use {NAME_RULE}", shown) from None


def name_key(name: str) -> str:
    return name.lower()
