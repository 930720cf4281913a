"""``--compare RENDERED``: each imported page against the page Jekyll rendered, word for word.

Jekyll's page body is the theme's ``<div class="post-content">`` (its summary, table of
contents and tag list, which the layout adds around the author's text, aside). The imported
page's words are those of its MyST text as a reader gets it (front matter and ``%`` comments,
which readers do not see, aside). Both are cut into lower-case words, and the original's words
are matched to the import's in order (:class:`difflib.SequenceMatcher`): a word the import
lost, or moved out of order, counts as missing. Liquid a reader would see (``{{ ... }}`` or
``{% ... %}`` in the import's text that the original does not show) is counted apart.

RENDERED is read like SRC (:class:`~.sources.SourceTree`: regular files inside it only).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from nhs_assurance.importer.sources import SourceError, SourceTree

WORD = re.compile(r"\w+")
LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
#: The parts of the theme's page body that the layout writes, not the author.
LAYOUT_CLASSES = frozenset({"summary", "tags", "post-header"})
LAYOUT_IDS = frozenset({"toc"})
#: A tab panel's row of labels: the import shows each label at its tab's content instead, so
#: its words are not compared where the row stands.
TAB_LABELS = frozenset({"nav-tabs"})
#: The most words of a page compared; beyond it the rest counts as found (bounded time).
MAX_WORDS = 40_000
#: How many missing words the report shows for a page.
SAMPLE_WORDS = 12
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
#: Elements that start on a line of their own: a word never runs across their edge. (Inline
#: ones, such as the spans a highlighter puts around each token, join the text around them:
#: ``hl<span>7</span>`` is the one word ``hl7``.)
BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip


@dataclass
class PageComparison:
    """One imported page against its original."""

    source: str
    output: str
    #: The original page in RENDERED, or ``""`` when it was not found there.
    original: str
    original_words: int = 0
    missing_words: int = 0
    #: A few of the missing words, in the original's order.
    sample: str = ""
    #: Liquid markup the import shows and the original did not.
    liquid: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def missing_percent(self) -> float:
        """The share of the original's words missing from the import, in per cent."""
        if not self.original_words:
            return 0.0
        return 100.0 * self.missing_words / self.original_words

    @property
    def what_is_missing(self) -> str:
        """What the report says of the page: the problem, the Liquid shown, missing words."""
        if self.problem:
            return self.problem
        liquid = f"Liquid shown: {', '.join(self.liquid)}; " if self.liquid else ""
        return (
            f"{liquid}missing {self.missing_words} of {self.original_words} words "
            f"({self.missing_percent:.1f} %): {self.sample}"
        )


class _BodyText(HTMLParser):
    """The text of a rendered page's body (``div.post-content``), the layout's parts aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.found = False
        self._stack: list[tuple[str, bool, bool]] = []  # tag, in body, skipped

    def _state(self) -> tuple[bool, bool]:
        return (self._stack[-1][1], self._stack[-1][2]) if self._stack else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS:
            self.parts.append(" ")
        if tag in VOID:
            return
        in_body, skipped = self._state()
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if not in_body and tag == "div" and "post-content" in classes and not self.found:
            self.found = True
            self._stack.append((tag, True, False))
            return
        skip = (
            skipped or tag in ("script", "style") or bool(classes & (LAYOUT_CLASSES | TAB_LABELS))
        )
        skip = skip or (values.get("id") or "") in LAYOUT_IDS
        self._stack.append((tag, in_body, skip))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_ELEMENTS:
            self.parts.append(" ")
        # Close up to the matching tag: a page's HTML is not always well formed.
        for position in range(len(self._stack) - 1, -1, -1):
            if self._stack[position][0] == tag:
                del self._stack[position:]
                return

    def handle_data(self, data: str) -> None:
        in_body, skipped = self._state()
        if in_body and not skipped:
            self.parts.append(data)


def rendered_body(html: str) -> str | None:
    """The text of the body of a page Jekyll rendered, or ``None`` when it has none."""
    parser = _BodyText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts) if parser.found else None


class _AllText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS:
            self.parts.append(" ")
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_ELEMENTS:
            self.parts.append(" ")
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


#: MyST as the import's ``conf.py`` sets it: raw HTML in Markdown (``myst_disable_syntax``) is
#: shown as text, so it is read as text here (a ``<!DOCTYPE ...>`` kramdown showed as text too).
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
COMMENT_LINE = re.compile(r"^\s*%.*$", re.MULTILINE)


def imported_text(markdown: str) -> str:
    """The text a reader gets from an imported MyST page (front matter and comments aside)."""
    body = COMMENT_LINE.sub("", FRONT_MATTER.sub("", markdown, count=1))
    parser = _AllText()
    parser.feed(_MARKDOWN.render(body))
    parser.close()
    return "".join(parser.parts)


def words(text: str) -> list[str]:
    """The words of *text*, lower-cased, punctuation aside."""
    return WORD.findall(text.lower())[:MAX_WORDS]


def compare_text(original: str, imported: str) -> tuple[int, int, str]:
    """``(original words, missing words, sample)``: the original's words matched in order."""
    before, after = words(original), words(imported)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    missing: list[str] = []
    kept = 0
    position = 0
    for block in matcher.get_matching_blocks():
        missing += before[position : block.a]
        kept += block.size
        position = block.a + block.size
    return len(before), len(before) - kept, " ".join(missing[:SAMPLE_WORDS])


def compare_page(
    rendered: SourceTree, source: str, output: str, url: str, markdown: str
) -> PageComparison:
    """Compare the imported page *output* (its MyST *markdown*) with RENDERED's page at *url*."""
    result = PageComparison(source, output, url)
    try:
        html = rendered.read_text(url)
    except SourceError as exc:
        result.original, result.problem = "", f"the original `{url}` {exc.reason}"
        return result
    body = rendered_body(html)
    if body is None:
        result.problem = "the original has no `post-content` body; compared with the whole page"
        whole = _AllText()
        whole.feed(html)
        whole.close()
        body = "".join(whole.parts)
    text = imported_text(markdown)
    result.original_words, result.missing_words, result.sample = compare_text(body, text)
    shown_before = set(LIQUID.findall(body))
    result.liquid = sorted({m for m in LIQUID.findall(text) if m not in shown_before})[:5]
    return result
