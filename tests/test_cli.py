"""The `adapt` command as a user runs it: a subprocess, its output, its exit status."""

import json
import os
import subprocess
import sys

import pytest
from helpers import adapt_executable

from adapt.engine.options import OptionId

SEED = ["stability=82", "data=72", "volume=84", "freshness=18", "tolerance=36", "problem=style",
        "requests=120000", "extra_tokens=420", "training=1800", "eval=400", "reduction=260",
        "price=4.00"]


def test_seed_json_reproduces_every_figure(run_adapt):
    report = json.loads(run_adapt(*SEED, "--format", "json").stdout)
    cost = report["cost"]
    assert cost["prompt_only_monthly"] == pytest.approx(201.60)
    assert cost["tuned_monthly"] == pytest.approx(76.80)
    assert cost["one_time"] == pytest.approx(2200)
    assert cost["monthly_savings"] == pytest.approx(124.80)
    assert round(cost["break_even_months"], 1) == 17.6
    assert cost["horizon_months"] == 12
    assert cost["prompt_only_total"] == pytest.approx(2419.20)
    assert cost["tuned_total"] == pytest.approx(3121.60)
    assert report["winner"]["option"] == "peft"
    assert 80 <= report["winner"]["score"] < 90
    texts = [reason["text"] for reason in report["reasons"]]
    assert "High usage volume increases the payoff from reducing prompt overhead." in texts
    assert "There is enough labeled data to justify learning a stable behavior pattern." in texts
    assert report["best_fit"]["option"] == "peft"


def test_seed_text_shows_the_seeds_figures(run_adapt):
    text = run_adapt(*SEED).stdout
    for figure in ("$202", "$76.80", "$2,200", "$125", "17.6 months", "$2,419", "$3,122"):
        assert figure in text, figure
    assert "LoRA / PEFT wins" in text
    assert "--chart-scores PATH.png" in run_adapt("--help").stdout


def test_json_contract_fields(run_adapt):
    report = json.loads(run_adapt("volume=high", "data=low", "--format", "json").stdout)
    for key in ("scenario", "ranking", "winner", "best_fit", "reasons", "warnings", "stack",
                "tipping_points", "cost"):
        assert key in report, key
    assert set(report["scenario"]) >= {
        "stability", "data", "volume", "freshness", "tolerance", "problem", "preset", "requests",
        "extra_tokens", "training", "eval", "reduction", "price", "model", "tuned_multiplier",
        "hosting", "horizon"}
    assert report["scenario"]["volume"] == 80 and report["scenario"]["data"] == 20
    ranking = report["ranking"]
    assert {entry["option"] for entry in ranking} == {o.value for o in OptionId}
    # What can start now first, then what fixes the failure but waits, then what cannot fix
    # it (issue 20's three steps), best first within each.
    tiers = [(not e["eligible"], not e["fixes"]) for e in ranking]
    assert tiers == sorted(tiers) and ranking[0]["eligible"]
    for tier in set(tiers):
        scores = [e["score"] for e, t in zip(ranking, tiers, strict=True) if t == tier]
        assert scores == sorted(scores, reverse=True)
    assert set(report["decision"]) == {"failure", "failure_label", "capability",
                                       "capability_source", "feasibility", "fit", "waiting"}
    assert report["winner"] == ranking[0]
    assert set(report["cost"]) >= {
        "prompt_only_monthly", "tuned_monthly", "one_time", "monthly_savings",
        "break_even_months", "horizon_months", "prompt_only_total", "tuned_total", "series"}
    assert len(report["cost"]["series"]) == 13


def test_no_arguments_reports_on_defaults(run_adapt):
    result = run_adapt()
    assert "Ranked recommendation stack" in result.stdout
    assert "Inputs: tone or format drift (problem=style) · requirements partly settled" \
        in result.stdout


def test_markdown_is_an_adr_with_mermaid_charts(run_adapt):
    markdown = run_adapt("support", "--format", "markdown").stdout
    for heading in ("## ADR:", "### Context", "### Decision", "### Options considered",
                    "### Consequences", "### Cost", "### What would change the decision"):
        assert heading in markdown, heading
    assert markdown.count("```mermaid") == 2
    assert "bar [81.4" in markdown  # the seed score less its 17.6-month payback (weights.py)


def test_output_file(run_adapt, tmp_path):
    target = tmp_path / "adr.md"
    result = run_adapt("support", "-f", "markdown", "-o", str(target))
    assert result.stdout == ""
    assert target.read_text().startswith("## ADR: LoRA / PEFT")


@pytest.mark.parametrize(("args", "needle"), [
    (["volme=3"], "did you mean 'volume'?"),
    (["volume=150"], "give the count as requests=150"),  # a count for a level: its fact's key
    (["volume=hgih"], "did you mean 'high'?"),
    (["model=no-such-model-x"], "price="),
    (["reduction=500"], "reduction"),
    (["requests=1e309"], "requests"),
    (["--format", "xml"], "invalid choice"),
    (["loose-word"], "is not KEY=VALUE"),
    (["data=1", "labels=2"], "given twice"),
])
def test_bad_input_is_one_line_and_exit_2(run_adapt, args, needle):
    result = run_adapt(*args, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in result.stderr


def test_help_lists_every_key(run_adapt):
    text = run_adapt("--help").stdout
    for key in ("stability", "data", "volume", "freshness", "tolerance", "problem", "preset",
                "requests", "extra_tokens", "training", "eval", "reduction", "price", "model",
                "tuned_multiplier", "hosting", "horizon", "labels", "traffic"):
        assert key in text, key


def test_presets_command_lists_each_preset_with_its_winner(run_adapt):
    text = run_adapt("presets").stdout
    assert "support" in text and "LoRA / PEFT" in text
    assert "knowledge" in text and "Retrieval (RAG)" in text


def test_model_price_and_explicit_price_wins(run_adapt):
    by_model = json.loads(run_adapt("model=gpt-4o-mini", "-f", "json").stdout)
    assert by_model["scenario"]["price"] == pytest.approx(0.15)
    assert by_model["scenario"]["model"] == "gpt-4o-mini"
    explicit = json.loads(run_adapt("model=gpt-4o-mini", "price=9", "-f", "json").stdout)
    assert explicit["scenario"]["price"] == 9


@pytest.mark.subprocess
def test_db_upgrade_creates_the_schema_once(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    first = subprocess.run([adapt_executable(), "db", "upgrade"], capture_output=True, text=True,
                           cwd=tmp_path, env=env, timeout=60)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"adapt db: sqlite:///{tmp_path / 'adapt.db'} is at revision 0002\n"
    again = subprocess.run([adapt_executable(), "db", "upgrade"], capture_output=True, text=True,
                           cwd=tmp_path, env=env, timeout=60)
    assert again.stdout == first.stdout
    broken = subprocess.run([adapt_executable(), "db", "upgrade"], capture_output=True,
                            text=True, cwd=tmp_path, timeout=60,
                            env={**env, "DATABASE_URL": "postgresql://u:hunter2@127.0.0.1:1/x"})
    assert broken.returncode == 1 and "cannot upgrade" in broken.stderr
    assert "hunter2" not in broken.stderr


@pytest.mark.subprocess
def test_a_report_loads_no_database_or_slack_code():
    probe = ("import sys, adapt.cli; adapt.cli.main(['support', '--format', 'json']); "
             "loaded = {'sqlalchemy', 'alembic', 'slack_bolt', 'slack_sdk', 'psycopg'}"
             " & set(sys.modules); assert not loaded, loaded")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.subprocess
def test_db_upgrade_loads_no_slack_code(tmp_path):
    probe = ("import sys, adapt.cli; status = adapt.cli.main(['db', 'upgrade']); "
             "loaded = {'slack_bolt', 'slack_sdk', 'adapt.bot'} & set(sys.modules); "
             "assert status == 0 and not loaded, (status, loaded)")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr


def test_chart_flags_write_both_pngs_beside_any_format(run_adapt, tmp_path):
    from matplotlib.image import imread

    cost, scores, report = tmp_path / "cost.png", tmp_path / "scores.png", tmp_path / "r.json"
    result = run_adapt("support", "--chart", str(cost), "--chart-scores", str(scores),
                       "-f", "json", "-o", str(report))
    assert result.stdout == "" and result.stderr == ""
    assert json.loads(report.read_text())["winner"]["option"] == "peft"
    for path in (cost, scores):
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert imread(path).shape[:2] == (675, 1200)
    text = run_adapt("routing", "--chart", str(cost)).stdout
    assert "LoRA / PEFT wins" in text
    assert "--chart-scores PATH.png" in run_adapt("--help").stdout


def test_chart_to_an_unwritable_path_is_one_line_and_exit_1(run_adapt, tmp_path):
    target = tmp_path / "missing" / "cost.png"
    result = run_adapt("support", "--chart", str(target), check=False)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["support", "-f", "json", "volume=high"],  # issue 26: keys after a flag were refused
    ["-f", "json", "support", "volume=high"],
    ["support", "volume=high", "-f", "json"],
    ["support", "--format", "json", "--as-of", "2026-12-01", "volume=high"],
    ["support", "-f", "json", "--", "volume=high"],
])
def test_key_value_pairs_stand_anywhere_among_the_flags(run_adapt, args):
    report = json.loads(run_adapt(*args).stdout)
    assert report["scenario"]["preset"] == "support"
    assert report["scenario"]["volume"] == 80  # volume=high, over the preset's 84


def test_description_words_stand_anywhere_among_the_flags(run_adapt, tmp_path):
    out = tmp_path / "report.md"
    run_adapt("tone", "drifts,", "-f", "markdown", "300", "labeled", "examples", "-o", str(out))
    assert "problem=style examples=300" in out.read_text(encoding="utf-8")


def test_flags_mixed_with_pairs_are_still_checked(run_adapt):
    unknown = run_adapt("support", "-f", "json", "volume=high", "--nope", check=False)
    assert unknown.returncode == 2 and "unrecognized arguments: --nope" in unknown.stderr
    bad_format = run_adapt("volume=high", "-f", "yaml", "data=low", check=False)
    assert bad_format.returncode == 2 and "invalid choice: 'yaml'" in bad_format.stderr
    bad_key = run_adapt("-f", "json", "volum=high", check=False)
    assert bad_key.returncode == 2 and "unknown key 'volum'" in bad_key.stderr
    # after `--` a word that looks like a flag is a word of the description
    assert run_adapt("--", "-f", "json").stdout.startswith("Read as:")


def test_a_saving_too_small_for_any_volume_reads_never_not_a_traceback(run_adapt):
    """Found by the shared generator: a tuned model served by the hour whose per-call saving is
    a subnormal float overflowed to infinity in the volume at which it pays back."""
    text = run_adapt("extra_tokens=1e-310", "reduction=0", "gpu_price=1",
                     "gpu_throughput=1").stdout
    assert "no monthly volume makes tuning pay back within 12 months" in text
