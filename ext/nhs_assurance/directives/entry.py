"""The base of every directive that declares an entry (``standard``, ``hazard``) and of every
role that links to one (``{standard}``, ``{hazard}``).

A kind of entry (``core/entry.py``) gives its directive its ID scheme and statuses; this base
reads and checks the ID, the status and the required options the one way, warns at the line of
the option concerned (`EntryDirective.option_location`), and gives the entry its anchor. A
kind's own directive adds only what is its own: the options it has and what the entry shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.roles import XRefRole
from sphinx.util.docutils import SphinxDirective

from nhs_assurance.core.problems import MISSING_OPTION, Problem
from nhs_assurance.core.text import bidi_controls, is_blank
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.directives.options import option_line, warn_repeated_options
from nhs_assurance.directives.options import option_location as line_location
from nhs_assurance.directives.safety import bidi_message

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.environment import BuildEnvironment

    from nhs_assurance.core.entry import EntryKind, EntryRecord
    from nhs_assurance.core.ids import EntryId


class EntryDirective(SphinxDirective):
    """Declare an entry of a kind: ``:::{<kind>} <ID>``, options, then a body."""

    #: The kind of entry the directive declares.
    kind: ClassVar[EntryKind]
    #: The role that links to the kind's entries.
    role: ClassVar[type[EntryRole]]
    #: The node the directive leaves in a page: the domain finds the kind's entries by it.
    node: ClassVar[type[nodes.Element]]
    #: Whether warnings name the entry by its ID (``hazard HAZ-001: ...``) or by its kind only
    #: (``standard: ...``).
    names_id: ClassVar[bool] = True

    has_content = True
    # The ID is checked here rather than by docutils, so that a missing one gets a warning of
    # our own type (which `suppress_warnings` can name) instead of a generic parser error.
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True

    #: How warnings name the entry: set by `read_id`.
    name: str

    @staticmethod
    def record(entry: nodes.Element, docname: str) -> EntryRecord | None:
        """The record of *entry*, one of the kind's nodes on page *docname*, or ``None`` when
        it stays off the register (``:no-index:``, no valid ID): a named tuple, cheap to pickle
        and to send between the processes of a parallel build, unlike the node."""
        raise NotImplementedError

    @staticmethod
    def shown(record: Any) -> tuple[object, ...]:
        """The facts of *record* that pages other than its own show (references, lists,
        exports): when they change, an incremental build rewrites those pages
        (``registry/incremental.py``)."""
        raise NotImplementedError

    def read_id(self) -> EntryId | None:
        """The entry's ID, warning when it is missing or not one, and every option given twice;
        sets `name`, the way warnings name the entry."""
        ids = self.kind.ids
        text = self.arguments[0] if self.arguments else ""
        entry_id = ids.parse(text)
        shown = f" {entry_id.display}" if entry_id is not None and self.names_id else ""
        self.name = f"{self.kind.name}{shown}"
        warn_repeated_options(self, self.kind.name)
        self.warn_problem(ids.check(text))
        return entry_id

    def option_location(self, option: str) -> str:
        """``source:line`` of *option* in the directive (its first line when not written)."""
        return line_location(self, option_line(self, option))

    def warn_problem(self, problem: Problem | None) -> None:
        """Warn about *problem* (when there is one) at the option it points at."""
        if problem is None:
            return
        where = self.option_location(problem.option) if problem.option else self.get_location()
        warn(Subtype(problem.subtype), f"{self.name}: {problem.message}", where)

    def text_option(self, name: str) -> str:
        """Option *name* with its spaces folded, ``""`` when it shows nothing (zero-width
        spaces, say)."""
        value = " ".join(self.options.get(name, "").split())
        return "" if is_blank(value) else value

    def required_text_option(self, name: str) -> str:
        """Option *name* as `text_option` reads it, warning when it is missing or shows
        nothing."""
        value = self.text_option(name)
        if not value:
            written = self.options.get(name, "").strip()
            missing = "missing" if name not in self.options else "empty"
            if written:
                missing += " (it holds only invisible characters)"
            self.warn_problem(Problem(MISSING_OPTION, name, f"the :{name}: option is {missing}"))
        return value

    def read_status(self) -> str:
        """The entry's status, warning when ``:status:`` is not one of the kind's."""
        status, problem = self.kind.check_status(self.options)
        self.warn_problem(problem)
        return status

    def warn_bidi_options(self, *names: str) -> None:
        """Warn at each of the options *names* that holds bidirectional controls: text an
        entry states is read as written."""
        for name in names:
            if controls := bidi_controls(self.options.get(name, "")):
                message = bidi_message(f"{self.name}: :{name}:", controls)
                warn(Subtype.HIDDEN_CHARACTER, message, self.option_location(name))

    def claim_anchor(self, entry: nodes.Element, anchor: str) -> None:
        """Give *entry* its anchor, the ID in lower case, which links to it depend on.

        A heading above the entry whose title is the ID (``## DCB0129``) took that anchor from
        its title; the heading gets another (docutils' next free one) and the entry keeps its
        own. A second entry with the same ID on one page keeps no anchor of its own (IDs in a
        page are unique); the registry warns about the duplicate. Any other element with that
        anchor (an explicit label) keeps it.
        """
        document = self.state.document
        holder = document.ids.get(anchor)
        if isinstance(holder, nodes.section) and not any(
            document.nametypes.get(name) for name in holder["names"]
        ):
            holder["ids"].remove(anchor)
            del document.ids[anchor]
            entry["ids"].append(anchor)
            document.set_id(entry)
            document.set_id(holder)
            for name in holder["names"]:
                if document.nameids.get(name) == anchor:
                    document.nameids[name] = holder["ids"][0]
        elif holder is None:
            entry["ids"].append(anchor)
            document.set_id(entry)


class EntryRole(XRefRole):
    """A link to an entry of a kind, from any page: ``{<kind>}`ID``` or
    ``{<kind>}`text <ID>```, matched case-insensitively by its key.

    The target is stored as the ID in upper case, which is also the entry's name in
    ``objects.inv`` for other projects.
    """

    #: The kind of entry the role links to.
    kind: ClassVar[EntryKind]

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both in the nhs domain and under the bare name: always the nhs domain.
        self.name = f"nhs:{self.kind.name}"
        return super().run()

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        return title, self.kind.ids.reference_key(target)
