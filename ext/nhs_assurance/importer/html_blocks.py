"""Blocks of raw HTML: clear callouts become admonitions; the rest is kept and flagged.

A callout is *clear* when it is one ``<div>`` that only styles a box (a border or a background,
or the theme's ``alert``/``bs-callout`` classes) around text, paragraphs, line breaks, bold,
italic, code and links: it becomes an admonition, of the kind its class or its bold label
(``<b>Note:</b>``) names, a note otherwise. Anything else is *unclear*: it is kept as HTML in a
``{raw} html`` block (raw HTML typed in Markdown would be shown as text on this site) and
flagged, except HTML that runs code or embeds another page (``<script>``, ``<iframe>``, event
handlers, ``javascript:``), which is shown as code and never passed to readers' browsers.
HTML comments become MyST comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.includes import CALLOUT_TYPES
from nhs_assurance.importer.inline import InlineConverter, attributes
from nhs_assurance.importer.paragraphs import ParagraphRenderer
from nhs_assurance.importer.text import Line, backtick_block, code_span, directive

DANGEROUS = re.compile(
    r"<\s*(?:script|iframe|object|embed|form|style|frame|base|meta|link)\b|\son\w+\s*=|javascript:",
    re.IGNORECASE,
)
DIV = re.compile(r"^\s*<div(?P<attrs>(?:\s[^<>]*)?)>(?P<inner>.*)</div>\s*$", re.DOTALL | re.I)
INNER_TAG = re.compile(r"</?(?P<tag>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
#: Tags a clear callout may hold: they all have a Markdown equivalent.
CALLOUT_CONTENT_TAGS = frozenset({"p", "br", "b", "strong", "i", "em", "code", "a", "sup", "sub"})
BOX_STYLE = re.compile(r"\b(?:border(?:-\w+)?|background(?:-color)?)\s*:", re.IGNORECASE)
CLASS_KINDS = {
    "alert-info": "note",
    "alert-success": "tip",
    "alert-warning": "important",
    "alert-danger": "warning",
    # What callout.html writes: <div class="bs-callout bs-callout-{type}">.
    **{f"bs-callout-{name}": kind for name, kind in CALLOUT_TYPES.items()},
}
LABEL = re.compile(
    r"^\s*(?:<(?P<tag>b|strong)>\s*(?P<html>[^<>:]{1,40}?)\s*(?::\s*</(?P=tag)>|</(?P=tag)>\s*:?)"
    r"|\*\*(?P<md>[^*:]{1,40}?)(?::\*\*|\*\*:?))\s*",
    re.IGNORECASE,
)
ADMONITIONS = frozenset(
    {"note", "tip", "warning", "important", "caution", "danger", "attention", "hint", "error"}
)


@dataclass
class HtmlConverter:
    """Converts the HTML blocks of one page."""

    inline: InlineConverter
    paragraphs: ParagraphRenderer
    flags: Flags

    def convert(self, lines: list[Line]) -> list[str]:
        """The output lines for an HTML block."""
        text = "\n".join(line.text for line in lines)
        number = lines[0].number
        first = " ".join(text.split())[:60]
        if DANGEROUS.search(text):
            self.flags.add(
                number,
                "html",
                f"HTML {code_span(first)} runs code or embeds content: it is shown as code, "
                "not passed to the page. Rewrite it in MyST, or, after review, put it in a "
                "`{raw} html` block.",
            )
            return backtick_block("html", text.splitlines())
        callout = self._callout(text, number)
        if callout is not None:
            return callout
        self.flags.add(
            number,
            "html",
            f"HTML {code_span(first)} is kept as it was, in a `{{raw}} html` block: check it "
            "renders as intended, or rewrite it in MyST (its links are not converted).",
        )
        return backtick_block("{raw} html", text.splitlines())

    def comment(self, lines: list[Line]) -> list[str]:
        """An HTML comment as MyST comment lines, kept in the source and hidden from readers."""
        text = "\n".join(line.text for line in lines).strip()
        text = text.removeprefix("<!--").removesuffix("-->").strip()
        return [f"% {line}".rstrip() for line in text.splitlines()] or ["%"]

    def _callout(self, text: str, number: int) -> list[str] | None:
        match = DIV.match(text)
        if match is None or re.search(r"<div\b", match["inner"], re.IGNORECASE):
            return None
        attrs = attributes(match["attrs"])
        if set(attrs) - {"style", "class", "markdown", "role"}:
            return None
        classes = attrs.get("class", "").split()
        kind = next((CLASS_KINDS[c] for c in classes if c in CLASS_KINDS), "")
        boxed = BOX_STYLE.search(attrs.get("style", "")) or {"alert", "bs-callout"} & set(classes)
        if not kind and not boxed:
            return None  # a div for layout, not a box around text
        inner = match["inner"]
        if any(m["tag"].lower() not in CALLOUT_CONTENT_TAGS for m in INNER_TAG.finditer(inner)):
            return None
        title = ""
        label = LABEL.match(inner)
        if label is not None:
            word = (label["html"] or label["md"]).strip()
            if word.lower() in ADMONITIONS:
                kind = word.lower()
            else:
                title = word
            inner = inner[label.end() :]
        body = self._body(inner, number)
        if not body:
            return None
        if title:
            return directive("admonition", title, {"class": kind or "note"}, body)
        return directive(kind or "note", "", {}, body)

    def _body(self, inner: str, number: int) -> list[str]:
        chunks = re.split(r"</?p\b[^<>]*>|\n\s*\n", inner, flags=re.IGNORECASE)
        body: list[str] = []
        for chunk in chunks:
            chunk_lines = [line.strip() for line in chunk.splitlines() if line.strip()]
            if not chunk_lines:
                continue
            if body:
                body.append("")
            source = [Line(number, line) for line in chunk_lines]
            body += self.paragraphs.body(source)
        return body
