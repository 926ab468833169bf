"""The shape of the generator: stages that import one another in one direction only,
and modules small enough to read at a sitting."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
MAX_MODULE_LINES = 320  # "about 300"
MAX_FUNCTION_LINES = 55  # "about 50"


def module_name(path: Path) -> str:
    parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The generator's modules a module imports, anywhere in it (a lazy import too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
    return found


def test_no_import_cycles() -> None:
    graph = {module_name(p): imports_of(p) for p in GENERATOR.rglob("*.py")}
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            raise AssertionError("import cycle: " + " -> ".join([*trail, module]))
        if module in done or module not in graph:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_modules_and_functions_are_short() -> None:
    long_modules, long_functions = [], []
    for path in sorted(GENERATOR.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(GENERATOR.parent).as_posix()
        if text.count("\n") > MAX_MODULE_LINES:
            long_modules.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert not long_modules, long_modules
    assert not long_functions, long_functions


def test_the_stages_depend_in_one_direction() -> None:
    """A stage imports the stages before it, never one after: load and model know
    nothing of validation, validation nothing of rendering, and nothing but the
    command line and the preview knows of the build."""
    order = ["errors", "model", "load", "memo", "plan", "validate", "render", "write", "build"]
    # plan's table of page kinds is read by the checks of links: plan before validate.
    rank = {stage: number for number, stage in enumerate(order)}
    wrong = []
    for path in GENERATOR.rglob("*.py"):
        stage = module_name(path).split(".")[1] if "." in module_name(path) else ""
        if stage not in rank:
            continue
        for imported in imports_of(path):
            other = imported.split(".")[1] if "." in imported else ""
            if other in rank and rank[other] > rank[stage]:
                wrong.append(f"{module_name(path)} imports {imported}")
    assert not wrong, wrong
