"""The locks in requirements/, and installs into fresh venvs that never reach the network.

`make html` and `make test` fetch a lock's files into the venv's wheelhouse (``.venv/wheelhouse``)
and install from there; a test installs into a new venv from the same files, with pip's index
switched off, as Read the Docs or another project would install.
"""

from __future__ import annotations

import ensurepip
import os
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from helpers import REPO_ROOT, missing
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
#: The extension's own distribution, nhs-assurance, in ext/: the site depends on it.
EXT_PYPROJECT = tomllib.loads((REPO_ROOT / "ext" / "pyproject.toml").read_text("utf-8"))
EXTENSION = canonicalize_name(EXT_PYPROJECT["project"]["name"])

#: Each lock, and the extras of pyproject.toml it carries beside the package's dependencies.
LOCK_EXTRAS = {
    "docs.lock": ("site",),
    "test.lock": ("site", "test", "bench"),
}

#: How uv's annotation names the project's own requirements, and the extension's.
FROM_PYPROJECT = "ers-docs (pyproject.toml)"
FROM_EXTENSION = str(EXTENSION)


@dataclass(frozen=True)
class Pin:
    """One requirement of a lock: ``name==version [; marker]``, its hashes, and uv's ``# via``."""

    requirement: Requirement
    hashes: tuple[str, ...]
    via: tuple[str, ...]

    @property
    def name(self) -> NormalizedName:
        """The package's normalised name."""
        return canonicalize_name(self.requirement.name)

    def applies(self) -> bool:
        """Whether pip installs this pin on the running Python (its marker holds)."""
        return self.requirement.marker is None or self.requirement.marker.evaluate()


def read_lock(name: str) -> list[Pin]:
    """The requirements of ``requirements/<name>``, in their order."""
    pins: list[Pin] = []
    entry: list[str] = []
    via: list[str] = []

    def close() -> None:
        if entry:
            requirement, *hashes = " ".join(entry).split(" --hash=")
            pins.append(Pin(Requirement(requirement.strip()), tuple(hashes), tuple(via)))
        entry.clear()
        via.clear()

    lines = (REPO_ROOT / "requirements" / name).read_text("utf-8").splitlines()
    continued = False
    for line in lines:
        text = line.strip().removesuffix("\\").strip()
        if continued:
            entry.append(text)
        elif line and not line[0].isspace() and not line.startswith("#"):
            close()
            entry.append(text)
        elif text.startswith("# via"):
            via.extend(filter(None, [text.removeprefix("# via").strip()]))
        elif text.startswith("#   ") and entry:
            via.append(text.removeprefix("#").strip())
        continued = line.endswith("\\")
    close()
    return pins


def locked_versions(name: str) -> dict[NormalizedName, Version]:
    """The version each package of the lock has on the running Python."""
    versions: dict[NormalizedName, Version] = {}
    for pin in read_lock(name):
        if pin.applies():
            assert pin.name not in versions, f"{name} pins {pin.name} twice for this Python"
            (specifier,) = pin.requirement.specifier
            versions[pin.name] = Version(specifier.version)
    return versions


def wheelhouse() -> Path:
    """The files the running venv was installed from (skip, or fail in CI, without them)."""
    path = Path(sys.prefix) / "wheelhouse"
    if not path.is_dir():
        missing(f"no wheelhouse at {path}: run the tests with `make test`, which makes it")
    return path


def offline_env(venv: Path, *find_links: Path) -> dict[str, str]:
    """The environment of a command run in *venv*: its ``python`` first on PATH, and pip
    limited to the wheelhouse (and *find_links*), with no index and no configuration file."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    links = " ".join(str(path) for path in (wheelhouse(), *find_links))
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=links,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        # No bytecode compiled at install (Python compiles what it imports anyway): half of
        # pip's time. Not PIP_NO_COMPILE=1, which pip reads as --compile (the value of an
        # option's variable is stored as it is, and --no-compile stores False).
        PIP_COMPILE="0",
    )
    return env


def bundled_pip() -> Path | None:
    """The pip wheel Python carries, which ``python -m venv`` installs with ensurepip (None
    where a distributor took it out)."""
    return next((Path(ensurepip.__file__).parent / "_bundled").glob("pip-*.whl"), None)


def new_venv(path: Path) -> Path:
    """A new venv at *path* that sees none of the running one's packages; its ``python``.

    It holds the pip ``python -m venv`` would put there, the wheel Python carries, installed by
    the running pip without compiling its bytecode: ensurepip compiles every module of pip,
    which costs four times what the rest of the venv does.
    """
    python, wheel = path / "bin" / "python", bundled_pip()
    if wheel is None:
        subprocess.run([sys.executable, "-m", "venv", path], check=True, capture_output=True)
        return python
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", path], check=True, capture_output=True
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel],
        check=True, capture_output=True, env=offline_env(path),
    )  # fmt: skip
    return python


def installed_versions(python: Path) -> dict[NormalizedName, Version]:
    """What is installed in the venv of *python*, and at which version."""
    listing = subprocess.run(
        [python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    versions = {}
    for line in listing.splitlines():
        name, _, version = line.partition("==")
        versions[canonicalize_name(name)] = Version(version)
    return versions


def unpinned_installs(commands: list[str]) -> list[str]:
    """The commands among *commands* that run ``pip install`` with anything but a lock of
    requirements/ (every file checked against its hash), the project or the extension (./ext)
    without its dependencies, or ``name==version``."""
    unpinned = []
    for command in commands:
        words = shlex.split(command)
        starts = [i + 2 for i in range(len(words) - 1) if words[i : i + 2] == ["pip", "install"]]
        if not starts:
            continue
        locks, targets, options = [], [], set()
        rest = iter(words[starts[0] :])
        for word in rest:
            if word in ("-r", "--requirement"):
                locks.append(next(rest))
            elif word in ("-e", "--editable"):
                targets.append(next(rest))
            elif word in ("-f", "--find-links", "-c", "--constraint"):
                next(rest)
            elif word.startswith("-"):
                options.add(word)
            else:
                targets.append(word)
        lock = bool(locks) and not targets and "--require-hashes" in options
        lock = lock and all(path.startswith("requirements/") for path in locks)
        project = len(targets) == 1 and targets[0] in (".", "./ext") and not locks
        project = project and "--no-deps" in options
        exact = bool(targets) and not locks and all("==" in target for target in targets)
        if not (lock or project or exact):
            unpinned.append(command)
    return unpinned
