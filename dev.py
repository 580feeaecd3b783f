#!/usr/bin/env python3
"""One entry point for a fresh clone: `python3 dev.py run ARGS` and `python3 dev.py test`.

Needs only python3. Creates .venv on first use (and again when pyproject.toml changes), installs the
project with its test extras, then runs `adapt` or the test suite inside it.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".adapt-installed"
CONSTRAINTS = ROOT / "constraints.txt"  # the release of the price list the tests and docs quote
NO_TESTS_RAN = 5  # pytest's exit status when it collected nothing (ExitCode.NO_TESTS_COLLECTED)


# The folders that ship as adapt.* (pyproject.toml's package-dir) and the files in them that
# ship: the editable install links each file, so a new or removed one means installing again.
PACKAGE_FOLDERS = ("adapt", "engine", "templates", "bot", "storage")
SHIPPED = (".py", ".j2", ".toml", ".mako")


def _fingerprint() -> str:
    """pyproject.toml, constraints.txt and the list of shipped files: what the installed link
    tree depends on."""
    files = sorted(str(path.relative_to(ROOT)) for folder in PACKAGE_FOLDERS
                   for path in (ROOT / folder).rglob("*")
                   if path.suffix in SHIPPED and "__pycache__" not in path.parts)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes())
    digest.update("\n".join(files).encode())
    return digest.hexdigest()


def _linked() -> bool:
    """The editable install's link tree is still there (build/ may have been cleaned)."""
    return any((ROOT / "build").glob("__editable__.adapt-*"))


def ensure_venv() -> None:
    if STAMP.exists() and STAMP.read_text() == _fingerprint() and _linked():
        return
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev.py: installing adapt and its test tools into .venv", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    # Strict editable mode: a tree of links to each file, laid out as the package imports
    # (adapt/engine/... -> engine/...), which editors and type checkers can follow.
    subprocess.run([*pip, "--constraint", str(CONSTRAINTS), "--editable", f"{ROOT}[test]",
                    "--config-settings", "editable_mode=strict"], check=True)
    STAMP.write_text(_fingerprint())


def run(args: list[str]) -> int:
    return subprocess.call([str(BIN / "adapt"), *args])


def test(args: list[str]) -> int:
    """pytest's own exit status: a run in which no test ran (none collected, or every one
    skipped: tests/conftest.py) fails, so CI cannot pass on an empty suite."""
    status = subprocess.call([str(BIN / "python"), "-m", "pytest", *args], cwd=ROOT)
    if status == NO_TESTS_RAN:
        print("dev.py: no test ran", file=sys.stderr)
    return status


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "setup"}:
        print("usage: python3 dev.py run [ADAPT ARGS...] | test [PYTEST ARGS...] | setup",
              file=sys.stderr)
        return 2
    ensure_venv()
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "setup":
        return 0
    return run(rest) if command == "run" else test(rest)


if __name__ == "__main__":
    sys.exit(main())
