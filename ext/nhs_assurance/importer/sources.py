"""Reading SRC: regular files inside it, and nothing else.

A Jekyll site comes from someone else's repository, and git keeps symbolic links: a "page" or
an "asset" can point at any file of the machine that imports it (``files/spec.pdf ->
/etc/passwd``), or be a named pipe that blocks whoever opens it. :class:`SourceTree` reads a
file only when it is a regular file whose real path is inside SRC (a link to another file of
the site is followed; a link leaving the site is refused, as is anything but a regular file),
opened without following a last-moment link and without waiting on a pipe. Folders are
walked without following links to folders. Every refusal is a :class:`SourceError` with a
reason, which the importer turns into a flag.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: The largest file the importer reads: far more than any page, sidebar or data file, and than
#: most images or PDFs a documentation site links to.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: The largest page, configuration or data file (text the importer parses).
MAX_TEXT_BYTES = 2 * 1024 * 1024


class SourceError(Exception):
    """A file of SRC the importer does not read; ``reason`` says why ("is ...")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SourceTree:
    """SRC, read safely."""

    root: Path
    real: Path

    @classmethod
    def at(cls, root: Path) -> SourceTree:
        """The tree rooted at *root* (a folder)."""
        return cls(root, Path(os.path.realpath(root)))

    def inside(self, rel: str) -> Path:
        """The real path of *rel*; :class:`SourceError` when it leaves SRC."""
        if not rel or rel.startswith("/") or ".." in rel.split("/") or "\x00" in rel:
            raise SourceError("is not a path inside the site")
        real = Path(os.path.realpath(self.root / rel))
        if not real.is_relative_to(self.real):
            raise SourceError("is a link to a file outside the site; it is not read")
        return real

    def read_bytes(self, rel: str, limit: int = MAX_FILE_BYTES) -> bytes:
        """The content of the regular file *rel*; :class:`SourceError` otherwise."""
        real = self.inside(rel)
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
        try:
            handle = os.open(real, flags)
        except OSError as exc:
            raise SourceError(f"cannot be read ({exc.strerror})") from exc
        with os.fdopen(handle, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise SourceError("is not a regular file; it is not read")
            if status.st_size > limit:
                raise SourceError(f"is larger than {limit // (1024 * 1024)} MB; it is not read")
            try:
                return stream.read(limit + 1)[:limit]
            except OSError as exc:
                raise SourceError(f"cannot be read ({exc.strerror})") from exc

    def read_text(self, rel: str, limit: int = MAX_TEXT_BYTES) -> str:
        """The UTF-8 text of *rel* (a byte order mark dropped); :class:`SourceError` otherwise."""
        data = self.read_bytes(rel, limit)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SourceError(f"is not UTF-8 text ({exc.reason})") from exc

    def is_file(self, rel: str) -> bool:
        """Whether *rel* is a regular file inside SRC (a link inside SRC followed)."""
        try:
            real = self.inside(rel)
        except SourceError:
            return False
        return real.is_file()

    def is_dir(self, rel: str) -> bool:
        """Whether *rel* is a folder of SRC itself (not a link to one)."""
        path = self.root / rel
        return path.is_dir() and not path.is_symlink()

    def walk(self, folder: str = "") -> Iterator[tuple[str, str | None]]:
        """Every file under *folder*, as ``(relative path, problem or None)``, sorted.

        Links to folders are not followed (reported with a problem); a file whose name is not
        UTF-8 is reported with a problem, as is a link leaving SRC.
        """
        base = self.root / folder if folder else self.root
        if (folder and not self.is_dir(folder)) or not base.is_dir():
            return
        pending = [base]
        while pending:
            current = pending.pop()
            try:
                entries = sorted(os.scandir(current), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                rel = Path(entry.path).relative_to(self.root).as_posix()
                if not _is_utf8(entry.name):
                    yield rel, "its name is not UTF-8; it is not read"
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_symlink() and os.path.isdir(entry.path):
                    yield rel, "is a link to a folder, which the importer does not follow"
                elif entry.is_symlink():
                    try:
                        self.inside(rel)
                    except SourceError as exc:
                        yield rel, exc.reason
                    else:
                        yield rel, None
                else:
                    yield rel, None


def _is_utf8(name: str) -> bool:
    """Whether a name from the file system was valid UTF-8 (Python keeps other bytes as lone
    surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
