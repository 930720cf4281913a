"""Blocks of raw HTML: clear callouts become admonitions; the rest is kept and flagged.

A callout is *clear* when it is one ``<div>`` that only styles a box (a border or a background,
or the theme's ``alert``/``bs-callout`` classes) around text, paragraphs, line breaks, bold,
italic, code and links: it becomes an admonition, of the kind its class or its bold label
(``<b>Note:</b>``) names, a note otherwise. Anything else is *unclear*: it is kept as HTML in a
``{raw} html`` block (raw HTML typed in Markdown would be shown as text on this site) and
flagged, once cleaned by nh3 (the Ammonia sanitiser, which parses it as a browser does): only
the tags and attributes of text, tables, lists and images stay, and every link or image address
goes through the URL policy, so that no script, event handler, ``javascript:`` link, frame,
form or style reaches readers' browsers. The flag names what cleaning removed. HTML comments
become MyST comments.

Before cleaning, kept HTML gets what Jekyll gave it: an element marked ``markdown="1"`` has its
content read as Markdown, as kramdown reads it (:func:`markdown_inside`), and a theme include
standing in the HTML (an alert, a callout, an image, which the Liquid renderer writes back as
its tag) becomes the text the theme showed (:func:`theme_includes`), never Liquid shown as text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.urls import UrlError, content_link
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.includes import ALERTS, CALLOUT_TYPES, PARAM, SILENT, TAG
from nhs_assurance.importer.inline import InlineConverter, attributes
from nhs_assurance.importer.paragraphs import ParagraphRenderer
from nhs_assurance.importer.svg import clean_svg, is_svg, svg_label
from nhs_assurance.importer.text import (
    Line,
    backtick_block,
    directive,
    literal_text,
    quoted,
)

#: The tags kept HTML may hold: nh3's (text, tables, lists, images), less ``<bdo>``, which
#: reverses the text a reader sees.
KEPT_TAGS = frozenset(nh3.ALLOWED_TAGS) - {"bdo"}
#: The attributes kept HTML may hold: nh3's, plus ``title`` and ``lang`` on any tag.
KEPT_ATTRIBUTES = {**{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}}
KEPT_ATTRIBUTES["*"] = {"title", "lang"}
#: Attributes that hold a URL, which the URL policy judges.
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
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


#: Elements kramdown reads as a span (inline Markdown) under ``markdown="1"``; others as blocks.
SPAN_ELEMENTS = frozenset(
    {
        "a", "abbr", "b", "bdo", "big", "button", "caption", "cite", "del", "dfn", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "i", "ins", "label", "legend", "p", "q", "small",
        "span", "strong", "sub", "sup", "th", "tt",
    }
)  # fmt: skip
MARKDOWN_ATTRIBUTE = re.compile(r"\s+markdown\s*=\s*([\"']?)[\w-]*\1", re.IGNORECASE)
MARKDOWN_ELEMENT = re.compile(
    r"<(?P<tag>[A-Za-z][A-Za-z0-9]*)\b(?P<attrs>[^<>]*?\smarkdown\s*=\s*([\"']?)"
    r"(?P<mode>1|block|span)\3[^<>]*)>",
    re.IGNORECASE,
)
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def markdown_inside(text: str) -> str:
    """*text* with the content of each element marked ``markdown="1"`` (or ``block``,
    ``span``) rendered from Markdown to HTML, as kramdown renders it; the marks removed."""
    out: list[str] = []
    position = 0
    while found := MARKDOWN_ELEMENT.search(text, position):
        tag = found["tag"].lower()
        opening = re.compile(rf"<{tag}(?=[\s/>])", re.IGNORECASE)
        closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
        depth, end = 1, None
        for mark in re.finditer(rf"{opening.pattern}|{closing.pattern}", text[found.end() :], re.I):
            depth += -1 if mark.group(0).startswith("</") else 1
            if depth == 0:
                end = found.end() + mark.start()
                break
        if end is None:
            break  # never closed: left as it is
        inner = text[found.end() : end]
        span = found["mode"].lower() == "span" or (found["mode"] == "1" and tag in SPAN_ELEMENTS)
        rendered = (
            _MARKDOWN.renderInline(" ".join(inner.split()))
            if span
            else "\n" + _MARKDOWN.render(_dedented(inner))
        )
        out += [text[position : found.start()], f"<{found['tag']}{found['attrs']}>", rendered]
        position = end
    out.append(text[position:])
    return MARKDOWN_ATTRIBUTE.sub("", "".join(out))


def _dedented(text: str) -> str:
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)


def theme_includes(text: str) -> tuple[str, list[str]]:
    """*text* with each theme include (an alert, ``callout.html``, ``image.html``) as the
    HTML of the text the theme showed, and the images shown by their text only."""
    images: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match["file"]
        params = {
            m["name"]: re.sub(r"\\(.)", r"\1", m["dq"] if m["dq"] is not None else m["sq"] or "")
            for m in PARAM.finditer(match["params"])
        }
        content = " ".join(params.get("content", "").split())
        if name in SILENT:
            return ""
        if name in ALERTS:
            return str(_MARKDOWN.render(f"**{ALERTS[name].capitalize()}:** {content}"))
        if name == "callout.html":
            title = " ".join(params.get("title", "").split())
            return str(_MARKDOWN.render(f"**{title}** {content}" if title else content))
        if name == "image.html":
            images.append(params.get("file", ""))
            shown = params.get("caption") or params.get("alt") or ""
            return f"<p>{_MARKDOWN.renderInline(' '.join(shown.split()))}</p>" if shown else ""
        return match.group(0)

    return TAG.sub(replace, text), images


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
        shown = quoted(" ".join(text.split()))
        if is_svg(text):
            return self._svg(text, number)
        text, images = theme_includes(markdown_inside(text))
        for image in images:
            self.flags.add(
                number,
                "html",
                f"The image {quoted(image)} stands inside HTML: it is shown by its caption only; "
                "place it by hand after the HTML, or rewrite the HTML in MyST.",
            )
        callout = self._callout(text, number)
        if callout is not None:
            return callout
        cleaned, removed = clean_html(text)
        if not cleaned.strip():
            self.flags.add(
                number,
                "html",
                f"HTML {shown} is removed: nothing in it is text a reader may be shown "
                f"({', '.join(removed) or 'empty'}).",
            )
            return []
        what = f"cleaned ({', '.join(removed)} removed) and kept" if removed else "kept as it was"
        self.flags.add(
            number,
            "html",
            f"HTML {shown} is {what} in a `{{raw}} html` block: check it renders as intended, "
            "or rewrite it in MyST (its links are not converted).",
        )
        return backtick_block("{raw} html", cleaned.splitlines())

    def _svg(self, text: str, number: int) -> list[str]:
        """An SVG diagram, drawn as on the original site, cleaned (:mod:`.svg`)."""
        label = svg_label(text)
        self.flags.add(
            number,
            "html",
            f"An SVG diagram ({quoted(label)}) is kept, cleaned, in a `{{raw}} html` block, named "
            f"{quoted(label)} for assistive technology: check that it draws as intended, and "
            "give it a name that says what it shows.",
        )
        return backtick_block("{raw} html", clean_svg(text, label).splitlines())

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
            return directive("admonition", literal_text(title), {"class": kind or "note"}, body)
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


def clean_html(text: str) -> tuple[str, list[str]]:
    """*text* cleaned by nh3, and what cleaning removed (``<script>``, ``onerror``, ...)."""
    cleaned = nh3.clean(
        text,
        tags=set(KEPT_TAGS),
        attributes=KEPT_ATTRIBUTES,
        attribute_filter=url_attribute_allowed,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    )
    before, after = _markup(text), _markup(cleaned)
    removed = [
        f"<{tag}>" if not attribute else f"{attribute} on <{tag}>"
        for (tag, attribute) in sorted(before - after)
    ]
    shown = [excerpt(item, 30).strip("'") for item in removed[:5]]
    return cleaned, shown + (["..."] if len(removed) > 5 else [])


def url_attribute_allowed(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: a URL attribute only when the URL policy allows its value."""
    if attribute not in URL_ATTRIBUTES:
        return value
    try:
        content_link(value)
    except UrlError:
        return None
    return value


class _Markup(HTMLParser):
    """Counts the tags and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[tuple[str, str]] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[(tag, "")] += 1
        for name, _value in attrs:
            if name != "rel":  # nh3 adds rel="noopener noreferrer" to links
                self.found[(tag, name)] += 1


def _markup(text: str) -> Counter[tuple[str, str]]:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.found
