"""The test suite's own rules.

- Tests share code through helper modules, never through each other: a test file that imports
  ``conftest`` or another test file runs that module twice (once as a test module, once as an
  import), gets its fixtures and ``pytestmark`` along with it, and breaks when either is moved.
  Shared code lives in ``helpers.py`` (and ``importer_support.py``).
- In CI (NHS_REQUIRE_ALL_TESTS=1) a run in which anything skipped fails (conftest.py), also
  when the skip happens in a pytest-xdist worker (as in `make test`).
- A test that builds through the shared fixtures carries the markers that say so (conftest.py).

The last two are checked by running pytest, with this suite's own conftest.py, on tiny test files.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import REPO_ROOT

TESTS_DIR = REPO_ROOT / "tests"
CONFTEST = TESTS_DIR / "conftest.py"
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


# -- CI fails on any skip ------------------------------------------------------------------------

SOME_SKIP = """
import pytest

def test_runs():
    pass

def test_skips():
    pytest.skip("a tool is missing")
"""


#: Hypothesis's plugin spends seconds on its summary of a run that has no Hypothesis test.
QUIET = ("-p", "no:hypothesispytest", "-p", "no:cacheprovider")


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytest project with this suite's conftest.py, for tiny generated test files."""
    pytester.makeconftest(CONFTEST.read_text("utf-8"))
    return pytester


def in_ci(monkeypatch: pytest.MonkeyPatch, value: bool) -> None:
    if value:
        monkeypatch.setenv("NHS_REQUIRE_ALL_TESTS", "1")
    else:
        monkeypatch.delenv("NHS_REQUIRE_ALL_TESTS", raising=False)


def test_in_ci_a_run_with_a_skipped_test_fails(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_ci(monkeypatch, True)
    suite.makepyfile(test_tiny=SOME_SKIP)
    result = suite.runpytest(*QUIET)
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*NHS_REQUIRE_ALL_TESTS=1: 1 skipped, so this run fails: test_tiny.py::test_skips*"]
    )


def test_in_ci_a_skip_in_an_xdist_worker_fails_the_run(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make test` runs the suite in pytest-xdist's workers: a skip there fails the run too."""
    in_ci(monkeypatch, True)
    monkeypatch.setenv("PYTHONPATH", str(TESTS_DIR))  # the workers import helpers.py from there
    suite.makepyfile(test_tiny=SOME_SKIP)
    result = suite.runpytest_subprocess("-n", "1", *QUIET)
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*NHS_REQUIRE_ALL_TESTS=1: 1 skipped, so this run fails: test_tiny.py::test_skips*"]
    )


@pytest.mark.parametrize(
    "source",
    [
        # skipped by a fixture (as require_tool does in one)
        "import pytest\n\n@pytest.fixture\ndef tool():\n    pytest.skip('no tool')\n\n"
        "def test_uses_it(tool):\n    pass\n",
        # a whole module skipped while it is collected
        "import pytest\n\npytest.skip('not here', allow_module_level=True)\n\n"
        "def test_never():\n    pass\n",
        # skipped by a marker
        "import pytest\n\n@pytest.mark.skipif(True, reason='never')\ndef test_never():\n    pass\n",
    ],
    ids=["fixture", "module", "marker"],
)
def test_in_ci_every_kind_of_skip_fails_the_run(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    in_ci(monkeypatch, True)
    suite.makepyfile(test_tiny=source)
    result = suite.runpytest(*QUIET)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*NHS_REQUIRE_ALL_TESTS=1: 1 skipped*"])


def test_in_ci_a_run_without_skips_passes_and_an_expected_failure_is_no_skip(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_ci(monkeypatch, True)
    suite.makepyfile(
        test_tiny="import pytest\n\ndef test_runs():\n    pass\n\n"
        "@pytest.mark.xfail(strict=True)\ndef test_known_bug():\n    assert False\n"
    )
    result = suite.runpytest(*QUIET)
    result.assert_outcomes(passed=1, xfailed=1)
    assert result.ret == pytest.ExitCode.OK


def test_outside_ci_a_skip_is_only_reported(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_ci(monkeypatch, False)
    suite.makepyfile(test_tiny=SOME_SKIP)
    result = suite.runpytest(*QUIET)
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.no_fnmatch_line("*NHS_REQUIRE_ALL_TESTS*")


# -- markers -------------------------------------------------------------------------------------


def test_a_test_that_builds_through_a_fixture_must_carry_its_markers(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_ci(monkeypatch, False)
    suite.makepyfile(
        test_tiny="import pytest\n\n"
        "@pytest.fixture\ndef page(site):\n    return site\n\n"
        "def test_unmarked(page):\n    pass\n\n"
        "@pytest.mark.build\ndef test_marked(site):\n    pass\n\n"
        "@pytest.mark.build\ndef test_half_marked(docs_html):\n    pass\n"
    )
    result = suite.runpytest("--collect-only", *QUIET)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*tests that build without their markers:",
            "test_tiny.py::test_unmarked: mark it build",
            "test_tiny.py::test_half_marked: mark it docs",
        ]
    )
    assert "test_marked:" not in result.stderr.str()
