"""axe-core, the engine the browser tests run on every page, and where it comes from.

axe-core is an npm package, not a Python one: `make venv` (so `make test`) fetches the tarball
requirements/axe-core.json locks from the npm registry, checks it against the lock's sha512
(npm's own ``integrity``), and keeps its ``axe.min.js`` and licence in the venv's ``axe-core``
folder; `make lock` moves the lock to the newest release. No package on PyPI carries a current
axe-core for every Python the project supports (axe-playwright-python 0.1.8 ships 4.12.1), and
4.13 made the colour-contrast rule, most of axe's time on a page, about a third faster
(dequelabs/axe-core#5323).

Run as a script by the Makefile (USAGE); it uses the standard library alone: it runs before anything else is installed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

NAME = "axe-core"
REGISTRY = "https://registry.npmjs.org"
#: What is kept of the tarball: the script the tests add to every page, and its licence (MPL-2.0).
KEPT = ("axe.min.js", "LICENSE")
#: The tarball of 4.14.1 is 1.1 MB: a download larger than this is refused, not read on.
MAX_DOWNLOAD = 32 * 1024 * 1024
TIMEOUT = 60
#: What a lock's fields must be: a release number, the registry's address of its tarball, and
#: the sha512 the registry gives it.
VERSION = re.compile(r"\d+\.\d+\.\d+")
INTEGRITY = re.compile(r"sha512-[A-Za-z0-9+/]{86}==")


USAGE = """usage: python tests/axe_core.py fetch LOCK FOLDER   (the locked release, checked, into FOLDER)
       python tests/axe_core.py lock LOCK           (the newest release, into LOCK)"""


def installed() -> Path:
    """Where `make venv` keeps the running venv's ``axe.min.js``."""
    return Path(sys.prefix) / NAME / "axe.min.js"


class AxeCoreError(Exception):
    """A lock, a download or a tarball that is not what it must be."""


@dataclass(frozen=True)
class Lock:
    """One release of axe-core, as npm's package-lock.json records it."""

    version: str
    resolved: str
    integrity: str

    def __post_init__(self) -> None:
        if not VERSION.fullmatch(self.version):
            raise AxeCoreError(f"not a release number: {self.version!r}")
        tarball = f"{REGISTRY}/{NAME}/-/{NAME}-{self.version}.tgz"
        if self.resolved != tarball:
            raise AxeCoreError(f"{self.resolved!r} is not the registry's tarball, {tarball}")
        if not INTEGRITY.fullmatch(self.integrity):
            raise AxeCoreError(f"not a sha512 integrity: {self.integrity!r}")

    @classmethod
    def read(cls, path: Path) -> Lock:
        """The lock in the JSON file *path*."""
        try:
            fields = json.loads(path.read_text("utf-8"))
            return cls(fields["version"], fields["resolved"], fields["integrity"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise AxeCoreError(f"{path}: not a lock of {NAME}: {error}") from error

    def write(self, path: Path) -> None:
        path.write_text(json.dumps({"name": NAME, **asdict(self)}, indent=2) + "\n", "utf-8")


def download(url: str) -> bytes:
    """The body at *url*, refused past MAX_DOWNLOAD bytes."""
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        body: bytes = response.read(MAX_DOWNLOAD + 1)
    if len(body) > MAX_DOWNLOAD:
        raise AxeCoreError(f"{url}: larger than {MAX_DOWNLOAD} bytes")
    return body


def unpack(lock: Lock, tarball: bytes, folder: Path) -> Path:
    """Check *tarball* against *lock*, then write its KEPT files (and the lock) into *folder*;
    the path of ``axe.min.js``. Nothing is written from a tarball that fails the check."""
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode("ascii")
    if digest != lock.integrity:
        raise AxeCoreError(f"the tarball of {NAME} {lock.version} is not the one locked")
    files = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            for name in KEPT:
                member = archive.getmember(f"package/{name}")  # by name: no other path is read
                extracted = archive.extractfile(member) if member.isfile() else None
                if extracted is None:
                    raise AxeCoreError(f"package/{name} in the tarball is not a file")
                files[name] = extracted.read()
    except (KeyError, tarfile.TarError) as error:
        raise AxeCoreError(f"the tarball of {NAME} {lock.version}: {error}") from error
    if not files["axe.min.js"].startswith(f"/*! axe v{lock.version}\n".encode()):
        raise AxeCoreError(f"package/axe.min.js is not axe {lock.version}")
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    lock.write(folder / "lock.json")
    return folder / "axe.min.js"


def fetch(lock_path: Path, folder: Path) -> Path:
    """The release *lock_path* locks, fetched, checked and kept in *folder*."""
    lock = Lock.read(lock_path)
    return unpack(lock, download(lock.resolved), folder)


def newest() -> Lock:
    """The registry's newest release of axe-core."""
    release = json.loads(download(f"{REGISTRY}/{NAME}/latest"))
    return Lock(release["version"], release["dist"]["tarball"], release["dist"]["integrity"])


def main(argv: list[str]) -> int:
    """The script: ``fetch LOCK FOLDER`` or ``lock LOCK``."""
    try:
        if argv[:1] == ["fetch"] and len(argv) == 3:
            script = fetch(Path(argv[1]), Path(argv[2]))
            print(f"{NAME} {Lock.read(Path(argv[1])).version}: {script}")
        elif argv[:1] == ["lock"] and len(argv) == 2:
            lock = newest()
            lock.write(Path(argv[1]))
            print(f"{NAME} {lock.version}: {argv[1]}")
        else:
            print(USAGE, file=sys.stderr)
            return 2
    except (AxeCoreError, OSError, ValueError, KeyError) as error:
        print(f"{NAME}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
