"""The locks in requirements/: what `make html`, `make test`, CI and Read the Docs install.

A lock names every package at one exact release with the hashes of its files, so that the site
built today and in six months is the same. These tests fail when pyproject.toml has changed and
the locks have not (`make lock` rewrites them), or when a lock was edited by hand.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import REPO_ROOT, require_tool
from installs import (
    FROM_PYPROJECT,
    LOCK_EXTRAS,
    PYPROJECT,
    locked_versions,
    read_lock,
    unpinned_installs,
)
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

STALE = "pyproject.toml has changed since the lock was made: run `make lock`"


def declared(extras: tuple[str, ...], *, build: bool = True) -> list[Requirement]:
    """The requirements a lock must satisfy: the package's, the extras' and (with *build*) the
    build backend's, which the lock carries so that the project installs without fetching it.

    An extra may name another extra of this project (``site`` holds ``ers-docs[pdf]``): that
    stands for the other extra's requirements, as pip and uv read it.
    """
    project = PYPROJECT["project"]
    texts = [*project["dependencies"], *(PYPROJECT["build-system"]["requires"] if build else ())]
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
    named = {canonicalize_name(r.name) for r in declared(LOCK_EXTRAS[lock], build=False)}
    build = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["build-system"]["requires"]}
    assert {pin.name for pin in pins if FROM_PYPROJECT in pin.via} == named, STALE
    locked = {pin.name for pin in pins}
    for pin in pins:
        reasons = {canonicalize_name(v) for v in pin.via if v != FROM_PYPROJECT and " " not in v}
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
    `make lock` run, from a new venv on: a lock with its hashes, the project alone, or ``==``."""
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
