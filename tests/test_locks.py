"""The locks in requirements/: what `make html`, `make test`, CI and Read the Docs install.

A lock names every package at one exact release with the hashes of its files, so that the site
built today and in six months is the same. These tests fail when pyproject.toml has changed and
the locks have not (`make lock` rewrites them), or when a lock was edited by hand.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers import REPO_ROOT, require_tool
from installs import (
    EXT_PYPROJECT,
    EXTENSION,
    FROM_EXTENSION,
    FROM_PYPROJECT,
    LOCK_EXTRAS,
    PYPROJECT,
    locked_versions,
    read_lock,
    unpinned_installs,
)
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

STALE = "pyproject.toml has changed since the lock was made: run `make lock`"


def requirements_of(pyproject: dict, extras: tuple[str, ...]) -> list[Requirement]:
    """The requirements of a project and of its *extras*; an extra that names another extra of
    the same project (``all``) stands for that extra's requirements, as pip and uv read it."""
    project = pyproject["project"]
    texts = list(project["dependencies"])
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for text in project["optional-dependencies"][extra]:
            requirement = Requirement(text)
            if canonicalize_name(requirement.name) == canonicalize_name(project["name"]):
                pending.extend(requirement.extras)
            else:
                texts.append(text)
    return [Requirement(text) for text in texts]


def build_requires() -> list[Requirement]:
    """The build backends of the site and of the extension, which the locks carry so that both
    install without fetching one."""
    texts = {*PYPROJECT["build-system"]["requires"], *EXT_PYPROJECT["build-system"]["requires"]}
    return [Requirement(text) for text in sorted(texts)]


def site_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    """The site's own requirements for a lock, but the extension, which is not locked."""
    return [r for r in requirements_of(PYPROJECT, extras) if canonicalize_name(r.name) != EXTENSION]


def extension_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    """The extension's requirements, with the extras of it that the site asks for."""
    wanted = [
        extra
        for r in requirements_of(PYPROJECT, extras)
        if canonicalize_name(r.name) == EXTENSION
        for extra in r.extras
    ]
    return requirements_of(EXT_PYPROJECT, tuple(wanted))


def declared(extras: tuple[str, ...], *, build: bool = True) -> list[Requirement]:
    """The requirements a lock must satisfy: the site's and its extras', the extension's with the
    extras the site asks for, and (with *build*) the build backends."""
    found = site_requirements(extras) + extension_requirements(extras)
    return found + (build_requires() if build else [])


@pytest.mark.parametrize("lock", LOCK_EXTRAS)
def test_every_package_is_one_exact_release_with_the_hashes_of_its_files(lock: str) -> None:
    pins = read_lock(lock)
    assert len(pins) > 10
    for pin in pins:
        (specifier,) = pin.requirement.specifier
        assert specifier.operator == "==" and "*" not in specifier.version, pin.requirement
        assert not pin.requirement.extras, pin.requirement  # the extras' packages are listed
        assert pin.hashes, f"{pin.requirement} has no --hash"
        for digest in pin.hashes:
            algorithm, _, value = digest.partition(":")
            assert algorithm == "sha256" and len(value) == 64, f"{pin.requirement}: {digest}"


@pytest.mark.parametrize("lock", LOCK_EXTRAS)
def test_the_lock_satisfies_everything_pyproject_declares(lock: str) -> None:
    """On the running Python, every dependency of the package and of the lock's extras (and
    the build backend, installed from the lock too) has a pinned release that meets it."""
    versions = locked_versions(lock)
    for requirement in declared(LOCK_EXTRAS[lock]):
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        assert name in versions, f"{requirement} is not in {lock}; {STALE}"
        assert requirement.specifier.contains(versions[name], prereleases=True), (
            f"{lock} has {name}=={versions[name]}, pyproject.toml asks for {requirement}; {STALE}"
        )


@pytest.mark.parametrize("lock", LOCK_EXTRAS)
def test_the_lock_holds_what_pyproject_declares_and_what_that_needs(lock: str) -> None:
    """The packages the lock says it has for pyproject.toml are exactly those declared now; every
    other package is there for one in the lock (nothing left over from a removed dependency)."""
    pins = read_lock(lock)
    extras = LOCK_EXTRAS[lock]
    named = {canonicalize_name(r.name) for r in site_requirements(extras)}
    needed = {canonicalize_name(r.name) for r in extension_requirements(extras)}
    build = {canonicalize_name(r.name) for r in build_requires()}
    assert {pin.name for pin in pins if FROM_PYPROJECT in pin.via} == named, STALE
    assert {pin.name for pin in pins if FROM_EXTENSION in pin.via} == needed, STALE
    assert EXTENSION not in {pin.name for pin in pins}  # installed from ./ext, never an index
    locked = {pin.name for pin in pins}
    for pin in pins:
        reasons = {canonicalize_name(v) for v in pin.via if " " not in v} - {EXTENSION}
        assert pin.via or pin.name in build, f"{lock}: nothing needs {pin.name}"
        assert reasons <= locked, f"{lock}: {pin.name} is there for {reasons - locked}; {STALE}"


def test_the_site_is_tested_with_the_releases_it_is_built_with() -> None:
    """test.lock (make test) has every package of docs.lock (make html, Read the Docs) at the
    same release, with the same files."""
    test_pins = {(pin.name, str(pin.requirement.marker)): pin for pin in read_lock("test.lock")}
    for pin in read_lock("docs.lock"):
        same = test_pins.get((pin.name, str(pin.requirement.marker)))
        assert same is not None, f"test.lock lacks {pin.requirement}"
        assert same.requirement.specifier == pin.requirement.specifier, same.requirement
        assert set(same.hashes) == set(pin.hashes), f"{pin.name}: the files differ"


def test_make_installs_nothing_but_the_locks(tmp_path: Path) -> None:
    """Every ``pip install`` that `make html`, `make test` (so CI), `make bench`, `make lint` and
    `make lock` run, from a new venv on: a lock with its hashes, the project alone, or ``==``;
    and axe-core from its lock."""
    make = require_tool("make", "it reads the Makefile's commands")
    process = subprocess.run(
        [make, "-n", "-B", f"VENV={tmp_path / 'venv'}", "html", "test", "bench", "lint", "lock"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    commands = process.stdout.replace("\\\n", " ").splitlines()
    installs = [command for command in commands if "pip install" in command]
    assert len(installs) >= 3  # a lock, the project, uv
    assert unpinned_installs(commands) == []
    assert any("-r requirements/test.lock" in command for command in installs)
    # axe-core, not a Python package, comes from its own lock alone (tests/axe_core.py).
    fetches = [command for command in commands if "axe_core.py fetch" in command]
    assert fetches and all("fetch requirements/axe-core.json" in c for c in fetches), fetches


def test_each_python_gets_the_newest_sphinx_it_can_run() -> None:
    """`make lock` forks by Python (--fork-strategy requires-python): Sphinx 9.1 and later need
    Python 3.12, so 3.11 keeps 9.0.x while 3.13 gets a newer release, not 9.0.x for all."""
    for lock in LOCK_EXTRAS:
        pins = [pin for pin in read_lock(lock) if pin.name == "sphinx"]
        by_python = {}
        for python in ("3.11", "3.13"):
            environment = {"python_full_version": f"{python}.0", "python_version": python}
            (pin,) = [
                p
                for p in pins
                if not p.requirement.marker or p.requirement.marker.evaluate(environment)
            ]
            (specifier,) = pin.requirement.specifier
            by_python[python] = Version(specifier.version)
        assert by_python["3.11"] < Version("9.1") <= by_python["3.13"], (lock, by_python)


def test_ci_runs_the_suite_on_the_oldest_and_the_newest_python() -> None:
    """.ci/run tests the oldest Python both pyproject.toml files accept, and a newer one, each in
    a venv of its own (make test PYTHON=... VENV=...)."""
    ci = (REPO_ROOT / ".ci" / "run").read_text("utf-8")
    oldest = re.search(r"^OLDEST=(\S+)$", ci, re.M)[1]
    newest = re.search(r"^NEWEST=(\S+)$", ci, re.M)[1]
    for pyproject in (PYPROJECT, EXT_PYPROJECT):
        assert pyproject["project"]["requires-python"] == f">={oldest}"
    assert Version(newest) > Version(oldest)
    assert 'make test PYTHON="$oldest" VENV=".venv"' in ci
    assert 'make test PYTHON="$newest" VENV=".venv-$NEWEST"' in ci
