"""The hazard, as a kind of entry: its IDs (``HAZ-001``, ``H12``), its statuses, and the checks
of its risk assessment: pure functions, no Sphinx or docutils.

The checks return `Problem` values instead of warning: the ``hazard`` directive turns each into
a located, typed warning (``Problem.subtype`` is the warning's subtype, ``Problem.option`` the
option it points at). Ratings come from the risk matrix (``core/risk_matrix.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, NamedTuple

from nhs_assurance.core.entry import EntryKind
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.ids import IdScheme
from nhs_assurance.core.problems import (
    BAD_RISK_CATEGORY,
    CLOSED_AT_RISK,
    INCOMPLETE_RESIDUAL,
    MISSING_OPTION,
    RESIDUAL_ABOVE_INITIAL,
    Problem,
)
from nhs_assurance.core.risk_matrix import (
    DEFAULT_MATRIX,
    LIKELIHOODS,
    SEVERITIES,
    Assessment,
    RiskMatrix,
    parse_likelihood,
    parse_severity,
)

#: A hazard ID: letters then digits, optionally joined by one hyphen: ``HAZ-001``, ``H12``.
HAZARD_IDS: Final = IdScheme(
    kind="hazard",
    pattern=re.compile(r"(?P<id>[A-Za-z]+-?[0-9]+)"),
    expected="letters then digits, optionally joined by one hyphen",
    examples=("HAZ-001",),
)

#: A hazard's status, with the label readers see; the first is the default.
HAZARD_STATUSES: Final[Mapping[str, str]] = {
    "open": "Open",
    "transferred": "Transferred",
    "closed": "Closed",
}
DEFAULT_STATUS: Final = "open"

#: The hazard as a kind of entry.
HAZARD: Final = EntryKind("hazard", HAZARD_IDS, HAZARD_STATUSES, DEFAULT_STATUS)

#: control, 5 is unacceptable, so neither can be the end of a hazard's story.
CLOSABLE_BELOW: Final = 4


#: What each subtype only hazards give is about (the others are shared with the ``standard``
#: directive).
SUBTYPES: Final[Mapping[str, str]] = {
    BAD_RISK_CATEGORY: "a hazard's severity or likelihood is not one of the risk matrix's",
    INCOMPLETE_RESIDUAL: "a hazard gives one of :residual-severity: and :residual-likelihood: "
    "without the other",
    RESIDUAL_ABOVE_INITIAL: "a hazard's residual risk rating is higher than its initial one",
    CLOSED_AT_RISK: "a closed hazard has no residual assessment, or a residual rating of 4 or 5",
}


class HazardRisk(NamedTuple):
    """What a hazard's options say about its risk, and what is wrong with them."""

    initial: Assessment | None  # None when missing or not valid (a problem says why)
    residual: Assessment | None  # None when not given or not valid
    status: str  # one of HAZARD_STATUSES (the default when missing or not valid)
    problems: tuple[Problem, ...]


def _category(
    option: str, options: Mapping[str, str], problems: list[Problem], required: bool
) -> str | None:
    """The category an option names, noting a problem when it is empty, missing (if
    *required*) or names none."""
    is_severity = option.endswith("severity")
    parse, allowed, what = (
        (parse_severity, SEVERITIES, "severity")
        if is_severity
        else (parse_likelihood, LIKELIHOODS, "likelihood")
    )
    text = options.get(option)
    if text is None or not text.strip():
        if text is not None or required:
            state = "missing" if text is None else "empty"
            problems.append(Problem(MISSING_OPTION, option, f"the :{option}: option is {state}"))
        return None
    name = parse(text)
    if name is None:
        problems.append(
            Problem(
                BAD_RISK_CATEGORY,
                option,
                f":{option}: {excerpt(text.strip())} is not a {what}: "
                f"expected one of {', '.join(allowed)} (in any case)",
            )
        )
    return name


def _assessment(
    matrix: RiskMatrix, severity: str | None, likelihood: str | None
) -> Assessment | None:
    if severity is None or likelihood is None:
        return None
    return Assessment(severity, likelihood, matrix.rating(severity, likelihood))


def check_residual_pair(options: Mapping[str, str]) -> Problem | None:
    """A problem when only one of ``residual-severity`` and ``residual-likelihood`` is given:
    a residual assessment needs both."""
    given = [name for name in ("residual-severity", "residual-likelihood") if name in options]
    if len(given) != 1:
        return None
    missing = "residual-likelihood" if given[0] == "residual-severity" else "residual-severity"
    return Problem(
        INCOMPLETE_RESIDUAL,
        given[0],
        f":{given[0]}: is given without :{missing}:; a residual assessment needs both, "
        "so none is shown",
    )


def check_residual_not_higher(
    initial: Assessment | None, residual: Assessment | None
) -> Problem | None:
    """A problem when the residual rating is higher than the initial one: additional controls
    reduce a risk, they never raise it."""
    if initial is None or residual is None or residual.rating <= initial.rating:
        return None
    return Problem(
        RESIDUAL_ABOVE_INITIAL,
        "residual-severity",
        f"the residual risk rating ({residual.rating}: {residual.severity}, "
        f"{residual.likelihood}) is higher than the initial one ({initial.rating}: "
        f"{initial.severity}, {initial.likelihood})",
    )


def check_closure(
    status: str,
    residual: Assessment | None,
    residual_given: bool = False,
    matrix: RiskMatrix = DEFAULT_MATRIX,
) -> Problem | None:
    """A problem when a ``closed`` hazard has no residual assessment, or a residual rating of 4
    or 5 (mandatory elimination or control; unacceptable).

    *residual_given* says the author wrote a residual assessment that was not valid: they are
    already warned about it, so the missing assessment is not reported a second time.
    """
    if status != "closed":
        return None
    if residual is None:
        if residual_given:
            return None
        return Problem(
            CLOSED_AT_RISK,
            "status",
            "the hazard is closed but has no residual assessment "
            "(:residual-severity: and :residual-likelihood:)",
        )
    if residual.rating >= CLOSABLE_BELOW:
        return Problem(
            CLOSED_AT_RISK,
            "status",
            f"the hazard is closed with a residual risk rating of {residual.rating} "
            f"({matrix.meaning(residual.rating)})",
        )
    return None


def assess_hazard(options: Mapping[str, str], matrix: RiskMatrix = DEFAULT_MATRIX) -> HazardRisk:
    """Read a hazard directive's risk options, rate them with *matrix*, and run every check.

    *options* maps option names (``severity``, ``likelihood``, ``residual-severity``,
    ``residual-likelihood``, ``status``) to the text the author wrote; others are ignored.
    Problems come in the order of the options in the documentation, each one once.
    """
    problems: list[Problem] = []
    initial = _assessment(
        matrix,
        _category("severity", options, problems, required=True),
        _category("likelihood", options, problems, required=True),
    )
    pair = check_residual_pair(options)
    residual = None
    if pair is not None:
        problems.append(pair)
    else:
        residual = _assessment(
            matrix,
            _category("residual-severity", options, problems, required=False),
            _category("residual-likelihood", options, problems, required=False),
        )
    residual_given = any(
        options.get(name, "").strip() for name in ("residual-severity", "residual-likelihood")
    )

    status, problem = HAZARD.check_status(options)
    if problem is not None:
        problems.append(problem)

    for problem in (
        check_residual_not_higher(initial, residual),
        check_closure(status, residual, residual_given, matrix),
    ):
        if problem is not None:
            problems.append(problem)
    return HazardRisk(initial, residual, status, tuple(problems))
