"""The layout holds (issue 25): every folder that ships is in pyproject.toml's package list with
its data, the layers import one way (cli -> bot -> templates -> engine; storage beside them,
without Slack), and no module imports another that imports it back, at any depth, lazy imports
included. Read from the source (the AST), not from a run."""

import ast
import fnmatch
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
FOLDER_OF: dict[str, str] = SETUPTOOLS["package-dir"]  # "adapt.engine" -> "engine"
PACKAGES: list[str] = SETUPTOOLS["packages"]
PACKAGE_DATA: dict[str, list[str]] = SETUPTOOLS["package-data"]
SHIPPED_DATA = {".j2", ".toml", ".mako"}

# Who may import whom among the layers (a module may always import its own layer).
MAY_IMPORT: dict[str, set[str]] = {
    "adapt.engine": set(),
    "adapt.templates": {"adapt.engine"},
    "adapt.storage": {"adapt.engine"},
    "adapt.bot": {"adapt.engine", "adapt.templates", "adapt.storage"},
    "adapt": {"adapt.engine", "adapt.templates", "adapt.storage", "adapt.bot"},  # the face, cli
}
SLACK = ("slack_bolt", "slack_sdk")


def _layer(module: str) -> str:
    return next(layer for layer in sorted(MAY_IMPORT, key=len, reverse=True)
                if module == layer or module.startswith(layer + "."))


def _folder(package: str) -> Path:
    """The folder a package lives in, by the longest package-dir mapping above it."""
    base = max((name for name in FOLDER_OF if package == name or package.startswith(name + ".")),
               key=len)
    rest = package[len(base):].lstrip(".")
    return ROOT / FOLDER_OF[base] / Path(*rest.split(".")) if rest else ROOT / FOLDER_OF[base]


@cache
def modules() -> dict[str, Path]:
    """Every module that ships, by its import name."""
    found = {}
    for package in PACKAGES:
        for path in _folder(package).glob("*.py"):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            found[name] = path
    return found


def _imports(path: Path) -> Iterator[tuple[str, int]]:
    """(module imported, line) for every import in the file, lazy ones inside functions too,
    but not those only a type checker reads (under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text())
    checking = {id(node) for guard in ast.walk(tree) if isinstance(guard, ast.If)
                and "TYPE_CHECKING" in ast.unparse(guard.test)
                for node in ast.walk(guard) if node is not guard}
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                yield (full if full in modules() else node.module), node.lineno


def test_every_folder_that_ships_is_a_listed_package_with_its_data():
    for folder_package, folder in FOLDER_OF.items():
        for directory in [ROOT / folder, *(ROOT / folder).rglob("*")]:
            if not directory.is_dir() or "__pycache__" in directory.parts:
                continue
            if not any(f.suffix in {".py", *SHIPPED_DATA} for f in directory.iterdir()):
                continue
            rest = directory.relative_to(ROOT / folder).parts
            package = ".".join([folder_package, *rest])
            if any(package == other or package.startswith(other + ".")
                   for other in FOLDER_OF if len(other) > len(folder_package)):
                continue  # mapped elsewhere (adapt -> adapt/, adapt.engine -> engine/)
            assert package in PACKAGES, f"{directory} ships but {package} is not in packages"
            for data in (f for f in directory.iterdir() if f.suffix in SHIPPED_DATA):
                globs = PACKAGE_DATA.get(package, [])
                assert any(fnmatch.fnmatch(data.name, glob) for glob in globs), \
                    f"{data} is not in package-data for {package}"
    for package in PACKAGES:
        assert _folder(package).is_dir(), f"{package} is listed but {_folder(package)} is gone"


def test_the_layers_import_one_way_and_only_the_bot_imports_slack():
    for module, path in modules().items():
        layer = _layer(module)
        for imported, line in _imports(path):
            where = f"{path.relative_to(ROOT)}:{line} imports {imported}"
            if imported.startswith(SLACK):
                assert layer == "adapt.bot", where
            if imported in modules():
                target = _layer(imported)
                assert target == layer or target in MAY_IMPORT[layer], where


def test_no_module_imports_one_that_imports_it_back():
    graph = {module: {imported for imported, _ in _imports(path) if imported in modules()}
             for module, path in modules().items()}
    cycles = _cycles(graph)
    assert not cycles, cycles


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node] - {node}:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
])
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert _cycles(graph) == expected


@pytest.mark.subprocess
def test_python_m_adapt_runs_from_the_checkout_root(tmp_path):
    """The face folder `adapt/` shadows an installed package when run from the root; its
    siblings join its path, so the command still answers."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "adapt", "support", "-f", "json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert '"winner"' in result.stdout


def test_test_modules_import_helpers_never_each_other():
    """What tests share lives in the package tests/helpers/; a test module, conftest or helper
    imports no other module of tests/ (a test module imported by another runs its import-time
    work twice and ties the two together), and the helpers import no test module."""
    tests = ROOT / "tests"
    assert (tests / "helpers" / "__init__.py").is_file()
    own = {path.stem for path in tests.glob("*.py")}  # test_*, conftest, snapshot
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {imported}"
             for path in [*tests.glob("*.py"), *(tests / "helpers").glob("*.py")]
             for imported, line in _imports(path) if imported.split(".")[0] in own]
    assert wrong == []
    assert sorted(p.name for p in tests.glob("*.py") if not p.name.startswith("test_")) == \
        ["conftest.py", "snapshot.py"]  # anything else shared belongs in helpers/
