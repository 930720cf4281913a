"""The plain records the registry keeps in the build environment.

Records are named tuples of strings and integers: cheap to pickle with the environment and to
send between the processes of a parallel build, unlike docutils nodes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, cast

from docutils import nodes
from sphinx import addnodes

from nhs_assurance.core.hazard_record import TEXT_FIELDS, HazardRecord
from nhs_assurance.core.standard_record import StandardRecord
from nhs_assurance.nodes import hazard_entry, mandatory_node, standard_entry

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


def standard_record(entry: standard_entry, docname: str) -> StandardRecord | None:
    """The record of a standard entry, or ``None`` when it stays off the register.

    Entries with ``:no-index:``, or without a valid ID or a title, are not registered: their
    author has already been warned, and a reference to them warns too.
    """
    if entry.get("no_index") or not entry.get("std_id") or not entry.get("title"):
        return None
    body = next(
        (
            child
            for child in entry.children
            if isinstance(child, nodes.Element) and "nhs-standard-body" in child["classes"]
        ),
        None,
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


#: A text field's label (as the entry shows it) -> the record's attribute.
_ATTRIBUTE_BY_LABEL = {label: attribute for attribute, label in TEXT_FIELDS.items()}


def plain_text(blocks: Sequence[nodes.Node]) -> str:
    """Blocks as plain text for the exports: each paragraph on a line of its own, each list item
    starting with a bullet (not ``-``, which a spreadsheet takes for a formula), the spaces
    inside a paragraph collapsed."""
    lines: list[str] = []

    def walk(node: nodes.Node, bullet: str) -> None:
        if isinstance(node, nodes.list_item):
            for index, child in enumerate(node.children):
                walk(child, "\N{BULLET} " if index == 0 else "")
        elif isinstance(node, nodes.TextElement):
            text = " ".join(node.astext().split())
            if text:
                lines.append(bullet + text)
        elif isinstance(node, nodes.Element):
            for child in node.children:
                walk(child, bullet)
                bullet = ""
        elif text := " ".join(node.astext().split()):
            lines.append(bullet + text)

    for block in blocks:
        walk(block, "")
    return "\n".join(lines)


def hazard_record(entry: hazard_entry, docname: str) -> HazardRecord | None:
    """The record of a hazard entry, or ``None`` when it stays off the log.

    Only a hazard without a valid ID, or marked ``:no-index:``, stays off: whatever else its
    author got wrong was warned about and is left empty, and the hazard is still listed.
    """
    if entry.get("no_index") or not entry.get("key"):
        return None
    texts = dict.fromkeys(TEXT_FIELDS, "")
    for child in entry.children:
        classes: list[str] = child.get("classes", []) if isinstance(child, nodes.Element) else []
        if "nhs-hazard-body" in classes:
            texts["description"] = plain_text(child.children)
        elif "nhs-hazard-fields" in classes:
            by_field: dict[str, list[str]] = {}
            for field in child.children:
                field = cast("nodes.field", field)  # the entry's fields (directives/hazard.py)
                attribute = _ATTRIBUTE_BY_LABEL[field[0].astext()]
                by_field.setdefault(attribute, []).append(plain_text(field[1].children))
            texts.update({attribute: "\n".join(parts) for attribute, parts in by_field.items()})
    return HazardRecord(
        key=entry["key"],
        id=entry["hazard_id"],
        title=entry.get("title", ""),
        docname=docname,
        # Without an anchor of its own (its ID is taken on the page), it links to what has it.
        anchor=entry["ids"][0] if entry["ids"] else entry["key"].lower(),
        lineno=entry.line or 0,
        status=entry["status"],
        owner=entry.get("owner", ""),
        initial_severity=entry["initial_severity"],
        initial_likelihood=entry["initial_likelihood"],
        initial_rating=entry["initial_rating"],
        residual_severity=entry["residual_severity"],
        residual_likelihood=entry["residual_likelihood"],
        residual_rating=entry["residual_rating"],
        standards=tuple(entry.get("standards", ())),
        **texts,
    )
