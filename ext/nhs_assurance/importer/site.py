"""Reading a documentation-theme-jekyll site: ``_config.yml``, ``_data``, sidebars and pages.

Only what the importer needs is read: the configuration and data (for Liquid variables and the
original site's URL), the sidebars (for the navigation) and the Markdown pages.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nhs_assurance.importer.flags import Flags

#: Extensions Jekyll converts with its Markdown converter.
MARKDOWN_SUFFIXES = (".md", ".markdown")


class SiteError(Exception):
    """SRC is not a Jekyll site the importer can read (no pages, unreadable configuration)."""


@dataclass
class JekyllSite:
    """A Jekyll site on disk: its configuration, data and page files."""

    root: Path
    config: dict[str, Any]
    data: dict[str, Any]
    pages: list[str]
    #: Flags about the site's own files (``_config.yml``, ``_data/...``), by relative path.
    flags: dict[str, Flags] = field(default_factory=dict)

    def flag(self, path: str, line: int, kind: str, message: str) -> None:
        """Flag something in one of the site's own files."""
        self.flags.setdefault(path, Flags()).add(line, kind, message)

    def original_site(self) -> str:
        """The site's public address from ``url`` + ``baseurl``, or ``""`` when not configured."""
        url = str(self.config.get("url") or "").strip()
        if not url.startswith(("http://", "https://")):
            return ""
        return url.rstrip("/") + "/" + (f"{self.baseurl}/" if self.baseurl else "")

    @property
    def baseurl(self) -> str:
        """``baseurl`` without slashes at its ends (``""`` when there is none)."""
        return str(self.config.get("baseurl") or "").strip().strip("/")


def _read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _read_data(directory: Path, site: JekyllSite) -> dict[str, Any]:
    """``_data`` as Jekyll exposes it to ``site.data``: one key per file, folders nested."""
    data: dict[str, Any] = {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            data[path.name] = _read_data(path, site)
            continue
        if path.suffix not in (".yml", ".yaml", ".json"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data[path.stem] = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
            rel = path.relative_to(site.root).as_posix()
            message = " ".join(str(exc).split())
            site.flag(rel, 0, "liquid", f"Unreadable data file, its values are unknown: {message}")
    return data


def _excluded(rel: str, patterns: list[str]) -> bool:
    first = rel.split("/", 1)[0]
    return any(
        fnmatch.fnmatch(rel, pattern.strip("/")) or fnmatch.fnmatch(first, pattern.strip("/"))
        for pattern in patterns
    )


def _page_files(root: Path, config: dict[str, Any], skip: Path | None) -> list[str]:
    """``pages/**/*.md`` and the Markdown files at the site's root (``index.md``), sorted."""
    excluded = [str(p) for p in config.get("exclude") or [] if isinstance(p, str)]
    found: list[Path] = []
    pages_dir = root / "pages"
    if pages_dir.is_dir():
        found += [p for p in pages_dir.rglob("*") if p.suffix in MARKDOWN_SUFFIXES and p.is_file()]
    found += [p for p in root.iterdir() if p.suffix in MARKDOWN_SUFFIXES and p.is_file()]
    pages = []
    for path in found:
        if skip is not None and path.resolve().is_relative_to(skip):
            continue  # the importer's own output, when DEST is inside SRC
        rel = path.relative_to(root).as_posix()
        if any(part.startswith((".", "_")) for part in rel.split("/")):
            continue  # Jekyll ignores these
        if not _excluded(rel, excluded):
            pages.append(rel)
    return sorted(pages)


def load_site(root: Path, *, skip: Path | None = None) -> JekyllSite:
    """Read the Jekyll site at *root*; *skip* is a folder never to read pages from (DEST)."""
    if not root.is_dir():
        raise SiteError(f"{root} is not a folder")
    config_path = root / "_config.yml"
    if not config_path.is_file() and not (root / "pages").is_dir():
        raise SiteError(f"{root} is not a Jekyll site: it has neither _config.yml nor pages/")
    config: dict[str, Any] = {}
    if config_path.is_file():
        try:
            loaded = _read_yaml(config_path)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise SiteError(f"{config_path} cannot be read: {' '.join(str(exc).split())}") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise SiteError(f"{config_path} is not a mapping of settings")
        config = loaded or {}
    site = JekyllSite(root=root, config=config, data={}, pages=[])
    data_dir = root / "_data"
    if data_dir.is_dir():
        site.data = _read_data(data_dir, site)
    site.pages = _page_files(root, config, skip)
    return site
