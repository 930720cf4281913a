"""The ``nhs`` domain: the site's register of standards, hazards and mandatory notes.

It follows Sphinx's ``citation`` domain and ``todo`` extension: records are kept per document
(so ``clear_doc`` and ``merge_domaindata`` are exact for incremental and parallel builds), and
the winner among duplicate declarations is derived from all of them (the first by file name,
then line), so serial, parallel and incremental builds always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.util.nodes import make_refnode

from nhs_assurance.core.entry import declaration_order, list_order
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.nodes import (
    control_list,
    hazard_log,
    mandatory_list,
    mandatory_node,
    safety_changes,
    safety_summary,
    standard_list,
)
from nhs_assurance.registry.kinds import KIND_BY_NAME, KINDS
from nhs_assurance.registry.records import MandatoryRecord, mandatory_record
from nhs_assurance.state import extension_state

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from nhs_assurance.core.entry import EntryRecord
    from nhs_assurance.core.hazard_record import HazardRecord
    from nhs_assurance.core.standard import StandardRecord


#: The stores of the domain's data, each ``{docname: value}``: one per kind of entry, then the
#: mandatory notes, the references and the lists each page holds.
STORES = (*(row.store for row in KINDS), "mandatory", "references", "lists")

#: A reference to an entry: its kind ("standard", "hazard", ...) and its key.
Reference = tuple[str, str]


class NhsDomain(Domain):
    """Entries of every kind (``registry/kinds.py``) and mandatory notes declared across the
    site."""

    name = "nhs"
    label = "NHS assurance"
    object_types: ClassVar[dict[str, ObjType]] = {
        row.kind.name: ObjType(row.kind.name, row.kind.name) for row in KINDS
    }
    # The directives and the role are added by `directives.setup_directives`, which registers
    # each under its domain name and its bare name in one place.
    initial_data: ClassVar[dict[str, Any]] = {
        # docname -> tuple of records in source order, per kind of entry (registry/kinds.py)
        **{row.store: {} for row in KINDS},
        "mandatory": {},  # docname -> tuple[MandatoryRecord, ...]
        "references": {},  # docname -> frozenset of (kind, key) referenced
        "lists": {},  # docname -> frozenset of list kinds shown ("standard", "hazard", ...)
    }

    # -- the data, per document -------------------------------------------------------------

    def declarations(self, kind: str) -> dict[str, tuple[EntryRecord, ...]]:
        """The records of every entry of *kind* (its name), per page."""
        store: dict[str, tuple[EntryRecord, ...]] = self.data.setdefault(
            KIND_BY_NAME[kind].store, {}
        )
        return store

    @property
    def mandatory_notes(self) -> dict[str, tuple[MandatoryRecord, ...]]:
        store: dict[str, tuple[MandatoryRecord, ...]] = self.data.setdefault("mandatory", {})
        return store

    @property
    def references(self) -> dict[str, frozenset[Reference]]:
        store: dict[str, frozenset[Reference]] = self.data.setdefault("references", {})
        return store

    @property
    def lists(self) -> dict[str, frozenset[str]]:
        store: dict[str, frozenset[str]] = self.data.setdefault("lists", {})
        return store

    def clear_doc(self, docname: str) -> None:
        for key in STORES:
            self.data.setdefault(key, {}).pop(docname, None)
        self._forget_winners()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in STORES:
            mine, theirs = self.data.setdefault(key, {}), otherdata.get(key, {})
            for docname in docnames:
                if docname in theirs:
                    mine[docname] = theirs[docname]
        self._forget_winners()

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        declared = False
        for row in KINDS:
            records = tuple(
                record
                for entry in document.findall(row.node)
                if (record := row.record(entry, docname)) is not None
            )
            if records:
                self.declarations(row.kind.name)[docname] = records
                declared = True
        if declared:
            self._forget_winners()
        notes = tuple(
            note_record
            for note in document.findall(mandatory_node)
            if (note_record := mandatory_record(note, docname)) is not None
        )
        if notes:
            self.mandatory_notes[docname] = notes
        references = frozenset(
            (ref["reftype"], ref["reftarget"])
            for ref in document.findall(addnodes.pending_xref)
            if ref.get("refdomain") == "nhs"
        )
        if references:
            self.references[docname] = references
        lists = frozenset(
            kind
            for kind, placeholder in (
                ("standard", standard_list),
                ("mandatory", mandatory_list),
                ("hazard", hazard_log),
                ("control", control_list),
                ("summary", safety_summary),
                ("changes", safety_changes),
            )
            if next(iter(document.findall(placeholder)), None) is not None
        )
        if lists:
            self.lists[docname] = lists

    # -- what the site shows ----------------------------------------------------------------

    def _forget_winners(self) -> None:
        extension_state(self.env).build.entries_by_key.clear()

    def entries(self, kind: str) -> dict[str, EntryRecord]:
        """Every entry of *kind* (its name) by key: for duplicates, the first declaration.

        Computed once after the data last changed, not once per reference: a large site
        resolves thousands of references against it.
        """
        cache = extension_state(self.env).build.entries_by_key
        winners = cache.get(kind)
        if winners is None:
            winners = cache[kind] = {}
            declarations = self.declarations(kind)
            for docname in sorted(declarations):
                for record in declarations[docname]:
                    current = winners.get(record.key)
                    if current is None or declaration_order(record) < declaration_order(current):
                        winners[record.key] = record
        return winners

    def sorted_entries(self, kind: str) -> list[EntryRecord]:
        """Every entry of *kind* of the site, by ID: DCB0129 before DCB0160, HAZ-2 before
        HAZ-10."""
        return sorted(self.entries(kind).values(), key=list_order)

    def standards(self) -> dict[str, StandardRecord]:
        """Every standard of the site by key: for duplicates, the first declaration."""
        return cast("dict[str, StandardRecord]", self.entries("standard"))

    def hazards(self) -> dict[str, HazardRecord]:
        """Every hazard of the site by key: for duplicates, the first declaration."""
        return cast("dict[str, HazardRecord]", self.entries("hazard"))

    def sorted_hazards(self) -> list[HazardRecord]:
        """Every hazard of the site, in the order of the log: by ID, HAZ-2 before HAZ-10."""
        return cast("list[HazardRecord]", self.sorted_entries("hazard"))

    def sorted_standards(self) -> list[StandardRecord]:
        """Every standard of the site, sorted by ID."""
        return cast("list[StandardRecord]", self.sorted_entries("standard"))

    def sorted_mandatory_notes(self) -> list[MandatoryRecord]:
        """Every mandatory note of the site, by page then line."""
        return [
            note
            for docname in sorted(self.mandatory_notes)
            for note in self.mandatory_notes[docname]
        ]

    def check_consistency(self) -> None:
        """Warn about every declaration of an ID that another declaration came before."""
        for row in KINDS:
            kind = row.kind
            winners, declarations = self.entries(kind.name), self.declarations(kind.name)
            for docname in sorted(declarations):
                for record in declarations[docname]:
                    first = winners[record.key]
                    if record is first:
                        continue
                    first_place = f"{self.env.doc2path(first.docname)}:{first.lineno}"
                    message = (
                        f"{kind.name} {record.display} is declared again here; the first "
                        f"declaration, at {first_place}, is the one the site uses"
                    )
                    warn(Subtype(kind.duplicate_subtype), message, (record.docname, record.lineno))

    # -- references --------------------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        if typ not in KIND_BY_NAME:
            return None
        found = self.entries(typ).get(target)
        if found is None:
            return None
        shown, title = found.display, found.title
        if not node.get("refexplicit"):
            # The role's node is a TextElement: (rawsource, text, **attributes).
            contnode = contnode.__class__(shown, shown, **contnode.attributes)  # type: ignore[arg-type]
        return make_refnode(
            builder,
            fromdocname,
            found.docname,
            found.anchor or None,
            contnode,
            title=f"{shown}: {title}" if title else shown,
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        # "H12" is both a valid standard ID and a valid hazard ID: every match is returned.
        found = []
        for row in KINDS:
            parsed = row.kind.ids.parse(target)
            if parsed is None:
                continue
            typ = row.kind.name
            refnode = self.resolve_xref(env, fromdocname, builder, typ, parsed.key, node, contnode)
            if refnode is not None:
                found.append((f"nhs:{typ}", refnode))
        return found

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Entries of every kind for the search index and ``objects.inv``: name is the ID in
        upper case.

        The display name is the ID as written; a title would be split at its dots by the search
        index, which treats dots as namespace separators.
        """
        for row in KINDS:
            for record in self.sorted_entries(row.kind.name):
                yield (record.key, record.display, row.kind.name, record.docname, record.anchor, 1)


def warn_unknown_reference(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """A reference to an ID no page declares: our own warning type, and plain text."""
    if domain is None or domain.name != "nhs":
        return None
    # A reference of a type no kind has (none is made) is taken for a standard, as it was.
    row = KIND_BY_NAME.get(node.get("reftype", ""), KINDS[0])
    target = node["reftarget"]
    problem = f"no page declares {excerpt(target)}" if target else "the reference names no ID"
    message = f"{row.kind.name}: {problem}; the reference is shown as plain text"
    warn(Subtype(row.kind.unknown_subtype), message, node)
    return True


def nhs_domain(env: BuildEnvironment) -> NhsDomain:
    """The ``nhs`` domain of *env*: the one way the extension reaches the registry."""
    return env.domains["nhs"]  # type: ignore[return-value]


def setup_domain(app: Sphinx) -> None:
    """Register the ``nhs`` domain, and its warning for references to unknown IDs."""
    app.add_domain(NhsDomain)
    app.connect("warn-missing-reference", warn_unknown_reference)
