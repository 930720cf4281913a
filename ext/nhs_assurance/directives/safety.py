"""Keep author-written markup and script out of the extension's own output.

MyST passes raw HTML in Markdown through to the page (unless a project switches that off), and
reStructuredText (through ``{eval-rst}``) accepts any URI scheme in a link. Inside a standard
entry or a mandatory note, text an author pasted (a title copied from a web page, say) must
never become markup, script or a ``javascript:`` link, so there raw HTML is shown as the text it
is and such links lose their target, each with a warning saying so. Text there that a reader
cannot see is found too: content of nothing but invisible characters or comments counts as no
content (:func:`has_visible_content`), and bidirectional controls, which change the order text
is shown in, are warned about where they are (:func:`warn_bidi_controls`).
"""

from __future__ import annotations

from docutils import nodes

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.text import bidi_controls, describe, is_blank
from nhs_assurance.core.urls import UrlError, content_link
from nhs_assurance.diagnostics import Subtype, warn


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
            Subtype.RAW_HTML,
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
                Subtype.UNSAFE_LINK,
                f"{where}: the link to {excerpt(uri)} is not followed (only http, https and "
                "mailto links are); its text is shown without a link",
                reference,
            )
            reference.replace_self(nodes.inline(reference.astext(), "", *reference.children))


def _shown_text(root: nodes.Node) -> list[nodes.Text]:
    """The text nodes under *root* that a reader is shown: not those of comments."""
    if isinstance(root, nodes.Text):
        return [root]
    if isinstance(root, nodes.comment | nodes.system_message):
        return []
    return [text for child in root.children for text in _shown_text(child)]


def has_visible_content(blocks: list[nodes.Node]) -> bool:
    """Whether *blocks* show a reader anything: visible text, or an image."""
    return any(not is_blank(str(text)) for block in blocks for text in _shown_text(block)) or any(
        isinstance(block, nodes.Element) and next(iter(block.findall(nodes.image)), None)
        for block in blocks
    )


def bidi_message(where: str, controls: list[str]) -> str:
    """The warning about bidirectional *controls* found in *where* ("standard: :title:")."""
    return (
        f"{where} holds the invisible {', '.join(map(describe, controls))}, which changes the "
        "order its text is shown in (words can read backwards); remove it"
    )


def warn_bidi_controls(root: nodes.Element, where: str) -> None:
    """Warn once per block under *root* whose shown text holds bidirectional controls."""
    found: dict[nodes.Element, set[str]] = {}
    for text in _shown_text(root):
        if controls := bidi_controls(str(text)):
            found.setdefault(text.parent, set()).update(controls)
    for block, found_controls in found.items():
        warn(Subtype.HIDDEN_CHARACTER, bidi_message(where, sorted(found_controls)), block)
