"""Helpers for the importer's tests: run an import, build its output as this project does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from helpers import REPO_ROOT, soup, sphinx_build

FIXTURE_SITE = REPO_ROOT / "tests" / "fixtures" / "jekyll_site"
ORIGINAL_PAGE = REPO_ROOT / "tests" / "fixtures" / "clinical_safety.md"  # the original, unchanged
ERS_SITE = "https://developer.nhs.uk/apis/e-Referrals/"


def run_importer(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m nhs_assurance.importer`` as a user would; never raises on failure."""
    return subprocess.run(
        [sys.executable, "-m", "nhs_assurance.importer", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def build_strict(srcdir: Path, outdir: Path) -> tuple[int, str]:
    """Build *srcdir* with this project's conf.py, as ``make html`` does: ``-W -n``, fresh."""
    return sphinx_build(
        "-b", "html", "-c", REPO_ROOT, "-W", "--keep-going", "-n", "-q", "-E",
        srcdir, outdir, "-d", outdir.parent / f"{outdir.name}-doctrees",
    )  # fmt: skip


def article(path: Path) -> BeautifulSoup:
    """The main content of the page at *path*, without the theme around it."""
    main = soup(path).select_one("article[role=main]")
    assert main is not None, f"{path} has no <article role=main>"
    return main


def text_of(node: BeautifulSoup) -> str:
    """The text of *node*, its whitespace collapsed."""
    return " ".join(node.get_text().split())
