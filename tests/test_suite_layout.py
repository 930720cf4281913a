"""The test suite's own rule: tests share code through helper modules, never through each other.

A test file that imports ``conftest`` or another test file runs that module twice (once as a
test module, once as an import), gets its fixtures and ``pytestmark`` along with it, and breaks
when either is moved. Shared code lives in ``helpers.py`` (and ``importer_support.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import REPO_ROOT

TESTS_DIR = REPO_ROOT / "tests"
PYTHON_FILES = sorted(TESTS_DIR.rglob("*.py"))


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module *path* imports, with the line of its import (``TYPE_CHECKING`` ones too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def is_test_module(name: str) -> bool:
    """Whether the module *name* is ``conftest`` or a test file (``test_*``), in any folder."""
    last = name.rsplit(".", 1)[-1]
    return last == "conftest" or last.startswith("test_")


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda p: str(p.relative_to(TESTS_DIR)))
def test_no_file_imports_conftest_or_a_test_file(path: Path) -> None:
    wrong = [
        f"{path.relative_to(REPO_ROOT)}:{line}: imports {name}"
        for line, name in imported_modules(path)
        if is_test_module(name)
    ]
    assert not wrong, "import it from helpers.py instead:\n" + "\n".join(wrong)


def test_the_rule_sees_every_kind_of_import(tmp_path: Path) -> None:
    bad = tmp_path / "test_bad.py"
    bad.write_text(
        "import conftest\n"
        "from test_docs import LEGAL_SENTENCE\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import tests.test_site as site\n"
        "from helpers import Site\n",
        encoding="utf-8",
    )
    assert [name for _, name in imported_modules(bad) if is_test_module(name)] == [
        "conftest",
        "test_docs",
        "tests.test_site",
    ]
