"""The Clinical Safety Officer's approvals in a build: collected from the pages, put in date
order as the version history (``core/approval.py``), shown where each stands, and warned about
when the latest one is not of the current safety content.

- Each page's approvals are kept per page by `ApprovalCollector` (dropped when the page is read
  again or removed, merged from the workers of a parallel read).
- Where an approval stands follows every approval of the site and the digest of every hazard
  and control, so each page showing an approval is written in every build
  (``env-get-updated``), and its block is filled in when it is written (``doctree-resolved``).
- The ``approval_stale`` warning is given at ``env-check-consistency``, which every build
  reaches, at the latest approval.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from nhs_assurance.core.approval import (
    Approval,
    ApprovalStatus,
    HistoryRow,
    stale_problem,
    version_history,
)
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.nodes import approval_block
from nhs_assurance.registry.safety_content import current_digest
from nhs_assurance.state import PerDocumentCollector

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class ApprovalCollector(PerDocumentCollector):
    """Each page's approvals, in the order it declares them, with the anchor of each:
    ``{docname: ((Approval, anchor), ...)}``."""

    name = "approvals"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        found = tuple(
            (node["approval"], node["ids"][0] if node["ids"] else "")
            for node in doctree.findall(approval_block)
        )
        if found:
            self.store(app.env)[app.env.docname] = found


def approvals(env: BuildEnvironment) -> list[Approval]:
    """Every approval of the site, page by page."""
    store = ApprovalCollector.store(env)
    return [approval for docname in sorted(store) for approval, _ in store[docname]]


def approval_anchor(env: BuildEnvironment, approval: Approval) -> str:
    """The anchor of *approval* on its page (``""`` when it has none)."""
    docname = approval.order[0]
    return next(
        (a for found, a in ApprovalCollector.store(env).get(docname, ()) if found == approval), ""
    )


def history(app: Sphinx) -> list[HistoryRow]:
    """The version history of the site: its approvals in date order, against the current
    digest (what the workbook's "Version History" sheet and the summary show)."""
    return version_history(approvals(app.env), current_digest(app))


def approval_pages(env: BuildEnvironment) -> set[str]:
    """The pages showing an approval."""
    return set(ApprovalCollector.store(env)) & env.all_docs.keys()


def rewrite_approval_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages showing an approval, written in every build."""
    return sorted(approval_pages(env))


def warn_stale_approval(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn at the latest approval when the safety content has
    changed since it."""
    rows = history(app)
    problem = stale_problem(rows, current_digest(app))
    if problem is None:
        return
    latest = next(row for row in reversed(rows) if row.status is ApprovalStatus.CHANGED)
    if latest.approval.digest is None:
        return  # its :digest: is not one: warned about where it is written
    warn(Subtype(problem.subtype), f"approval: {problem.message}", latest.approval.order)


def _fact(label: str, *content: nodes.Node) -> nodes.definition_list_item:
    return nodes.definition_list_item(
        "", nodes.term("", label), nodes.definition("", nodes.paragraph("", "", *content))
    )


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text, classes=["nhs-digest"])


def approval_blocks(app: Sphinx, node: approval_block, rows: list[HistoryRow]) -> list[nodes.Node]:
    """An approval as a reader sees it: who approved which version when, the digest approved,
    where it stands in the version history, and the current digest (to record at the next
    approval)."""
    approval: Approval = node["approval"]
    row = next((r for r in rows if r.approval == approval), None)
    status = row.status if row is not None else ApprovalStatus.UNDATED
    label = status.label
    if row is not None and row.superseded_by is not None:
        later = row.superseded_by
        when = later.date.isoformat() if later.date is not None else "an unknown date"
        label = f"Superseded by version {later.version} (approved on {when})"
    facts = nodes.definition_list(classes=["nhs-approval-facts"])
    approver = approval.approver or "Not given"
    if approval.registration:
        approver += f" (registration {approval.registration})"
    facts += _fact("Version", nodes.Text(approval.version or "Not given"))
    facts += _fact("Approved by", nodes.Text(approver))
    facts += _fact("Role", nodes.Text(approval.role or "Not given"))
    facts += _fact(
        "Date", nodes.Text(approval.date.isoformat() if approval.date else "Not a valid date")
    )
    facts += _fact(
        "Digest approved",
        _code(approval.digest) if approval.digest else nodes.Text("Not a valid digest"),
    )
    classes = ["nhs-approval-status", f"nhs-approval-{status}"]
    facts += _fact("Status", nodes.strong(label, label, classes=classes))
    facts += _fact("Current digest of the safety content", _code(current_digest(app)))
    title = f"Approval of version {approval.version}" if approval.version else "Approval"
    heading = nodes.paragraph("", "", nodes.strong(title, title), classes=["nhs-approval-title"])
    block = nodes.container(
        "", heading, facts, ids=list(node["ids"]), classes=["nhs-approval", *node["classes"]]
    )
    return [block]


def render_approvals(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill in each approval of the page being written."""
    placeholders = list(doctree.findall(approval_block))
    if not placeholders:
        return
    rows = history(app)
    for node in placeholders:
        node.replace_self(approval_blocks(app, node, rows))


def setup_approvals(app: Sphinx) -> None:
    """Collect the approvals, keep their pages up to date, warn when the latest is stale."""
    app.add_env_collector(ApprovalCollector)
    app.connect("env-get-updated", rewrite_approval_pages)
    app.connect("env-check-consistency", warn_stale_approval)
    app.connect("doctree-resolved", render_approvals)
