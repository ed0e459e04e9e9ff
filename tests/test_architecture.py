"""Package structure: no import cycle, the dask executor uses only public engine names, and
the in-memory path never loads the dask executor.

The import graph is read from the source with :mod:`ast` (nothing is imported): every
``import`` and ``from ... import`` of a drugtrends module, at module level or inside a
function (a function-level import still couples the two modules), except the ones under
``if TYPE_CHECKING:``. Names resolved with :func:`importlib.import_module` from strings
(the package's lazy attributes, the accessor's verbs) are not edges: they are a late
binding by design.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "drugtrends"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    lazy: bool  # inside a function
    names: tuple[str, ...]  # names taken with "from target import ..."


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _known(name: str | None) -> str | None:
    """The drugtrends module ``name`` is, or is inside of (None if not drugtrends)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _edges(module: str) -> list[Edge]:
    path, is_package = MODULES[module]
    here = module.split(".") if is_package else module.split(".")[:-1]
    edges: list[Edge] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other, lazy)
                continue
            inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = _known(alias.name)
                    if target:
                        edges.append(Edge(module, target, child.lineno, inner, ()))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = here[: len(here) - child.level + 1]
                    origin = ".".join(base + ([child.module] if child.module else []))
                else:
                    origin = child.module or ""
                for alias in child.names:
                    sub = f"{origin}.{alias.name}"
                    if sub in MODULES:  # "from drugtrends.models import engine"
                        edges.append(Edge(module, sub, child.lineno, inner, ()))
                    elif _known(origin):
                        edges.append(
                            Edge(module, _known(origin), child.lineno, inner, (alias.name,))
                        )
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    return [e for e in edges if e.target != module]


GRAPH = {m: _edges(m) for m in MODULES}


def _cycles(graph: dict[str, list[Edge]], lazy: bool) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for edge in graph[v]:
            if edge.lazy and not lazy:
                continue
            w = edge.target
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            strong(v)
    return found


def _explain(cycles: list[list[str]], lazy: bool) -> str:
    lines = []
    for component in cycles:
        lines.append(" <-> ".join(component))
        for source in component:
            seen = set()
            for e in GRAPH[source]:
                if e.target in component and (lazy or not e.lazy) and e.line not in seen:
                    seen.add(e.line)
                    where = MODULES[source][0].relative_to(SRC.parent)
                    kind = " (inside a function)" if e.lazy else ""
                    lines.append(f"    {where}:{e.line} imports {e.target}{kind}")
    return "\n".join(lines)


# ------------------------------------------------------------------ the graph reader itself


def test_graph_reader_sees_the_known_edges():
    # a module-level relative import and a function-level one
    targets = {(e.target, e.lazy) for e in GRAPH["drugtrends.dataset"]}
    assert ("drugtrends.records", False) in targets
    assert ("drugtrends._io", True) in targets
    # "from . import x" resolves to the submodule, and the package facade sees its parts
    assert {e.target for e in GRAPH["drugtrends"]} >= {"drugtrends.dataset", "drugtrends.accessor"}


def test_cycle_finder_finds_a_planted_cycle():
    def edge(a: str, b: str, lazy: bool = False) -> Edge:
        return Edge(a, b, 1, lazy, ())

    graph = {"a": [edge("a", "b")], "b": [edge("b", "c", lazy=True)], "c": [edge("c", "a")]}
    assert _cycles(graph, lazy=False) == []
    assert _cycles(graph, lazy=True) == [["a", "b", "c"]]


# ------------------------------------------------------------------ the rules


def test_no_import_cycle_at_import_time():
    cycles = _cycles(GRAPH, lazy=False)
    assert not cycles, "module-level import cycles:\n" + _explain(cycles, lazy=False)


def test_no_import_cycle_even_inside_functions():
    cycles = _cycles(GRAPH, lazy=True)
    assert not cycles, "import cycles:\n" + _explain(cycles, lazy=True)


def _public_names(module: str) -> set[str] | None:
    """The module's ``__all__`` when it spells one out literally (None otherwise)."""
    tree = ast.parse(MODULES[module][0].read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                try:
                    return set(ast.literal_eval(node.value))
                except ValueError:
                    return None
    return None


def _private_uses(module: str) -> list[str]:
    """Private names ``module`` takes from other drugtrends modules: ``_x``, names left out
    of the target's ``__all__``, ``_private`` modules, and ``alias._x`` attribute access."""
    problems = []
    path = MODULES[module][0]
    aliases: dict[str, str] = {}  # local name -> drugtrends module it is bound to
    for e in GRAPH[module]:
        if e.target.rpartition(".")[2].startswith("_") and e.target != "drugtrends":
            problems.append(f"line {e.line}: imports the private module {e.target}")
        public = _public_names(e.target)
        for name in e.names:
            if name.startswith("_") or (public is not None and name not in public):
                problems.append(f"line {e.line}: {e.target}.{name} is not public")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom | ast.Import):
            for alias in node.names:
                full = (
                    f"{node.module}.{alias.name}"
                    if isinstance(node, ast.ImportFrom) and node.module
                    else alias.name
                )
                if full in MODULES and full != module:
                    aliases[alias.asname or alias.name.split(".")[0]] = full
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
        ):
            problems.append(f"line {node.lineno}: {aliases[node.value.id]}.{node.attr}")
    return problems


def test_private_use_finder_finds_private_names():
    # rules.py is public by construction; the accessor binds verbs by name only
    assert _private_uses("drugtrends.accessor") == []
    # the finder itself: dataset.py takes "atomic_path" from _io, a private module
    assert any("_io" in p for p in _private_uses("drugtrends.dataset"))


def test_distributed_uses_only_public_names():
    problems = _private_uses("drugtrends.distributed")
    assert not problems, "drugtrends/distributed.py uses private names:\n" + "\n".join(problems)


_CHECK_MODULES = """
import sys
import drugtrends as dt
ds = dt.load_dataset("KAZ")[["heroin_seizures", "heroin_seizures_months"]]
{call}
loaded = sorted(
    m for m in sys.modules if m.split(".")[0] == "distributed" or m == "drugtrends.distributed"
)
print(",".join(loaded))
"""


@pytest.mark.parametrize(
    "call",
    [
        'dt.trend(ds, "heroin_seizures", breaks=False)',
        'dt.forecast(ds, horizon=2, indicators=["heroin_seizures"])',
    ],
    ids=["trend", "forecast"],
)
def test_in_memory_path_does_not_import_the_dask_executor(call):
    """``drugtrends.distributed`` and dask.distributed stay unloaded. (``dask`` itself is not
    checked: xarray imports ``dask.array`` whenever it makes a Variable and dask is
    installed, whatever drugtrends does.)"""
    code = _CHECK_MODULES.format(call=call)
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    loaded = [m for m in (lines[-1] if lines else "").split(",") if m]
    assert loaded == [], f"`import drugtrends` + {call} imported {loaded[:8]}"


def test_loading_data_does_not_import_the_dask_executor():
    run = subprocess.run(
        [sys.executable, "-c", _CHECK_MODULES.format(call="ds.drugtrends.indicators")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == ""
