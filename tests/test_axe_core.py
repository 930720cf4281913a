"""axe-core, which the browser tests run on every page: its lock (requirements/axe-core.json),
the release `make test` fetched for it, and the fetch's refusal of anything but that release
(tests/axe_core.py). The pages that name the axe-core the site was tested with name this one.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from axe_core import KEPT, AxeCoreError, Lock, installed, main, unpack
from helpers import REPO_ROOT, missing, soup

AXE_LOCK = REPO_ROOT / "requirements" / "axe-core.json"
#: A release no registry has: the tarballs below are made here, never fetched.
VERSION = "9.9.9"


def tarball(files: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    """A gzipped tarball of *files* (name: content) under ``package/``, as npm packs one, with
    *links*: names that are symbolic links to ``/etc/passwd``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            member = tarfile.TarInfo(f"package/{name}")
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content))
        for name in links:
            member = tarfile.TarInfo(f"package/{name}")
            member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
            archive.addfile(member)
    return buffer.getvalue()


def lock_of(tarball: bytes, version: str = VERSION) -> Lock:
    """The lock of *tarball*, as the registry would give it for *version*."""
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode("ascii")
    return Lock(
        version, f"https://registry.npmjs.org/axe-core/-/axe-core-{version}.tgz", f"sha512-{digest}"
    )


GOOD = {"axe.min.js": f"/*! axe v{VERSION}\n */var axe;".encode(), "LICENSE": b"MPL-2.0"}


def test_the_lock_is_a_release_on_the_registry_with_its_sha512() -> None:
    lock = Lock.read(AXE_LOCK)
    assert lock.resolved.startswith("https://registry.npmjs.org/axe-core/-/")
    assert json.loads(AXE_LOCK.read_text("utf-8"))["name"] == "axe-core"


def test_the_tests_run_the_locked_release() -> None:
    """What `make test` fetched into the venv is the release the lock names, whole."""
    script = installed()
    if not script.is_file():
        missing(f"no axe-core at {script}: run the tests with `make test`, which fetches it")
    assert Lock.read(script.parent / "lock.json") == Lock.read(AXE_LOCK)
    assert script.read_text("utf-8").startswith(f"/*! axe v{Lock.read(AXE_LOCK).version}\n")


def test_the_locked_tarball_is_kept_and_nothing_else(tmp_path: Path) -> None:
    archive = tarball({**GOOD, "axe.js": b"unminified", "../../outside": b"x"})
    script = unpack(lock_of(archive), archive, tmp_path / "axe-core")
    assert script.read_bytes() == GOOD["axe.min.js"]
    assert sorted(path.name for path in script.parent.iterdir()) == sorted((*KEPT, "lock.json"))
    assert Lock.read(script.parent / "lock.json") == lock_of(archive)
    assert not (tmp_path / "outside").exists()


@pytest.mark.parametrize(
    ("archive", "expected"),
    [
        (tarball({**GOOD, "axe.min.js": b"/*! axe v9.9.8\n"}), "not axe 9.9.9"),
        (tarball({"LICENSE": b"MPL-2.0"}), "package/axe.min.js"),
        (tarball({"LICENSE": b"MPL-2.0"}, links=("axe.min.js",)), "is not a file"),
        (b"not a tarball", "the tarball of axe-core 9.9.9"),
    ],
    ids=["another release", "no script", "a link", "not a tarball"],
)
def test_a_tarball_that_is_not_the_release_is_refused(
    tmp_path: Path, archive: bytes, expected: str
) -> None:
    with pytest.raises(AxeCoreError, match=expected):
        unpack(lock_of(archive), archive, tmp_path / "axe-core")
    assert not (tmp_path / "axe-core").exists()


def test_a_tarball_with_another_hash_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """The lock's sha512 is checked first: a tarball the registry did not give is never opened."""
    with pytest.raises(AxeCoreError, match="not the one locked"):
        unpack(lock_of(tarball(GOOD)), tarball({**GOOD, "LICENSE": b"other"}), tmp_path / "out")
    assert not (tmp_path / "out").exists()


GOOD_LOCK = {
    "name": "axe-core",
    "version": "4.14.1",
    "resolved": "https://registry.npmjs.org/axe-core/-/axe-core-4.14.1.tgz",
    "integrity": "sha512-" + "A" * 86 + "==",
}


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("resolved", "https://example.org/axe-core-4.14.1.tgz", "not the registry's tarball"),
        ("resolved", "http://registry.npmjs.org/axe-core/-/axe-core-4.14.1.tgz", "not the regis"),
        ("resolved", "https://registry.npmjs.org/axe-core/-/axe-core-4.12.1.tgz", "not the regis"),
        ("version", "4.14.1/../../x", "not a release number"),
        ("integrity", "sha1-" + "A" * 27 + "=", "not a sha512 integrity"),
        ("integrity", None, "not a lock of axe-core"),
    ],
)
def test_a_lock_that_is_not_a_release_on_the_registry_is_refused(
    tmp_path: Path, field: str, value: str | None, expected: str
) -> None:
    path = tmp_path / "axe-core.json"
    path.write_text(json.dumps({**GOOD_LOCK, field: value}), "utf-8")
    with pytest.raises(AxeCoreError, match=expected):
        Lock.read(path)


def test_the_script_says_what_is_wrong_in_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make` shows the fetch's one-line reason, not a traceback; a wrong call gets the usage."""
    (tmp_path / "axe-core.json").write_text("{", "utf-8")
    assert main(["fetch", str(tmp_path / "axe-core.json"), str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith(f"axe-core: {tmp_path / 'axe-core.json'}: not a lock")
    assert main(["fetch"]) == 2
    assert capsys.readouterr().err.startswith("usage: python tests/axe_core.py fetch LOCK FOLDER")


@pytest.mark.build
@pytest.mark.docs
@pytest.mark.parametrize(
    ("site", "page"),
    [("docs_html", "accessibility_statement.html"), ("handbook_html", "accessibility.html")],
)
def test_the_pages_name_the_axe_core_the_tests_run(
    request: pytest.FixtureRequest, site: str, page: str
) -> None:
    """The accessibility statement and the handbook's page say which axe-core checked the site."""
    major, minor, _ = Lock.read(AXE_LOCK).version.split(".")
    text = soup(request.getfixturevalue(site) / page).get_text(" ", strip=True)
    assert f"axe-core {major}.{minor}" in text
