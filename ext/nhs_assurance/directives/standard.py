"""The ``standard`` directive: one clinical-safety standard entry (DCB0129, DCB0160, ...).

An entry renders as a heading-like line (the ID linked to the standard's URL, then its title),
the facts an author gave (status, who it applies to), then the body. It carries the stable
anchor ``#`` + the ID in lower case, so ``clinical_safety.html#dcb0129`` keeps working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.ids import MAX_ID_LENGTH, STATUSES, StandardId, parse_standard_id
from nhs_assurance.core.text import bidi_controls, is_blank
from nhs_assurance.core.urls import UrlError, web_address
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.directives.options import (
    option_line,
    option_location,
    warn_repeated_options,
)
from nhs_assurance.directives.safety import bidi_message, neutralise, warn_bidi_controls
from nhs_assurance.nodes import standard_entry, standard_heading

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec


class StandardDirective(SphinxDirective):
    """Declare a clinical-safety standard: ``:::{standard} DCB0129``."""

    has_content = True
    # The ID is checked here rather than by docutils, so that a missing one gets a warning of
    # our own type (which `suppress_warnings` can name) instead of a generic parser error.
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {
        "title": directives.unchanged,
        "url": directives.unchanged,
        "status": directives.unchanged,
        "applies-to": directives.unchanged,
        "class": directives.class_option,
        # Rendered, but kept out of the site's register (for examples, as Sphinx's :no-index:).
        "no-index": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        warn_repeated_options(self, "standard")
        std_id = self._parse_id()
        title = self._required_option("title")
        url = self._url()
        status = self._status()
        applies_to = self._text_option("applies-to")
        for name in ("title", "applies-to"):
            self._warn_bidi_controls(name)

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
            self._claim_anchor(entry, std_id.anchor)

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

    def _claim_anchor(self, entry: standard_entry, anchor: str) -> None:
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

    def _parse_id(self) -> StandardId | None:
        text = self.arguments[0] if self.arguments else ""
        if not text.strip():
            warn(
                Subtype.BAD_ID,
                "standard: the ID argument is missing (e.g. DCB0129)",
                self.get_location(),
            )
            return None
        if len(text) > MAX_ID_LENGTH:
            warn(
                Subtype.BAD_ID,
                f"standard: {excerpt(text)} is not a standard ID: it is {len(text)} characters "
                f"long, and an ID has at most {MAX_ID_LENGTH}",
                self.get_location(),
            )
            return None
        std_id = parse_standard_id(text)
        if std_id is None:
            warn(
                Subtype.BAD_ID,
                f"standard: {excerpt(text)} is not a standard ID: expected letters then digits, "
                "optionally followed by an amendment (e.g. 'DCB0129' or 'DCB0129 Amd 24/2018')",
                self.get_location(),
            )
        return std_id

    def _location_of(self, option: str) -> str:
        return option_location(self, option_line(self, option))

    def _text_option(self, name: str) -> str:
        """Option *name* with its spaces folded, ``""`` when it shows nothing (zero-width spaces,
        say)."""
        value = " ".join(self.options.get(name, "").split())
        return "" if is_blank(value) else value

    def _warn_bidi_controls(self, name: str) -> None:
        """Warn at option *name*'s line when it holds bidirectional controls."""
        if controls := bidi_controls(self.options.get(name, "")):
            location = self._location_of(name)
            warn(Subtype.HIDDEN_CHARACTER, bidi_message(f"standard: :{name}:", controls), location)

    def _required_option(self, name: str) -> str:
        value = self._text_option(name)
        if not value:
            written = self.options.get(name, "").strip()
            missing = "missing" if name not in self.options else "empty"
            if written:
                missing += " (it holds only invisible characters)"
            warn(
                Subtype.MISSING_OPTION,
                f"standard: the :{name}: option is {missing}",
                self._location_of(name),
            )
        return value

    def _url(self) -> str:
        url = self._required_option("url")
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
                self._location_of("url"),
            )
            return ""

    def _status(self) -> str:
        status: str = self.options.get("status", "").strip()
        if "status" in self.options and status.lower() not in STATUSES:
            allowed = ", ".join(STATUSES)
            warn(
                Subtype.BAD_STATUS,
                f"standard: :status: {excerpt(status)} is not one of {allowed}; "
                "the status is not shown",
                self._location_of("status"),
            )
            return ""
        return status.lower()

    def _heading(self, std_id: StandardId | None, title: str, url: str) -> standard_heading:
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
