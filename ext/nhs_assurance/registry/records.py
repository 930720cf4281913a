"""The records of mandatory notes, as the compliance register keeps them in the build
environment (each kind of entry makes its own records: its directive's ``record``).

Records are named tuples of strings and integers: cheap to pickle with the environment and to
send between the processes of a parallel build, unlike docutils nodes.
"""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes
from sphinx import addnodes

from nhs_assurance.nodes import mandatory_node

#: One inline piece of a mandatory note's text: ("text", text), ("standard" | "hazard", key,
#: text), ("link", url, text), ("strong" | "emphasis" | "literal", text).
Segment = tuple[str, ...]
Paragraph = tuple[Segment, ...]


class MandatoryRecord(NamedTuple):
    """A mandatory note, as the compliance register shows it."""

    docname: str
    anchor: str
    title: str
    lineno: int
    paragraphs: tuple[Paragraph, ...]


def mandatory_record(note: mandatory_node, docname: str) -> MandatoryRecord | None:
    """The record of a mandatory note, or ``None`` for one marked ``:no-index:``."""
    if note.get("no_index") or not note["ids"]:
        return None
    title = note[0].astext()  # a mandatory note's first child is its title
    paragraphs = tuple(
        paragraph_segments(block) for block in note.children[1:] if isinstance(block, nodes.Element)
    )
    return MandatoryRecord(docname, note["ids"][0], title, note.line or 0, paragraphs)


def paragraph_segments(block: nodes.Element) -> Paragraph:
    """A block's text as inline segments, keeping references to standards and web links.

    Other structure (lists, nested blocks) is flattened to its text: the register shows every
    word of the note and links back to the note itself for its full layout.
    """
    segments: list[Segment] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            segments.append(("text", str(node)))
        elif isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "nhs":
            segments.append((node["reftype"], node["reftarget"], node.astext()))
        elif isinstance(node, nodes.reference) and node.get("refuri", "").startswith(
            ("http://", "https://")
        ):
            segments.append(("link", node["refuri"], node.astext()))
        elif isinstance(node, nodes.strong | nodes.emphasis | nodes.literal):
            segments.append((node.tagname, node.astext()))
        elif isinstance(node, nodes.Element):
            # Blocks flattened into one paragraph (list items, say) keep a space between them.
            if isinstance(node, nodes.Body) and segments and not segments[-1][-1].endswith(" "):
                segments.append(("text", " "))
            for child in node.children:
                walk(child)

    walk(block)
    return tuple(segments)
