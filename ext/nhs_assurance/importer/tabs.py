"""The theme's Bootstrap tab panels, read for a sphinx-design ``tab-set``.

documentation-theme-jekyll pages draw tabs as two HTML blocks: a ``<ul class="nav nav-tabs">``
whose items link to ``#pane-id`` with the tab's label, then a ``<div class="tab-content">``
holding one ``<div class="tab-pane" id="pane-id">`` per tab. :func:`tab_panels` reads the pair
into labels and the source lines of each pane, which the page converter converts as Markdown
(Liquid has already run, so a theme include in a pane is an include block there). Anything that
is not this shape (text between the panes, a pane never closed) gives ``None``, and the blocks
are converted as any other HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from nhs_assurance.importer.blocks import FENCE, Block
from nhs_assurance.importer.text import Line

NAV_TABS = re.compile(r"^\s*<ul\b[^>]*\bclass=[\"'][^\"']*\bnav-tabs\b", re.IGNORECASE)
TAB_CONTENT = re.compile(r"^\s*<div\b[^>]*\bclass=[\"'][^\"']*\btab-content\b[^>]*>", re.I)
PANE = re.compile(r"^\s*<div\b(?P<attrs>[^>]*\bclass=[\"'][^\"']*\btab-pane\b[^>]*)>", re.I)
PANE_ID = re.compile(r"\bid=[\"'](?P<id>[^\"']*)[\"']", re.IGNORECASE)
OPEN_DIV = re.compile(r"<div(?=[\s>])", re.IGNORECASE)
CLOSE_DIV = re.compile(r"</div\s*>", re.IGNORECASE)


@dataclass
class TabPanel:
    """One tab: its label and the source lines of its pane."""

    label: str
    lines: list[Line]


class _NavLabels(HTMLParser):
    """The ``#id`` -> label links of a ``nav-tabs`` list (commented-out items aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: dict[str, str] = {}
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("#"):
            self._href, self._text = href[1:], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.labels[self._href] = " ".join("".join(self._text).split())
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def is_tab_nav(block: Block) -> bool:
    """Whether *block* is the theme's ``<ul class="nav nav-tabs">``."""
    return block.kind == "html" and NAV_TABS.match(block.lines[0].text) is not None


def tab_panels(nav: Block, content: Block) -> list[TabPanel] | None:
    """The tabs of the ``nav-tabs`` block *nav* and the ``tab-content`` block *content*, in
    the panes' order, or ``None`` when the blocks are not the theme's tab panel."""
    if content.kind != "html" or not content.lines:
        return None
    opening = TAB_CONTENT.match(content.lines[0].text)
    if opening is None or content.lines[0].text[opening.end() :].strip():
        return None
    parser = _NavLabels()
    parser.feed("\n".join(nav.texts))
    parser.close()
    panels: list[TabPanel] = []
    current: list[Line] | None = None
    depth = 0
    fenced = False
    for line in content.lines[1:]:
        text = line.text
        if current is not None and FENCE.match(text):
            fenced = not fenced
        if current is not None and fenced:
            current.append(line)
            continue
        if current is None:
            pane = PANE.match(text)
            if pane is not None:
                found = PANE_ID.search(pane["attrs"])
                pane_id = found["id"] if found else ""
                label = parser.labels.get(pane_id) or pane_id or f"Tab {len(panels) + 1}"
                current, depth = [], 1
                panels.append(TabPanel(label, current))
                text = text[pane.end() :]
                if not text.strip():
                    continue
            elif CLOSE_DIV.fullmatch(text.strip()) and line is content.lines[-1]:
                break  # the end of the tab-content
            elif text.strip():
                return None  # something between the panes: not the theme's shape
            else:
                continue
        depth += len(OPEN_DIV.findall(text)) - len(CLOSE_DIV.findall(text))
        if depth <= 0:
            # The pane's closing </div>: what stands before it on the line is the pane's.
            last = text[: list(CLOSE_DIV.finditer(text))[-1].start()] if "</" in text else ""
            if last.strip():
                current.append(Line(line.number, last))
            current = None
            continue
        current.append(Line(line.number, text))
    if current is not None or not panels:
        return None
    return panels
