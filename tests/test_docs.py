"""The README and docs/ stay true to the code (issue 25): the command line's reference is what the
code generates, every relative link finds its file and heading, every `$ adapt ...` example is the
command's real output, and the JSON fields and warning ids the engine gives are all documented.
In process: the command runs through `adapt.cli.main`, as the console script calls it."""

import contextlib
import importlib.util
import io
import json
import re
import shlex
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from adapt.cli import main
from adapt.engine import evaluate_input
from adapt.engine.sentences import WARNINGS
from adapt.templates import render_report

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
README_MAX_LINES = 300

FENCE = re.compile(r"^```.*?^```[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)


def _gen_cli() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli", DOCS / "gen_cli.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prose(text: str) -> str:
    """The page without its code blocks: what a reader sees as links and headings."""
    return FENCE.sub("", text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for match in HEADING.finditer(_prose(page.read_text(encoding="utf-8"))):
        slug = _slug(match.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links(page: Path) -> list[str]:
    prose = CODE_SPAN.sub("", _prose(page.read_text(encoding="utf-8")))
    return [target for target in LINK.findall(prose)
            if not re.match(r"[a-z][a-z+.-]*:", target)]  # https:, mailto:


def test_the_reference_in_cli_md_is_what_the_code_generates():
    generator = _gen_cli()
    current = generator.CLI_MD.read_text(encoding="utf-8")
    assert generator.spliced(current) == current, \
        "docs/cli.md's reference is out of date: run .venv/bin/python docs/gen_cli.py"


def test_the_reference_holds_the_help_and_every_key():
    from adapt.cli import help_text
    from adapt.engine.keys import KEYS

    reference = _gen_cli().reference()
    assert help_text().rstrip("\n") in reference
    for key in KEYS:
        assert f"| `{key.name}` |" in reference, key.name


def test_a_changed_reference_is_caught():
    generator = _gen_cli()
    current = generator.CLI_MD.read_text(encoding="utf-8")
    stale = current.replace("| `horizon` |", "| `horizon_months` |")
    assert stale != current
    assert generator.spliced(stale) != stale


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_finds_its_file_and_heading(page):
    broken = []
    for target in _links(page):
        path, _, anchor = target.partition("#")
        destination = (page.parent / path).resolve() if path else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
            broken.append(f"{target}: no heading #{anchor} in {destination.name}")
    assert not broken, broken


def test_the_link_checker_sees_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Here\n\n[ok](#here) [gone](missing.md) [bad](#nowhere)\n"
                    "```\n[in code](ignored.md)\n```\n", encoding="utf-8")
    assert _links(page) == ["#here", "missing.md", "#nowhere"]
    assert _anchors(page) == {"here"}


def test_the_slugs_are_githubs():
    assert _slug("`adapt --help`") == "adapt---help"
    assert _slug("Many workspaces (OAuth)") == "many-workspaces-oauth"
    assert _slug("Canvas, compare, shortcuts and a Workflow Builder step") == \
        "canvas-compare-shortcuts-and-a-workflow-builder-step"


def test_the_readme_is_a_front_door_and_keeps_its_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= README_MAX_LINES
    # contracts: .ci/run calls the test command; a fresh clone runs the first
    assert "```sh\npython3 dev.py run volume=high data=low\n```" in readme
    assert "```sh\npython3 dev.py test\n```" in readme
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_picture_is_shown_on_the_slack_page():
    slack = (DOCS / "slack.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted((DOCS / "img").glob("*.png")) if f"img/{p.name}" not in slack]
    assert not missing, missing


def _examples() -> list[tuple[str, str, list[str]]]:
    """(page, command, excerpt) for every code block that starts with `$ adapt`."""
    found = []
    for page in PAGES:
        for block in FENCE.findall(page.read_text(encoding="utf-8")):
            lines = block.splitlines()[1:-1]
            if not lines or not lines[0].startswith("$ adapt "):
                continue
            command = lines.pop(0)[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + lines.pop(0).strip()
            found.append((page.name, command, lines))
    return found


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(argv)
    assert status == 0, argv
    return out.getvalue()


def _excerpt_of(excerpt: list[str], output: list[str]) -> bool:
    """The excerpt's runs of lines (cut at `...`) appear in the output whole, in order."""
    runs: list[list[str]] = [[]]
    for line in excerpt:
        if line.strip() == "...":
            runs.append([])
        else:
            runs[-1].append(line.rstrip())
    start = 0
    for run in (run for run in runs if run):
        at = next((i for i in range(start, len(output) - len(run) + 1)
                   if output[i:i + len(run)] == run), None)
        if at is None:
            return False
        start = at + len(run)
    return True


def test_there_are_examples_to_check():
    pages = {page for page, _, _ in _examples()}
    assert {"README.md", "cli.md", "engine.md"} <= pages


@pytest.mark.parametrize(("page", "command", "excerpt"), _examples(),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_every_example_is_the_commands_real_output(page, command, excerpt):
    argv = shlex.split(command)[1:]
    output = [line.rstrip() for line in _run(argv).splitlines()]
    assert _excerpt_of(excerpt, output), f"{page}: `{command}` no longer prints this"


def test_the_excerpt_check_fails_on_a_changed_line():
    output = ["a", "b", "c", "d"]
    assert _excerpt_of(["a", "b", "...", "d"], output)
    assert not _excerpt_of(["a", "c"], output)  # not adjacent without `...`
    assert not _excerpt_of(["c", "...", "a"], output)  # out of order


def _json_reports() -> list[dict]:
    """Reports that between them carry every optional field: a description (read_as), a model
    retiring (tuning, lifecycle), the prompt cache, and a tune served by the hour (serving)."""
    day = date(2026, 12, 1)
    inputs = ["tone drifts, about 300 labeled examples, 2M requests a month, thanks team",
              "support model=gpt-4o-mini cached=90% output_tokens=300",
              "model=llama-3.1-8b requests=20M examples=2000 tokens_per_example=700"]
    return [json.loads(render_report(evaluate_input(text, today=day), "json")) for text in inputs]


def _json_names() -> set[str]:
    """The names in code spans of cli.md's JSON section (`cost_line`, `{option, name, ...}`)."""
    cli = (DOCS / "cli.md").read_text(encoding="utf-8")
    section = cli[cli.index("### JSON"):cli.index("### Charts")]
    return {name for span in re.findall(r"`([^`]*)`", section)
            for name in re.findall(r"[a-z_]+", span)}


def test_every_json_field_is_documented():
    documented = _json_names()
    fields = set()
    for report in _json_reports():
        fields |= set(report) | set(report["cost"]) | set(report["ranking"][0])
    assert {"read_as", "lifecycle", "serving", "cached_monthly"} <= fields
    missing = sorted(field for field in fields if field not in documented)
    assert not missing, f"docs/cli.md's JSON section does not name {missing}"


def test_every_warning_id_is_documented():
    documented = _json_names()
    ids = {sentence for sentence in WARNINGS if "." not in sentence}  # the rest are variants
    assert {"availability", "model_retired", "cache_first"} <= ids
    missing = sorted(ids - documented)
    assert not missing, f"docs/cli.md's JSON section does not name the warnings {missing}"
