"""Inline SVG diagrams (``{% include diagram.svg %}`` of the site's own), kept as SVG, cleaned.

Jekyll writes an included SVG into the page, where the browser draws it. The importer keeps it
drawn, in a ``{raw} html`` block, cleaned by nh3 with an allowlist of SVG's drawing elements
and attributes: nothing that runs script, loads another document or links away stays
(``<script>``, ``<foreignObject>``, ``<use>``, ``<a>``, event attributes, ``href``). A diagram's
``<style>`` sheet would style the whole page around it, so it is not kept as a sheet: its
simple class rules (``.st1 {fill: #bfbfbf}``, as drawing tools export them) are written onto
the elements of those classes as ``style`` attributes, limited to drawing properties, with no
``url()`` other than a reference to the diagram's own gradients (``url(#id)``).
"""

from __future__ import annotations

import html
import re

import nh3

#: SVG's drawing elements (lower case, as nh3 reads HTML); none runs script or loads a document.
SVG_TAGS = frozenset(
    {
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
        "tspan", "title", "desc", "defs", "marker", "lineargradient", "radialgradient", "stop",
        "clippath", "mask", "pattern", "symbol",
    }
)  # fmt: skip
#: The attributes that draw (in both the cases HTML and SVG spell them).
SVG_ATTRIBUTES = frozenset(
    {
        "id", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
        "width", "height", "d", "points", "transform", "viewbox", "viewBox",
        "preserveaspectratio", "preserveAspectRatio", "fill", "fill-opacity", "fill-rule",
        "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray",
        "stroke-opacity", "stroke-miterlimit", "opacity", "font-family", "font-size",
        "font-weight", "font-style", "text-anchor", "dominant-baseline", "dx", "dy", "offset",
        "stop-color", "stop-opacity", "gradientunits", "gradientUnits", "gradienttransform",
        "gradientTransform", "markerwidth", "markerWidth", "markerheight", "markerHeight",
        "refx", "refX", "refy", "refY", "orient", "style", "visibility", "clip-path", "mask",
        "marker-start", "marker-mid", "marker-end", "xmlns",
    }
)  # fmt: skip
#: The CSS properties a ``style`` attribute keeps: those that draw, none that lays out the page.
STYLE_PROPERTIES = frozenset(
    {
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
        "stroke-linejoin", "stroke-dasharray", "stroke-opacity", "stroke-miterlimit", "opacity",
        "visibility", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
        "dominant-baseline", "stop-color", "stop-opacity", "marker-start", "marker-mid",
        "marker-end", "clip-path", "mask",
    }
)  # fmt: skip
SVG_START = re.compile(r"<svg\b", re.IGNORECASE)
XML_DECLARATION = re.compile(r"\s*<\?xml\b[^>]*\?>\s*", re.IGNORECASE)
STYLE_SHEET = re.compile(r"<style\b[^>]*>(?P<css>.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
CDATA = re.compile(r"<!\[CDATA\[|\]\]>")
CLASS_RULE = re.compile(r"(?P<selectors>(?:\s*\.[\w-]+\s*,?)+)\{(?P<declarations>[^{}]*)\}")
CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
#: ``url(...)`` that does not name a part of the diagram itself (``url(#gradient)``).
FOREIGN_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)


TITLE = re.compile(r"<title\b[^>]*>(?P<text>[^<]*)</title\s*>", re.IGNORECASE)


def svg_label(text: str) -> str:
    """A name for the diagram *text*: its first ``<title>``, else ``Diagram``."""
    found = TITLE.search(text)
    return (
        " ".join(html.unescape(found["text"]).split())
        if found and found["text"].strip()
        else "Diagram"
    )


def is_svg(text: str) -> bool:
    """Whether the HTML block *text* is an SVG diagram (its XML declaration aside)."""
    return SVG_START.match(XML_DECLARATION.sub("", text, count=1).lstrip()) is not None


def _class_rules(css: str) -> dict[str, str]:
    """``{class: declarations}`` from a style sheet's simple class rules."""
    rules: dict[str, str] = {}
    for match in CLASS_RULE.finditer(CDATA.sub("", css)):
        declarations = " ".join(match["declarations"].split()).strip().rstrip(";")
        if FOREIGN_URL.search(declarations):
            continue  # it would load something from elsewhere
        for selector in match["selectors"].split(","):
            name = selector.strip().removeprefix(".")
            if name:
                rules[name] = "; ".join(filter(None, [rules.get(name, ""), declarations]))
    return rules


def _styled(text: str, rules: dict[str, str]) -> str:
    """*text* with each element's classes written as its ``style`` (before its own style)."""

    def inline(match: re.Match[str]) -> str:
        classes = (match["dq"] if match["dq"] is not None else match["sq"] or "").split()
        declarations = "; ".join(rules[name] for name in classes if name in rules)
        return f' style="{declarations}"' if declarations else ""

    return CLASS_ATTRIBUTE.sub(inline, text)


def clean_svg(text: str, label: str) -> str:
    """The SVG diagram *text* cleaned, its class rules inline, labelled *label* for readers."""
    text = XML_DECLARATION.sub("", text, count=1)
    rules: dict[str, str] = {}
    for sheet in STYLE_SHEET.finditer(text):
        rules.update(_class_rules(sheet["css"]))
    text = _styled(STYLE_SHEET.sub("", text), rules)
    cleaned = nh3.clean(
        text,
        tags=set(SVG_TAGS),
        attributes={tag: set(SVG_ATTRIBUTES) for tag in SVG_TAGS},
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
        url_schemes=set(),
    )
    cleaned = FOREIGN_URL.sub("url(#", cleaned)  # an attribute's url() kept inside the diagram
    # A picture for assistive technology, named: the first <svg> gets role="img" and a label.
    attributes = f' role="img" aria-label="{_escaped(label)}"'
    return SVG_START.sub(lambda m: m.group(0) + attributes, cleaned, count=1)


def _escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
