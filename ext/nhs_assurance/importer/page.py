"""Converting one page, in two passes over the whole import.

The first pass (:func:`outline`) reads every page: its Liquid, its blocks, its headings' new
levels and the anchors they give, and the standards it declares. The second
(:class:`PageConverter`) writes each page, when every page's anchors and standards are known,
so that links and ``{standard}`` references can be checked against the whole import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nhs_assurance.importer.blocks import Block, scan
from nhs_assurance.importer.code_blocks import convert_fence
from nhs_assurance.importer.frontmatter import PageSource
from nhs_assurance.importer.headings import (
    ANCHOR_LEVELS,
    Heading,
    SlugCounter,
    kramdown_ids,
    new_levels,
    parse_heading,
)
from nhs_assurance.importer.html_blocks import HtmlConverter
from nhs_assurance.importer.includes import IncludeConverter
from nhs_assurance.importer.inline import BR, TARGET_IAL, InlineConverter
from nhs_assurance.importer.links import LinkResolver, PageAnchors, SiteIndex
from nhs_assurance.importer.liquid import LiquidContext, preprocess
from nhs_assurance.importer.liquid_render import SiteRenderer
from nhs_assurance.importer.paragraphs import ParagraphRenderer
from nhs_assurance.importer.safety_patterns import StandardHeading, standard_heading
from nhs_assurance.importer.site import HTML_SUFFIX
from nhs_assurance.importer.tables import TableConverter
from nhs_assurance.importer.tabs import TabPanel, is_tab_nav, tab_panels
from nhs_assurance.importer.tag_pages import tag_name, tag_page_lines
from nhs_assurance.importer.text import Line, directive, literal_text


@dataclass
class Outline:
    """A page's blocks, and what the first pass learnt about them."""

    blocks: list[Block]
    #: Block index -> the heading it holds, parsed.
    headings: dict[int, Heading] = field(default_factory=dict)
    #: Block index -> (new level, level after the uniform shift alone), for ordinary headings.
    levels: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: Block index -> the standard a heading declares.
    standards: dict[int, StandardHeading] = field(default_factory=dict)
    anchors: PageAnchors = field(default_factory=PageAnchors)


def outline(
    page: PageSource, context: LiquidContext, title: str, renderer: SiteRenderer | None = None
) -> Outline:
    """The first pass over *page*: Liquid rendered (by *renderer*, else resolved by the simple
    resolver), blocks, heading levels, anchors, standards."""
    lines = None
    tag = tag_name(page) if renderer is not None else None
    if renderer is not None and tag is not None:
        lines = tag_page_lines(page, tag, renderer)  # generated, not the theme's loop rendered
    elif renderer is not None:
        variables = {**page.data, "url": "/" + page.url, "path": page.rel}
        lines = renderer.render(page.body, variables, page.flags)
        if lines is not None:
            renderer.rendered[page.rel] = "\n".join(line.text for line in lines)
    if lines is None:
        lines = preprocess(page.body, context, page.flags)
    # Jekyll reads no Markdown in an HTML page: its body is HTML.
    html_page = page.rel.endswith(HTML_SUFFIX)
    blocks = _html_page(lines) if html_page else scan(_joined_links(lines))
    headings = {i: parse_heading(b) for i, b in enumerate(blocks) if b.kind == "heading"}
    result = Outline(blocks, headings)
    ordinary: list[tuple[int, Heading]] = []
    for index, heading in result.headings.items():
        if standard := standard_heading(heading.text):
            result.standards[index] = standard
        elif heading.text:
            ordinary.append((index, heading))
    for (index, _heading), level in zip(
        ordinary, new_levels([h.level for _i, h in ordinary]), strict=True
    ):
        result.levels[index] = level

    slugs = SlugCounter()
    if title:
        slugs.add(title)  # MyST's page title takes its slug first; Jekyll's had no anchor
    for index, heading in result.headings.items():
        new_anchor = ""
        if index in result.standards:
            new_anchor = result.standards[index].std_id.anchor
            result.anchors.standards[new_anchor] = result.standards[index].std_id.id
        elif index in result.levels and result.levels[index][0] <= ANCHOR_LEVELS:
            new_anchor = slugs.add(TARGET_IAL.sub("", heading.text))
        if new_anchor:
            result.anchors.valid.add(new_anchor)
            for old in kramdown_ids(heading.text):
                result.anchors.renamed.setdefault(old, new_anchor)
    return result


class PageConverter:
    """The second pass over one page: its Markdown for MyST."""

    def __init__(
        self,
        page: PageSource,
        page_outline: Outline,
        site: SiteIndex,
        declared: dict[str, tuple[str, int]],
    ) -> None:
        self.page = page
        self.outline = page_outline
        self.flags = page.flags
        self.declared = declared
        links = LinkResolver(site, page.docname, page.url, self.flags)
        self.inline = InlineConverter(links, self.flags)
        self.paragraphs = ParagraphRenderer(self.inline, self.flags, set(declared))
        self.includes = IncludeConverter(self.paragraphs, self.inline, links, self.flags)
        self.html = HtmlConverter(self.inline, self.paragraphs, self.flags)
        self.tables = TableConverter(self.inline, self.paragraphs, self.flags)
        #: Whether the page holds a sphinx-design tab set (the project must load sphinx_design).
        self.has_tabs = False

    def body(self) -> str:
        """The page's converted body: blocks separated by one blank line."""
        out: list[list[str]] = []
        blocks = list(self.outline.blocks)
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if index in self.outline.standards:
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                description = following.lines if following and following.kind == "paragraph" else []
                out += self._standard(block, self.outline.standards[index], description)
                index += 2 if description else 1
                continue
            if _is_toc_marker(blocks, index):
                self.flags.add(
                    block.first,
                    "kramdown",
                    "kramdown's table of contents (`* TOC` and `{:toc}`) dropped: the page's "
                    '"On this page" panel lists its sections.',
                )
                index += 2
                continue
            panels = (
                tab_panels(block, blocks[index + 1])
                if is_tab_nav(block) and index + 1 < len(blocks)
                else None
            )
            if panels is not None:
                out.append(self._tab_set(panels))
                self.has_tabs = True
                index += 2
                continue
            out += self._block(index, block)
            index += 1
        return "\n\n".join("\n".join(lines) for lines in self._transitions(out) if lines)

    def _tab_set(self, panels: list[TabPanel]) -> list[str]:
        """The theme's tab panel as a sphinx-design ``tab-set``, each pane converted."""
        items: list[str] = []
        for panel in panels:
            body: list[str] = []
            for block in scan(panel.lines):
                if block.kind == "heading":
                    # A section cannot start inside a tab: the heading is shown in bold.
                    heading = parse_heading(block)
                    text = self.inline.convert(heading.text, heading.line).replace(BR, " ")
                    converted = [[f"**{' '.join(text.split())}**"]] if heading.text else []
                else:
                    converted = self._block(-1, block)
                for lines in converted:
                    if lines:
                        body += ([""] if body else []) + lines
            label = directive("tab-item", literal_text(panel.label), {}, body)
            items += ([""] if items else []) + label
        return directive("tab-set", "", {}, items)

    def _rule_dropped(self) -> None:
        self.flags.add(
            0,
            "markup",
            "A horizontal rule at the start or end of the page or of a section, or next to "
            "another, was dropped: it separates nothing there.",
        )

    def _transitions(self, out: list[list[str]]) -> list[list[str]]:
        """*out* without the horizontal rules docutils refuses: at the start or end of the page
        or of a section, or next to another. They separate nothing there; each is flagged."""
        kept: list[list[str]] = []
        chunks = [part for lines in out if lines for part in _paragraphs(lines)]
        for position, lines in enumerate(chunks):
            if _is_rule(lines):
                after = next((c for c in chunks[position + 1 :] if not _is_rule(c)), None)
                before = kept[-1] if kept else None
                if before is None or after is None or _is_rule(before):
                    self._rule_dropped()
                    continue
                if _is_heading(before) or _is_heading(after):
                    self._rule_dropped()
                    continue
            kept.append(lines)
        return kept

    def _block(self, index: int, block: Block) -> list[list[str]]:
        kind = block.kind
        if kind == "heading":
            return [self._heading(index)]
        if kind == "paragraph":
            if DOCTYPE.match(block.lines[0].text):
                self.flags.add(
                    block.first,
                    "markup",
                    "An HTML or XML document's declaration (`<!DOCTYPE ...>`, `<?xml ...?>`: a "
                    "whole document pasted or included into the page): kramdown showed it as "
                    "text, and so does the import. Remove it if it is not meant to be read.",
                )
            return self.paragraphs.render(block.lines)
        if kind == "fence":
            return [convert_fence(block.lines, self.flags)]
        if kind == "code":
            return [block.texts]
        if kind == "include":
            return [self.includes.convert(block.lines)]
        if kind == "html":
            return [self.html.convert(block.lines)]
        if kind == "comment":
            return [self.html.comment(block.lines)]
        if kind == "table":
            return [self.tables.convert(block.lines)]
        if kind == "ial":
            self.inline.convert(block.lines[0].text, block.first)  # flags it unless a target
            return []
        return []  # "br": a line of its own, spacing on the original site

    def _heading(self, index: int) -> list[str]:
        heading = self.outline.headings[index]
        if index not in self.outline.levels:
            self.flags.add(heading.line, "heading", "An empty heading was removed.")
            return []
        level, shifted = self.outline.levels[index]
        if level != shifted:
            self.flags.add(
                heading.line,
                "heading",
                f"This heading would be level {shifted} once the page's headings start at "
                f"level 2; it is level {level}, so that no level is skipped.",
            )
        text = self.inline.convert(heading.text, heading.line).replace(BR, " ")
        return ["#" * level + " " + " ".join(text.split())]

    def _standard(
        self, block: Block, standard: StandardHeading, description: list[Line]
    ) -> list[list[str]]:
        # The description is the paragraph under the heading up to a legal sentence, which
        # (with what follows it) comes after the entry.
        rest: list[tuple[str, list[Line]]] = []
        if description:
            pieces = self.paragraphs.split_mandatory(description)
            if pieces[0][0] == "paragraph":
                description, rest = pieces[0][1], pieces[1:]
            else:
                description, rest = [], pieces
        options = {"title": standard.title, "url": standard.url}
        first = self.declared.get(standard.std_id.key)
        shown = standard.std_id.display
        if first is not None and first != (self.page.docname, block.first):
            options["no-index"] = ""
            self.flags.add(
                block.first,
                "standard",
                f"{shown} is declared first on `{first[0]}.md` (line {first[1]}); this entry is "
                "kept off the site's register with `:no-index:`. Keep one declaration.",
            )
        self.flags.add(
            block.first,
            "standard",
            f"Standard entry {shown}: add `:status:` and `:applies-to:` if they are known; "
            "the importer never guesses them.",
        )
        if not description:
            self.flags.add(
                block.first, "standard", f"Standard entry {shown} has no description below it."
            )
        body = self.paragraphs.plain(description) if description else []
        out = [directive("standard", shown, options, body)]
        out += self.paragraphs.render_pieces(rest)
        return out


def _html_page(lines: list[Line]) -> list[Block]:
    """An HTML page's body, Liquid rendered: one HTML block (blank lines around it aside)."""
    filled = [index for index, line in enumerate(lines) if line.text.strip()]
    return [Block("html", lines[filled[0] : filled[-1] + 1])] if filled else []


FENCE = re.compile(r"\s*(```|~~~)")
#: An HTML document's declaration, which kramdown does not take for HTML: it shows it as text.
DOCTYPE = re.compile(r"\s*(?:<!doctype\b|<\?xml\b)", re.IGNORECASE)


def _joined_links(lines: list[Line]) -> list[Line]:
    """*lines* with a link whose text runs onto the next line made one line (a line break in
    a paragraph is a space), so that the link is converted; fenced code is left as it is."""
    out: list[Line] = []
    fenced = False
    for line in lines:
        if FENCE.match(line.text):
            fenced = not fenced
        previous = out[-1].text if out else ""
        if (
            not fenced
            and out
            and line.text.strip()
            and "](" in line.text
            and previous.count("[") > previous.count("]")
            and not FENCE.match(previous)
            and previous.strip()
        ):
            out[-1] = Line(out[-1].number, previous.rstrip() + " " + line.text.lstrip())
            continue
        out.append(line)
    return out


RULE = re.compile(r"\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})")


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """A converted block cut at its blank lines, unless it is a fence or a directive."""
    if lines[0].lstrip().startswith(("```", "~~~", ":::", "    ", "<")):
        return [lines]
    parts: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            parts[-1].append(line)
        elif parts[-1]:
            parts.append([])
    return [part for part in parts if part]


def _is_rule(lines: list[str]) -> bool:
    """Whether a converted block is a horizontal rule."""
    return len(lines) == 1 and RULE.fullmatch(lines[0]) is not None


def _is_heading(lines: list[str]) -> bool:
    """Whether a converted block is a heading."""
    return len(lines) == 1 and lines[0].startswith("#")


def _is_toc_marker(blocks: list[Block], index: int) -> bool:
    """Whether blocks *index* and the next are kramdown's ``* TOC`` and ``{:toc}``."""
    return (
        index + 1 < len(blocks)
        and blocks[index].kind == "paragraph"
        and len(blocks[index].lines) == 1
        and re.fullmatch(r"\s*(?:[-+*]|1\.)\s+TOC\s*", blocks[index].lines[0].text) is not None
        and blocks[index + 1].kind == "ial"
        and re.fullmatch(r"\s*\{:\s*toc\s*\}\s*", blocks[index + 1].lines[0].text) is not None
    )
