"""The kinds of entry the ``nhs`` domain keeps, as one table: the domain is driven by it
rather than by each kind's name.

Each row says how the registry keeps a kind (``core/entry.py``): the node its directive leaves
in a page, how a record is made from that node, and where the domain's data stores the records.
The records of every kind share the fields the domain reads (``core.entry.EntryRecord``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple

from docutils import nodes

from nhs_assurance.core.entry import EntryKind, EntryRecord
from nhs_assurance.core.hazard import HAZARD
from nhs_assurance.core.hazard_record import HazardRecord
from nhs_assurance.core.standard import STANDARD, StandardRecord
from nhs_assurance.nodes import hazard_entry, standard_entry
from nhs_assurance.registry.records import hazard_record, standard_record


class RegisteredKind(NamedTuple):
    """How the registry keeps one kind of entry."""

    kind: EntryKind
    #: The node the kind's directive leaves in a page.
    node: type[nodes.Element]
    #: The record of one such node on a page, or ``None`` when it stays off the register.
    record: Callable[[Any, str], EntryRecord | None]
    #: The store of the domain's data that holds the kind's records, ``{docname: records}``.
    store: str
    #: The facts of a record that pages other than its own show (references, lists, exports):
    #: when they change, an incremental build rewrites those pages (``registry/incremental.py``).
    shown: Callable[[Any], tuple[object, ...]]


def standard_shown(record: StandardRecord) -> tuple[object, ...]:
    """What the lists, references and ``standards.json`` show of a standard; not its body,
    which only its own page shows."""
    r = record
    return (r.display, r.title, r.url, r.status, r.applies_to, r.docname, r.anchor)


def hazard_shown(record: HazardRecord) -> tuple[object, ...]:
    """What the log, the matrices and ``hazards.json`` show of a hazard: all but its line."""
    return (*record[:5], *record[6:])


#: Every kind of entry, in the order the site lists them (``objects.inv``, the search index).
KINDS: Final[tuple[RegisteredKind, ...]] = (
    RegisteredKind(STANDARD, standard_entry, standard_record, "standards", standard_shown),
    RegisteredKind(HAZARD, hazard_entry, hazard_record, "hazards", hazard_shown),
)

#: The same, by the kind's name.
KIND_BY_NAME: Final[dict[str, RegisteredKind]] = {row.kind.name: row for row in KINDS}
