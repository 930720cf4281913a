"""The kinds of entry the ``nhs`` domain keeps, as one table: the domain is driven by it
rather than by each kind's name.

Each row says how the registry keeps a kind (``core/entry.py``), as the kind's directive
(``directives/entry.py``) declares it: the node the directive leaves in a page, how a record is
made from that node, what other pages show of it, and where the domain's data stores the
records. A new kind's directive, listed in ``directives.ENTRY_DIRECTIVES``, adds its row.
The records of every kind share the fields the domain reads (``core.entry.EntryRecord``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple

from docutils import nodes

from nhs_assurance.core.entry import EntryKind, EntryRecord
from nhs_assurance.directives import ENTRY_DIRECTIVES


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


#: Every kind of entry, in the order the site lists them (``objects.inv``, the search index).
KINDS: Final[tuple[RegisteredKind, ...]] = tuple(
    RegisteredKind(d.kind, d.node, d.record, f"{d.kind.name}s", d.shown) for d in ENTRY_DIRECTIVES
)

#: The same, by the kind's name.
KIND_BY_NAME: Final[dict[str, RegisteredKind]] = {row.kind.name: row for row in KINDS}
