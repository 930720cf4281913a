"""Writing DEST: only inside it, every name checked first, all files or none.

- :func:`folder_problem` refuses a DEST that is SRC, that is inside SRC (the import would read
  its own output on the next run, and Jekyll's own pages would be mixed with it), that holds
  SRC (Sphinx would read the Jekyll pages as pages of the project, and a page could be written
  over its own source), or that lies below a file.
- :func:`name_problem` refuses an output name no file system takes: a NUL, a part longer than
  255 bytes, a name that is not UTF-8, a name leaving DEST.
- :func:`plan` compares every file with what DEST holds: a file in the way (a folder, a link,
  a file where a folder is needed) blocks the import; a file with other content is only
  replaced with ``force``.
- :func:`commit` writes the files through a staging folder inside DEST and renames them into
  place; when one rename fails, those done are undone, so DEST holds all the new files or
  none. Files and folders are created with the permissions the process's umask gives (as any
  other tool would write them), never narrower: a web server running as another user can
  serve them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

#: The longest name of a file or folder common file systems take, in bytes.
NAME_MAX = 255


class WriteError(Exception):
    """DEST could not be written; nothing of the import was left in it."""


def folder_problem(src: Path, dest: Path) -> str | None:
    """Why *dest* cannot receive the import of *src*, or ``None``."""
    real_src = Path(os.path.realpath(src))
    real_dest = Path(os.path.realpath(dest))
    if real_dest == real_src:
        return "DEST is SRC: the import would overwrite the Jekyll site it reads"
    if real_dest.is_relative_to(real_src):
        return "DEST is inside SRC: choose a folder outside the Jekyll site"
    if real_src.is_relative_to(real_dest):
        return "SRC is inside DEST: Sphinx would read the Jekyll pages too; choose another DEST"
    for folder in (dest, *dest.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                return f"{folder} is not a folder, so DEST cannot be made in it"
            break
    return None


def name_problem(rel: str) -> str | None:
    """Why *rel* (a relative path with ``/``) cannot be written in DEST, or ``None``."""
    if "\x00" in rel:
        return "holds a NUL character"
    try:
        encoded = rel.encode("utf-8")
    except UnicodeEncodeError:
        return "is not UTF-8"
    if rel.startswith("/") or any(part in ("", ".", "..") for part in rel.split("/")):
        return "is not a path inside DEST"
    if any(len(part) > NAME_MAX for part in encoded.split(b"/")):
        return f"has a part longer than {NAME_MAX} bytes, which no file system takes"
    return None


def clashes(names: list[str]) -> dict[str, str]:
    """The names of *names* that are also a folder of another name (``a.md`` and
    ``a.md/b.md``), each with the name it clashes with. The first in *names* keeps its place."""
    files: dict[str, str] = {}
    folders: dict[str, str] = {}
    clashing: dict[str, str] = {}
    for name in names:
        parents = ["/".join(name.split("/")[:i]) for i in range(1, name.count("/") + 1)]
        other = folders.get(name) or next((files[p] for p in parents if p in files), None)
        if other is not None:
            clashing[name] = other
            continue
        files[name] = name
        for parent in parents:
            folders.setdefault(parent, name)
    return clashing


@dataclass
class Plan:
    """What writing the import would do to DEST."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: Files with other content, which only ``force`` replaces.
    conflicts: list[str] = field(default_factory=list)
    #: Names that cannot be written at all, and why: a folder, a link or a file in the way.
    blocked: dict[str, str] = field(default_factory=dict)


def plan(dest: Path, files: dict[str, bytes], *, force: bool) -> Plan:
    """Compare *files* (relative name -> content) with what DEST holds."""
    result = Plan()
    for rel, content in sorted(files.items()):
        path = dest / rel
        in_the_way = _in_the_way(dest, rel)
        if in_the_way is not None:
            result.blocked[rel] = in_the_way
        elif path.is_file() and _same(path, content):
            result.unchanged.append(rel)
        else:
            if path.exists() and not force:
                result.conflicts.append(rel)
            result.changed.append(rel)
    return result


def _in_the_way(dest: Path, rel: str) -> str | None:
    """Why something already in DEST stops *rel* being written there, or ``None``."""
    parts = rel.split("/")
    for depth in range(1, len(parts)):
        folder = dest.joinpath(*parts[:depth])
        if folder.is_symlink():
            return f"{'/'.join(parts[:depth])} is a link; the importer does not write through it"
        if folder.exists() and not folder.is_dir():
            return f"{'/'.join(parts[:depth])} is a file where a folder is needed"
    path = dest / rel
    if path.is_symlink():
        return "is a link; the importer does not replace it"
    if path.exists() and not path.is_file():
        return "is a folder (or not a regular file); the importer never replaces one"
    return None


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def commit(dest: Path, files: dict[str, bytes]) -> None:
    """Write *files* into *dest*: all of them, or (on :class:`WriteError`) none."""
    created: list[Path] = []  # folders made, to remove again if the import is undone
    try:
        _make_folders(dest, created)
        staging = dest / f".nhs-import-{secrets.token_hex(6)}"
        os.mkdir(staging)
    except OSError as exc:
        _remove_folders(created)
        raise WriteError(f"{dest} cannot be written ({exc.strerror})") from exc
    done: list[tuple[Path, Path | None]] = []  # (file written, backup of what it replaced)
    try:
        staged = {rel: _stage(staging, index, files[rel]) for index, rel in enumerate(files)}
        for index, rel in enumerate(files):
            target = dest / rel
            _make_folders(target.parent, created)
            backup = None
            if target.exists():
                backup = staging / f"{index}.old"
                os.replace(target, backup)
            done.append((target, backup))
            os.replace(staged[rel], target)
    except OSError as exc:
        for target, backup in reversed(done):
            with contextlib.suppress(OSError):  # best effort: the first error is the one reported
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        _remove_folders(created)
        raise WriteError(f"{dest} cannot be written ({exc.strerror}); nothing was written") from exc
    shutil.rmtree(staging, ignore_errors=True)


def _stage(staging: Path, index: int, content: bytes) -> Path:
    """Write *content* to a new file in *staging*: 0o666 less the umask, as ``open`` does."""
    path = staging / str(index)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    return path


def _make_folders(folder: Path, created: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        os.mkdir(path)  # 0o777 less the umask
        created.append(path)


def _remove_folders(created: list[Path]) -> None:
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()
