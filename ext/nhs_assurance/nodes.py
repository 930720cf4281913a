"""Every docutils node the extension adds, in one place.

Directives make them, the registry reads them, writers lay them out: keeping the classes here
lets each of those layers import the nodes without importing one another.
"""

from __future__ import annotations

from docutils import nodes


class standard_entry(nodes.General, nodes.Element):
    """A declared standard. Attributes: ``std_id``, ``amendment``, ``title``, ``url``,
    ``status`` and ``applies_to`` (plain strings, empty when not given) and ``no_index``."""


class standard_heading(nodes.Part, nodes.TextElement):
    """The heading-like first line of a standard entry: the linked ID and the title."""


class mandatory_node(nodes.Admonition, nodes.Element):
    """A mandatory (legal) note; its first child is its title."""


class standard_list(nodes.General, nodes.Element):
    """Placeholder for the table of standards; attribute ``statuses`` filters it."""


class mandatory_list(nodes.General, nodes.Element):
    """Placeholder for the compliance register."""


class hazard_entry(nodes.General, nodes.Element):
    """A declared hazard. Attributes: ``hazard_id``, ``key``, ``title``, ``status``, ``owner``,
    ``initial_severity``, ``initial_likelihood``, ``initial_rating``, the same three ``residual_``
    ones (strings, ``""`` or a rating of 0 when not assessed), ``standards`` (a tuple of
    standard keys) and ``no_index``."""


class hazard_heading(nodes.Part, nodes.TextElement):
    """The heading-like first line of a hazard entry: its ID, an en dash, its title."""


class hazard_log(nodes.General, nodes.Element):
    """Placeholder for the hazard log and its two risk matrices; attribute ``statuses`` filters
    the log."""


class control_entry(nodes.General, nodes.Element):
    """A declared control. Attributes: ``control_id``, ``key``, ``title``, ``control_type``
    (``""`` when missing or not valid), ``owner``, ``verified_by`` (a tuple of items) and
    ``no_index``."""


class control_heading(nodes.Part, nodes.TextElement):
    """The heading-like first line of a control entry: its ID, an en dash, its title."""


class control_verification(nodes.Inline, nodes.TextElement):
    """A control's verification, filled in when the page is written from the test results
    (``registry/controls.py``); attribute ``key``, the control's."""


class control_list(nodes.General, nodes.Element):
    """Placeholder for the table of every control."""


class safety_summary(nodes.General, nodes.Element):
    """Placeholder for the summary of the safety file: counts, and what stands in the way of
    issuing this version."""


class safety_changes(nodes.General, nodes.Element):
    """Placeholder for what changed since the last issued version (the safety baseline)."""


class approval_block(nodes.General, nodes.Element):
    """An approval (a sign-off of the safety content), filled in when the page is written
    with its place in the version history and the current digest (``registry/approvals.py``).
    Attributes: ``approval``, a ``core.approval.Approval``."""


class table_region(nodes.General, nodes.Element):
    """A table's own scrolling region in HTML (``theme/tables.py``); attribute ``label``."""
