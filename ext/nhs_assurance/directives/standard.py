"""The ``standard`` directive: one clinical-safety standard entry (DCB0129, DCB0160, ...).

An entry renders as a heading-like line (the ID linked to the standard's URL, then its title),
the facts an author gave (status, who it applies to), then the body. It carries the stable
anchor ``#`` + the ID in lower case, so ``clinical_safety.html#dcb0129`` keeps working.

The ``{standard}`` role that links to an entry, and the record the registry keeps of one
(``standard_record``), live here too: a kind of entry is one module per layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.standard import STANDARD, STATUSES, StandardRecord
from nhs_assurance.core.urls import UrlError, web_address
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.directives.entry import EntryDirective, EntryRole
from nhs_assurance.directives.safety import neutralise, warn_bidi_controls
from nhs_assurance.nodes import standard_entry, standard_heading

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

    from nhs_assurance.core.ids import EntryId


def standard_record(entry: nodes.Element, docname: str) -> StandardRecord | None:
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


def standard_shown(record: StandardRecord) -> tuple[object, ...]:
    """What the lists, references and ``standards.json`` show of a standard; not its body,
    which only its own page shows."""
    r = record
    return (r.display, r.title, r.url, r.status, r.applies_to, r.docname, r.anchor)


class StandardRole(EntryRole):
    """``{standard}`DCB0129``` or ``{standard}`text <DCB0129>```: a link to a standard's entry."""

    kind = STANDARD


class StandardDirective(EntryDirective):
    """Declare a clinical-safety standard: ``:::{standard} DCB0129``."""

    kind = STANDARD
    role = StandardRole
    node = standard_entry

    # Warnings say "standard: ...", as they always have.
    names_id = False
    option_spec: ClassVar[OptionSpec] = {
        "title": directives.unchanged,
        "url": directives.unchanged,
        "status": directives.unchanged,
        "applies-to": directives.unchanged,
        "class": directives.class_option,
        # Rendered, but kept out of the site's register (for examples, as Sphinx's :no-index:).
        "no-index": directives.flag,
    }

    @staticmethod
    def record(entry: nodes.Element, docname: str) -> StandardRecord | None:
        return standard_record(entry, docname)

    @staticmethod
    def shown(record: StandardRecord) -> tuple[object, ...]:
        return standard_shown(record)

    def run(self) -> list[nodes.Node]:
        std_id = self.read_id()
        title = self.required_text_option("title")
        url = self._url()
        status = self.read_status()
        applies_to = self.text_option("applies-to")
        self.warn_bidi_options("title", "applies-to")

        entry = standard_entry(
            std_id=std_id.id if std_id else "",
            amendment=std_id.amendment if std_id else "",
            title=title,
            url=url,
            status=status,
            applies_to=applies_to,
            no_index="no-index" in self.options,
            classes=["nhs-standard", *self.options.get("class", [])],
        )
        self.set_source_info(entry)
        if std_id is not None:
            self.claim_anchor(entry, std_id.anchor)

        entry += self._heading(std_id, title, url)
        facts = self._facts(status, applies_to)
        if facts is not None:
            entry += facts
        body = nodes.container(classes=["nhs-standard-body"])
        self.set_source_info(body)
        body += self.parse_content_to_nodes()
        entry += body
        neutralise(entry, "standard")
        warn_bidi_controls(body, "standard: the text")
        return [entry]

    def _url(self) -> str:
        url = self.required_text_option("url")
        if not url:
            return ""
        try:
            # The address as browsers and standards.json's schema read it: scheme and host in
            # lower case, anything else percent-encoded.
            return web_address(url)
        except UrlError:
            warn(
                Subtype.BAD_URL,
                f"standard: :url: {excerpt(url)} is not an absolute http:// or https:// address; "
                "the ID is shown without a link",
                self.option_location("url"),
            )
            return ""

    def _heading(self, std_id: EntryId | None, title: str, url: str) -> standard_heading:
        heading = standard_heading()
        self.set_source_info(heading)
        if std_id is not None:
            label: nodes.Element
            if url:
                label = nodes.reference("", std_id.display, refuri=url)
            else:
                label = nodes.inline("", std_id.display)
            label["classes"].append("nhs-standard-id")
            heading += label
        if std_id is not None and title:
            heading += nodes.Text(" \N{EN DASH} ")
        if title:
            # A standard's title is a fact, reproduced exactly: no typographic quotes.
            heading += nodes.inline(
                "", title, classes=["nhs-standard-title"], support_smartquotes=False
            )
        return heading

    def _facts(self, status: str, applies_to: str) -> nodes.field_list | None:
        rows = []
        if status:
            rows.append(("Status", STATUSES[status], f"nhs-status nhs-status-{status}"))
        if applies_to:
            rows.append(("Applies to", applies_to, "nhs-applies-to"))
        if not rows:
            return None
        facts = nodes.field_list(classes=["nhs-standard-facts"])
        for name, value, css_class in rows:
            body = nodes.paragraph("", "", nodes.inline("", value, classes=css_class.split()))
            facts += nodes.field("", nodes.field_name("", name), nodes.field_body("", body))
        return facts
