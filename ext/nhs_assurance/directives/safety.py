"""Keep author-written markup and script out of the extension's own output.

MyST passes raw HTML in Markdown through to the page (unless a project switches that off), and
reStructuredText (through ``{eval-rst}``) accepts any URI scheme in a link. Inside a standard
entry or a mandatory note, text an author pasted (a title copied from a web page, say) must
never become markup, script or a ``javascript:`` link, so there raw HTML is shown as the text it
is and such links lose their target, each with a warning saying so.
"""

from __future__ import annotations

from docutils import nodes

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.urls import UrlError, content_link
from nhs_assurance.diagnostics import warn


def is_followable(uri: str) -> bool:
    """Whether a reader's browser may follow a link to *uri* (``core.urls.content_link``)."""
    try:
        content_link(uri)
    except UrlError:
        return False
    return True


def neutralise(root: nodes.Element, where: str) -> None:
    """Make raw HTML under *root* text and unsafe links plain text, warning for each."""
    for raw in list(root.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue  # raw LaTeX, say, never reaches the HTML page
        text = raw.astext()
        warn(
            "raw_html",
            f"{where}: raw HTML {excerpt(text.strip())} is shown as text, not as markup",
            raw,
        )
        # Shown as code: it is markup, and a reader should see it is, quotes and all.
        if isinstance(raw.parent, nodes.TextElement):
            raw.replace_self(nodes.literal(text, text))
        else:
            raw.replace_self(nodes.literal_block(text, text))
    for reference in list(root.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        if uri and not is_followable(uri):
            warn(
                "unsafe_link",
                f"{where}: the link to {excerpt(uri)} is not followed (only http, https and "
                "mailto links are); its text is shown without a link",
                reference,
            )
            reference.replace_self(nodes.inline(reference.astext(), "", *reference.children))
