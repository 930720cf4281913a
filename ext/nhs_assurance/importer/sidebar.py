"""The theme's sidebars (``_data/sidebars/*.yml``) as toctrees, in the sidebar's order.

Each folder of a sidebar becomes one ``toctree`` captioned with the folder's title, listing
its items with the sidebar's own titles. Only what the original site showed is kept: a folder
or an item whose ``output`` lacks ``web`` is left out, as the theme leaves it out. An
``external_url`` item is an external link in the navigation; the ``type: homepage`` item is the
home page itself (``self``). A page no sidebar shows is marked ``orphan`` and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nhs_assurance.importer.site import JekyllSite


@dataclass
class NavEntry:
    """One toctree line: a title and a docname, ``self`` or an external URL."""

    title: str
    target: str

    def line(self) -> str:
        """The entry as a toctree line."""
        title = " ".join(self.title.split()).replace("<", "(").replace(">", ")")
        return f"{title} <{self.target}>" if title else self.target


@dataclass
class NavSection:
    """One toctree: a sidebar folder."""

    caption: str
    entries: list[NavEntry] = field(default_factory=list)


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of each mapping, for the report."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _shown(item: dict[str, Any]) -> bool:
    """Whether the theme shows *item* on the web: its ``output`` contains ``web``."""
    output = item.get("output")
    values = output if isinstance(output, list) else str(output or "").split(",")
    return "web" in (str(value).strip() for value in values)


def sidebar_order(site: JekyllSite, home_sidebar: str) -> list[str]:
    """The sidebars to read: the home page's, those ``_config.yml`` lists, then the rest."""
    directory = site.root / "_data" / "sidebars"
    names = sorted(p.stem for p in directory.glob("*.yml")) if directory.is_dir() else []
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
            text = Path(self.site.root, rel).read_text(encoding="utf-8")
            data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader: no arbitrary objects
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            message = " ".join(str(exc).split())
            self.site.flag(rel, 0, "sidebar", f"Unreadable sidebar, left out: {message}")
            return
        entries = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            self.site.flag(rel, 0, "sidebar", "The sidebar has no `entries` list; it is left out.")
            return
        for entry in entries:
            folders = entry.get("folders") if isinstance(entry, dict) else None
            for folder in folders or []:
                if isinstance(folder, dict) and _shown(folder):
                    self._folder(folder, rel)

    def _folder(self, folder: dict[str, Any], rel: str) -> None:
        section = NavSection(str(folder.get("title") or ""))
        for item in folder.get("folderitems") or []:
            if not isinstance(item, dict) or not _shown(item):
                continue
            self._item(section, item, rel)
            for subfolder in item.get("subfolders") or []:
                if isinstance(subfolder, dict) and _shown(subfolder):
                    self._subfolder(section, subfolder, rel)
        if section.entries:
            self.nav.sections.append(section)

    def _subfolder(self, section: NavSection, subfolder: dict[str, Any], rel: str) -> None:
        self.site.flag(
            rel,
            subfolder.get("__line__", 0),
            "sidebar",
            f"Subfolder {subfolder.get('title')!r}: its items are listed in the folder "
            f"{section.caption!r}, after the item that held them (a toctree has no subfolders).",
        )
        for item in subfolder.get("subfolderitems") or []:
            if isinstance(item, dict) and _shown(item):
                self._item(section, item, rel)

    def _item(self, section: NavSection, item: dict[str, Any], rel: str) -> None:
        title = str(item.get("title") or "")
        line = item.get("__line__", 0)
        if item.get("external_url"):
            section.entries.append(NavEntry(title, str(item["external_url"]).strip()))
            return
        url = str(item.get("url") or "").strip()
        if not url:
            if not item.get("subfolders"):
                self.site.flag(rel, line, "sidebar", f"Item {title!r} has no `url`; left out.")
            return
        if "://" in url:
            section.entries.append(NavEntry(title, url))
            return
        path = url.split("#", 1)[0].lstrip("/")
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
        elif self.original_site:
            section.entries.append(NavEntry(title, self.original_site + path))
            self.site.flag(
                rel,
                line,
                "sidebar",
                f"Item {title!r} ({url}) is not a page of the import; it links to the "
                "original site.",
            )
        else:
            self.site.flag(
                rel,
                line,
                "sidebar",
                f"Item {title!r} ({url}) is not a page of the import and the original site's "
                "address is unknown; it is left out.",
            )


def toctree(section: NavSection, *, hidden: bool) -> list[str]:
    """A section as a MyST ``toctree`` directive."""
    options = [f":caption: {section.caption}"] if section.caption else []
    if hidden:
        options.append(":hidden:")
    options.append(":maxdepth: 2")
    return ["```{toctree}", *options, "", *(entry.line() for entry in section.entries), "```"]
