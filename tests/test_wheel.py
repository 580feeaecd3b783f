"""The wheel installs one import name, `adapt`, with its templates and migrations inside it."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = pytest.mark.wheel


def _source_copy(into: Path) -> Path:
    """The checkout's files (tracked, and new ones git does not ignore) copied out of the work
    tree, so building the wheel leaves no build/ or egg-info behind in it."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                             "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    return into


def _artifacts() -> set[Path]:
    """What a build leaves in the work tree: build/ and *.egg-info, file by file."""
    found: set[Path] = set()
    for top in (ROOT / "build", *ROOT.glob("*.egg-info")):
        found |= {top, *top.rglob("*")} if top.exists() else set()
    return found


def test_report_renders_from_the_built_wheel(tmp_path):
    before = _artifacts()
    source = _source_copy(tmp_path / "source")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "--wheel-dir", str(tmp_path / "dist"),
                            str(source)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    # Every folder that ships is listed (tests/test_layout.py): setuptools has nothing to warn of.
    assert "is absent from the `packages` configuration" not in built.stdout + built.stderr
    assert _artifacts() == before  # nothing built inside the work tree
    wheel = next((tmp_path / "dist").glob("adapt-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {"adapt"}
    assert "adapt/templates/text/report.txt.j2" in names
    assert "adapt/templates/markdown/report.md.j2" in names
    assert "adapt/templates/prices.j2" in names
    assert "adapt/engine/data/tuning.toml" in names  # the tuning catalogue
    assert {"adapt/storage/migrations/env.py", "adapt/storage/migrations/script.py.mako",
            "adapt/storage/migrations/versions/0001_initial.py",
            "adapt/storage/migrations/versions/0002_delivery_claims.py",
            "adapt/bot/blockkit/templates/home.json.j2"} <= set(names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = ("import sys, adapt.templates as t, adapt.cli; "
             "assert t.__file__.startswith(sys.argv[1]), t.__file__; "
             "sys.exit(adapt.cli.main(['support', '--format', 'markdown']))")
    result = subprocess.run([sys.executable, "-c", probe, str(unpacked)], cwd=tmp_path,
                            env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin",
                                 "HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## ADR: LoRA / PEFT")
    migrate = ("import sys, adapt.storage.store as s; "
               "assert s.__file__.startswith(sys.argv[1]), s.__file__; "
               "print(s.upgrade(s.make_engine('sqlite:///' + sys.argv[2])))")
    migrated = subprocess.run([sys.executable, "-c", migrate, str(unpacked),
                               str(tmp_path / "wheel.db")], cwd=tmp_path,
                              env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin",
                                   "HOME": str(tmp_path)},
                              capture_output=True, text=True, timeout=60)
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout == "0002\n"
