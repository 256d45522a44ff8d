"""The house: imports among tracker's modules form no cycle and point one way (the CLI and the
servers on top, the pipeline in the middle, the steps below, shared helpers at the bottom)."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"

# Layers, top to bottom: a module may import its own layer or any layer below it.
LAYERS = [
    {"tracker.cli", "tracker.server"},
    {"tracker.web", "tracker.publish"},
    {"tracker.pipeline", "tracker.dask_ingest"},
    {"tracker.readers", "tracker.articles", "tracker.extract", "tracker.speakers",
     "tracker.utterances", "tracker.syndication", "tracker.store", "tracker.citations"},
    {"tracker.names"},
    {"tracker.text", "tracker.lexicon", "tracker.meaning"},
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set) -> set:
    """tracker modules that `name` imports anywhere in its body (lazy imports count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # "from . import api" names a submodule; "from .x import y" names module x
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def graph() -> dict:
    mods = modules()
    return {name: imports_of(name, path, set(mods)) for name, path in mods.items()}


def test_the_import_reader_sees_the_known_edges():
    edges = graph()
    assert "tracker.store" in edges["tracker.pipeline"]
    assert "tracker.web.views" in edges["tracker.web.api"]
    assert "tracker.text" in edges["tracker.names"]
    assert "tracker.pipeline" in edges["tracker.cli"]  # a lazy import counts


def test_no_import_cycle_among_tracker_modules():
    edges = graph()
    state, cycles = {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def layer_of(name: str) -> int:
    for depth, layer in enumerate(LAYERS):
        if any(name == top or name.startswith(top + ".") for top in layer):
            return depth
    raise AssertionError(f"{name} is in no layer: add it to LAYERS")


def test_imports_point_down_the_layers():
    upward = [(a, b) for a, targets in graph().items() if a != "tracker"
              for b in targets if layer_of(b) < layer_of(a)]
    assert upward == []
