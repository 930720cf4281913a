"""Fixtures shared by the tests, the plugins they use, and the suite's rules (markers, skips).

The helpers the tests import are in helpers.py: nothing imports this file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DOCS_DIR, HANDBOOK_DIR, REPO_ROOT, Site, in_ci, sphinx_build

pytest_plugins = ("sphinx.testing.fixtures", "pytester")

#: Fixtures that build, and the markers a test that uses one (itself or through another fixture)
#: must carry, so that ``-m "not build"`` leaves out every test that builds through them.
MARKERS_OF_FIXTURES: dict[str, frozenset[str]] = {
    "site": frozenset({"build"}),
    "docs_html": frozenset({"build", "docs"}),
    "docs_latex": frozenset({"build", "docs"}),
    "handbook_html": frozenset({"build", "docs"}),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse to run a test that builds through a fixture but lacks the marker that says so."""
    wrong = []
    for item in items:
        needed = frozenset().union(
            *(MARKERS_OF_FIXTURES.get(name, ()) for name in getattr(item, "fixturenames", ()))
        )
        missing = needed - {marker.name for marker in item.iter_markers()}
        if missing:
            wrong.append(f"{item.nodeid}: mark it {', '.join(sorted(missing))}")
    if wrong:
        raise pytest.UsageError("tests that build without their markers:\n" + "\n".join(wrong))


class NoSkipsInCi:
    """In CI (NHS_REQUIRE_ALL_TESTS=1) a run in which any test skipped fails, whatever skipped
    it: a skip there means a check that never ran. An expected failure (xfail) is not a skip."""

    def __init__(self) -> None:
        self.skipped: list[str] = []

    def _note(self, report: pytest.CollectReport | pytest.TestReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            self.skipped.append(report.nodeid or report.fspath)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._note(report)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._note(report)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        ok = (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)
        if self.skipped and session.exitstatus in ok:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.skipped:
            terminalreporter.write_line(
                f"NHS_REQUIRE_ALL_TESTS=1: {len(self.skipped)} skipped, so this run fails: "
                + ", ".join(self.skipped),
                red=True,
            )


def pytest_configure(config: pytest.Config) -> None:
    """In CI, fail a run that skipped anything."""
    if in_ci():
        config.pluginmanager.register(NoSkipsInCi(), "nhs-no-skips-in-ci")


@pytest.fixture(scope="session")
def docs_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/ built as CI builds it: strict, nitpicky, every warning an error; built once.

    Shared by every test of the session that reads the built site: read it, never write into it.
    """
    out = tmp_path_factory.mktemp("docs-html") / "html"
    status, stderr = sphinx_build(
        "-b", "html", "-c", REPO_ROOT, "-W", "--keep-going", "-n", "-q", "-E",
        DOCS_DIR, out, "-d", out.parent / "doctrees",
    )  # fmt: skip
    assert (status, stderr) == (0, ""), stderr
    return out


@pytest.fixture(scope="session")
def handbook_html(tmp_path_factory: pytest.TempPathFactory, docs_html: Path) -> Path:
    """handbook/ built as ``make handbook`` builds it, strictly, once; its links to the guidance
    checked against the session's ``docs_html``. Read it, never write into it."""
    out = tmp_path_factory.mktemp("handbook-html") / "html"
    status, stderr = sphinx_build(
        "-b", "html", "-W", "--keep-going", "-n", "-q", "-E",
        HANDBOOK_DIR, out, "-d", out.parent / "doctrees",
        env={"NHS_GUIDANCE_INVENTORY": str(docs_html / "objects.inv")},
    )  # fmt: skip
    assert (status, stderr) == (0, ""), stderr
    return out


@pytest.fixture(scope="session")
def docs_latex(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/ built strictly by the LaTeX builder, as ``make latexpdf`` builds it; built once.

    Shared by the session: read it, never write into it (typeset a copy of it).
    """
    out = tmp_path_factory.mktemp("docs-latex") / "latex"
    status, stderr = sphinx_build(
        "-b", "latex", "-c", REPO_ROOT, "-W", "--keep-going", "-n", "-q", "-E",
        DOCS_DIR, out, "-d", out.parent / "doctrees",
    )  # fmt: skip
    # No warning at all: an "unknown node" message or a LaTeX writer complaint fails here.
    assert (status, stderr) == (0, ""), f"latex: {stderr}"
    return out


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty fixture site; write pages with ``site.write`` and build with ``site.build``."""
    return Site(tmp_path)
