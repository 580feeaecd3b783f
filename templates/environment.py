"""The Jinja wiring every medium shares: one way to build an environment over a folder of
templates, with the report filters, and compiled templates cached between runs."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
)

from adapt.engine.scenario import FACTOR_LABELS, PROBLEM_LABELS, Factor, level_word
from adapt.templates.format import (
    BAR_WIDTH,
    against,
    bar,
    break_even,
    compact,
    difference_told,
    escape_markdown,
    fact_told,
    gap_rows,
    input_told,
    key_row,
    lower_first,
    money,
    nice_ceiling,
    plain_date,
    quiet_factors,
    requests_note,
    sample,
    standing,
    tip_told,
)

# Filters every medium may use: figures and report pieces, no escaping for any one medium
# but Markdown's.
REPORT_FILTERS: dict[str, Callable[..., Any]] = {
    "money": money, "compact": compact, "bar": bar, "level": level_word, "sample": sample,
    "nice_ceiling": nice_ceiling, "tip_told": tip_told, "gap_rows": gap_rows,
    "against": against, "key_row": key_row, "plain_date": plain_date,
    "escape_markdown": escape_markdown, "break_even": break_even,
    "lower_first": lower_first, "fact_told": fact_told, "input_told": input_told,
    "quiet_factors": quiet_factors, "requests_note": requests_note, "standing": standing,
    "difference_told": difference_told,
}
REPORT_GLOBALS: dict[str, Any] = {
    "FACTORS": list(Factor), "FACTOR_LABELS": FACTOR_LABELS, "PROBLEM_LABELS": PROBLEM_LABELS,
    "BAR_WIDTH": BAR_WIDTH,
}


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs: compiling them is most of a CLI run's render time."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    directory = Path(base) / "adapt" / "jinja"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # read-only home: compile every time, still correct
    return FileSystemBytecodeCache(str(directory))


TEMPLATE_DIR = Path(__file__).parent  # the shared pieces (prices.j2) live here


def make_environment(directory: Path, filters: dict[str, Callable[..., Any]] | None = None,
                     globals: dict[str, Any] | None = None) -> Environment:
    """An environment over `directory` (and the shared pieces beside this module) with the report
    filters and globals, plus `filters` and `globals` of a medium's own. Undefined names fail
    loudly; nothing is HTML-escaped. Templates are loaded once per process: they are package
    files, never edited under a running server, and checking their modification time on every
    render (Jinja's auto_reload) cost a stat per template and import on every Slack answer."""
    folders = list(dict.fromkeys([directory, TEMPLATE_DIR]))
    env = Environment(loader=FileSystemLoader(folders), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      autoescape=False, bytecode_cache=_bytecode_cache(), auto_reload=False)
    env.filters.update({**REPORT_FILTERS, **(filters or {})})
    env.globals.update({**REPORT_GLOBALS, **(globals or {})})
    return env
