"""The command line run two ways, each giving a CompletedProcess: as a process (`adapt`, the
installed console script: what a person runs) and in-process (adapt.cli.main with its output
captured: the same code without an interpreter's start, for the fast suite)."""

import subprocess
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO

from adapt.cli import main
from helpers import adapt_executable


def run_as_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([adapt_executable(), *args], capture_output=True, text=True, timeout=60)


def run_in_process(*args: str) -> subprocess.CompletedProcess[str]:
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit:  # argparse's --help, as the console script would exit
            status = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    return subprocess.CompletedProcess(["adapt", *args], status, out.getvalue(), err.getvalue())
