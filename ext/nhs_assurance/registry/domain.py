"""The ``nhs`` domain: the site's register of standards, hazards and mandatory notes.

It follows Sphinx's ``citation`` domain and ``todo`` extension: records are kept per document
(so ``clear_doc`` and ``merge_domaindata`` are exact for incremental and parallel builds), and
the winner among duplicate declarations is derived from all of them (the first by file name,
then line), so serial, parallel and incremental builds always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.util.nodes import make_refnode

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.hazard_record import HazardRecord, sorted_hazards
from nhs_assurance.core.ids import natural_key, parse_standard_id
from nhs_assurance.core.risk import parse_hazard_id
from nhs_assurance.core.standard_record import StandardRecord
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.nodes import (
    hazard_entry,
    hazard_log,
    mandatory_list,
    mandatory_node,
    standard_entry,
    standard_list,
)
from nhs_assurance.registry.records import (
    MandatoryRecord,
    hazard_record,
    mandatory_record,
    standard_record,
)
from nhs_assurance.state import extension_state

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


#: The stores of the domain's data, each ``{docname: value}``.
STORES = ("standards", "hazards", "mandatory", "references", "lists")

#: A reference to an entry: its kind ("standard" or "hazard") and its key.
Reference = tuple[str, str]


#: A declared record: a standard's or a hazard's.
Declared = TypeVar("Declared", StandardRecord, HazardRecord)


def first_declarations(declarations: dict[str, tuple[Declared, ...]]) -> dict[str, Declared]:
    """Every record of *declarations* (``{docname: records}``) by key: for duplicates, the
    first declaration."""
    winners: dict[str, Declared] = {}
    for docname in sorted(declarations):
        for record in declarations[docname]:
            current = winners.get(record.key)
            if current is None or record.order < current.order:
                winners[record.key] = record
    return winners


class NhsDomain(Domain):
    """Standards, hazards and mandatory notes declared across the site."""

    name = "nhs"
    label = "NHS assurance"
    object_types: ClassVar[dict[str, ObjType]] = {
        "standard": ObjType("standard", "standard"),
        "hazard": ObjType("hazard", "hazard"),
    }
    # The directives and the role are added by `directives.setup_directives`, which registers
    # each under its domain name and its bare name in one place.
    initial_data: ClassVar[dict[str, Any]] = {
        "standards": {},  # docname -> tuple[StandardRecord, ...] in source order
        "hazards": {},  # docname -> tuple[HazardRecord, ...] in source order
        "mandatory": {},  # docname -> tuple[MandatoryRecord, ...]
        "references": {},  # docname -> frozenset of (kind, key) referenced
        "lists": {},  # docname -> frozenset of list kinds shown ("standard", "mandatory", "hazard")
    }

    # -- the data, per document -------------------------------------------------------------

    @property
    def declarations(self) -> dict[str, tuple[StandardRecord, ...]]:
        store: dict[str, tuple[StandardRecord, ...]] = self.data.setdefault("standards", {})
        return store

    @property
    def hazard_declarations(self) -> dict[str, tuple[HazardRecord, ...]]:
        store: dict[str, tuple[HazardRecord, ...]] = self.data.setdefault("hazards", {})
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
        standards = tuple(
            record
            for entry in document.findall(standard_entry)
            if (record := standard_record(entry, docname)) is not None
        )
        notes = tuple(
            note_record
            for note in document.findall(mandatory_node)
            if (note_record := mandatory_record(note, docname)) is not None
        )
        hazards = tuple(
            hazard
            for entry in document.findall(hazard_entry)
            if (hazard := hazard_record(entry, docname)) is not None
        )
        if standards:
            self.declarations[docname] = standards
        if hazards:
            self.hazard_declarations[docname] = hazards
        if standards or hazards:
            self._forget_winners()
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
            )
            if next(iter(document.findall(placeholder)), None) is not None
        )
        if lists:
            self.lists[docname] = lists

    # -- what the site shows ----------------------------------------------------------------

    def _forget_winners(self) -> None:
        build = extension_state(self.env).build
        build.standards_by_key = build.hazards_by_key = None

    # The records by key are computed once after the data last changed, not once per
    # reference: a large site resolves thousands of references against them.

    def standards(self) -> dict[str, StandardRecord]:
        """Every standard of the site by key: for duplicates, the first declaration."""
        build = extension_state(self.env).build
        if build.standards_by_key is None:
            build.standards_by_key = first_declarations(self.declarations)
        return build.standards_by_key

    def hazards(self) -> dict[str, HazardRecord]:
        """Every hazard of the site by key: for duplicates, the first declaration."""
        build = extension_state(self.env).build
        if build.hazards_by_key is None:
            build.hazards_by_key = first_declarations(self.hazard_declarations)
        return build.hazards_by_key

    def sorted_hazards(self) -> list[HazardRecord]:
        """Every hazard of the site, in the order of the log: by ID, HAZ-2 before HAZ-10."""
        return sorted_hazards(self.hazards().values())

    def sorted_standards(self) -> list[StandardRecord]:
        """Every standard of the site, sorted by ID."""
        return sorted(self.standards().values(), key=lambda r: natural_key(r.key))

    def sorted_mandatory_notes(self) -> list[MandatoryRecord]:
        """Every mandatory note of the site, by page then line."""
        return [
            note
            for docname in sorted(self.mandatory_notes)
            for note in self.mandatory_notes[docname]
        ]

    def check_consistency(self) -> None:
        """Warn about every declaration of an ID that another declaration came before."""
        for kind, winners, declarations in (
            ("standard", self.standards(), self.declarations),
            ("hazard", self.hazards(), self.hazard_declarations),
        ):
            for docname in sorted(declarations):
                for record in declarations[docname]:
                    first = winners[record.key]
                    if record is first:
                        continue
                    first_place = f"{self.env.doc2path(first.docname)}:{first.lineno}"
                    shown = record.display if isinstance(record, StandardRecord) else record.id
                    message = (
                        f"{kind} {shown} is declared again here; the first declaration, "
                        f"at {first_place}, is the one the site uses"
                    )
                    where = (record.docname, record.lineno)
                    if kind == "hazard":
                        warn(Subtype.DUPLICATE_HAZARD, message, where)
                    else:
                        warn(Subtype.DUPLICATE_STANDARD, message, where)

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
        found: StandardRecord | HazardRecord | None
        if typ == "hazard":
            found = self.hazards().get(target)
            if found is None:
                return None
            shown, title = found.id, found.title
        else:
            record = self.standards().get(target)
            if record is None:
                return None
            found, shown, title = record, record.display, record.title
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
        for typ, parsed in (
            ("standard", parse_standard_id(target)),
            ("hazard", parse_hazard_id(target)),
        ):
            if parsed is None:
                continue
            refnode = self.resolve_xref(env, fromdocname, builder, typ, parsed.key, node, contnode)
            if refnode is not None:
                found.append((f"nhs:{typ}", refnode))
        return found

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Standards and hazards for the search index and ``objects.inv``: name is the ID in
        upper case.

        The display name is the ID as written; a title would be split at its dots by the search
        index, which treats dots as namespace separators.
        """
        for record in self.sorted_standards():
            yield (
                record.key,
                record.display,
                "standard",
                record.docname,
                record.anchor,
                1,
            )
        for hazard in self.sorted_hazards():
            yield (hazard.key, hazard.id, "hazard", hazard.docname, hazard.anchor, 1)


def warn_unknown_reference(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """A reference to an ID no page declares: our own warning type, and plain text."""
    if domain is None or domain.name != "nhs":
        return None
    kind = "hazard" if node.get("reftype") == "hazard" else "standard"
    target = node["reftarget"]
    problem = f"no page declares {excerpt(target)}" if target else "the reference names no ID"
    message = f"{kind}: {problem}; the reference is shown as plain text"
    if kind == "hazard":
        warn(Subtype.UNKNOWN_HAZARD, message, node)
    else:
        warn(Subtype.UNKNOWN_STANDARD, message, node)
    return True


def nhs_domain(env: BuildEnvironment) -> NhsDomain:
    """The ``nhs`` domain of *env*: the one way the extension reaches the registry."""
    return env.domains["nhs"]  # type: ignore[return-value]


def setup_domain(app: Sphinx) -> None:
    """Register the ``nhs`` domain, and its warning for references to unknown IDs."""
    app.add_domain(NhsDomain)
    app.connect("warn-missing-reference", warn_unknown_reference)
