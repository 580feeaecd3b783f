"""`adapt`: the engine in a terminal. Only `serve` loads Slack; only `serve` and `db` load the
database code; only `model=` loads genai-prices; only `--chart` and `--chart-scores` load
matplotlib; only a description (and help, which shows examples) loads the description reader;
only `compare` loads the comparison. Start-up is most of a run: bench/startup.py measures it."""

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

from adapt.engine.args import ArgumentError
from adapt.engine.report import Report, evaluate, evaluate_input
from adapt.templates import FORMATS, render, render_comparison, render_report

EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad command-line usage; `see`: the help that explains it."""

    def __init__(self, message: str, see: str = "adapt --help") -> None:
        super().__init__(message)
        self.see = see


class HelpShown(Exception):
    """A subcommand printed its --help: nothing else runs, and the exit status is 0."""


def _help_layout(prog: str) -> argparse.HelpFormatter:
    """Descriptions as written, at one width whatever the terminal (docs/cli.md quotes them)."""
    return argparse.RawDescriptionHelpFormatter(prog, width=96, max_help_position=26)


class _Parser(argparse.ArgumentParser):
    """Errors are one line (main prints them); `COMMAND --help` prints and returns 0 through
    main instead of exiting the interpreter."""

    def __init__(self, prog: str, description: str, epilog: str = "") -> None:
        super().__init__(prog=prog, description=description, epilog=epilog,
                         formatter_class=_help_layout)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message, see=f"{self.prog} --help")

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            self.error(message.strip())
        raise HelpShown


def _report_parser() -> argparse.ArgumentParser:
    # `adapt --help` is the long help (templates/text/help.txt.j2), so -h is a plain flag here
    parser = argparse.ArgumentParser(prog="adapt", add_help=False)
    parser.error = _refuse  # type: ignore[method-assign]
    parser.add_argument("pairs", nargs="*")
    parser.add_argument("-f", "--format", choices=FORMATS, default="text")
    parser.add_argument("-o", "--output")
    parser.add_argument("--chart", metavar="PATH.png")
    parser.add_argument("--chart-scores", metavar="PATH.png")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    parser.add_argument("-h", "--help", action="store_true")
    parser.add_argument("--version", action="store_true")
    return parser


def _refuse(message: str) -> None:
    raise UsageError(message)


def _report_options(argv: Sequence[str]) -> argparse.Namespace:
    """The report's flags, and KEY=VALUE pairs and description words wherever they stand among
    them (`adapt support -f json volume=high`); after `--` every word is a pair or a word.
    Python 3.11's intermixed parsing reads flags after a leading `--`, so the cut is made here."""
    cut = argv.index("--") if "--" in argv else len(argv)
    options = _report_parser().parse_intermixed_args(argv[:cut])
    options.pairs = [*options.pairs, *argv[cut + 1:]]
    return options


def _day(text: str) -> date:
    """--as-of: the date tuning availability is judged at (default: today)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a date; use YYYY-MM-DD") \
            from None


def _compare_parser() -> _Parser:
    parser = _Parser("adapt compare", "Two scenarios side by side: what each recommends, what"
                     " differs and why, and\nwhat each costs over the horizon.", epilog="""\
Each side is what `adapt` itself takes: KEY=VALUE pairs, a preset name or a description.
  adapt compare "support" "support requests=2M"
  adapt compare support "our support bot's tone drifts, 5k labeled examples, 2M a month"
Exit status: 0 on success, 2 on bad input (the side is named), 1 when a file cannot be written.""")
    parser.add_argument("a", metavar='"A"', help="the first scenario (quote it)")
    parser.add_argument("b", metavar='"B"', help="the second scenario (quote it)")
    parser.add_argument("-f", "--format", choices=FORMATS, default="text", metavar="FORMAT",
                        help="text, markdown or json (default text)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the comparison to FILE instead of standard output")
    _as_of(parser)
    return parser


def _as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day,
                        help="judge the models' lifecycles as of this date (default today)")


def _compare(argv: Sequence[str]) -> int:
    """`adapt compare "A" "B"`: each side KEY=VALUE text, a preset or a description."""
    from adapt.engine.compare import compared

    options = _compare_parser().parse_args(argv)
    today = options.as_of or date.today()
    reports = []
    for side, text in (("A", options.a), ("B", options.b)):
        try:
            reports.append(evaluate_input(text, today=today))
        except ArgumentError as error:
            raise ArgumentError(f"side {side}: {error.message}", error.field) from None
    comparison = compared(reports[0], reports[1], today)
    _write(render_comparison(comparison, options.format), options.output)
    return 0


def _catalogue_parser() -> _Parser:
    parser = _Parser("adapt catalogue", "Every row of the tuning catalogue (which models can be"
                     " tuned, where, at what price,\nuntil when) with its source, the day it was"
                     " read and its age; rows past the age\nlimit are marked stale. `adapt catalog`"
                     " is the same.")
    parser.add_argument("-f", "--format", choices=("text", "json"), default="text",
                        metavar="FORMAT", help="text or json (default text)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the listing to FILE instead of standard output")
    _as_of(parser)
    return parser


def _catalogue(argv: Sequence[str]) -> int:
    """`adapt catalogue`: every tuning-catalogue row with its source, the day it was read and
    its age as of today (or --as-of); rows past the age limit are marked stale."""
    options = _catalogue_parser().parse_args(argv)
    from adapt.engine.listing import listing

    found = listing(options.as_of or date.today())
    text = found.model_dump_json(indent=2) + "\n" if options.format == "json" \
        else render("text/catalogue.txt.j2", l=found)
    _write(text, options.output)
    return 0


def _serve_parser() -> _Parser:
    parser = _Parser("adapt serve", "Run the Slack app: over HTTP (uvicorn), or in Socket Mode when"
                     " SLACK_APP_TOKEN is set.", epilog=_serve_epilog())
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"),
                        help="address to listen on (default HOST, else 0.0.0.0)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")),
                        help="port to listen on (default PORT, else 3000)")
    parser.add_argument("--workers", type=_workers, metavar="N",
                        default=os.environ.get("WEB_CONCURRENCY", "1"),  # parsed like the flag
                        help="worker processes, 1-64 (default WEB_CONCURRENCY, else 1)")
    return parser


def _serve_epilog() -> str:
    """The settings `adapt serve` reads, as bot.settings names them (serving loads it anyway)."""
    from adapt.bot.settings import WHERE

    names = "\n".join(f"  {name}" for name in WHERE)
    return (f"Settings, from the environment or ./.env (never printed):\n{names}\n"
            "A missing or malformed one stops the server with one line naming it and where to"
            " find it.\nSee docs/operations.md and docs/slack.md.")


def _workers(text: str) -> int:
    """--workers: uvicorn worker processes, 1-64 (default WEB_CONCURRENCY, else 1)."""
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a number of workers (1-64)")
    return int(text)


def help_text() -> str:
    from adapt.engine.args import key_help
    from adapt.engine.describe import EXAMPLE_ARGS, EXAMPLE_SENTENCES
    from adapt.engine.scenario import LEVELS

    return render("text/help.txt.j2", keys=key_help(), levels=LEVELS,
                  sentences=EXAMPLE_SENTENCES, example_args=EXAMPLE_ARGS)


def presets_text() -> str:
    from adapt.engine.args import parse_scenario
    from adapt.engine.presets import PRESETS

    lines = ["Presets (use as `adapt NAME` or `preset=NAME`; other keys override them):", ""]
    for name, preset in PRESETS.items():
        winner = evaluate(parse_scenario([name]), today=date.today()).winner.name
        lines.append(f"  {name:<11} {preset.title} -> {winner}")
        lines.append(f"  {'':<11} {preset.story}")
    return "\n".join(lines) + "\n"


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text)


def _write_charts(report: Report, cost: str | None, scores: str | None) -> None:
    """PNG charts beside the report; matplotlib is loaded only when one is asked for."""
    if cost is None and scores is None:
        return
    from adapt.templates.charts import cost_chart, score_chart

    for path, draw in ((cost, cost_chart), (scores, score_chart)):
        if path is not None:
            with open(path, "wb") as handle:
                handle.write(draw(report).png)


def _run(argv: Sequence[str]) -> int:
    if argv[:1] == ["serve"]:
        options = _serve_parser().parse_args(argv[1:])
        from adapt.bot.serving.serve import serve  # Slack is loaded only when serving

        return serve(host=options.host, port=options.port, workers=options.workers)
    if argv[:1] == ["db"]:
        return _db(argv[1:])
    if argv[:1] == ["compare"]:
        return _compare(argv[1:])
    if argv[:1] in (["catalogue"], ["catalog"]):
        return _catalogue(argv[1:])
    if argv[:1] == ["presets"]:
        _presets_parser().parse_known_args(argv[1:])  # words after it are tolerated, as `help`'s
        sys.stdout.write(presets_text())
        return 0
    options = _report_options(argv)
    if options.help or options.pairs[:1] == ["help"]:
        sys.stdout.write(help_text())
        return 0
    if options.version:
        sys.stdout.write(f"adapt {_version()}\n")
        return 0
    # KEY=VALUE or a description
    report = evaluate_input(options.pairs, today=options.as_of or date.today())
    _write_charts(report, options.chart, options.chart_scores)
    _write(render_report(report, options.format), options.output)
    return 0


def _presets_parser() -> _Parser:
    return _Parser("adapt presets", "The presets, each with its story and what it recommends"
                   " today; use one as\n`adapt NAME` or `preset=NAME` (other keys override it).")


def _db_parser() -> _Parser:
    parser = _Parser("adapt db", "The database `adapt serve` keeps saved scenarios, results and"
                     " installations in.", epilog="""\
DATABASE_URL names it (default ./adapt.db, SQLite), e.g.
  postgresql+psycopg://user:password@host/dbname
`adapt serve` applies the migrations itself at start; `adapt db upgrade` applies them
ahead of a deploy. Exit status: 0 when the database is at the newest revision, 1 when it
cannot be upgraded (the URL is shown without its password).""")
    parser.add_argument("command", choices=["upgrade"],
                        help="upgrade: apply the schema migrations (idempotent)")
    return parser


def _db(argv: Sequence[str]) -> int:
    """`adapt db upgrade`: apply the schema migrations to DATABASE_URL (or ./adapt.db)."""
    _db_parser().parse_args(argv)
    from sqlalchemy.exc import SQLAlchemyError  # the database code loads only here and in serve

    from adapt.storage.store import database_url, make_engine, shown_url, upgrade

    url = database_url()
    engine = make_engine(url)
    try:
        revision = upgrade(engine)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
        print(f"adapt db: cannot upgrade {shown_url(url)}: {reason}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"adapt db: {shown_url(url)} is at revision {revision}")
    return 0


COMMANDS = {"compare": _compare_parser, "presets": _presets_parser,
            "catalogue": _catalogue_parser, "serve": _serve_parser, "db": _db_parser}


def command_help(name: str) -> str:
    """`adapt NAME --help`, as it prints."""
    return COMMANDS[name]().format_help()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # slow import: only on --version

    try:
        return version("adapt")
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except HelpShown:
        return 0
    except UsageError as error:
        print(f"adapt: {error} (see {error.see})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ArgumentError as error:
        print(f"adapt: {error} (see adapt --help)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"adapt: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
