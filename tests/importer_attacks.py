"""Helpers for the importer's security tests: write a hostile site, import it, build it, and
look for what must never happen (a file read outside SRC, a file written outside DEST, script
in the built HTML)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from bs4 import BeautifulSoup
from helpers import sphinx_build_in_process

#: What a file outside SRC holds; it must never reach DEST or the built site.
CANARY = "CANARY-7f3a9c: a file outside the Jekyll site"
#: Schemes a URL in the built HTML must never have.
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
#: Attributes of HTML that hold a URL.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "background")


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write *files* (relative path -> text or bytes) under *root*; return *root*."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return root


def snapshot(folder: Path, *, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every file under *folder* (not under *skip*): its size and modification time."""
    found = {}
    for path in folder.rglob("*"):
        if skip is not None and path.is_relative_to(skip):
            continue
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(folder).as_posix()] = (
                path.stat().st_size,
                path.stat().st_mtime_ns,
            )
    return found


def build(dest: Path, out: Path, *options: str) -> tuple[int, str]:
    """Build DEST with the conf.py the import wrote, as `sphinx-build DEST out` would."""
    return sphinx_build_in_process(
        "-b", "html", "-q", "-E", *options, dest, out, "-d", out.parent / f"{out.name}-doctrees"
    )


def scripts_and_urls(html_dir: Path) -> tuple[set[str], list[str]]:
    """What can run script in a built site: every ``<script>`` (its src or text), and every
    event-handler attribute or script-running URL (as ``file: what``)."""
    scripts: set[str] = set()
    dangers: list[str] = []
    for page in html_dir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8", errors="replace"), "html.parser")
        name = page.relative_to(html_dir).as_posix()
        for script in soup.find_all("script"):
            scripts.add(
                re.sub(r"(\.\./)+", "", script.get("src") or "") or script.get_text().strip()
            )
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                if attribute.lower().startswith("on"):
                    dangers.append(f"{name}: {attribute} on <{element.name}>")
                if attribute.lower() in URL_ATTRIBUTES:
                    url = "".join(ch for ch in str(value) if ch > " ").lower()
                    if url.startswith(SCRIPT_SCHEMES):
                        dangers.append(f"{name}: {attribute}={value!r} on <{element.name}>")
    return scripts, dangers


def text_of_tree(folder: Path) -> str:
    """Everything under *folder*, as text (for a canary search)."""
    return "\n".join(
        path.read_bytes().decode("utf-8", errors="replace")
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def symlink(link: Path, target: Path) -> None:
    """Make *link* a symbolic link to *target*."""
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)
