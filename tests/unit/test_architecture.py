"""The layers hold: every import of the project is walked (function-level ones included).

    loaders/     reads and validates files          imports nothing of the project above it
    ingestion/   store, import, merge, export       loaders, analytics
    analytics/   pure computation                   loaders
    components/  shared widgets and renderers       loaders, ingestion, analytics
    views/       one package per page               all of the above, and its own package only
    app.py       navigation

Streamlit is imported only by components/, views/ and app.py; no module imports itself back
through a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("loaders", "ingestion", "analytics", "components", "views")
ALLOWED = {
    "loaders": {"loaders"},
    "analytics": {"analytics", "loaders"},
    "ingestion": {"ingestion", "loaders", "analytics"},
    "components": {"components", "loaders", "ingestion", "analytics"},
    "views": {"views", "components", "loaders", "ingestion", "analytics"},
}
UI = {"components", "views", "app"}


def modules() -> dict[str, Path]:
    out = {"app": ROOT / "app.py"}
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def imports(path: Path, known: set[str]) -> set[str]:
    """The project's modules a file imports (`from a.b import c` names a.b.c when it is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in known}
    return found


MODULES = modules()
GRAPH = {
    name: {m for m in imports(path, set(MODULES)) if m in MODULES or m.split(".")[0] == "streamlit"}
    for name, path in MODULES.items()
}


def test_each_layer_imports_only_what_is_below_it():
    wrong = []
    for name, targets in GRAPH.items():
        layer = name.split(".")[0]
        for target in targets:
            top = target.split(".")[0]
            if top == "streamlit":
                if layer not in UI:
                    wrong.append(f"{name} importe streamlit")
            elif layer in ALLOWED and top not in ALLOWED[layer]:
                wrong.append(f"{name} importe {target}")
    assert wrong == []


def test_a_page_package_imports_no_other_page():
    wrong = []
    for name, targets in GRAPH.items():
        parts = name.split(".")
        if parts[0] != "views" or len(parts) < 3:
            continue
        for target in targets:
            other = target.split(".")
            if other[0] == "views" and len(other) > 1 and other[1] != parts[1]:
                wrong.append(f"{name} importe {target}")
    assert wrong == []


def test_no_import_cycle():
    graph = {n: {t for t in ts if t in MODULES and t != n} for n, ts in GRAPH.items()}
    for name in graph:  # a package's __init__ is not a dependency of its modules here
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node) :] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for target in sorted(graph[node]):
            visit(target)
        stack.pop()

    for node in sorted(graph):
        visit(node)
    assert cycles == []


def test_the_walk_sees_the_project():
    """The checks above are only as good as the walk: it finds every layer and real edges."""
    assert {name.split(".")[0] for name in MODULES} == {"app", *LAYERS}
    assert "loaders.schemas" in GRAPH["loaders.config"]
    assert "streamlit" in GRAPH["components.layout"]
    assert any(t.startswith("ingestion.") for t in GRAPH["views.donnees.import_flow"])


def test_every_dataset_is_declared_once_and_read_everywhere_from_its_spec():
    """A dataset's key, bundle field, id columns and template come from its spec alone."""
    import dataclasses

    from ingestion.store_bundle import BUNDLE_FIELDS
    from loaders.bundle import DataBundle
    from loaders.config import DATASET_KEYS
    from loaders.readers import load_order
    from loaders.schemas import SPECS
    from loaders.templates import TEMPLATE_KEYS

    assert DATASET_KEYS == tuple(SPECS)
    assert BUNDLE_FIELDS == {key: spec.bundle_field for key, spec in SPECS.items()}
    frames = {f.name for f in dataclasses.fields(DataBundle)} - {"config", "territories", "status", "provenance"}
    assert frames == set(BUNDLE_FIELDS.values())
    assert all(spec.id_columns and set(spec.id_columns) <= set(spec.columns) for spec in SPECS.values())
    assert set(TEMPLATE_KEYS) == set(SPECS)
    order = load_order()
    assert sorted(order) == sorted(SPECS)
    for key, spec in SPECS.items():  # each dataset loads after those it references
        assert all(order.index(ref.dataset) < order.index(key) for ref in spec.references)
