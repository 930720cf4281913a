"""Issued versions (issue 19): ``:::{approval}``, a Clinical Safety Officer's sign-off of the
safety content, and ``:::{safety-changes}``, what changed since the last issued version.

Both leave placeholders at read time. Where an approval stands in the version history
("Approved", "Changed since approval", superseded) and the current digest follow every hazard
and control of the site, and the changes follow the baseline file as well, so the registry
fills them in when the page is written (``registry/approvals.py``, ``registry/issued.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from nhs_assurance.core.approval import OPTIONS, read_approval
from nhs_assurance.core.text import bidi_controls
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.directives.options import option_line, option_location, warn_repeated_options
from nhs_assurance.directives.safety import bidi_message
from nhs_assurance.nodes import approval_block, safety_changes

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec


class ApprovalDirective(SphinxDirective):
    """``:::{approval}``: one sign-off, with its approver, role, registration, date, version
    and the digest of the safety content approved."""

    option_spec: ClassVar[OptionSpec] = {
        **dict.fromkeys(OPTIONS, directives.unchanged),
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        warn_repeated_options(self, "approval")
        written = {name: self.options[name] for name in OPTIONS if name in self.options}
        approval, problems = read_approval(written, (self.env.docname, self.lineno))
        for problem in problems:
            # At the option's line; at the directive's first line for an option not written.
            where = option_location(self, option_line(self, problem.option))
            warn(Subtype(problem.subtype), f"approval: {problem.message}", where)
        for name in OPTIONS:
            if controls := bidi_controls(self.options.get(name, "")):
                warn(
                    Subtype.HIDDEN_CHARACTER,
                    bidi_message(f"approval: :{name}:", controls),
                    option_location(self, option_line(self, name)),
                )
        node = approval_block(approval=approval, classes=self.options.get("class", []))
        node_id = make_id(self.env, self.state.document, "approval", approval.version)
        node["ids"].append(node_id)
        self.state.document.note_explicit_target(node)
        self.set_source_info(node)
        return [node]


class SafetyChangesDirective(SphinxDirective):
    """``:::{safety-changes}``: every hazard and control added, removed or changed since the
    safety baseline (``nhs_assurance_safety_baseline``), field by field."""

    option_spec: ClassVar[OptionSpec] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        node = safety_changes(classes=self.options.get("class", []))
        self.set_source_info(node)
        return [node]
