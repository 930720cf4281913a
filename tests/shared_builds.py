"""Builds the tests of a run share: each made once per run, by whichever xdist worker asks first.

pytest-xdist runs the suite in several processes, and a session-scoped fixture runs once in each.
So a shared build is made under a file lock in the folder all workers of the run share (the
pattern of pytest-xdist's documentation): the first worker to ask builds it, the others wait for
it and read it. A build that failed fails every test that asks for it, with the same message,
without being tried again; a skip (a missing tool) is never recorded, as each worker checks its
tools itself.

``shared_build(tmp_path_factory, DOCS_DIR, "html")`` is docs/ built by one builder, as CI builds
it; a second project built once per builder is one more fixture in conftest.py.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from filelock import FileLock
from helpers import REPO_ROOT, latexmk, sphinx_build_in_process

#: Every shared build is dated by this (as Debian's reproducible builds date theirs), so that a
#: second clean build of the same sources can be compared with it byte for byte; Sphinx shows it
#: where it shows "today" (the LaTeX title page, the manual page).
SOURCE_DATE_EPOCH = "1700000000"


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this run that every worker of it shares.

    Under xdist each worker's base folder (``popen-gw0`` ...) is inside the run's; without xdist
    the base folder is the run's own (its parent holds earlier runs, so never that).
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """The folder *name* that ``make(folder)`` fills, made by the first worker that asks.

    ``make`` writes into an empty folder, which is renamed to its place only once it is done, so
    no worker ever reads half of it.
    """
    shared = run_folder(tmp_path_factory) / "shared"
    shared.mkdir(exist_ok=True)
    done, failed = shared / name, shared / f"{name}.failed"
    with FileLock(shared / f"{name}.lock"):
        if failed.exists():
            pytest.fail(f"{name}, shared by the run, failed:\n{failed.read_text('utf-8')}")
        if not done.exists():
            work = shared / f"{name}.partial"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            try:
                make(work)
            except pytest.skip.Exception:
                raise
            except BaseException as error:
                failed.write_text(str(error) or repr(error), "utf-8")
                raise
            work.rename(done)
    return done


def shared_build(
    tmp_path_factory: pytest.TempPathFactory,
    srcdir: Path,
    builder: str,
    *,
    confdir: Path | None = REPO_ROOT,
    env: Mapping[str, str] | None = None,
    name: str | None = None,
) -> Path:
    """*srcdir* built once per run by *builder* as CI builds it (strict, nitpicky, every warning
    an error, from scratch); its output folder. Read it, never write into it.

    It is built in the worker's process (``sphinx_build_in_process``: no new Python to start and
    import Sphinx in, a second each); test_reproducible builds docs/ again in a process of its
    own, as ``make html`` does, and finds the same bytes.

    *confdir* holds its conf.py (the repository root for docs/; None: *srcdir*'s own); *env*
    sets environment variables for the build; *name* tells apart two builds with one builder.
    """
    name = name or f"{srcdir.name}-{builder}"

    def make(folder: Path) -> None:
        status, stderr = sphinx_build_in_process(
            "-b", builder, *(["-c", confdir] if confdir else []),
            "-W", "--keep-going", "-n", "-q", "-E",
            srcdir, folder / builder, "-d", folder / "doctrees",
            env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})},
        )  # fmt: skip
        # The outcome is kept, so that every worker's test fails alike on a warning.
        (folder / "outcome.json").write_text(json.dumps([status, stderr]), "utf-8")

    folder = once_per_run(tmp_path_factory, name, make)
    status, stderr = json.loads((folder / "outcome.json").read_text("utf-8"))
    # No warning at all: an "unknown node" message or a writer's complaint fails here.
    assert (status, stderr) == (0, ""), f"{name}: {stderr}"
    return folder / builder


def shared_typeset(tmp_path_factory: pytest.TempPathFactory, latex: Path) -> Path:
    """The LaTeX source *latex* (a shared build) typeset once per run by latexmk, as ``make
    latexpdf`` typesets it: a PDF and nothing else, no LATEXOPTS from the environment; the PDF.

    latexmk writes into the folder it typesets, so it runs on a copy of the source.
    """

    def make(folder: Path) -> None:
        shutil.copytree(latex, folder / "latex")
        latexmk(
            folder / "latex", "-dvi-", "-ps-",
            env={"LATEXOPTS": "", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        )  # fmt: skip

    name = f"{latex.parent.name}-typeset"
    (pdf,) = (once_per_run(tmp_path_factory, name, make) / "latex").glob("*.pdf")
    return pdf
