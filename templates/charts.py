"""Pictures of a report: cumulative spend of both cost paths, and the five options' scores.

Each chart is PNG bytes plus alt text that states the finding, both from the engine's Report.
matplotlib is imported only when a chart is drawn, so the text, Markdown and Block Kit paths never
load it; it is driven through its object-oriented API (a Figure on an Agg canvas), never pyplot,
so no global figure state is shared between the threads of a server.

Layout: 1200 x 675 px (16:9, what Slack shows full width), type sized to stay legible when Slack
scales the image down to a message column. Colours come from the Okabe-Ito palette, which stays
distinct under every common colour-vision deficiency, and every series also differs in line style
and marker (or in lightness) so the chart still reads in greyscale.
"""

import io
import threading
from dataclasses import dataclass
from typing import Any

from adapt.engine import Report
from adapt.engine.units import pays_back_ever
from adapt.templates.format import compact, money

WIDTH, HEIGHT, DPI = 1200, 675, 150
FONT_SIZE = 13  # points at 150 dpi: about 27 px, still about 14 px when Slack halves the image

# Okabe-Ito: https://jfly.uni-koeln.de/color/ (orange and blue also differ in lightness)
ORANGE = "#E69F00"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"  # bluish green: the cached prompt path
GREY = "#B8B8B8"
INK = "#222222"

HEADROOM = 1.4  # the y axis runs to 1.4x the largest spend: the top band stays free for notes
COST_TITLE = "Cost over time: prompt-only vs tuned path"
CACHED_COST_TITLE = "Cost over time: prompt-only, cached prompt and tuned paths"
SCORE_TITLE = "Option scores"

_DRAWING = threading.Lock()  # matplotlib documents no thread safety: one drawing at a time


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt_text: str
    title: str
    filename: str


# ---- findings: plain sentences from the report's figures (no matplotlib needed) ----

def _months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def _at(months: float) -> str:
    return "under 0.1 months" if months < 0.05 else f"{months:,.1f} months"


def _no_saving(report: Report) -> str:
    savings = report.cost.monthly_savings
    against = " than the cached prompt" if report.cost.compared_with == "cached" else ""
    if savings > 0:  # a payback past reason (units.pays_back_ever): too little to repay the run
        return f"it saves {money(savings)} per month against {money(report.cost.one_time)} once"
    return (f"it costs {money(-savings)} more per month{against}" if savings < 0
            else "it saves nothing per month")


def _never(report: Report) -> bool:
    return not pays_back_ever(report.cost.break_even_months, report.cost.horizon_months)


RETIRED_COST_TITLE = "Cost over time: prompt-only (the model has retired)"


def cost_title(report: Report) -> str:
    if report.cost.tuned_path == "retired":
        return RETIRED_COST_TITLE
    return COST_TITLE if report.cost.cached_monthly is None else CACHED_COST_TITLE


def _cheaper_monthly(report: Report) -> float:
    """The monthly spend of the prompt path tuning is measured against (the cheaper one)."""
    c = report.cost
    if c.compared_with == "cached" and c.cached_monthly is not None:
        return c.cached_monthly
    return c.prompt_only_monthly


def _payback_span(report: Report) -> str:
    c = report.cost
    if c.payback_horizon_months < c.horizon_months:
        return f"the {c.payback_horizon_months:.1f} months the tuned model lives"
    return _months(c.horizon_months)


def cost_headline(report: Report) -> list[str]:
    """What the cost chart shows, in two short lines written on the chart itself."""
    c = report.cost
    be = c.break_even_months
    if c.tuned_path == "retired" and report.tuning is not None:
        return [f"{report.scenario.model} retired {report.tuning.retires}:",
                "no tuned path; its last prompt prices"]
    if be is None or _never(report):
        return ["Tuning never pays back:", _no_saving(report)]
    if be == 0:
        return ["Tuning pays off from the start:", "there is no one-time cost"]
    if c.pays_back_in_horizon:
        return [f"Break-even: {_at(be)}",
                f"{money(be * _cheaper_monthly(report))} spent on each path"]
    return [f"No payback within {_payback_span(report)}:", f"break-even at {_at(be)}"]


def cost_finding(report: Report) -> str:
    """The cost chart's finding in one sentence, e.g. 'Tuning breaks even after 17.6 months,
    beyond the 12-month horizon: $2,419 prompt-only vs $3,122 tuned over 12 months.'"""
    c = report.cost
    be = c.break_even_months
    cached = "" if c.cached_total is None else f" ({money(c.cached_total)} with the prompt cached)"
    if c.tuned_path == "retired" and report.tuning is not None:  # no tuned path to draw
        return (f"{report.scenario.model} retired on {report.tuning.retires}, and its fine-tunes"
                f" with it: {money(c.prompt_only_total)} prompt-only over"
                f" {_months(c.horizon_months)}{cached}, at its last prices.")
    if be is None or _never(report):
        finding = f"Tuning never pays back ({_no_saving(report)})"
    elif be == 0:
        finding = "Tuning pays off from the start (no one-time cost)"
    else:
        finding = f"Tuning breaks even {'in' if be < 0.05 else 'after'} {_at(be)}"
        if c.compared_with == "cached":
            finding += " against the cached prompt"
        if not c.pays_back_in_horizon and c.payback_horizon_months < c.horizon_months:
            finding += f", beyond the {c.payback_horizon_months:.1f} months the tuned model lives"
        elif not c.pays_back_in_horizon:
            finding += f", beyond the {c.horizon_months}-month horizon"
    return (f"{finding}: {money(c.prompt_only_total)} prompt-only vs {money(c.tuned_total)}"
            f" tuned over {_months(c.horizon_months)}{cached}.")


def cost_alt_text(report: Report) -> str:
    """What the cost chart is, then what it shows."""
    paths = "prompt-only vs tuned path" if report.cost.cached_monthly is None \
        else "prompt-only, cached prompt and tuned paths"
    return (f"Line chart of cumulative spend, {paths}, over"
            f" {_months(report.cost.horizon_months)}. {cost_finding(report)}")


def score_alt_text(report: Report) -> str:
    """The score chart's finding: the winner, its lead, and every option's score."""
    winner, runner_up = report.ranking[0], report.ranking[1]
    others = ", ".join(f"{o.name} {o.score:.1f}" for o in report.ranking[1:])
    return (f"Bar chart of the five options' scores out of 100. {winner.name} wins with"
            f" {winner.score:.1f}, {winner.gap:.1f} points ahead of {runner_up.name};"
            f" then {others}.")


# ---- drawing ----

def axis_money(value: float) -> str:
    """Dollars short enough for an axis or a legend: $0, $0.05, $250, $1.5k, $2.4M, $3T."""
    if value == 0:
        return "$0"
    if abs(value) >= 1e15:
        return f"${value:.2g}"
    if abs(value) >= 1_000:
        return "$" + compact(value)
    return f"${value:.3g}"


def _money_tick(value: float, _position: Any) -> str:
    return _plain(axis_money(value))


def _short(value: float) -> str:
    """Money as the report writes it ($2,419, $76.80), shortened from a million up: $2.4M."""
    return money(value) if abs(value) < 1e6 else axis_money(value)


def _plain(text: str) -> str:
    """Text matplotlib shows as written: a pair of $ signs would otherwise start mathtext."""
    return text.replace("$", r"\$")


def _figure() -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, layout="constrained",
                    facecolor="white")
    FigureCanvasAgg(figure)
    figure.get_layout_engine().set(w_pad=0.12, h_pad=0.1)
    return figure, figure.add_subplot()


def _style(ax: Any) -> None:
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(INK)
    ax.tick_params(labelsize=FONT_SIZE - 1, colors=INK)
    ax.grid(True, color="#E4E4E4", linewidth=1)
    ax.set_axisbelow(True)


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white",
                   metadata={"Software": None})
    return buffer.getvalue()


def _draw_cost(report: Report) -> bytes:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    c = report.cost
    months = [p.month for p in c.series]
    prompt_only = [p.prompt_only for p in c.series]
    retired = c.tuned_path == "retired"  # the model is gone: it has no tuned path to draw
    tuned = [] if retired else [p.tuned for p in c.series]
    cached = [p.cached for p in c.series if p.cached is not None]
    top = max([*prompt_only, *tuned, *cached])
    figure, ax = _figure()
    _style(ax)
    every = max(1, c.horizon_months // 12)
    ax.plot(months, prompt_only, color=ORANGE, linewidth=3, linestyle="-", marker="o",
            markersize=7, markevery=every, clip_on=False,
            label=_plain(f"Prompt-only: {_short(c.prompt_only_monthly)}/month"))
    if c.cached_monthly is not None and len(cached) == len(months):
        ax.plot(months, cached, color=GREEN, linewidth=3, linestyle=(0, (6, 2, 1, 2)),
                marker="^", markersize=8, markevery=every, clip_on=False,
                label=_plain(f"Cached prompt: {_short(c.cached_monthly)}/month"))
    if tuned:
        ax.plot(months, tuned, color=BLUE, linewidth=3, linestyle=(0, (5, 2)), marker="s",
                markersize=7, markevery=every, clip_on=False,
                label=_plain(f"Tuned: {_short(c.one_time)} one-time"
                             f" + {_short(c.tuned_monthly)}/month"))
    _mark_retirement(ax, report)
    ax.set_xlim(0, c.horizon_months)
    ax.set_ylim(0, top * HEADROOM if top > 0 else 1)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.yaxis.set_major_formatter(FuncFormatter(_money_tick))
    ax.set_xlabel("Month", fontsize=FONT_SIZE, color=INK)
    ax.set_ylabel("Cumulative spend (USD)", fontsize=FONT_SIZE, color=INK)
    figure.suptitle(cost_title(report), x=0.01, ha="left", fontsize=FONT_SIZE + 3,
                    fontweight="bold", color=INK)
    figure.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=FONT_SIZE - 1,
                  handlelength=2.6, columnspacing=1.6)  # three paths wrap to a second row
    note = _plain("\n".join(cost_headline(report)))
    be = c.break_even_months
    if be is not None and c.pays_back_in_horizon:
        crossing = be * _cheaper_monthly(report)
        ax.axvline(be, color=INK, linestyle=":", linewidth=1.5)
        ax.plot([be], [crossing], marker="D", markersize=12, color=VERMILLION,
                markeredgecolor=INK, markeredgewidth=1.5, zorder=5, clip_on=False)
        right = be / c.horizon_months < 0.5  # the label runs away from the nearer edge
        nudge = 0.008 * c.horizon_months * (1 if right else -1)
        ax.text(be + nudge, 0.97, note, transform=ax.get_xaxis_transform(),
                ha="left" if right else "right", va="top", fontsize=FONT_SIZE,
                fontweight="bold", color=INK, linespacing=1.3,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": INK})
    else:
        ax.text(0.015, 0.97, note, transform=ax.transAxes, ha="left", va="top",
                fontsize=FONT_SIZE, fontweight="bold", color=VERMILLION, linespacing=1.3,
                bbox={"boxstyle": "round,pad=0.35", "facecolor": "white",
                      "edgecolor": VERMILLION, "linewidth": 1.5})
    return _png(figure)


def _mark_retirement(ax: Any, report: Report) -> None:
    """A dotted line where the tuned model retires, when that falls inside the horizon: past it
    the tuned path does not exist, whatever the lines say."""
    tuning, c = report.tuning, report.cost
    if tuning is None or tuning.months_left is None or tuning.retires is None:
        return
    if not 0 < tuning.months_left < c.horizon_months:
        return
    ax.axvline(tuning.months_left, color=GREY, linestyle=(0, (1, 2)), linewidth=2)
    ax.text(tuning.months_left, 0.02, _plain(f" retires {tuning.retires.isoformat()}"),
            transform=ax.get_xaxis_transform(), ha="left", va="bottom",
            fontsize=FONT_SIZE - 2, color=INK)


def _draw_scores(report: Report) -> bytes:
    figure, ax = _figure()
    _style(ax)
    ax.grid(True, axis="x", color="#E4E4E4")
    ax.grid(False, axis="y")
    ranking = report.ranking
    positions = list(range(len(ranking)))
    colours = [BLUE if o.rank == 1 else GREY for o in ranking]
    ax.barh(positions, [o.score for o in ranking], color=colours, edgecolor=INK, linewidth=1,
            height=0.64)
    ax.set_yticks(positions, [o.name + (" (winner)" if o.rank == 1 else "") for o in ranking])
    for label, option in zip(ax.get_yticklabels(), ranking, strict=True):
        label.set_fontsize(FONT_SIZE)
        if option.rank == 1:
            label.set_fontweight("bold")
    for position, option in zip(positions, ranking, strict=True):
        inside = option.score > 88
        ax.text(option.score + (-1.2 if inside else 1.2), position, f"{option.score:.1f}",
                ha="right" if inside else "left", va="center", fontsize=FONT_SIZE,
                fontweight="bold" if option.rank == 1 else "normal",
                color="white" if inside and option.rank == 1 else INK)
    ax.invert_yaxis()  # the winner on top
    ax.set_xlim(0, 100)
    ax.set_xlabel("Score (0-100)", fontsize=FONT_SIZE, color=INK)
    winner = ranking[0]
    figure.suptitle(f"{SCORE_TITLE}: {winner.name} wins", x=0.01, ha="left",
                    fontsize=FONT_SIZE + 3, fontweight="bold", color=INK)
    ax.set_title(f"{winner.gap:.1f} points ahead of {ranking[1].name}", loc="left",
                 fontsize=FONT_SIZE - 1, color=INK)
    return _png(figure)


def cost_chart(report: Report) -> Chart:
    with _DRAWING:
        png = _draw_cost(report)
    return Chart(png=png, alt_text=cost_alt_text(report), title=cost_title(report),
                 filename="adapt-cost.png")


def score_chart(report: Report) -> Chart:
    with _DRAWING:
        png = _draw_scores(report)
    return Chart(png=png, alt_text=score_alt_text(report),
                 title=f"{SCORE_TITLE}: {report.winner.name} wins", filename="adapt-scores.png")
