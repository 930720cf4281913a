"""The theme's sidebars (``_data/sidebars/*.yml``) as toctrees, in the sidebar's order.

Each folder of a sidebar becomes one ``toctree`` captioned with the folder's title, listing
its items with the sidebar's own titles. Only what the original site showed is kept: a folder
or an item whose ``output`` lacks ``web`` is left out, as the theme leaves it out. An
``external_url`` item is an external link in the navigation; the ``type: homepage`` item is the
home page itself (``self``). A page no sidebar shows is marked ``orphan`` and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nhs_assurance.core.urls import UrlError, content_link, web_address
from nhs_assurance.core.yaml_reader import Position, YamlError
from nhs_assurance.importer.site import JekyllSite
from nhs_assurance.importer.sources import SourceError
from nhs_assurance.importer.text import backtick_block, one_line, option_value, quoted


@dataclass
class NavEntry:
    """One toctree line: a title and a docname, ``self`` or an external URL."""

    title: str
    target: str

    def line(self) -> str:
        """The entry as a toctree line: one line, the title's angle brackets made parentheses
        (Sphinx reads ``title <target>``)."""
        title = one_line(self.title).replace("<", "(").replace(">", ")")
        return f"{title} <{self.target}>" if title else self.target


@dataclass
class NavSection:
    """One toctree: a sidebar folder."""

    caption: str
    entries: list[NavEntry] = field(default_factory=list)


def _shown(item: dict[str, Any]) -> bool:
    """Whether the theme shows *item* on the web: its ``output`` contains ``web``."""
    output = item.get("output")
    values = output if isinstance(output, list) else str(output or "").split(",")
    return "web" in (str(value).strip() for value in values)


def _parts(value: Any, position: Position | None) -> list[tuple[Any, Position | None]]:
    """The items of a list value, each with its position."""
    if not isinstance(value, list):
        return []
    items = position.items if position is not None else ()
    return [(item, items[i] if i < len(items) else None) for i, item in enumerate(value)]


def _field(item: dict[str, Any], position: Position | None, key: str) -> Position | None:
    found = position.entry(key) if position is not None else None
    return found.value if found is not None else None


def _line(position: Position | None) -> int:
    return position.line if position is not None else 0


def sidebar_order(site: JekyllSite, home_sidebar: str) -> list[str]:
    """The sidebars to read: the home page's, those ``_config.yml`` lists, then the rest."""
    names = sorted(
        rel.rsplit("/", 1)[-1].removesuffix(".yml")
        for rel, _problem in site.tree.walk("_data/sidebars")
        if rel.count("/") == 2 and rel.endswith(".yml")
    )
    listed = [str(name) for name in site.config.get("sidebars") or [] if str(name) in names]
    order = [home_sidebar] if home_sidebar in names else []
    for name in listed + names:
        if name not in order:
            order.append(name)
    return order


@dataclass
class Navigation:
    """The toctrees of the site, and which pages they hold."""

    sections: list[NavSection] = field(default_factory=list)
    docnames: set[str] = field(default_factory=set)


def navigation(
    site: JekyllSite, pages: dict[str, str], home_sidebar: str, root_doc: str, original_site: str
) -> Navigation:
    """Read the sidebars into toctrees; *pages* maps URL to docname for converted pages."""
    reader = _SidebarReader(site, pages, root_doc, original_site)
    for name in sidebar_order(site, home_sidebar):
        reader.read(f"_data/sidebars/{name}.yml")
    return reader.nav


@dataclass
class _SidebarReader:
    site: JekyllSite
    pages: dict[str, str]
    root_doc: str
    original_site: str
    nav: Navigation = field(default_factory=Navigation)

    def read(self, rel: str) -> None:
        try:
            document = self.site.read_yaml(rel)
        except (SourceError, YamlError) as exc:
            line = exc.line if isinstance(exc, YamlError) else 0
            self.site.flag(rel, line, "sidebar", f"Unreadable sidebar, left out: {exc.reason}")
            return
        data, position = document.value, document.position
        entries = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            self.site.flag(rel, 0, "sidebar", "The sidebar has no `entries` list; it is left out.")
            return
        for entry, entry_position in _parts(entries, _field(data, position, "entries")):
            if not isinstance(entry, dict):
                continue
            folders = entry.get("folders")
            for folder, where in _parts(folders, _field(entry, entry_position, "folders")):
                if isinstance(folder, dict) and _shown(folder):
                    self._folder(folder, where, rel)

    def _folder(self, folder: dict[str, Any], position: Position | None, rel: str) -> None:
        section = NavSection(one_line(str(folder.get("title") or "")))
        items = _parts(folder.get("folderitems"), _field(folder, position, "folderitems"))
        for item, where in items:
            if not isinstance(item, dict) or not _shown(item):
                continue
            self._item(section, item, where, rel)
            subfolders = _parts(item.get("subfolders"), _field(item, where, "subfolders"))
            for subfolder, sub_where in subfolders:
                if isinstance(subfolder, dict) and _shown(subfolder):
                    self._subfolder(section, subfolder, sub_where, rel)
        if section.entries:
            self.nav.sections.append(section)

    def _subfolder(
        self, section: NavSection, subfolder: dict[str, Any], position: Position | None, rel: str
    ) -> None:
        self.site.flag(
            rel,
            _line(position),
            "sidebar",
            f"Subfolder {quoted(subfolder.get('title'))}: its items are listed in "
            f"the folder {quoted(section.caption)}, after the item that held them "
            "(a toctree has no subfolders).",
        )
        where_items = _field(subfolder, position, "subfolderitems")
        items = _parts(subfolder.get("subfolderitems"), where_items)
        for item, where in items:
            if isinstance(item, dict) and _shown(item):
                self._item(section, item, where, rel)

    def _item(
        self, section: NavSection, item: dict[str, Any], position: Position | None, rel: str
    ) -> None:
        title = one_line(str(item.get("title") or ""))
        line = _line(position)
        shown = quoted(title)
        if item.get("external_url"):
            self._external(section, title, str(item["external_url"]), line, rel)
            return
        url = str(item.get("url") or "").strip()
        if not url:
            if not item.get("subfolders"):
                self.site.flag(rel, line, "sidebar", f"Item {shown} has no `url`; left out.")
            return
        if "://" in url or url.startswith("//"):
            self._external(section, title, url, line, rel)
            return
        try:
            content_link(url)
        except UrlError as exc:
            self.site.flag(
                rel,
                line,
                "sidebar",
                f"Item {shown}: its `url` {quoted(url)} {exc.reason}; left out.",
            )
            return
        path = url.split("#", 1)[0].split("?", 1)[0].lstrip("/")
        base = self.site.baseurl
        if base and path.startswith(base + "/"):
            path = path[len(base) + 1 :]
        if path == "" or path.endswith("/"):
            path += "index.html"
        docname = self.pages.get(path)
        if docname is not None:
            # The home page (`type: homepage`) is the root of the toctrees: `self` there.
            target = "self" if docname == self.root_doc else docname
            section.entries.append(NavEntry(title, target))
            self.nav.docnames.add(docname)
        elif self.original_site and ".." not in path.split("/"):
            section.entries.append(NavEntry(title, self.original_site + path))
            self.site.flag(
                rel,
                line,
                "sidebar",
                f"Item {shown} ({quoted(url)}) is not a page of the import; it "
                "links to the original site.",
            )
        else:
            self.site.flag(
                rel,
                line,
                "sidebar",
                f"Item {shown} ({quoted(url)}) is not a page of the import and the "
                "original site's address is unknown; it is left out.",
            )

    def _external(self, section: NavSection, title: str, url: str, line: int, rel: str) -> None:
        """An external link in the navigation: an http or https address, or nothing."""
        try:
            address = web_address(url)
        except UrlError as exc:
            self.site.flag(
                rel,
                line,
                "sidebar",
                f"Item {quoted(title)}: its address {quoted(url)} "
                f"{exc.reason}; it is left out of the navigation.",
            )
            return
        section.entries.append(NavEntry(title, address))


def toctree(section: NavSection, *, hidden: bool) -> list[str]:
    """A section as a MyST ``toctree`` directive, its caption quoted as an option value."""
    options = [f":caption: {option_value('caption', section.caption)}"] if section.caption else []
    if hidden:
        options.append(":hidden:")
    options.append(":maxdepth: 2")
    return backtick_block("{toctree}", [*options, "", *(entry.line() for entry in section.entries)])
