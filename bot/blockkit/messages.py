"""One function per payload the app sends: the view model a template needs, rendered, then
checked against Slack's limits (limits.py) before it can be sent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from adapt.bot.blockkit.limits import check_message, check_view
from adapt.bot.blockkit.pieces import SlackImage, escape_code, escape_mrkdwn, tip_row
from adapt.bot.blockkit.render import render_json
from adapt.engine import ArgumentError, Report
from adapt.engine.args import key_help, to_args
from adapt.engine.brief import tuning_planned
from adapt.engine.compare import Comparison
from adapt.engine.keys import COST_KEYS, KEYS
from adapt.engine.options import CARDS, OptionId
from adapt.engine.presets import PRESETS
from adapt.engine.scenario import LEVELS, PROBLEM_LABELS, Problem, Scenario, level_word
from adapt.engine.units import CADENCE_WORDS, Cadence, money, months_text, volume_for_requests
from adapt.storage.store import NAME_MAX, NAME_RULE
from adapt.templates import render
from adapt.templates.charts import COST_TITLE, cost_finding
from adapt.templates.format import compact

if TYPE_CHECKING:  # only their shape: templates read a saved scenario's or a record's fields
    from adapt.storage.store import Recent, Saved

MARKDOWN_CHUNK = 2_900  # characters per preformatted block of the Markdown export
LIST_PAGE = 20  # saved scenarios per /adapt list page (one section each)
HOME_SAVED = 20  # saved scenarios on App Home (two blocks each), then a "more" hint
HOME_RECENT = 10  # recent results on App Home (one block each)
OPTION_NAMES = {option.value: card.name for option, card in CARDS.items()}
FORM_FIELDS = {key.name: key.form for key in KEYS if key.form is not None}


def scenario_args(report: Report) -> str:
    return " ".join(to_args(report.scenario))


def _plan_lines(report: Report) -> list[str]:
    """The plan for the first screen, minus what the decision just said: the first step only
    when it adds to the summary's reason, then every step alongside or waiting for a fact."""
    first, *later = report.plan
    said = report.reasons[0].text if report.reasons else report.summary
    extra = first.why.removeprefix(said).strip()
    lines = [f"*{first.when}:* {extra}"] if extra else []
    return lines + [f"*{step.when}:* {step.name}. {step.why}" for step in later]


def _change_lines(report: Report) -> list[str]:
    """What would change the answer: each factor that has a tipping point, the rest in one line,
    then the volume at which tuning pays back."""
    tips = report.tipping_points
    lines = [tip_row(point) for point in tips if point.below or point.above]
    quiet = [point.factor.value for point in tips if not (point.below or point.above)]
    if quiet and lines:
        lines.append(f"• *{', '.join(quiet)}*: no value in 0-100 changes the answer")
    elif quiet:
        lines.append("• No single factor within its range changes the answer")
    cost, now = report.cost, compact(report.scenario.requests)
    within = months_text(cost.payback_horizon_months)  # the horizon, or the model's life
    if cost.payback_requests is None:
        lines.append(f"• *requests* {now}: no monthly volume makes tuning pay back within"
                     f" {within} months")
    else:
        lines.append(f"• *requests* {now}: tuning pays back within {within} months"
                     f" from {compact(cost.payback_requests)}/month")
    return lines


def result_message(report: Report, *, shared_by: str | None = None, note: str | None = None,
                   chart: SlackImage | None = None,
                   saved: Saved | None = None) -> dict[str, Any]:
    """The answer's first screen (Details has the rest); `chart`: the cost chart image, for
    posts shared in a channel."""
    return check_message(render_json("result.json.j2", r=report, args=scenario_args(report),
                                     plan_lines=_plan_lines(report), shared_by=shared_by,
                                     note=note, chart=chart, saved=saved))


def details_message(report: Report) -> dict[str, Any]:
    """The full analysis, shown in place of the first screen."""
    return check_message(render_json("details.json.j2", r=report, args=scenario_args(report),
                                     change_lines=_change_lines(report),
                                     tuning_planned=tuning_planned(report.stack)))


def chart_message(report: Report, chart: SlackImage | None, *,
                  note: str | None = None) -> dict[str, Any]:
    """The cost chart on its own; without an image, its finding and figures as text."""
    return check_message(render_json("chart.json.j2", r=report, args=scenario_args(report),
                                     chart=chart, note=note, title=COST_TITLE,
                                     finding=cost_finding(report)))


def inspect_message(report: Report, option: OptionId) -> dict[str, Any]:
    entry = next(o for o in report.ranking if o.option is option)
    return check_message(render_json("inspect.json.j2", r=report, o=entry,
                                     args=scenario_args(report)))


def markdown_chunks(markdown: str, size: int = MARKDOWN_CHUNK) -> list[str]:
    """Split at line ends into pieces of at most `size` characters; joined, they are the input."""
    chunks: list[str] = []
    current = ""
    for line in markdown.splitlines(keepends=True):
        if current and len(current) + len(line) > size:
            chunks.append(current)
            current = ""
        while len(line) > size:
            chunks.append(line[:size])
            line = line[size:]
        current += line
    if current:
        chunks.append(current)
    return chunks


def markdown_text(report: Report) -> str:
    return render("markdown/report.md.j2", r=report)


def markdown_message(report: Report) -> dict[str, Any]:
    return markdown_export_message(markdown_text(report))


def markdown_export_message(markdown: str) -> dict[str, Any]:
    """Markdown in copyable preformatted blocks; joined, the chunks are `markdown` exactly."""
    return check_message(render_json("markdown.json.j2", chunks=markdown_chunks(markdown)))


def _problem_text(problem: str | ArgumentError) -> tuple[str, str]:
    """(mrkdwn, plain) for a problem: our own sentence as it is, or an argument error, with the
    likely typo said as "Unknown key `volum`: did you mean `volume`?" and user text escaped."""
    if isinstance(problem, str):
        return problem[:1].upper() + problem[1:], problem
    fix = problem.fix
    if fix is not None and problem.fixed_args is not None:
        wrong, right = escape_code(fix.wrong), escape_code(fix.right)
        if fix.in_key:
            return f"Unknown key `{wrong}`: did you mean `{right}`?", problem.message
        field = escape_code(problem.field or "")
        return (f"`{field}` does not take `{wrong}`: did you mean `{right}`?", problem.message)
    return escape_mrkdwn(problem.message[:1].upper() + problem.message[1:]), problem.message


FIX_LABEL = 75  # characters of a button's text


def error_message(problem: str | ArgumentError, *, lead: str = "") -> dict[str, Any]:
    """A problem in one line, with the fixed command to run when it looks like a typo, and
    Help. `problem`: our own mrkdwn sentence, or an ArgumentError (its user text is escaped);
    `lead`, our own words before it."""
    text, plain = _problem_text(problem)
    fixed = problem.fixed_args if isinstance(problem, ArgumentError) else None
    label = f"Run /adapt {fixed}" if fixed else ""
    if len(label) > FIX_LABEL:
        label = "Run the corrected command"
    return check_message(render_json("error.json.j2", problem=lead + text, plain=lead + plain,
                                     fixed=fixed, fixed_label=label))


def help_message(error: str | None = None) -> dict[str, Any]:
    from adapt.engine.describe import EXAMPLE_SENTENCES  # the reader loads when first needed

    return check_message(render_json(
        "help.json.j2", error=error, keys=key_help(), levels=LEVELS,
        sentences=EXAMPLE_SENTENCES,
        problems=[p.value for p in Problem], presets=list(PRESETS)))


def presets_message() -> dict[str, Any]:
    return check_message(render_json("presets.json.j2", presets=list(PRESETS.values())))


def _also_set(scenario: Scenario) -> list[str]:
    """The factors in play that the decision form's facts do not show: the ones a preset or a
    KEY=VALUE line set directly, or the defaults until a fact is stated."""
    found = []
    if scenario.examples is None:
        found.append(("data", scenario.data))
    if scenario.volume != volume_for_requests(scenario.requests):
        found.append(("volume", scenario.volume))
    if scenario.changes is None:
        found.append(("freshness", scenario.freshness))
    return [f"{name} {value:.4g} ({level_word(value)})" for name, value in found]


def _cost_summary(scenario: Scenario) -> str:
    model = f" ({scenario.model})" if scenario.model else ""
    extras = [f"{scenario.output_tokens:,.0f} output tokens a call"] if scenario.output_tokens \
        else []
    if scenario.cached is not None:
        extras.append(f"{scenario.cached:.0%} of the extra tokens cached")
    return " · ".join([
        f"{scenario.extra_tokens:,.0f} extra prompt tokens a call, {scenario.reduction:,.0f}"
        " removed by tuning", *extras,
        f"{money(scenario.training)} training + {money(scenario.eval)} evaluation",
        f"${scenario.price:.2f} per 1M input tokens{model}", f"{scenario.horizon}-month horizon"])


def modal_view(values: dict[str, str], *, scenario: Scenario, metadata: str, rev: int,
               comparing: bool = False) -> dict[str, Any]:
    """The decision form, showing `values` (what each field holds), for `scenario`; when
    `comparing`, its answer is compared with the scenario the form started from."""
    return check_view(render_json(
        "modal.json.j2", values=values, preset=scenario.preset, metadata=metadata, rev=rev,
        comparing=comparing,
        presets=list(PRESETS.values()), fields=FORM_FIELDS, also_set=_also_set(scenario),
        cost_summary=escape_mrkdwn(_cost_summary(scenario)),
        problems=[(p.value, f"{p.value}: {PROBLEM_LABELS[p]}") for p in Problem],
        cadences=[(c.value, f"{CADENCE_WORDS[c].capitalize()} ({c.value})") for c in Cadence]))


def cost_view(values: dict[str, str], *, metadata: str, rev: int) -> dict[str, Any]:
    """The cost inputs, one click away from the decision form."""
    return check_view(render_json("cost_form.json.j2", values=values, metadata=metadata,
                                  rev=rev, fields=FORM_FIELDS, keys=COST_KEYS))


def notice_message(kind: str, name: str, saved: Saved | None = None, *,
                   new_args: str | None = None, verb: str = "change") -> dict[str, Any]:
    """About one saved scenario: saved, replaced, exists (offers Overwrite), kept, deleted,
    refused (someone else's: `verb` says what was refused) or missing (no `saved`)."""
    if saved is None and kind != "missing":
        raise ValueError(f"a {kind} notice needs the saved scenario")
    return check_message(render_json("notice.json.j2", kind=kind, asked=name, s=saved,
                                     new_args=new_args, verb=verb, names=OPTION_NAMES))


def saved_list_message(items: Sequence[Saved], *, total: int, page: int) -> dict[str, Any]:
    pages = max(1, -(-total // LIST_PAGE))
    return check_message(render_json("saved_list.json.j2", items=items, total=total,
                                     page=page, pages=pages, names=OPTION_NAMES))


def save_modal_view(args: str, winner: str, metadata: str) -> dict[str, Any]:
    return check_view(render_json("save_modal.json.j2", args=args, winner=winner,
                                  metadata=metadata, rule=NAME_RULE[:1].upper() + NAME_RULE[1:],
                                  max_length=NAME_MAX))


def home_view(saved: Sequence[Saved], total_saved: int, recent: Sequence[Recent], *,
              retention_days: int, readable: bool = True) -> dict[str, Any]:
    """App Home: how-to, presets, the workspace's saved scenarios (at most HOME_SAVED, then a
    hint), the person's recent results (at most HOME_RECENT): always within 100 blocks."""
    return check_view(render_json("home.json.j2", presets=list(PRESETS.values()),
                                  saved=saved[:HOME_SAVED], total_saved=total_saved,
                                  recent=recent[:HOME_RECENT], retention_days=retention_days,
                                  readable=readable, names=OPTION_NAMES))


def _score_lines(report: Report) -> list[str]:
    """Every option's score, in catalogue order (the same order on both sides), winner bold."""
    by_option = {entry.option: entry for entry in report.ranking}
    lines = []
    for option in report.cards:
        entry = by_option[option]
        name = f"*{entry.name}*" if entry.rank == 1 else entry.name
        lines.append(f"{entry.score:.1f} {name}" + (" _(not yet)_" if entry.not_yet else ""))
    return lines


def compare_message(comparison: Comparison) -> dict[str, Any]:
    """Two scenarios side by side, and the one line that says what changed the answer."""
    args = [scenario_args(comparison.a), scenario_args(comparison.b)]
    differences = [f"`{escape_code(d.key)}` {escape_mrkdwn(d.a)} → {escape_mrkdwn(d.b)}"
                   for d in comparison.differences]
    return check_message(render_json(
        "compare.json.j2", c=comparison, args=args, both=" | ".join(args),
        scores=[_score_lines(comparison.a), _score_lines(comparison.b)],
        differences=differences))


def canvas_message(title: str, link: str | None, *, user: str, channel: str | None,
                   shared: bool) -> dict[str, Any]:
    """Where a new decision-record canvas is, and who can open it."""
    return check_message(render_json("canvas.json.j2", title=title, link=link, user=user,
                                     channel=channel, shared=shared))
