"""Fixtures shared by the tests, the plugins they use, and the suite's rules (markers, skips).

The helpers the tests import are in helpers.py: nothing imports this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import CANONICAL, DOCS_DIR, HANDBOOK_DIR, Site, in_ci, require_tool
from shared_builds import shared_build, shared_typeset

#: browser_support: the browser tests' fixtures (one Chromium per worker), for every test_browser*.py.
pytest_plugins = ("sphinx.testing.fixtures", "pytester", "browser_support")

#: Fixtures that build or install, and the markers a test that uses one (itself or through
#: another fixture) must carry, so that ``make test-fast`` leaves out every test that does.
MARKERS_OF_FIXTURES: dict[str, frozenset[str]] = {
    "site": frozenset({"build"}),
    **{
        f"docs_{builder}": frozenset({"build", "docs"})
        for builder in ("html", "latex", "text", "man", "texinfo", "hosted")
    },
    "handbook_html": frozenset({"build", "docs"}),
    **{
        name: frozenset({"build", "docs", "pdf"})
        for name in ("docs_nhs_pdf", "docs_latex_pdf", "docs_pdf", "docs_accessible_pdf")
    },
    # test_importer_security.py's imported site, built once
    "hostile": frozenset({"build"}),
    # test_packaging.py's wheel and the venvs of test_packaging.py and test_readthedocs.py
    **{name: frozenset({"install"}) for name in ("wheel", "sibling_python", "read_the_docs")},
}


#: The test files that take longest, longest first: pytest-xdist hands out files in the order
#: they are collected, so these start first and the short files fill the workers' time after
#: them, instead of one long file running alone at the end. (Measured with --durations; a new
#: file that takes a minute or more belongs here.) test_bench.py comes first as it needs none of
#: the run's shared builds: one worker starts on it while the other builds docs/ and the handbook
#: for the browser tests (with the browser tests first, each worker waited 7 s for that build).
LONGEST_FIRST = (
    "test_bench.py",
    "test_browser_axe.py",
    "test_browser_keyboard.py",
    "test_pdf_accessible.py",
    "test_browser.py",
    "test_readthedocs.py",
    "test_builders.py",
    "test_packaging.py",
    "test_reproducible.py",
    "test_importer_compare.py",
    "test_properties.py",
)

#: Test files whose tests are handed out one by one (each a unit of work of its own), not as a
#: file: each of their tests takes half a minute or more of a worker, and they share no build
#: that a worker would make twice (the shared builds are made once per run). Every other file
#: goes to one worker whole, so that its module fixtures are set up once.
SPLIT_FILES = frozenset({"test_browser_axe.py", "test_browser_keyboard.py"})


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist loadfile`` (``make test``): pytest-xdist's file scheduling, but each test of
    SPLIT_FILES a unit of its own."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SplitFileScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = super()._split_scope(nodeid)
            return nodeid if file.rpartition("/")[2] in SPLIT_FILES else file

    return SplitFileScheduling(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the longest test files (and tests) first; refuse to run a test that builds through a fixture but
    lacks the marker that says so."""
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(  # stable: else as found
        key=lambda item: (
            rank.get(item.path.name, len(rank)),
            # the handbook's pages, four times the guidance's, first within a split file
            item.path.name in SPLIT_FILES and "handbook" not in item.nodeid,
        )
    )
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


def shared_build_fixture(fixture_name: str, srcdir: Path, builder: str, **options: Any) -> Any:
    """A session fixture named *fixture_name*: *srcdir* built once per run by *builder*, strictly, as CI
    builds it (``shared_build``), however many xdist workers ask; its output folder.

    Shared by every test of the run: read it, never write into it (work on a copy of it).
    """

    @pytest.fixture(scope="session", name=fixture_name)
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return shared_build(tmp_path_factory, srcdir, builder, **options)

    fixture.__doc__ = f"{srcdir.name}/ built once per run by the {builder} builder, strictly."
    return fixture


#: docs/ built once per builder per run. A project built by more builders, or another project
#: (a handbook, say), is one more line each.
docs_html = shared_build_fixture("docs_html", DOCS_DIR, "html")
docs_latex = shared_build_fixture("docs_latex", DOCS_DIR, "latex")
docs_text = shared_build_fixture("docs_text", DOCS_DIR, "text")
docs_man = shared_build_fixture("docs_man", DOCS_DIR, "man")
docs_texinfo = shared_build_fixture("docs_texinfo", DOCS_DIR, "texinfo")
#: The accessible PDF (``make pdf``); ask for it after ``require_weasyprint()``.
docs_nhs_pdf = shared_build_fixture("docs_nhs_pdf", DOCS_DIR, "nhs_pdf")


@pytest.fixture(scope="session")
def handbook_html(tmp_path_factory: pytest.TempPathFactory, docs_html: Path) -> Path:
    """handbook/ built as ``make handbook`` builds it, strictly, once per run; its links to the
    guidance checked against the run's ``docs_html``. Read it, never write into it."""
    return shared_build(
        tmp_path_factory, HANDBOOK_DIR, "html", confdir=None,
        env={"NHS_GUIDANCE_INVENTORY": str(docs_html / "objects.inv")},
    )  # fmt: skip


@pytest.fixture(scope="session")
def docs_latex_pdf(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Path:
    """docs/ typeset by latexmk as ``make latexpdf`` typesets it, once per run; the PDF.

    The LaTeX source (``docs_latex``) is asked for only once latexmk is found.
    """
    require_tool("latexmk", "it typesets the PDF")
    return shared_typeset(tmp_path_factory, request.getfixturevalue("docs_latex"))


#: As Read the Docs builds it for the version published at CANONICAL (a fictional address).
docs_hosted = shared_build_fixture(
    "docs_hosted", DOCS_DIR, "html", name="docs-hosted",
    env={"READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": CANONICAL},
)  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty fixture site; write pages with ``site.write`` and build with ``site.build``."""
    return Site(tmp_path)
