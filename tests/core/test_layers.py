"""The house has one direction: a lower layer never imports a higher one, and no package
imports another in a loop. The order is written in DEVELOPING.md; this test reads the code's
imports (module-level and function-local) with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

import dyad

SRC = Path(dyad.__file__).parent

# low -> high; packages on one layer may import each other only where listed in SAME_LAYER_OK
LAYERS: list[set[str]] = [
    {"errors"},
    {"reference", "data"},
    {"store"},
    {"contacts"},
    {"sources"},
    {"coding"},
    {"analysis"},
    {"report"},
    {"api"},
    {"web", "cli"},
    {"__main__"},
]
SAME_LAYER_OK = {("cli", "web")}  # `dyad serve` starts the web app


def _layer(pkg: str) -> int:
    for i, names in enumerate(LAYERS):
        if pkg in names:
            return i
    raise AssertionError(f"package dyad.{pkg} has no layer: add it to LAYERS and DEVELOPING.md")


def _package(module_path: Path) -> str:
    rel = module_path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "dyad":
                out.update(a.name for a in node.names)
            elif node.module.startswith("dyad."):
                out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("dyad."):
                    out.add(a.name.split(".")[1])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and str(arg.value).startswith("dyad."):
                out.add(str(arg.value).split(".")[1])
    return out


def _edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        src = _package(path)
        if src == "__init__":
            continue
        for dst in _imports(path):
            if dst in {"__version__"} or dst == src:
                continue
            edges.setdefault((src, dst), []).append(str(path.relative_to(SRC)))
    return edges


def test_no_lower_layer_imports_a_higher_one():
    bad = []
    for (src, dst), files in _edges().items():
        ls, ld = _layer(src), _layer(dst)
        if ld > ls or (ld == ls and (src, dst) not in SAME_LAYER_OK):
            bad.append(f"dyad.{src} (layer {ls}) imports dyad.{dst} (layer {ld}) in {files}")
    assert not bad, "\n".join(bad)


def test_no_package_loops():
    graph: dict[str, set[str]] = {}
    for src, dst in _edges():
        graph.setdefault(src, set()).add(dst)

    def reaches(a: str, b: str, seen: set[str]) -> bool:
        for n in graph.get(a, ()):
            if n == b or (n not in seen and (seen.add(n) or reaches(n, b, seen))):
                return True
        return False

    loops = [(a, b) for a in graph for b in graph[a] if reaches(b, a, set())]
    assert not loops, f"package loops: {loops}"


def test_store_imports_nothing_of_dyad_but_errors():
    for path in (SRC / "store").rglob("*.py"):
        assert _imports(path) <= {"store", "errors"}, path


def test_parsers_never_touch_the_store():
    for path in (SRC / "sources").rglob("parse.py"):
        text = path.read_text("utf-8")
        assert "dyad.store" not in text.replace("dyad.store.provenance import LoadError", ""), path
        assert ".execute(" not in text, path


def test_web_and_cli_reach_the_library_through_dyad_api():
    for folder in ("web", "cli"):
        for path in (SRC / folder).rglob("*.py"):
            used = _imports(path) - {"api", "errors", "reference", "cli", "web", "__version__"}
            assert not used, f"{path.relative_to(SRC)} imports dyad.{sorted(used)}"
