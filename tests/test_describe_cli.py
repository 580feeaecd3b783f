"""`adapt` reads a description, as a user runs it: a subprocess, its output, its exit status."""

import json

import pytest

from adapt.engine.describe import EXAMPLE_ARGS, EXAMPLE_SENTENCES

ISSUE = "our support bot's tone drifts, about 300 labeled examples, 2M requests a month"
READ = "problem=style examples=300 requests=2M"


def test_a_description_in_several_words_reads_in_text(run_adapt):
    text = run_adapt(*ISSUE.split()).stdout
    assert text.startswith(f"Read as: {READ}\n\nAdapt: ")
    assert "Not used" not in text


def test_a_quoted_description_reads_in_json(run_adapt):
    report = json.loads(run_adapt(ISSUE + ", hello world", "--format", "json").stdout)
    assert report["read_as"] == READ.split()
    assert report["not_used"] == ["hello world"]
    assert report["scenario"]["examples"] == 300 and report["scenario"]["requests"] == 2e6


def test_a_description_reads_in_markdown(run_adapt):
    markdown = run_adapt(ISSUE + ", *hello* <world>", "-f", "markdown").stdout
    assert markdown.startswith("## ADR: ")
    assert f"**Read as:** `{READ}`" in markdown
    assert '**Not used:** "\\*hello\\* \\<world\\>"' in markdown


def test_pairs_mixed_into_a_description_win(run_adapt):
    report = json.loads(run_adapt(ISSUE, "examples=5000", "-f", "json").stdout)
    assert report["read_as"] == ["problem=style", "examples=5000", "requests=2M"]
    assert report["not_used"] == ["about 300 labeled examples (examples=5000 given instead)"]


def test_extra_tokens_alone_reads_and_the_report_shows_the_reduction_it_implies(run_adapt):
    markdown = run_adapt("tone drifts extra_tokens=150", "-f", "markdown").stdout
    assert "**Read as:** `problem=style extra_tokens=150`" in markdown
    assert "| Prompt tokens removed after tuning (`reduction`) | 150 |" in markdown


def test_100000_characters_are_refused_in_one_line(run_adapt):
    result = run_adapt("x" * 100_000, check=False)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "adapt: the input is 100,000 characters long; the limit is 4,000 (see adapt --help)"]


@pytest.mark.parametrize(("args", "needle"), [
    (["what", "should", "we", "do"], "nothing could be read"),
    (["tone", "drifts", "volum=high"], "did you mean 'volume'?"),
    (["tone drifts, over 20 years"], "horizon must be at most 120"),
])
def test_a_bad_description_is_one_line_and_exit_2(run_adapt, args, needle):
    result = run_adapt(*args, check=False)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.stderr


def test_nothing_read_shows_examples_and_the_key_value_form(run_adapt):
    stderr = run_adapt("what", "now", check=False).stderr
    assert EXAMPLE_SENTENCES[0] in stderr and EXAMPLE_ARGS in stderr


def test_help_shows_sentences_first_and_key_value_second(run_adapt):
    text = run_adapt("--help").stdout
    first_sentence = text.index(EXAMPLE_SENTENCES[0])
    assert first_sentence < text.index(f"adapt {EXAMPLE_ARGS}") < text.index("Keys (aliases")
    examples = text[text.index("Examples:"):]
    assert examples.index(EXAMPLE_SENTENCES[0]) < examples.index("adapt volume=high data=low")


def test_the_first_word_still_decides_subcommands(run_adapt):
    assert run_adapt("presets", "please").stdout.startswith("Presets")
    assert run_adapt("help", "me", "decide").stdout.startswith("usage: adapt")
