"""The extension's layers: a lower layer never imports a higher one, and nothing imports in a
circle, counting imports made only for type checking (``handbook/architecture.md``).

Read from the source with ``ast``: fast, and it sees the imports under ``TYPE_CHECKING`` that
running the code never executes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import REPO_ROOT

PACKAGE_DIR = REPO_ROOT / "ext" / "nhs_assurance"

#: Each part of the package and its layer. A module may import modules of its own part, and of
#: parts in lower layers only (the importer: only `core`).
LAYERS: dict[str, int] = {
    "core": 0,
    "diagnostics": 1,
    "config": 1,
    "extras": 1,
    "nodes": 1,
    "state": 1,
    "outputs": 1,
    "_compat": 1,
    "pages": 2,
    "writers": 2,
    "theme": 2,
    "importer": 2,
    "directives": 3,
    "registry": 4,
    "commands": 5,  # the `nhs-assurance` command: it runs the importer, and needs no Sphinx
    "": 9,  # nhs_assurance/__init__.py: setup(), which loads every part
}
#: Parts whose imports are narrower than their layer allows.
ONLY: dict[str, set[str]] = {"importer": {"core"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def part_of(module: str) -> str:
    """``nhs_assurance.registry.domain`` -> ``registry``; the package itself -> ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imported_modules(module: str) -> set[str]:
    """Every module of the package that *module* imports, wherever the import stands."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` imports the module; `from module import name`, it.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        found.update(name for name in names if name in MODULES and name != module)
    return found


GRAPH = {module: imported_modules(module) for module in MODULES}


def test_every_part_has_a_layer() -> None:
    assert {part_of(module) for module in MODULES} <= LAYERS.keys()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_reaches_a_higher_layer(module: str) -> None:
    part = part_of(module)
    wrong = []
    for target in sorted(GRAPH[module]):
        other = part_of(target)
        if other == part:
            continue
        allowed = other in ONLY[part] if part in ONLY else LAYERS[other] < LAYERS[part]
        if not allowed:
            wrong.append(f"{target} ({other or 'nhs_assurance'}, layer {LAYERS[other]})")
    assert not wrong, f"{module} (layer {LAYERS[part]}) imports {', '.join(wrong)}"


def test_no_import_cycle() -> None:
    # Depth-first search for a back edge; reports the first cycle it finds, in order.
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        stack.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        stack.pop()
        state[module] = "done"
        return None

    for module in sorted(GRAPH):
        if module not in state:
            cycle = visit(module)
            assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_checker_sees_imports_made_only_for_type_checking() -> None:
    # The registry's render module names record types only under TYPE_CHECKING.
    assert "nhs_assurance.registry.records" in GRAPH["nhs_assurance.registry.render"]
