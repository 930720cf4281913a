"""Keep author-written raw HTML out of the extension's own output.

MyST passes raw HTML in Markdown through to the page. Inside a standard entry or a mandatory
note it would let text an author pasted (a title copied from a web page, say) become markup or
script, so there it is shown as the text it is, with a warning saying so.
"""

from __future__ import annotations

from docutils import nodes

from nhs_assurance.diagnostics import warn


def neutralise_raw_html(root: nodes.Element, where: str) -> None:
    """Replace every raw HTML node under *root* by its text, warning once per node."""
    for raw in list(root.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue  # raw LaTeX, say, never reaches the HTML page
        text = raw.astext()
        warn(
            "raw_html",
            f"{where}: raw HTML {text.strip()[:60]!r} is shown as text, not as markup",
            raw,
        )
        # Shown as code: it is markup, and a reader should see it is, quotes and all.
        if isinstance(raw.parent, nodes.TextElement):
            raw.replace_self(nodes.literal(text, text))
        else:
            raw.replace_self(nodes.literal_block(text, text))
