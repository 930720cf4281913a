"""Incremental builds are never stale: pages that show a standard, a hazard or a list are
rewritten when what they show changes, even though their own source did not.

Sphinx rewrites only the pages it re-read. Before reading, the facts every page may show are
noted; after reading they are compared, and the pages that show a changed fact (a reference to
a standard whose title changed, a table of standards, the compliance register) are returned
from ``env-get-updated`` so that Sphinx writes them again (Sphinx issue #9706 is this bug for
``todolist``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.registry.kinds import KINDS
from nhs_assurance.registry.render import page_title
from nhs_assurance.state import Shown, extension_state

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def shown(env: BuildEnvironment) -> Shown:
    """The facts of the registry that some page displays (line numbers are not among them)."""
    domain = nhs_domain(env)
    entries = {
        row.kind.name: {
            key: (*row.shown(record), page_title(env, record.docname))
            for key, record in domain.entries(row.kind.name).items()
        }
        for row in KINDS
    }
    mandatory = tuple(
        (n.docname, n.anchor, n.title, n.paragraphs, page_title(env, n.docname))
        for n in domain.sorted_mandatory_notes()
    )
    return Shown(entries, mandatory)


def note_before_reading(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: remember what pages showed before any document is re-read."""
    extension_state(env).build.shown_before = shown(env)
    return []


def pages_showing_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages to write again because something they show changed."""
    domain = nhs_domain(env)
    build = extension_state(env).build
    before, build.shown_before = build.shown_before, None
    if before is None:
        return []
    after = shown(env)
    # The kinds whose entries changed, and the (kind, key) of each changed entry.
    changed_kinds: set[str] = set()
    changed: set[tuple[str, str]] = set()
    for kind, facts in after.entries.items():
        keys = _changed(before.entries.get(kind, {}), facts)
        changed |= {(kind, key) for key in keys}
        if keys:
            changed_kinds.add(kind)
    pages = {docname for docname, refs in domain.references.items() if refs & changed}
    for docname, lists in domain.lists.items():
        # The register links the standards its notes cite, so it depends on them too.
        if (lists & changed_kinds) or (
            "mandatory" in lists and (changed or before.mandatory != after.mandatory)
        ):
            pages.add(docname)
    return sorted(pages & env.all_docs.keys())


def _changed(
    before: Mapping[str, tuple[object, ...]], after: Mapping[str, tuple[object, ...]]
) -> set[str]:
    """The keys whose facts differ between *before* and *after* (added and removed included)."""
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def setup_incremental(app: Sphinx) -> None:
    """Rewrite the pages that show what an incremental build changed."""
    app.connect("env-get-outdated", note_before_reading)
    app.connect("env-get-updated", pages_showing_changes)
