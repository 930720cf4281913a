"""Fixtures shared by the tests, and the plugins they use; the helpers are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DOCS_DIR, REPO_ROOT, Site, sphinx_build

pytest_plugins = ("sphinx.testing.fixtures",)


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
def docs_latex(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/ built strictly by the LaTeX builder, as ``make pdf`` builds it; built once.

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
