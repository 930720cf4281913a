"""The whole import: read SRC, convert every page, plan the files, then write them all.

Nothing is written until every page is converted and every file of DEST is checked: a file
that exists with other content is overwritten only with ``force``; otherwise nothing at all is
written. Each file is written atomically (a temporary file renamed over it), so a page is never
half-written; a file whose content would not change is not touched, so a second run changes
nothing.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from nhs_assurance.importer.frontmatter import (
    PageError,
    PageSource,
    converted_front_matter,
    read_page,
)
from nhs_assurance.importer.links import SiteIndex
from nhs_assurance.importer.liquid import LiquidContext
from nhs_assurance.importer.page import Outline, PageConverter, outline
from nhs_assurance.importer.report import REPORT_NAME, render_report
from nhs_assurance.importer.result import ImportResult, PageOutcome
from nhs_assurance.importer.sidebar import NavEntry, Navigation, NavSection, navigation, toctree
from nhs_assurance.importer.site import JekyllSite, load_site

ROOT_DOC = "index"


def _read_pages(site: JekyllSite, result: ImportResult) -> list[PageSource]:
    pages: list[PageSource] = []
    taken: dict[str, str] = {}
    for rel in site.pages:
        try:
            page = read_page(site.root, rel)
        except PageError as exc:
            result.pages.append(PageOutcome(rel, skipped=str(exc)))
            continue
        if page.url in taken:
            result.pages.append(
                PageOutcome(rel, skipped=f"`{taken[page.url]}` has the same URL, {page.url}")
            )
            continue
        if page.docname == REPORT_NAME.removesuffix(".md"):
            result.pages.append(
                PageOutcome(rel, skipped=f"its URL is that of the import's report, {page.url}")
            )
            continue
        taken[page.url] = rel
        pages.append(page)
    return pages


def _fallback_title(page: PageSource, nav: Navigation) -> str:
    for section in nav.sections:
        for entry in section.entries:
            if entry.target == page.docname and entry.title:
                return entry.title
    stem = page.docname.rsplit("/", 1)[-1]
    return re.sub(r"[_-]+", " ", stem).strip().capitalize() or "Untitled"


def import_site(
    src: Path, dest: Path, *, force: bool = False, original_site: str | None = None
) -> ImportResult:
    """Convert the Jekyll site *src* into MyST pages in *dest*; see the module's docstring.

    Raises :class:`~nhs_assurance.importer.site.SiteError` when *src* is not a Jekyll site.
    """
    site = load_site(src, skip=dest.resolve())
    base = (original_site if original_site is not None else site.original_site()).strip()
    if base and not base.endswith("/"):
        base += "/"
    result = ImportResult(src=src, dest=dest, original_site=base)
    pages = _read_pages(site, result)
    by_url = {page.url: page.docname for page in pages}
    home = next((page for page in pages if page.docname == ROOT_DOC), None)
    home_sidebar = str(home.data.get("sidebar") or "") if home else ""
    nav = navigation(site, by_url, home_sidebar, ROOT_DOC, base)

    titles = {page.docname: page.title or _fallback_title(page, nav) for page in pages}
    for page in pages:
        if not page.title:
            page.flags.add(
                0, "title", f"The page has no `title`; it is titled {titles[page.docname]!r}."
            )
    outlines: dict[str, Outline] = {}
    declared: dict[str, tuple[str, int]] = {}
    for page in sorted(pages, key=lambda p: p.docname):  # the registry's order: file names
        context = LiquidContext(site.config, site.data, page.data)
        outlines[page.docname] = outline(page, context, titles[page.docname])
        for index, standard in sorted(outlines[page.docname].standards.items()):
            first_line = outlines[page.docname].blocks[index].first
            declared.setdefault(standard.std_id.key, (page.docname, first_line))
    index = SiteIndex(
        src=src,
        pages=by_url,
        anchors={name: found.anchors for name, found in outlines.items()},
        original_site=base,
        baseurl=site.baseurl,
    )

    files: dict[str, bytes] = {}
    has_sidebar = bool(nav.sections)
    for page in pages:
        body = PageConverter(page, outlines[page.docname], index, declared).body()
        in_nav = page.docname in nav.docnames or page.docname == ROOT_DOC
        orphan = has_sidebar and not in_nav
        if orphan:
            page.flags.add(
                0,
                "navigation",
                "No sidebar shows this page: it is marked `orphan: true` and reached by links.",
            )
        front = converted_front_matter(page, title=titles[page.docname], orphan=orphan)
        text = "---\n" + "\n".join(front) + "\n---\n\n" + body.rstrip("\n") + "\n"
        if page.docname == ROOT_DOC:
            text += _toctrees(nav, pages, hidden=True)
        files[page.docname + ".md"] = text.encode("utf-8")
        result.pages.append(PageOutcome(page.rel, page.docname + ".md", page.flags))
    if home is None:
        files[ROOT_DOC + ".md"] = _generated_index(site, nav, pages).encode("utf-8")
    for asset in sorted(index.assets):
        files.setdefault(asset, (src / asset).read_bytes())
    result.pages.sort(key=lambda outcome: outcome.source)
    result.site_flags = dict(sorted(site.flags.items()))
    files[REPORT_NAME] = render_report(result, home is None).encode("utf-8")
    _write(files, result, force=force)
    return result


def _toctrees(nav: Navigation, pages: list[PageSource], *, hidden: bool) -> str:
    sections = nav.sections
    if not sections:
        # No sidebar: every page is listed, in the order of their URLs, so none is left out.
        entries = [NavEntry("", p.docname) for p in sorted(pages, key=lambda p: p.docname)]
        entries = [entry for entry in entries if entry.target != ROOT_DOC]
        sections = [NavSection("", entries)] if entries else []
    return "".join("\n" + "\n".join(toctree(s, hidden=hidden)) + "\n" for s in sections)


def _generated_index(site: JekyllSite, nav: Navigation, pages: list[PageSource]) -> str:
    title = str(site.config.get("site_title") or site.config.get("title") or "Home")
    title_line = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000).strip()
    return f"---\n{title_line}\n---\n" + _toctrees(nav, pages, hidden=False)


def _write(files: dict[str, bytes], result: ImportResult, *, force: bool) -> None:
    changed: list[str] = []
    for rel, content in sorted(files.items()):
        path = result.dest / rel
        if path.is_file() and path.read_bytes() == content:
            result.unchanged.append(rel)
            continue
        if path.exists() and (not force or not path.is_file()):
            result.conflicts.append(rel)  # --force replaces files, never a folder
        changed.append(rel)
    if result.conflicts:
        return  # nothing is written: the caller says which files are in the way
    for rel in changed:
        write_atomically(result.dest / rel, files[rel])
        result.written.append(rel)


def write_atomically(path: Path, content: bytes) -> None:
    """Write *content* to *path* through a temporary file renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
