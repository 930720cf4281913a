"""Reading a documentation-theme-jekyll site: ``_config.yml``, ``_data``, sidebars and pages.

Only what the importer needs is read: the configuration and data (for Liquid variables and the
original site's URL), the sidebars (for the navigation) and the Markdown pages. Every file is
read through :class:`~.sources.SourceTree` (regular files inside SRC only) and every YAML file
through :func:`~nhs_assurance.core.yaml_reader.read_yaml` (with its limits).
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.text import check_characters
from nhs_assurance.core.urls import UrlError, web_address
from nhs_assurance.core.yaml_reader import YamlDocument, YamlError, read_yaml
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.sources import SourceError, SourceTree

#: The folder of a Jekyll site's posts.
POSTS = "_posts"
#: Extensions Jekyll converts with its Markdown converter.
MARKDOWN_SUFFIXES = (".md", ".markdown")
#: A page Jekyll reads as HTML (when it has front matter): its Liquid rendered, no Markdown.
HTML_SUFFIX = ".html"
#: Folders Jekyll leaves out of every site (its default ``exclude``).
JEKYLL_EXCLUDES = frozenset({"node_modules", "vendor"})


class SiteError(Exception):
    """SRC is not a Jekyll site the importer can read (no pages, unreadable configuration)."""


@dataclass
class JekyllSite:
    """A Jekyll site on disk: its configuration, data and page files."""

    root: Path
    config: dict[str, Any]
    data: dict[str, Any]
    pages: list[str]
    tree: SourceTree
    #: Flags about the site's own files (``_config.yml``, ``_data/...``), by relative path.
    flags: dict[str, Flags] = field(default_factory=dict)
    #: Page files the importer does not read (a link leaving SRC, say), and why.
    refused: dict[str, str] = field(default_factory=dict)
    #: The ``.html`` files without front matter Jekyll copies as they are (:mod:`.static_html`).
    static_html: list[str] = field(default_factory=list)

    def flag(self, path: str, line: int, kind: str, message: str) -> None:
        """Flag something in one of the site's own files."""
        self.flags.setdefault(path, Flags()).add(line, kind, message)

    def original_site(self) -> str:
        """The site's public address from ``url`` + ``baseurl``, or ``""`` when not configured
        or not an ``http``/``https`` address (flagged)."""
        url = self.config.get("url")
        if not url:
            return ""
        base = str(url).strip().rstrip("/") + "/" + (f"{self.baseurl}/" if self.baseurl else "")
        try:
            return web_address(base)
        except UrlError as exc:
            self.flag(
                "_config.yml",
                0,
                "link",
                f"`url` + `baseurl` {excerpt(base)} {exc.reason}; links to pages outside the "
                "import are left for `--original-site` or `nhs_assurance_original_site`.",
            )
            return ""

    @property
    def baseurl(self) -> str:
        """``baseurl`` without slashes at its ends (``""`` when there is none)."""
        return str(self.config.get("baseurl") or "").strip().strip("/")

    def read_yaml(self, rel: str) -> YamlDocument:
        """The YAML file *rel* of the site; :class:`SourceError` or
        :class:`~nhs_assurance.core.yaml_reader.YamlError` when it cannot be read."""
        return read_yaml(self.tree.read_text(rel))


def _read_data(site: JekyllSite, folder: str) -> dict[str, Any]:
    """``_data`` as Jekyll exposes it to ``site.data``: one key per file, folders nested."""
    data: dict[str, Any] = {}
    for rel, problem in sorted(site.tree.walk(folder)):
        name = rel.rsplit("/", 1)[-1]
        stem, _dot, suffix = name.rpartition(".")
        if problem is not None:
            site.flag(rel, 0, "liquid", f"The data file {problem}; its values are unknown.")
            continue
        if any(part.startswith(".") for part in rel.split("/")) or suffix not in (
            "yml",
            "yaml",
            "json",
        ):
            continue
        try:
            if suffix == "json":
                value = json.loads(site.tree.read_text(rel))
            else:
                value = site.read_yaml(rel).value
        except (SourceError, YamlError, ValueError, RecursionError) as exc:
            line = exc.line if isinstance(exc, YamlError) else 0
            reason = getattr(exc, "reason", None) or type(exc).__name__
            if isinstance(exc, ValueError) and not isinstance(exc, YamlError | SourceError):
                reason = f"not valid JSON: {excerpt(str(exc))}"
            site.flag(rel, line, "liquid", f"Unreadable data file, its values unknown: {reason}")
            continue
        try:
            check_characters(value)
        except ValueError as exc:
            site.flag(rel, 0, "liquid", f"Unreadable data file, its values unknown: it holds {exc}")
            continue
        folders = rel[len(folder) + 1 :].split("/")[:-1]
        target = data
        for part in folders:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                break
        else:
            target[stem] = value
    return data


def _excluded(rel: str, patterns: list[str]) -> bool:
    first = rel.split("/", 1)[0]
    return any(
        fnmatch.fnmatch(rel, pattern.strip("/")) or fnmatch.fnmatch(first, pattern.strip("/"))
        for pattern in patterns
    )


def _page_files(site: JekyllSite) -> None:
    """``pages/**/*.md``, the Markdown files at the site's root (``index.md``), the posts
    (``_posts/*.md``) and the HTML pages (a ``.html`` file with front matter, in any folder
    Jekyll reads), sorted."""
    excluded = [str(p) for p in site.config.get("exclude") or [] if isinstance(p, str)]
    found = list(site.tree.walk("pages")) if site.tree.is_dir("pages") else []
    found += [(rel, problem) for rel, problem in _top_level(site.tree) if rel.count("/") == 0]
    # Jekyll publishes posts too, at their permalink or by their date.
    found += list(site.tree.walk(POSTS)) if site.tree.is_dir(POSTS) else []
    found += _html_files(site.tree)
    pages = []
    static = []
    for rel, problem in found:
        copied = False
        if rel.endswith(HTML_SUFFIX):
            # Jekyll copies it as it is: a static file, not a page
            copied = problem is None and not _has_front_matter(site.tree, rel)
        elif not rel.endswith(MARKDOWN_SUFFIXES):
            continue
        if any(part.startswith((".", "_")) for part in rel.removeprefix(POSTS + "/").split("/")):
            continue  # Jekyll ignores these
        if _excluded(rel, excluded):
            continue
        if copied:
            static.append(rel)
            continue
        if problem is not None:
            site.refused[rel] = f"the file {problem}"
        pages.append(rel)
    site.pages = sorted(set(pages))
    site.static_html = sorted(set(static))


def _html_files(tree: SourceTree) -> list[tuple[str, str | None]]:
    """The ``.html`` files in the folders Jekyll reads (besides ``pages/`` and the root): not
    those whose name starts with ``_`` or ``.``, nor those Jekyll itself leaves out."""
    found: list[tuple[str, str | None]] = []
    for path in sorted(tree.root.iterdir()):
        name = path.name
        if name.startswith(("_", ".")) or name in JEKYLL_EXCLUDES or name == "pages":
            continue
        if _readable_name(name) and tree.is_dir(name):
            found += [(rel, problem) for rel, problem in tree.walk(name) if rel.endswith(".html")]
    return found


def _readable_name(name: str) -> bool:
    """Whether a name from the file system was UTF-8 (Python keeps other bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _has_front_matter(tree: SourceTree, rel: str) -> bool:
    """Whether the file *rel* starts with a front matter line, ``---`` (Jekyll makes it a page)."""
    try:
        first = tree.read_text(rel).split("\n", 1)[0]
    except SourceError:
        return False  # not UTF-8 text, or too big: no page of the theme's, copied as it is
    return first.rstrip() == "---"


def _top_level(tree: SourceTree) -> list[tuple[str, str | None]]:
    """The files at the root of SRC (not those of its folders)."""
    out = []
    for path in sorted(tree.root.iterdir()):
        if path.is_dir() and not path.is_symlink():
            continue
        rel = path.name
        problem = None
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:
            problem = "its name is not UTF-8; it is not read"
        else:
            if path.is_symlink():
                try:
                    tree.inside(rel)
                except SourceError as exc:
                    problem = exc.reason
        out.append((rel, problem))
    return out


def load_site(root: Path) -> JekyllSite:
    """Read the Jekyll site at *root*."""
    if not root.is_dir():
        raise SiteError(f"{root} is not a folder")
    tree = SourceTree.at(root)
    has_config = (root / "_config.yml").exists() or (root / "_config.yml").is_symlink()
    if not has_config and not tree.is_dir("pages"):
        raise SiteError(f"{root} is not a Jekyll site: it has neither _config.yml nor pages/")
    site = JekyllSite(root=root, config={}, data={}, pages=[], tree=tree)
    if has_config:
        try:
            loaded = site.read_yaml("_config.yml").value
        except SourceError as exc:
            raise SiteError(f"{root / '_config.yml'} {exc.reason}") from exc
        except YamlError as exc:
            raise SiteError(
                f"{root / '_config.yml'}:{exc.line}: the YAML cannot be read: {exc.reason}"
            ) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise SiteError(f"{root / '_config.yml'} is not a mapping of settings")
        site.config = {str(key): value for key, value in (loaded or {}).items()}
    if tree.is_dir("_data"):
        site.data = _read_data(site, "_data")
    _page_files(site)
    return site
