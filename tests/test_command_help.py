"""Every command has its own --help, exits 0 with it, and names it when it is misused."""

import re

import pytest

from adapt.cli import COMMANDS

MISUSES = {
    "compare": (["compare"], 'the following arguments are required: "A", "B"'),
    "catalogue": (["catalogue", "-f", "xml"],
                  "argument -f/--format: invalid choice: 'xml' (choose from 'text', 'json')"),
    "serve": (["serve", "--workers", "0"],
              "argument --workers: '0' is not a number of workers (1-64)"),
    "db": (["db", "downgrade"],
           "argument command: invalid choice: 'downgrade' (choose from 'upgrade')"),
}


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_each_command_prints_its_own_help(run_adapt, name, flag):
    shown = run_adapt(name, flag)
    assert shown.stdout.startswith(f"usage: adapt {name} ")
    assert shown.stderr == ""
    assert max(map(len, shown.stdout.splitlines())) <= 96  # one width, whatever the terminal


@pytest.mark.parametrize("name", MISUSES)  # presets takes nothing, and ignores words after it
def test_a_misused_command_names_its_help(run_adapt, name):
    argv, problem = MISUSES[name]
    failed = run_adapt(*argv, check=False)
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert failed.stderr == f"adapt: {problem} (see adapt {name} --help)\n"


def test_help_after_the_arguments_still_helps_and_runs_nothing(run_adapt, tmp_path):
    out = tmp_path / "never.txt"
    shown = run_adapt("compare", "support", "support requests=2M", "-o", str(out), "--help")
    assert shown.stdout.startswith("usage: adapt compare ")
    assert not out.exists()


def test_the_examples_in_compares_help_run(run_adapt):
    examples = re.findall(r"^  adapt compare (.+)$", run_adapt("compare", "--help").stdout, re.M)
    assert len(examples) == 2
    for example in examples:
        sides = re.findall(r'"([^"]+)"|(\S+)', example)
        compared = run_adapt("compare", *(quoted or bare for quoted, bare in sides))
        assert compared.stdout.startswith("Adapt: compare A and B")


def test_the_main_help_points_at_each_commands_help(run_adapt):
    assert "adapt COMMAND --help" in run_adapt("--help").stdout
