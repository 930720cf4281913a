"""Helpers for the importer's tests: run an import, build its output as this project does."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

from bs4 import BeautifulSoup
from helpers import REPO_ROOT, require_tool, soup, sphinx_build_in_process

FIXTURE_SITE = REPO_ROOT / "tests" / "fixtures" / "jekyll_site"
ORIGINAL_PAGE = REPO_ROOT / "tests" / "fixtures" / "clinical_safety.md"  # the original, unchanged
ERS_SITE = "https://developer.nhs.uk/apis/e-Referrals/"


def run_importer(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the importer's command line with *args* in this process, as ``python -m
    nhs_assurance.importer`` runs it (its ``main``, with ``sys.exit``'s status); its exit status
    and what it printed. Never raises on failure.

    In this process, as a new Python would spend most of a run importing the importer (about a
    second each time, some thirty runs); ``run_importer_process`` runs the real command, and
    each entry point keeps a test of its own that does (test_importer_cli.py).
    """
    from nhs_assurance.importer.cli import main  # here: collecting a test file needs none of it

    command = [sys.executable, "-m", "nhs_assurance.importer", *map(str, args)]
    stdout, stderr = io.StringIO(), io.StringIO()
    # As through a pipe: argparse wraps its help to $COLUMNS, else to 80 columns.
    columns = {} if "COLUMNS" in os.environ else {"COLUMNS": "80"}
    with (
        mock.patch.dict(os.environ, columns),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        try:
            status = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse: --help, or bad arguments
            status = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(command, int(status), stdout.getvalue(), stderr.getvalue())


def run_importer_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m nhs_assurance.importer`` as a user would, in a new Python; never raises
    on failure."""
    return subprocess.run(
        [sys.executable, "-m", "nhs_assurance.importer", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def build_strict(srcdir: Path, outdir: Path) -> tuple[int, str]:
    """Build *srcdir* with this project's conf.py, as ``make html`` does: ``-W -n``, fresh (the
    command's entry point, in this process)."""
    return sphinx_build_in_process(
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


#: The Jekyll plugins Debian packages (.ci/run installs them); a site's other plugins are left out.
JEKYLL_PLUGINS = ("jekyll-sitemap", "jekyll-seo-tag", "jekyll-redirect-from")


def jekyll_build(site: Path, work: Path) -> Path:
    """Build the Jekyll *site* with Debian's ``jekyll`` as its authors did; return its ``_site``.

    Without Bundler: the site is copied to *work* without its Gemfile, ``JEKYLL_NO_BUNDLER_REQUIRE``
    is set, and a second configuration file limits ``plugins`` to those installed.
    """
    jekyll = require_tool("jekyll", "the importer's comparison tests build the site with Jekyll")
    source = work / "jekyll-source"
    shutil.copytree(site, source, ignore=shutil.ignore_patterns("Gemfile", "Gemfile.lock", "_site"))
    extra = work / "jekyll-plugins.yml"
    extra.write_text("plugins: [" + ", ".join(JEKYLL_PLUGINS) + "]\n", encoding="utf-8")
    rendered = work / "_site"
    process = subprocess.run(
        [jekyll, "build", "--source", source, "--destination", rendered,
         "--config", f"{source / '_config.yml'},{extra}"],
        capture_output=True, text=True, check=False, cwd=work,
        env={**os.environ, "JEKYLL_NO_BUNDLER_REQUIRE": "true", "JEKYLL_ENV": "production"},
    )  # fmt: skip
    assert process.returncode == 0, process.stdout + process.stderr
    return rendered
