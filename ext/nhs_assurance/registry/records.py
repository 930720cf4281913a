"""The plain records the registry keeps in the build environment.

Records are named tuples of strings and integers: cheap to pickle with the environment and to
send between the processes of a parallel build, unlike docutils nodes.
"""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes
from sphinx import addnodes

from nhs_assurance.core.ids import display_id
from nhs_assurance.nodes import mandatory_node, standard_entry

#: One inline piece of a mandatory note's text: ("text", text), ("standard", key, text),
#: ("link", url, text), ("strong" | "emphasis" | "literal", text).
Segment = tuple[str, ...]
Paragraph = tuple[Segment, ...]


class StandardRecord(NamedTuple):
    """A declared standard, as the registry keeps it."""

    key: str  # the ID in upper case: what references match
    id: str  # the ID as the author wrote it
    amendment: str
    title: str
    url: str
    status: str
    applies_to: str
    description: str  # the body as plain text
    docname: str
    anchor: str
    lineno: int

    @property
    def display(self) -> str:
        """The ID as readers see it, with its amendment."""
        return display_id(self.id, self.amendment)

    @property
    def order(self) -> tuple[str, int]:
        """Declaration order: the first declaration of an ID (by file name, then line) wins."""
        return (self.docname, self.lineno)


class MandatoryRecord(NamedTuple):
    """A mandatory note, as the compliance register shows it."""

    docname: str
    anchor: str
    title: str
    lineno: int
    paragraphs: tuple[Paragraph, ...]


def standard_record(entry: standard_entry, docname: str) -> StandardRecord | None:
    """The record of a standard entry, or ``None`` when it stays off the register.

    Entries with ``:no-index:``, or without a valid ID or a title, are not registered: their
    author has already been warned, and a reference to them warns too.
    """
    if entry.get("no_index") or not entry.get("std_id") or not entry.get("title"):
        return None
    body = next(
        (child for child in entry.children if "nhs-standard-body" in child["classes"]), None
    )
    description = " ".join(body.astext().split()) if body is not None else ""
    return StandardRecord(
        key=entry["std_id"].upper(),
        id=entry["std_id"],
        amendment=entry.get("amendment", ""),
        title=entry["title"],
        url=entry.get("url", ""),
        status=entry.get("status", ""),
        applies_to=entry.get("applies_to", ""),
        description=description,
        docname=docname,
        anchor=entry["ids"][0] if entry["ids"] else "",
        lineno=entry.line or 0,
    )


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
            segments.append(("standard", node["reftarget"], node.astext()))
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
