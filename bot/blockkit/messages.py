"""One function per payload the app sends: the view model a template needs, rendered, then
checked against Slack's limits (limits.py) before it can be sent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from adapt.bot.blockkit.limits import check_message, check_view
from adapt.bot.blockkit.pieces import (
    SlackImage,
    escape_code,
    escape_mrkdwn,
    menu_values,
    plan_row,
    tip_row,
)
from adapt.bot.blockkit.render import render_json
from adapt.engine import ArgumentError, Report
from adapt.engine.args import key_help, to_args
from adapt.engine.brief import tuning_planned
from adapt.engine.compare import Comparison
from adapt.engine.keys import COST_KEYS, KEY_OF, KEYS
from adapt.engine.options import CARDS, OptionId
from adapt.engine.presets import PRESETS
from adapt.engine.price_list import choice_for
from adapt.engine.scenario import (
    DEFAULT_EPOCHS,
    PROBLEM_LABELS,
    Factor,
    Problem,
    Scenario,
)
from adapt.engine.units import CADENCE_WORDS, Cadence, money
from adapt.storage.store import NAME_MAX, NAME_RULE
from adapt.templates import render
from adapt.templates.charts import cost_finding, cost_title
from adapt.templates.format import (
    compact,
    difference_told,
    fact_of,
    fact_told,
    quiet_factors,
    standing,
)

if TYPE_CHECKING:  # only their shape: templates read a saved scenario's or a record's fields
    from adapt.storage.store import Recent, Saved

MARKDOWN_CHUNK = 2_900  # characters per preformatted block of the Markdown export
LIST_PAGE = 20  # saved scenarios per /adapt list page (one section each)
HOME_SAVED = 20  # saved scenarios on App Home (two blocks each), then a "more" hint
HOME_RECENT = 10  # recent results on App Home (one block each)
OPTION_NAMES = {option.value: card.name for option, card in CARDS.items()}
FORM_FIELDS = {key.name: key.form for key in KEYS if key.form is not None}
SENTENCE_BLOCK = "sentence"  # the decision form's free-text field (its block id, with the rev)


def scenario_args(report: Report) -> str:
    return " ".join(to_args(report.scenario))


def _why_now(report: Report) -> str:
    """Why the leader fixes the failure (the plan's Now), when the summary does not say it
    already; the plan line itself would only name the winner again (issue 23)."""
    said = report.reasons[0].text if report.reasons else report.summary
    now = report.plan[0].why
    return "" if now in report.summary else now.removeprefix(said).strip()


def _plan_lines(report: Report) -> list[str]:
    """What goes alongside the leader; what waits shows in the ranking, with its trigger."""
    return [f"*{step.when}:* {step.name}. {step.why}" for step in report.plan[1:]
            if step.option is not report.decision.waiting]


def _change_lines(report: Report) -> list[str]:
    """What would change the answer: each factor that has a tipping point, in words, the rest in
    one line, then the volume at which tuning pays back."""
    tips = report.tipping_points
    lines = [tip_row(point, report.scenario) for point in tips if point.below or point.above]
    quiet = quiet_factors(tips)
    if quiet:
        lines.append(f"• No change to {quiet} alone changes the answer")
    now = compact(report.scenario.requests)
    lines.append(f"• *{now} requests a month*: {report.cost.requests_tip}")
    return lines


def _inspect_options(report: Report, args: str) -> list[tuple[str, str]] | None:
    """The Details picker's options, one per option, or None when the scenario is too long to
    ride in an option's value (Inspect buttons then carry it)."""
    return menu_values([(entry.name, entry.option.value) for entry in report.ranking], args)


def result_message(report: Report, *, shared_by: str | None = None, note: str | None = None,
                   chart: SlackImage | None = None,
                   saved: Saved | None = None) -> dict[str, Any]:
    """The answer's first screen (Details has the rest); `chart`: the cost chart image, for
    posts shared in a channel."""
    return check_message(render_json("result.json.j2", r=report, args=scenario_args(report),
                                     why_now=_why_now(report),
                                     plan_lines=_plan_lines(report), shared_by=shared_by,
                                     note=note, chart=chart, saved=saved))


def details_message(report: Report) -> dict[str, Any]:
    """The full analysis, shown in place of the first screen."""
    args = scenario_args(report)
    now, said = report.plan[0], [reason.text for reason in report.reasons]
    plan = [plan_row(step) for step in report.plan
            if step is not now or not any(now.why.endswith(text) for text in said)]
    return check_message(render_json("details.json.j2", r=report, args=args, plan_lines=plan,
                                     change_lines=_change_lines(report),
                                     inspect=_inspect_options(report, args),
                                     tuning_planned=tuning_planned(report.stack)))


def chart_message(report: Report, chart: SlackImage | None, *,
                  note: str | None = None) -> dict[str, Any]:
    """The cost chart on its own; without an image, its finding and figures as text."""
    return check_message(render_json("chart.json.j2", r=report, args=scenario_args(report),
                                     chart=chart, note=note, title=cost_title(report),
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


KEY_LIST = "; keys: "  # the parser ends an unknown key's message with every key
DESCRIBE_TAIL = "; describe the job, e.g."  # ...and a description that read nothing, examples


def _problem_text(problem: str | ArgumentError) -> tuple[str, str]:
    """(mrkdwn, plain) for a problem, in one line: our own sentence as it is, or an argument
    error, with a likely typo said as "Unknown key `volum`: did you mean `volume`?", the list of
    every key left to `/adapt help keys`, and user text escaped."""
    if isinstance(problem, str):
        return problem[:1].upper() + problem[1:], problem
    fix = problem.fix
    if fix is not None and problem.fixed_args is not None and fix.wrong not in KEY_OF:
        wrong, right = escape_code(fix.wrong), escape_code(fix.right)
        if fix.in_key:
            return (f"Unknown key `{wrong}`: did you mean `{right}`?",
                    f"unknown key '{fix.wrong}': did you mean '{fix.right}'?")
        field = escape_code(problem.field or "")
        return (f"`{field}` does not take `{wrong}`: did you mean `{right}`?",
                f"{problem.field} does not take '{fix.wrong}': did you mean '{fix.right}'?")
    message, listed, _ = problem.message.partition(KEY_LIST)
    message, described, _ = message.partition(DESCRIBE_TAIL)
    shown = escape_mrkdwn(message[:1].upper() + message[1:])
    if listed:
        return shown + "; `/adapt help keys` lists them", message
    if described:  # nothing was read: the examples are a click away (Help), the form is here
        return shown + "; describe the job in a sentence (*Help* has examples) or use the form", \
            message
    return shown, message


FIX_LABEL = 75  # characters of a button's text


def _one_sentence(text: str) -> str:
    """A notification's text: the problem's first clause, as one sentence."""
    first = text.split("; ")[0].rstrip(".")
    return first[:1].upper() + first[1:] + ("" if first.endswith("?") else ".")


def error_message(problem: str | ArgumentError, *, lead: str = "") -> dict[str, Any]:
    """A problem in one line with a way out: the fixed command to run when it looks like a
    typo, else the form; and Help. `problem`: our own mrkdwn sentence, or an ArgumentError (its
    user text is escaped); `lead`, our own words before it."""
    text, plain = _problem_text(problem)
    fixed = problem.fixed_args if isinstance(problem, ArgumentError) else None
    label = f"Run /adapt {fixed}" if fixed else ""
    if len(label) > FIX_LABEL:
        label = "Run the corrected command"
    return check_message(render_json("error.json.j2", problem=lead + text,
                                     plain=_one_sentence(lead + plain), fixed=fixed,
                                     fixed_label=label))


def help_message(error: str | None = None) -> dict[str, Any]:
    """How to use /adapt on one screen, sentences first; the keys come on request."""
    from adapt.engine.describe import EXAMPLE_SENTENCES  # the reader loads when first needed

    return check_message(render_json("help.json.j2", error=error, sentences=EXAMPLE_SENTENCES,
                                     presets=list(PRESETS)))


def keys_message() -> dict[str, Any]:
    """Every key, with what it allows and its aliases (/adapt help keys)."""
    return check_message(render_json("keys.json.j2", keys=key_help(),
                                     problems=[p.value for p in Problem]))


CHOOSE = "choose"  # Inspect's value for "which option?" (More…, when Details has no picker)


def more_message(args: str) -> dict[str, Any]:
    """The answer's other actions, for a scenario too long for the overflow menu (More…)."""
    return check_message(render_json("more.json.j2", args=args, CHOOSE=CHOOSE))


def choose_message(report: Report) -> dict[str, Any]:
    """Which option to inspect: one button each (More… > Inspect an option)."""
    return check_message(render_json("choose.json.j2", r=report, args=scenario_args(report)))


def presets_message() -> dict[str, Any]:
    return check_message(render_json("presets.json.j2", presets=list(PRESETS.values())))


def _also_set(scenario: Scenario) -> list[str]:
    """What else is in play that the decision form's fields do not show, in words: a factor a
    preset or a KEY=VALUE line set directly (or its default, until a fact is stated), and the
    tolerance for long prompts, which no field asks."""
    found = [fact_told(scenario, factor) for factor in (Factor.DATA, Factor.VOLUME,
                                                         Factor.FRESHNESS)
             if fact_of(scenario, factor) is None]
    return [*found, fact_told(scenario, Factor.TOLERANCE)]


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
        comparing=comparing, SENTENCE_BLOCK=SENTENCE_BLOCK,
        presets=list(PRESETS.values()), fields=FORM_FIELDS, also_set=_also_set(scenario),
        cost_summary=escape_mrkdwn(_cost_summary(scenario)),
        model_label=choice_for(values["model"]).label if values["model"] else "",
        problems=[(p.value, f"{p.value}: {PROBLEM_LABELS[p]}") for p in Problem],
        cadences=[(c.value, f"{CADENCE_WORDS[c].capitalize()} ({c.value})") for c in Cadence],
        levels=LEVEL_CHOICES))


LEVEL_CHOICES = [("high", "Settled"), ("medium", "Partly settled"), ("low", "Still changing")]


def _cost_defaults(scenario: Scenario) -> list[str]:
    """Every cost key the cost form does not ask, with the value this scenario uses."""
    output = f"{scenario.output_tokens:,.0f} output tokens a call" + (
        f" at ${scenario.output_price:.2f} per 1M" if scenario.output_price is not None else "")
    training = "training priced as typed" if scenario.tokens_per_example is None else (
        f"training from {scenario.tokens_per_example:,.0f} tokens per example x"
        f" {scenario.epochs or DEFAULT_EPOCHS} epochs")
    serving = "the tuned model billed per token" if scenario.gpu_price is None else (
        f"the tuned model on GPUs at ${scenario.gpu_price:,.2f} an hour")
    return [f"{scenario.shared_tokens:,.0f} input tokens both paths send", output,
            "caching not modelled" if scenario.cached is None
            else f"{scenario.cached:.0%} of the prompt cached",
            "no batch API" if scenario.batch is None
            else f"{scenario.batch:.0%} of calls through the batch API", training, serving]


def cost_view(values: dict[str, str], *, metadata: str, rev: int,
              scenario: Scenario | None = None) -> dict[str, Any]:
    """The cost inputs, one click away from the decision form, and what else the cost uses."""
    return check_view(render_json("cost_form.json.j2", values=values, metadata=metadata,
                                  rev=rev, fields=FORM_FIELDS, keys=COST_KEYS,
                                  defaults=[escape_mrkdwn(d) for d in
                                            _cost_defaults(scenario or Scenario())]))


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
        lines.append(f"{entry.score:.1f} {name}" + (f" _({mark})_" if (mark := standing(entry))
                                                     else ""))
    return lines


def compare_message(comparison: Comparison) -> dict[str, Any]:
    """Two scenarios side by side, and the one line that says what changed the answer."""
    args = [scenario_args(comparison.a), scenario_args(comparison.b)]
    told = [(d.key, *difference_told(d, comparison.a.scenario, comparison.b.scenario))
            for d in comparison.differences]
    differences = [f"`{escape_code(key)}` {escape_mrkdwn(a)} → {escape_mrkdwn(b)}"
                   for key, a, b in told]
    return check_message(render_json(
        "compare.json.j2", c=comparison, args=args, both=" | ".join(args),
        scores=[_score_lines(comparison.a), _score_lines(comparison.b)],
        differences=differences))


def canvas_message(title: str, link: str | None, *, user: str, channel: str | None,
                   shared: bool) -> dict[str, Any]:
    """Where a new decision-record canvas is, and who can open it."""
    return check_message(render_json("canvas.json.j2", title=title, link=link, user=user,
                                     channel=channel, shared=shared))
