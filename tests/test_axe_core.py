"""axe-core, which the browser tests run on every page: its lock (requirements/axe-core.json),
the release `make test` fetched for it, and tests/axe_core.py's refusal of anything but that
release: a bad lock, a registry that answers wrongly, a tarball that is not the one locked. The
pages that name the axe-core the site was tested with name this one.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import axe_core
import pytest
from axe_core import KEPT, LATEST_LOCK, AxeCoreError, Lock, main, unpack
from helpers import REPO_ROOT, QuietRequests, bypass_proxies, serving, soup

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
        version, f"{axe_core.REGISTRY}/axe-core/-/axe-core-{version}.tgz", f"sha512-{digest}"
    )


GOOD = {"axe.min.js": f"/*! axe v{VERSION}\n */var axe;".encode(), "LICENSE": b"MPL-2.0"}
GOOD_TARBALL = tarball(GOOD)


def test_the_lock_is_a_release_with_the_registrys_address_and_sha512() -> None:
    lock = Lock.read(AXE_LOCK)
    assert lock.resolved.startswith("https://registry.npmjs.org/axe-core/-/")
    assert json.loads(AXE_LOCK.read_text("utf-8"))["name"] == "axe-core"


def test_the_tests_run_the_locked_release(axe_core: Path) -> None:
    """What `make test` fetched into the venv is the release the lock names (`make test-latest`'s
    venv: the newest release, which it locks in its own folder)."""
    latest = Path(sys.prefix) / LATEST_LOCK
    expected = Lock.read(latest if latest.is_file() else AXE_LOCK)
    assert Lock.read(axe_core / "lock.json") == expected
    script = (axe_core / "axe.min.js").read_text("utf-8")
    assert script.startswith(f"/*! axe v{expected.version}\n")


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
        (tarball({"LICENSE": b"MPL-2.0"}, links=("axe.min.js",)), "not a file to keep"),
        (b"not a tarball", "the tarball of axe-core 9.9.9"),
        (GOOD_TARBALL[: len(GOOD_TARBALL) // 2], "the tarball of axe-core 9.9.9"),
    ],
    ids=["another release", "no script", "a link", "not a tarball", "cut short"],
)
def test_a_tarball_that_is_not_the_release_is_refused(
    tmp_path: Path, archive: bytes, expected: str
) -> None:
    with pytest.raises(AxeCoreError, match=expected):
        unpack(lock_of(archive), archive, tmp_path / "axe-core")
    assert not (tmp_path / "axe-core").exists()


def test_a_tarball_with_another_hash_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    """The lock's sha512 is checked first: what the registry did not give is never opened (were
    it opened, this one would be refused as not a tarball)."""
    with pytest.raises(AxeCoreError, match="not the one locked"):
        unpack(lock_of(GOOD_TARBALL), b"not a tarball", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def refusal(capsys: pytest.CaptureFixture[str]) -> str:
    """What the script said on standard error: one line saying what is wrong, never a traceback."""
    error = capsys.readouterr().err
    assert error.startswith("axe-core: ") and error.count("\n") == 1, error
    return error


GOOD_LOCK = {
    "name": "axe-core",
    "version": "4.14.1",
    "resolved": "https://registry.npmjs.org/axe-core/-/axe-core-4.14.1.tgz",
    "integrity": "sha512-" + "A" * 86 + "==",
}


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({**GOOD_LOCK, "resolved": "https://example.org/axe-core-4.14.1.tgz"}),
        json.dumps({**GOOD_LOCK, "resolved": GOOD_LOCK["resolved"].replace("https", "http")}),
        json.dumps({**GOOD_LOCK, "resolved": GOOD_LOCK["resolved"].replace("4.14.1", "4.12.1")}),
        json.dumps({**GOOD_LOCK, "version": "4.14.1/../../x"}),
        json.dumps({**GOOD_LOCK, "version": 4}),
        json.dumps({**GOOD_LOCK, "integrity": "sha1-" + "A" * 27 + "="}),
        json.dumps({**GOOD_LOCK, "integrity": None}),
        json.dumps([GOOD_LOCK]),
        "null",
        "{",
        "[" * 100_000,
        " " * 70_000 + json.dumps(GOOD_LOCK),
    ],
    ids=[
        "another host", "http", "another release's tarball", "a path for a version",
        "a number for a version", "sha1", "no integrity", "a list", "null", "not JSON",
        "nested too deep", "too large",
    ],
)  # fmt: skip
def test_a_lock_that_is_not_a_release_is_refused_in_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    """`make` shows the script's one line saying what is wrong, never a traceback."""
    path = tmp_path / "axe-core.json"
    path.write_text(text, "utf-8")
    assert main(["fetch", str(path), str(tmp_path / "out")]) == 1
    refusal(capsys)
    assert not (tmp_path / "out").exists()


def test_a_call_the_script_does_not_know_gets_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch"]) == 2
    assert capsys.readouterr().err.startswith("usage: python tests/axe_core.py fetch LOCK FOLDER")


# -- A registry on 127.0.0.1 -------------------------------------------------------------------

#: What the registry below answers, by path: (status, headers, body).
Answers = dict[str, tuple[int, dict[str, str], bytes]]


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[Answers]:
    """A registry on 127.0.0.1 that axe_core.py asks instead of npm's: the test fills its
    answers; any other path is not found."""
    answers: Answers = {}
    bypass_proxies(monkeypatch)

    class Registry(QuietRequests):
        def do_GET(self) -> None:
            status, headers, body = answers.get(self.path, (404, {}, b""))
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    with serving(Registry) as url:
        monkeypatch.setattr(axe_core, "REGISTRY", url)
        yield answers


def release(lock: Lock) -> bytes:
    """The registry's answer for the release *lock* names."""
    dist = {"tarball": lock.resolved, "integrity": lock.integrity}
    return json.dumps({"name": "axe-core", "version": lock.version, "dist": dist}).encode()


def test_lock_then_fetch_keep_the_registrys_newest_release(
    tmp_path: Path, registry: Answers
) -> None:
    lock = lock_of(GOOD_TARBALL)
    registry["/axe-core/latest"] = (200, {}, release(lock))
    registry[f"/axe-core/-/axe-core-{VERSION}.tgz"] = (200, {}, GOOD_TARBALL)
    path = tmp_path / "axe-core.json"
    assert main(["lock", str(path)]) == 0
    assert Lock.read(path) == lock
    written = path.stat().st_mtime_ns
    assert main(["lock", str(path)]) == 0
    assert path.stat().st_mtime_ns == written  # unchanged: `make` has nothing to fetch again
    assert main(["fetch", str(path), str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "axe.min.js").read_bytes() == GOOD["axe.min.js"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ((200, {}, b"[]"), "not a release of axe-core"),
        ((200, {}, b"null"), "not a release of axe-core"),
        ((200, {}, b'{"version": "9.9.9", "dist": "x"}'), "not a release of axe-core"),
        ((200, {}, b'{"version": "9.9.9", "dist": {"tarball": "x"}}'), "not a release of axe-c"),
        ((200, {}, b"[" * 100_000), "not a release of axe-core"),
        ((301, {"Location": "/axe-core/elsewhere"}, b""), "which is not followed"),
        ((500, {}, b""), "HTTP Error 500"),
    ],
    ids=["a list", "null", "no dist", "no integrity", "nested too deep", "a redirect", "an error"],
)
def test_a_registry_that_answers_wrongly_leaves_the_lock_alone(
    tmp_path: Path,
    registry: Answers,
    capsys: pytest.CaptureFixture[str],
    answer: tuple[int, dict[str, str], bytes],
    expected: str,
) -> None:
    registry["/axe-core/latest"] = answer
    path = tmp_path / "axe-core.json"
    path.write_text("as it was", "utf-8")
    assert main(["lock", str(path)]) == 1
    assert expected in refusal(capsys)
    assert path.read_text("utf-8") == "as it was"


def test_a_tarball_the_registry_redirects_or_loses_is_not_fetched(
    tmp_path: Path, registry: Answers, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "axe-core.json"
    lock_of(GOOD_TARBALL).write(path)
    tarball_path = f"/axe-core/-/axe-core-{VERSION}.tgz"
    for answer, expected in [
        ((302, {"Location": "/axe-core/-/elsewhere.tgz"}, b""), "which is not followed"),
        ((404, {}, b""), "HTTP Error 404"),
        ((200, {}, tarball({**GOOD, "LICENSE": b"other"})), "not the one locked"),
    ]:
        registry[tarball_path] = answer
        assert main(["fetch", str(path), str(tmp_path / "out")]) == 1
        assert expected in refusal(capsys)
        assert not (tmp_path / "out").exists()


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
