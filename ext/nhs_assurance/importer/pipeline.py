"""The whole import: read SRC, convert every page, plan the files, then write them all.

Nothing is written until every page is converted and every file of DEST is checked
(:mod:`.output`): a name no file system takes, or two names of which one is the other's
folder, is refused before anything is written; a file that exists with other content is
overwritten only with ``force``; a folder or a link in the way is never replaced. Then every
file is written, or (when writing fails part way) none. A file whose content would not change
is not touched, so a second run changes nothing. A page the importer cannot take is skipped
with the reason, never with a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.importer.banner import LAYOUT, site_banner
from nhs_assurance.importer.compare import compare_page
from nhs_assurance.importer.conf import CONF_NAME, render_conf
from nhs_assurance.importer.frontmatter import (
    PageError,
    PageSource,
    converted_front_matter,
    read_page,
)
from nhs_assurance.importer.links import SiteIndex
from nhs_assurance.importer.liquid import LiquidContext
from nhs_assurance.importer.liquid_render import SiteRenderer, site_pages
from nhs_assurance.importer.output import clashes, commit, folder_problem, name_problem, plan
from nhs_assurance.importer.page import Outline, PageConverter, outline
from nhs_assurance.importer.report import REPORT_NAME, render_report
from nhs_assurance.importer.result import DEFAULT_MAX_MISSING, ImportResult, PageOutcome
from nhs_assurance.importer.sidebar import NavEntry, Navigation, NavSection, navigation, toctree
from nhs_assurance.importer.site import POSTS, JekyllSite, SiteError, load_site
from nhs_assurance.importer.sources import SourceTree
from nhs_assurance.importer.tag_pages import tag_name
from nhs_assurance.importer.text import code_span, literal_text, quoted

ROOT_DOC = "index"
#: Names the import writes besides the pages.
OWN_FILES = frozenset({REPORT_NAME, CONF_NAME})


def _read_pages(site: JekyllSite, result: ImportResult) -> list[PageSource]:
    read: list[PageSource] = []
    for rel in site.pages:
        if rel in site.refused:
            result.pages.append(PageOutcome(rel, skipped=site.refused[rel]))
            continue
        try:
            read.append(read_page(site.tree, rel))
        except PageError as exc:
            result.pages.append(PageOutcome(rel, skipped=str(exc)))
    # Jekyll orders its pages by file name (``site.pages``, which loops see) and writes them in
    # that order: of two pages with one URL, the later one is published.
    published: dict[str, str] = {}  # output file -> the source page Jekyll published there
    for page in sorted(read, key=lambda p: jekyll_order(p.rel)):
        published[page.docname + ".md"] = page.rel
    pages: list[PageSource] = []
    taken: dict[str, str] = {}  # output file -> source page
    for page in read:
        rel = page.rel
        output = page.docname + ".md"
        problem = name_problem(output)
        clash = clashes([*OWN_FILES, *taken, output]).get(output)
        if problem is not None:
            skipped = f"its file name {quoted(output)} {problem}"
        elif published[output] != rel:
            skipped = (
                f"`{published[output]}` has the same URL, {page.url}, and is the one Jekyll "
                "published (it writes its pages in the order of their file names)"
            )
        elif output in OWN_FILES:
            skipped = f"its URL is that of the import's own {output}, {page.url}"
        elif clash in OWN_FILES:
            skipped = (
                f"its file {code_span(output)} cannot be written: the import writes its own "
                f"`{clash}` there, so one would be the other's folder ({page.url})"
            )
        elif clash is not None:
            skipped = (
                f"its file {code_span(output)} and `{clash}` (from `{taken[clash]}`) cannot both "
                "be written: one is the other's folder"
            )
        else:
            taken[output] = rel
            pages.append(page)
            continue
        result.pages.append(PageOutcome(rel, skipped=skipped))
    return sorted(pages, key=lambda p: jekyll_order(p.rel))


def jekyll_order(rel: str) -> tuple[str, int, str]:
    """Where Jekyll puts the page *rel* in ``site.pages``: by file name. Of two pages of one
    name, Jekyll's order is left to chance (its sort is not stable); the one nearer the site's
    root is put last, so published (as Jekyll did a site's ``index.md`` over
    ``pages/overview/index.md``), then by path."""
    return rel.rsplit("/", 1)[-1], -rel.count("/"), rel


def _internal_error(result: ImportResult, page: PageSource, exc: Exception) -> None:
    """Skip *page*, which the importer failed on: a fault of the importer, reported as one."""
    result.pages.append(
        PageOutcome(
            page.rel,
            skipped=f"the importer failed on it ({type(exc).__name__}: {excerpt(str(exc))}); "
            "please report this fault of the importer",
        )
    )


def _fallback_title(page: PageSource, nav: Navigation) -> str:
    for section in nav.sections:
        for entry in section.entries:
            if entry.target == page.docname and entry.title:
                return entry.title
    stem = page.docname.rsplit("/", 1)[-1]
    return re.sub(r"[_-]+", " ", stem).strip().capitalize() or "Untitled"


def import_site(
    src: Path,
    dest: Path,
    *,
    force: bool = False,
    original_site: str | None = None,
    compare: Path | None = None,
    dry_run: bool = False,
    max_missing: float = DEFAULT_MAX_MISSING,
) -> ImportResult:
    """Convert the Jekyll site *src* into MyST pages in *dest*; see the module's docstring.

    *original_site* must be an address the URL policy accepts (the command line checks it).
    Raises :class:`~nhs_assurance.importer.site.SiteError` when *src* is not a Jekyll site,
    or *dest* cannot receive it, and :class:`~.output.WriteError` when DEST cannot be written
    (nothing is then left in it). With *compare* (the folder of the site Jekyll built), each
    page is compared with its original (:mod:`.compare`); with *dry_run*, nothing is written.
    """
    site = load_site(src)
    problem = folder_problem(src, dest)
    if problem is not None:
        raise SiteError(problem)
    base = (original_site if original_site is not None else site.original_site()).strip()
    if base and not base.endswith("/"):
        base += "/"
    result = ImportResult(
        src=src, dest=dest, original_site=base, max_missing=max_missing, dry_run=dry_run
    )
    pages = _read_pages(site, result)
    by_url = {page.url: page.docname for page in pages}
    home = next((page for page in pages if page.docname == ROOT_DOC), None)
    home_sidebar = str(home.data.get("sidebar") or "") if home else ""
    nav = navigation(site, by_url, home_sidebar, ROOT_DOC, base)

    titles = {page.docname: page.title or _fallback_title(page, nav) for page in pages}
    for page in pages:
        if not page.title:
            page.flags.add(
                0,
                "title",
                f"The page has no `title`; it is titled {quoted(titles[page.docname])}.",
            )
    every = site_pages(
        [(p.rel, p.url, p.data, "\n".join(line.text for line in p.body)) for p in pages]
    )
    posts = sorted(
        (entry for entry in every if entry["path"].startswith(POSTS + "/")),
        key=lambda entry: entry["path"],
        reverse=True,  # newest first: a post's file name starts with its date
    )
    renderer = SiteRenderer(
        site.tree,
        site.config,
        site.data,
        [entry for entry in every if not entry["path"].startswith(POSTS + "/")],
        posts,
    )
    outlines: dict[str, Outline] = {}
    declared: dict[str, tuple[str, int]] = {}
    # The registry's order, file names; the tag pages last, as they show the others' excerpts.
    for page in sorted(pages, key=lambda p: (tag_name(p) is not None, p.docname)):
        context = LiquidContext(site.config, site.data, page.data)
        try:
            outlines[page.docname] = outline(page, context, titles[page.docname], renderer)
        except Exception as exc:  # a page the importer cannot take is skipped, never a traceback
            _internal_error(result, page, exc)
            continue
        for position, standard in sorted(outlines[page.docname].standards.items()):
            first_line = outlines[page.docname].blocks[position].first
            declared.setdefault(standard.std_id.key, (page.docname, first_line))
    index = SiteIndex(
        tree=site.tree,
        pages=by_url,
        anchors={name: found.anchors for name, found in outlines.items()},
        original_site=base,
        baseurl=site.baseurl,
    )

    files: dict[str, bytes] = {}
    has_sidebar = bool(nav.sections)
    tabs = False  # whether a page holds a sphinx-design tab set
    for page in pages:
        if page.docname not in outlines:
            continue
        try:
            converter = PageConverter(page, outlines[page.docname], index, declared)
            body = converter.body()
            tabs = tabs or converter.has_tabs
        except Exception as exc:  # a page the importer cannot take is skipped, never a traceback
            _internal_error(result, page, exc)
            continue
        in_nav = page.docname in nav.docnames or page.docname == ROOT_DOC
        orphan = has_sidebar and not in_nav
        if orphan:
            page.flags.add(
                0,
                "navigation",
                "No sidebar shows this page: it is marked `orphan: true` and reached by links.",
            )
        front = converted_front_matter(page, title=titles[page.docname], orphan=orphan)
        unread = "".join(f"% {line}".rstrip() + "\n" for line in page.unread_front_matter)
        text = "---\n" + "\n".join(front) + "\n---\n\n" + unread + (unread and "\n")
        text += body.rstrip("\n") + "\n"
        if page.docname == ROOT_DOC:
            text += _toctrees(nav, pages, hidden=True)
        files[page.docname + ".md"] = text.encode("utf-8")
        result.pages.append(PageOutcome(page.rel, page.docname + ".md", page.flags))
    if home is None:
        files[ROOT_DOC + ".md"] = _generated_index(site, nav, pages).encode("utf-8")
    for asset, reason in clashes([*files, *sorted(index.assets)]).items():
        index.assets.pop(asset, None)
        site.flag(
            asset, 0, "link", f"Not copied: it clashes with `{reason}` (one is the other's folder)."
        )
    for asset, content in sorted(index.assets.items()):
        files.setdefault(asset, content)
    redirects = any(page.data.get("redirect_from") for page in pages)
    home_page = {**home.data, "url": "/" + home.url, "path": home.rel} if home else {}
    announcement, problem = site_banner(renderer, home_page)
    conf = render_conf(
        site.config, base, redirects=redirects, tabs=tabs, announcement=announcement
    ).encode("utf-8")
    existing = dest / CONF_NAME
    # Written when DEST has none; a conf.py the import wrote before counts as its own.
    if not (existing.exists() or existing.is_symlink()) or (
        existing.is_file() and not existing.is_symlink() and existing.read_bytes() == conf
    ):
        files[CONF_NAME] = conf
        result.wrote_conf = True
    if problem:
        site.flag(LAYOUT, 0, "banner", f"The page layout's banner is not shown: {problem}.")
    elif announcement:
        where = (
            "in the `conf.py` written"
            if result.wrote_conf
            else "for your own `conf.py`: add it to `html_theme_options`"
        )
        site.flag(
            LAYOUT,
            0,
            "banner",
            f"The banner the layout shows above every page is the site's announcement, "
            f"Furo's `announcement` theme option ({where}): {excerpt(announcement, 200)}",
        )
    result.pages.sort(key=lambda outcome: outcome.source)
    if compare is not None:
        rendered = SourceTree.at(compare)
        urls = {page.docname + ".md": page.url for page in pages}
        result.comparisons = [
            compare_page(rendered, o.source, o.output, urls[o.output], files[o.output].decode())
            for o in result.converted
        ]
    result.site_flags = dict(sorted(site.flags.items()))
    files[REPORT_NAME] = render_report(result, home is None).encode("utf-8")
    if dry_run:
        return result  # the report, on the terminal only
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
    title = literal_text(str(site.config.get("site_title") or site.config.get("title") or "Home"))
    title_line = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000).strip()
    return f"---\n{title_line}\n---\n" + _toctrees(nav, pages, hidden=False)


def _write(files: dict[str, bytes], result: ImportResult, *, force: bool) -> None:
    outcome = plan(result.dest, files, force=force)
    result.unchanged, result.conflicts, result.blocked = (
        outcome.unchanged,
        outcome.conflicts,
        outcome.blocked,
    )
    if result.conflicts or result.blocked:
        return  # nothing is written: the caller says which files are in the way
    commit(result.dest, {rel: files[rel] for rel in outcome.changed})
    result.written = list(outcome.changed)
