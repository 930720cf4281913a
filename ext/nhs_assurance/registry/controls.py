"""Controls and their evidence in a build: the test results read once per build, each control's
verification shown where the control stands and in the control list, and the warnings about
the safety file that follow the results and the build date rather than a page's text.

The test results (``nhs_assurance_test_results``) and the build date (``SOURCE_DATE_EPOCH`` or
today) change without any page changing, so nothing here is worked out when a page is read:

- after reading (``env-get-updated``), the results are read and every control's verification
  worked out; the pages showing a verification, or a control list whose hazards, that changed
  since the last build are written again (the states are kept from one build to the next);
- at ``env-check-consistency``, which every build reaches, the warnings are given:
  ``control_failed``, ``evidence_missing``, ``closed_unverified`` and ``review_overdue``;
- when a page is written (``doctree-resolved``), each control's verification placeholder
  becomes its state.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple, cast

from docutils import nodes

from nhs_assurance.config import settings
from nhs_assurance.core.control import (
    ControlRecord,
    closed_unverified,
    control_json,
    hazards_by_control,
)
from nhs_assurance.core.review import build_date, overdue_problem
from nhs_assurance.core.verification import SETTING as TEST_RESULTS_SETTING
from nhs_assurance.core.verification import (
    VERIFICATION_LABELS,
    ControlVerification,
    TestResults,
    Verification,
    read_test_results,
    verification_problems,
    verify,
)
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.nodes import control_verification
from nhs_assurance.registry.domain import nhs_domain
from nhs_assurance.state import extension_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from nhs_assurance.core.hazard_record import HazardRecord
    from nhs_assurance.core.safety_problems import SafetyProblem

#: Where the site keeps what the last build showed of each control's evidence.
SHOWN_KEY: Final = "control_states"


class Evidence(NamedTuple):
    """The test results of the build, and what they make of every control."""

    results: TestResults | None  # None when no result file is configured
    verifications: dict[str, ControlVerification]  # by control key
    hazards: dict[str, list[str]]  # by control key: the hazards that name it, in log order


def _configured(value: object) -> bool:
    return bool(value.strip() if isinstance(value, str) else value)


def file_location(app: Sphinx, problem: SafetyProblem, setting: str) -> str:
    """Where a problem in a configured file is: its path and line (line 1, the document, when
    the problem is about the whole file), or the line of ``conf.py`` that sets *setting*.

    Always ``path:line``: Sphinx takes a location without a line for a page's name.
    """
    if problem.file:
        return f"{Path(app.confdir) / problem.file}:{problem.line or 1}"
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    setting_line = re.compile(rf"\s*{re.escape(setting)}\s*[:=+]")
    number = next((n for n, line in enumerate(lines, 1) if setting_line.match(line)), 1)
    return f"{conf}:{number}"


def evidence(app: Sphinx) -> Evidence:
    """The build's `Evidence`, read and worked out once per build (in the main process, before
    any page is written), warning about every result file that cannot be used."""
    build = extension_state(app.env).build
    if isinstance(build.control_evidence, Evidence):
        return build.control_evidence
    results = None
    configured = settings(app.config).test_results
    if _configured(configured):
        results, problems = read_test_results(configured, Path(app.confdir))
        for problem in problems:
            warn(
                Subtype(problem.subtype),
                problem.message,
                file_location(app, problem, TEST_RESULTS_SETTING),
            )
    domain = nhs_domain(app.env)
    controls = cast("dict[str, ControlRecord]", domain.entries("control"))
    verifications = {key: verify(record.verified_by, results) for key, record in controls.items()}
    hazards = hazards_by_control(
        (h.id, h.existing_control_ids, h.additional_control_ids) for h in domain.sorted_hazards()
    )
    found = build.control_evidence = Evidence(results, verifications, hazards)
    return found


def pages_showing_evidence(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages to write again because a control's verification, or the
    hazards a control list shows for it, changed since the last build."""
    build_evidence = evidence(app)
    shown = {
        key: (state.state.value, tuple(build_evidence.hazards.get(key, ())))
        for key, state in build_evidence.verifications.items()
    }
    site = extension_state(env).site
    before: dict[str, tuple[str, tuple[str, ...]]] | None = site.get(SHOWN_KEY)
    site[SHOWN_KEY] = shown
    if before is None:
        return []
    if before == shown:
        return sorted(summary_pages(env) & env.all_docs.keys())
    changed = {key for key in before.keys() | shown.keys() if before.get(key) != shown.get(key)}
    domain = nhs_domain(env)
    controls = domain.entries("control")
    pages = {controls[key].docname for key in changed if key in controls}
    pages |= {docname for docname, lists in domain.lists.items() if "control" in lists}
    return sorted((pages | summary_pages(env)) & env.all_docs.keys())


def summary_pages(env: BuildEnvironment) -> set[str]:
    """The pages showing a safety summary: written in every build, as what it counts follows
    every hazard, every control, the test results and the build date."""
    return {docname for docname, lists in nhs_domain(env).lists.items() if "summary" in lists}


def exported_controls(
    app: Sphinx, page_uri: Callable[[str], str] | None = None
) -> list[dict[str, Any]]:
    """Every control as ``hazards.json`` holds it, in ID order, with its verification; each
    page's address by *page_uri* (the builder's by default)."""
    domain = nhs_domain(app.env)
    found = evidence(app)
    page_uri = page_uri or app.builder.get_target_uri
    return [
        control_json(
            record,
            page_uri,
            found.verifications[record.key].state.value,
            found.hazards.get(record.key, ()),
        )
        for record in cast("list[ControlRecord]", domain.sorted_entries("control"))
    ]


def warn_safety_file(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn about failed and missing evidence, closed hazards relying
    on controls that are not verified, and overdue reviews, in every build."""
    found = evidence(app)
    domain = nhs_domain(env)
    configured = found.results is not None
    for key, record in domain.entries("control").items():
        name = f"control {record.display}"
        for problem in verification_problems(name, found.verifications[key], configured):
            warn(Subtype(problem.subtype), problem.message, (record.docname, record.lineno))
    states = {key: state.state for key, state in found.verifications.items()}
    on, date_problem = build_date(os.environ)
    if date_problem is not None:
        warn(Subtype(date_problem.subtype), date_problem.message, "SOURCE_DATE_EPOCH")
    for hazard in domain.sorted_hazards():
        for problem in _hazard_problems(hazard, states, on):
            warn(Subtype(problem.subtype), problem.message, (hazard.docname, hazard.lineno))


def _hazard_problems(
    hazard: HazardRecord, states: dict[str, Verification], on: date
) -> list[SafetyProblem]:
    """A hazard's problems that follow the controls' verification and the build date *on*."""
    name = f"hazard {hazard.id}"
    unverified = closed_unverified(name, hazard.status, hazard.additional_control_ids, states)
    overdue = overdue_problem(
        name, date.fromisoformat(hazard.next_review) if hazard.next_review else None, on
    )
    return [problem for problem in (unverified, overdue) if problem is not None]


def verification_text(app: Sphinx, verified_by: tuple[str, ...]) -> nodes.inline:
    """A control's verification as a reader sees it: its state, styled by it."""
    state = verify(verified_by, evidence(app).results).state
    return nodes.inline(
        "", VERIFICATION_LABELS[state], classes=["nhs-verification", f"nhs-verification-{state}"]
    )


def show_verifications(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: each control's verification placeholder becomes its state."""
    for node in list(doctree.findall(control_verification)):
        node.replace_self(verification_text(app, tuple(node["verified_by"])))


def setup_controls(app: Sphinx) -> None:
    """Read the test results once per build, warn about the safety file, show verifications."""
    app.connect("env-get-updated", pages_showing_evidence)
    app.connect("env-check-consistency", warn_safety_file)
    app.connect("doctree-resolved", show_verifications)
