"""The last issued version in a build: the safety baseline (``nhs_assurance_safety_baseline``)
read once per build, warned about when it cannot be used, and what changed since it, shown by
``safety-changes`` (``core/baseline.py`` compares).

What a ``safety-changes`` shows follows the baseline file and every hazard and control, so:

- a page showing it depends on the baseline file (``env.note_dependency``): a new file has the
  page read again;
- it is written in every build (``env-get-updated``), as a hazard on any page may change it;
- the table is made when the page is written (``doctree-resolved``, ``registry/render.py``).

The ``bad_baseline`` warning is given at ``env-check-consistency``, which every build reaches,
at the line of the baseline (a JSON syntax error) or at the file, or at ``conf.py`` when the
setting itself cannot be used.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple, cast

from docutils import nodes

from nhs_assurance.config import settings
from nhs_assurance.core.baseline import (
    SETTING,
    Baseline,
    Change,
    EntryChange,
    Value,
    compare,
    read_baseline,
)
from nhs_assurance.core.digest import plain_typography
from nhs_assurance.core.project_files import resolve_file
from nhs_assurance.core.safety_problems import SafetyProblem
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.nodes import safety_changes
from nhs_assurance.registry.controls import file_location
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.registry.safety_content import exported_entries
from nhs_assurance.state import extension_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from nhs_assurance.registry.domain import NhsDomain
    from nhs_assurance.registry.hazard_log import Link
    from nhs_assurance.registry.tables import Cell


#: How a change names a field: the dotted names of ``core/baseline.py`` as readers read them.
FIELD_LABELS: Final = {
    "id": "ID",
    "controls.existing": "Existing controls (IDs)",
    "controls.additional": "Additional controls (IDs)",
    "existing_controls": "Existing controls (text)",
    "additional_controls": "Additional controls (text)",
    "last_reviewed": "Last reviewed",
    "next_review": "Next review",
    "verified_by": "Verified by",
}

CHANGE_LABELS: Final = {Change.ADDED: "Added", Change.REMOVED: "Removed", Change.CHANGED: "Changed"}
HEADER: Final = ("Entry", "Change", "Field", "Before", "Now")
WIDTHS: Final = (14, 10, 18, 29, 29)


def field_label(field: str) -> str:
    """*field* (``initial.rating``) as a reader reads it (``Initial rating``)."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    words = field.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def value_text(value: Value) -> str:
    """A field's value as a cell shows it."""
    if value is None:
        return "Nothing"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def baseline(app: Sphinx) -> Baseline | SafetyProblem | None:
    """The build's baseline, read once per build (``None`` when none is configured)."""
    build = extension_state(app.env).build
    if not build.baseline_read:
        build.baseline = read_baseline(settings(app.config).safety_baseline, Path(app.confdir))
        build.baseline_read = True
    return build.baseline


def note_baseline(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a page showing the changes depends on the baseline file."""
    if next(iter(doctree.findall(safety_changes)), None) is None:
        return
    configured = settings(app.config).safety_baseline
    if not configured:
        return
    path = resolve_file(configured, Path(app.confdir), SETTING, Subtype.BAD_BASELINE)
    if isinstance(path, Path):
        app.env.note_dependency(str(path))


def changes_pages(env: BuildEnvironment) -> set[str]:
    """The pages showing what changed since the baseline."""
    lists = nhs_domain(env).lists
    return {docname for docname, shown in lists.items() if "changes" in shown} & env.all_docs.keys()


def rewrite_changes_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages showing the changes, written in every build."""
    return sorted(changes_pages(env))


def warn_bad_baseline(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn when the configured baseline cannot be used."""
    found = baseline(app)
    if isinstance(found, SafetyProblem):
        warn(Subtype(found.subtype), found.message, file_location(app, found, SETTING))


def _issued_name(found: Baseline) -> str:
    version = found.document.get("version") if found.document else None
    return (
        f"version {version}" if isinstance(version, str) and version else "the last issued version"
    )


def _entry_cell(change: EntryChange, domain: NhsDomain, link: Link) -> nodes.Node:
    text = f"{change.kind.capitalize()} {change.id}"
    content = nodes.inline(text, text)
    record = domain.entries(change.kind).get(change.id.upper())
    if change.change is Change.REMOVED or record is None:
        return content
    return link(record.docname, record.anchor, content)


def change_rows(changes: list[EntryChange], domain: NhsDomain, link: Link) -> list[list[Cell]]:
    """The table's rows: one for each field that changed (one for an entry added or removed),
    each entry linked where it stands."""
    rows: list[list[Cell]] = []
    for change in changes:
        label = CHANGE_LABELS[change.change]
        title = change.title or "(no title)"
        if change.change is Change.ADDED:
            cells = [("Whole entry", "Not in the baseline", title)]
        elif change.change is Change.REMOVED:
            cells = [("Whole entry", title, "Removed")]
        else:
            cells = [
                (field_label(f.field), value_text(f.old), value_text(f.new)) for f in change.fields
            ]
        for field, before, now in cells:
            rows.append(
                [
                    _entry_cell(change, domain, link),
                    nodes.Text(label),
                    nodes.Text(field),
                    nodes.Text(before),
                    nodes.Text(now),
                ]
            )
    return rows


class Changes(NamedTuple):
    """What changed since the baseline, for the page's renderer to show as a table."""

    summary: str  # the sentence before the table
    caption: str
    changes: list[EntryChange]


def changes_since(app: Sphinx) -> Changes | str:
    """What changed since the baseline, or the sentence saying why there is nothing to
    compare (or that nothing changed)."""
    found = baseline(app)
    if found is None:
        return (
            "No safety baseline is configured (nhs_assurance_safety_baseline), so there is no "
            "issued version to compare this one with."
        )
    if isinstance(found, SafetyProblem):
        return (
            "The safety baseline cannot be used, so the changes since the last issued version "
            "cannot be shown: see the build's warnings (nhs_assurance.bad_baseline)."
        )
    # Typography as typed on both sides: a text build (no SmartQuotes) compares as HTML does.
    hazards, controls = exported_entries(app)
    typed = replace(
        found,
        hazards=tuple(cast("list[dict[str, Any]]", plain_typography(list(found.hazards)))),
        controls=tuple(cast("list[dict[str, Any]]", plain_typography(list(found.controls)))),
    )
    changes = compare(
        typed,
        cast("list[dict[str, Any]]", plain_typography(hazards)),
        cast("list[dict[str, Any]]", plain_typography(controls)),
    )
    issued = _issued_name(found)
    if not changes:
        return f"No hazard or control has changed since {issued} ({found.file})."
    hazard_count = sum(1 for change in changes if change.kind == "hazard")
    control_count = len(changes) - hazard_count
    summary = (
        f"Since {issued} ({found.file}): {hazard_count} hazard{'s' * (hazard_count != 1)} and "
        f"{control_count} control{'s' * (control_count != 1)} added, removed or changed."
    )
    return Changes(summary, f"Changes since {issued}", changes)


def setup_issued(app: Sphinx) -> None:
    """Read the baseline once per build, keep the pages showing the changes up to date."""
    app.connect("doctree-read", note_baseline)
    app.connect("env-get-updated", rewrite_changes_pages)
    app.connect("env-check-consistency", warn_bad_baseline)
