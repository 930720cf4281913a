"""axe-core, the engine the browser tests run on every page, and where it comes from.

axe-core is an npm package, not a Python one: `make venv` (so `make test`) fetches the tarball
requirements/axe-core.json locks from the npm registry, checks it against the lock's sha512
(npm's own ``integrity``), and keeps its ``axe.min.js`` and licence in the venv's ``axe-core``
folder; `make lock` moves the lock to the newest release. No package on PyPI carries a current
axe-core for every Python the project supports (axe-playwright-python 0.1.8 ships 4.12.1), and
4.13 made the colour-contrast rule, most of axe's time on a page, about a third faster
(dequelabs/axe-core#5323).

Run as a script by the Makefile (USAGE); it uses the standard library alone, as it runs before
anything else is installed. What it reads is untrusted (the lock, the registry's answers, the
tarball): anything wrong stops it with a line saying what, and nothing is written.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import io
import json
import re
import sys
import tarfile
import time
import urllib.request
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

NAME = "axe-core"
REGISTRY = "https://registry.npmjs.org"
#: What is kept of the tarball: the script the tests add to every page, and its licence (MPL-2.0).
KEPT = ("axe.min.js", "LICENSE")
#: The tarball of 4.14.1 is 0.7 MB, its axe.min.js 0.65 MB: a download, or a kept file, larger
#: than this is refused, not read on; and a download that takes longer than TIMEOUT seconds.
MAX_BYTES = 32 * 1024 * 1024
TIMEOUT = 120
#: A lock is a few hundred bytes (and JSON nested deeper than Python's recursion is refused).
MAX_LOCK_BYTES = 64 * 1024
#: What a lock's fields must be: a release number, the registry's address of its tarball, and
#: the sha512 the registry gives it.
VERSION = re.compile(r"\d+\.\d+\.\d+")
INTEGRITY = re.compile(r"sha512-[A-Za-z0-9+/]{86}==")
#: The lock `make test-latest` fetches the newest release with, in its venv (sys.prefix).
LATEST_LOCK = "axe-core-latest.json"

USAGE = """usage: python tests/axe_core.py fetch LOCK FOLDER   (the locked release, checked, into FOLDER)
       python tests/axe_core.py lock LOCK           (the newest release, into LOCK)"""


class AxeCoreError(Exception):
    """A lock, a download or a tarball that is not what it must be."""


@dataclass(frozen=True)
class Lock:
    """One release of axe-core, as npm's package-lock.json records it."""

    version: str
    resolved: str
    integrity: str

    def __post_init__(self) -> None:
        if not (isinstance(self.version, str) and VERSION.fullmatch(self.version)):
            raise AxeCoreError(f"not a release number: {self.version!r}")
        tarball = f"{REGISTRY}/{NAME}/-/{NAME}-{self.version}.tgz"
        if self.resolved != tarball:
            raise AxeCoreError(f"{self.resolved!r} is not the registry's tarball, {tarball}")
        if not (isinstance(self.integrity, str) and INTEGRITY.fullmatch(self.integrity)):
            raise AxeCoreError(f"not a sha512 integrity: {self.integrity!r}")

    @classmethod
    def parse(cls, text: bytes, where: str) -> Lock:
        """The lock in the JSON *text* (a file's or the registry's, named by *where*): either
        npm's lock entry (``resolved``, ``integrity``) or the registry's answer (``dist``)."""
        try:
            fields = json.loads(text)
            if "dist" in fields:
                fields = {"version": fields["version"], **fields["dist"]}
                fields["resolved"] = fields.pop("tarball")
            return cls(fields["version"], fields["resolved"], fields["integrity"])
        except (ValueError, KeyError, TypeError, RecursionError) as error:
            raise AxeCoreError(f"{where}: not a release of {NAME} ({error!r})") from error

    @classmethod
    def read(cls, path: Path) -> Lock:
        """The lock in the JSON file *path*."""
        try:
            with path.open("rb") as file:
                text = file.read(MAX_LOCK_BYTES + 1)
        except OSError as error:
            raise AxeCoreError(f"{path}: {error.strerror}") from error
        if len(text) > MAX_LOCK_BYTES:
            raise AxeCoreError(f"{path}: larger than {MAX_LOCK_BYTES} bytes")
        return cls.parse(text, str(path))

    def write(self, path: Path) -> None:
        """Write the lock to *path*, in npm's form, unless *path* holds it already (so that
        `make` sees no change to fetch again)."""
        text = json.dumps({"name": NAME, **asdict(self)}, indent=2) + "\n"
        if not (path.is_file() and path.read_text("utf-8") == text):
            path.write_text(text, "utf-8")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """The registry answers where it is asked: a redirect (to another host, or to http) is
    refused rather than followed."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        raise AxeCoreError(f"{req.full_url}: redirected to {newurl}, which is not followed")


def download(url: str) -> bytes:
    """The body at *url*, refused past MAX_BYTES or TIMEOUT seconds."""
    deadline, chunks, size = time.monotonic() + TIMEOUT, [], 0
    try:
        with urllib.request.build_opener(NoRedirects).open(url, timeout=TIMEOUT) as response:
            while chunk := response.read(64 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BYTES:
                    raise AxeCoreError(f"{url}: larger than {MAX_BYTES} bytes")
                if time.monotonic() > deadline:
                    raise AxeCoreError(f"{url}: not downloaded in {TIMEOUT} s")
    except (OSError, http.client.HTTPException) as error:
        raise AxeCoreError(f"{url}: {error}") from error
    return b"".join(chunks)


def unpack(lock: Lock, tarball: bytes, folder: Path) -> Path:
    """Check *tarball* against *lock*, then write its KEPT files (and the lock) into *folder*;
    the path of ``axe.min.js``. Nothing is written from a tarball that fails the check, and a
    tarball is opened only once its sha512 is the lock's."""
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode("ascii")
    if digest != lock.integrity:
        raise AxeCoreError(f"the tarball of {NAME} {lock.version} is not the one locked")
    files = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            for name in KEPT:
                member = archive.getmember(f"package/{name}")  # by name: no other path is read
                if not member.isfile() or member.size > MAX_BYTES:
                    raise AxeCoreError(f"package/{name} in the tarball is not a file to keep")
                extracted = archive.extractfile(member)
                assert extracted is not None  # a regular file's
                files[name] = extracted.read()
    except (KeyError, EOFError, zlib.error, tarfile.TarError) as error:
        raise AxeCoreError(f"the tarball of {NAME} {lock.version}: {error!r}") from error
    if not files["axe.min.js"].startswith(f"/*! axe v{lock.version}\n".encode()):
        raise AxeCoreError(f"package/axe.min.js is not axe {lock.version}")
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    lock.write(folder / "lock.json")
    return folder / "axe.min.js"


def fetch(lock: Lock, folder: Path) -> Path:
    """The release *lock* names, fetched, checked and kept in *folder*; its ``axe.min.js``."""
    return unpack(lock, download(lock.resolved), folder)


def newest() -> Lock:
    """The registry's newest release of axe-core."""
    url = f"{REGISTRY}/{NAME}/latest"
    return Lock.parse(download(url), url)


def main(argv: list[str]) -> int:
    """The script: ``fetch LOCK FOLDER`` or ``lock LOCK``; 1 with a line on standard error when
    something is wrong, 2 with USAGE for a call it does not know."""
    try:
        if argv[:1] == ["fetch"] and len(argv) == 3:
            lock = Lock.read(Path(argv[1]))
            print(f"{NAME} {lock.version}: {fetch(lock, Path(argv[2]))}")
        elif argv[:1] == ["lock"] and len(argv) == 2:
            lock = newest()
            lock.write(Path(argv[1]))
            print(f"{NAME} {lock.version}: {argv[1]}")
        else:
            print(USAGE, file=sys.stderr)
            return 2
    except (AxeCoreError, OSError) as error:
        print(f"{NAME}: {error}", file=sys.stderr)
        return 1
    return 0


def installed() -> Path:
    """The folder where `make venv` keeps the running venv's axe-core."""
    return Path(sys.prefix) / NAME


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
