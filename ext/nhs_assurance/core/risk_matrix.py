"""The DCB0129/DCB0160 clinical risk matrix: pure functions, no Sphinx or docutils.

The matrix is the one DCB0129 and DCB0160 publish (issue 14 gives every cell): severity and
likelihood each in five named categories, and a clinical risk rating from 1 to 5 looked up by
likelihood and severity. It is a lookup, never severity times likelihood on a 1-25 scale.

A team whose Clinical Risk Management Plan sets other acceptability criteria configures its own
matrix (``nhs_assurance_risk_matrix``); `matrix_from_config` turns that value into a
`RiskMatrix` or raises `MatrixError` naming every problem. The category names stay the
standards' own: only the ratings and their meanings change.

The matrix knows nothing of hazards: what a hazard's options say about its risk is checked in
``core/hazard.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

# -- the published matrix --------------------------------------------------------------------

#: Severity (consequence), lowest to highest, named as the standards name them.
SEVERITIES: Final = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")

#: Likelihood, lowest to highest.
LIKELIHOODS: Final = ("Very low", "Low", "Medium", "High", "Very high")

#: The clinical risk ratings, lowest to highest.
RATINGS: Final = (1, 2, 3, 4, 5)

#: What each rating means, in the standards' words.
RATING_MEANINGS: Final[Mapping[int, str]] = {
    1: "acceptable, no further action required",
    2: "acceptable where the cost of further reduction outweighs the benefits gained",
    3: "undesirable, acceptable only when further reduction is impractical",
    4: "mandatory elimination or control to reduce risk to an acceptable level",
    5: "unacceptable",
}

#: The published ratings by likelihood, then severity.
DEFAULT_RATINGS: Final[Mapping[str, Mapping[str, int]]] = {
    "Very high": {"Minor": 3, "Significant": 4, "Considerable": 4, "Major": 5, "Catastrophic": 5},
    "High": {"Minor": 2, "Significant": 3, "Considerable": 3, "Major": 4, "Catastrophic": 5},
    "Medium": {"Minor": 2, "Significant": 2, "Considerable": 3, "Major": 3, "Catastrophic": 4},
    "Low": {"Minor": 1, "Significant": 2, "Considerable": 2, "Major": 3, "Catastrophic": 4},
    "Very low": {"Minor": 1, "Significant": 1, "Considerable": 2, "Major": 2, "Catastrophic": 3},
}

#: A closed hazard's residual rating must be below this: 4 asks for mandatory elimination or
#: The keys of the ``nhs_assurance_risk_matrix`` configuration value.
CONFIG_KEYS: Final = ("ratings", "meanings")


def _folded(text: str) -> str:
    """*text* as category names are compared: case-insensitively, spaces collapsed."""
    return " ".join(text.split()).casefold()


_SEVERITY_BY_FOLDED: Final = {_folded(name): name for name in SEVERITIES}
_LIKELIHOOD_BY_FOLDED: Final = {_folded(name): name for name in LIKELIHOODS}


def parse_severity(text: str) -> str | None:
    """The severity *text* names, spelt as the standards do (``"major"`` -> ``"Major"``);
    ``None`` when it names none."""
    return _SEVERITY_BY_FOLDED.get(_folded(text))


def parse_likelihood(text: str) -> str | None:
    """The likelihood *text* names, spelt as the standards do (``"VERY HIGH"`` ->
    ``"Very high"``); ``None`` when it names none."""
    return _LIKELIHOOD_BY_FOLDED.get(_folded(text))


@dataclass(frozen=True)
class RiskMatrix:
    """A 5 x 5 risk matrix: a rating for each likelihood and severity, and what each rating
    means. Build one with `matrix_from_config` (which validates it) or use `DEFAULT_MATRIX`."""

    #: ``ratings[i][j]``: the rating at ``LIKELIHOODS[i]`` and ``SEVERITIES[j]``.
    ratings: tuple[tuple[int, ...], ...]
    #: ``meanings[r - 1]``: what rating ``r`` means.
    meanings: tuple[str, ...]

    def rating(self, severity: str, likelihood: str) -> int:
        """The rating of a severity and a likelihood, both spelt as the standards do.

        Raises ``ValueError`` for any other name: callers parse authors' text first.
        """
        return self.ratings[LIKELIHOODS.index(likelihood)][SEVERITIES.index(severity)]

    def meaning(self, rating: int) -> str:
        """What *rating* (1 to 5) means."""
        if rating not in RATINGS:
            raise ValueError(f"a clinical risk rating is 1 to 5, not {rating!r}")
        return self.meanings[rating - 1]

    def cells(self) -> list[tuple[str, str, int]]:
        """Every cell as ``(likelihood, severity, rating)``, lowest likelihood first."""
        return [
            (likelihood, severity, self.ratings[i][j])
            for i, likelihood in enumerate(LIKELIHOODS)
            for j, severity in enumerate(SEVERITIES)
        ]

    def to_config(self) -> dict[str, dict[Any, Any]]:
        """The matrix as an ``nhs_assurance_risk_matrix`` value (for documentation and tests)."""
        return {
            "ratings": {
                likelihood: dict(zip(SEVERITIES, self.ratings[i], strict=True))
                for i, likelihood in enumerate(LIKELIHOODS)
            },
            "meanings": dict(zip(RATINGS, self.meanings, strict=True)),
        }


DEFAULT_MATRIX: Final = RiskMatrix(
    ratings=tuple(
        tuple(DEFAULT_RATINGS[likelihood][severity] for severity in SEVERITIES)
        for likelihood in LIKELIHOODS
    ),
    meanings=tuple(RATING_MEANINGS[rating] for rating in RATINGS),
)


def default_matrix_config() -> dict[str, dict[Any, Any]]:
    """A fresh copy of the default ``nhs_assurance_risk_matrix`` value: the published matrix.

    A plain dict of strings and integers, so that Sphinx can pickle and compare it.
    """
    return DEFAULT_MATRIX.to_config()


# -- a configured matrix ---------------------------------------------------------------------


class MatrixError(ValueError):
    """``nhs_assurance_risk_matrix`` is not a complete, consistent matrix.

    ``problems`` holds one sentence per problem; the message lists them all, so that a team
    fixes its configuration in one go.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        listed = "".join(f"\n- {problem}" for problem in problems)
        super().__init__(f"nhs_assurance_risk_matrix is not a usable risk matrix:{listed}")


def _is_rating(value: object) -> bool:
    # bool is a subclass of int: True is not a rating.
    return isinstance(value, int) and not isinstance(value, bool) and value in RATINGS


def _categories(
    mapping: Mapping[object, object],
    parse: Callable[[str], str | None],
    allowed: tuple[str, ...],
    what: str,
    where: str,
    problems: list[str],
) -> dict[str, object]:
    """The entries of *mapping* keyed by the canonical category name, noting problems."""
    found: dict[str, object] = {}
    for key, value in mapping.items():
        name = parse(key) if isinstance(key, str) else None
        if name is None:
            problems.append(f"{where}{key!r} is not a {what}: expected one of {', '.join(allowed)}")
        elif name in found:
            problems.append(f"{where}the {what} {name!r} is given twice")
        else:
            found[name] = value
    missing = [name for name in allowed if name not in found]
    if missing:
        problems.append(f"{where}no {what} {', '.join(map(repr, missing))}")
    return found


def _read_ratings(value: object, problems: list[str]) -> list[list[int]] | None:
    """The ratings of a configured matrix, ``[likelihood][severity]``, or ``None``."""
    if not isinstance(value, Mapping):
        problems.append(
            "'ratings' must be a dict of likelihood -> {severity -> rating}, "
            f"not {type(value).__name__}"
        )
        return None
    before = len(problems)
    rows = _categories(value, parse_likelihood, LIKELIHOODS, "likelihood", "'ratings': ", problems)
    canonical: dict[str, dict[str, object]] = {}
    for likelihood, row in rows.items():
        where = f"'ratings'[{likelihood!r}]: "
        if not isinstance(row, Mapping):
            problems.append(
                f"{where}must be a dict of severity -> rating, not {type(row).__name__}"
            )
            continue
        cells = canonical[likelihood] = _categories(
            row, parse_severity, SEVERITIES, "severity", where, problems
        )
        for severity, rating in cells.items():
            if not _is_rating(rating):
                problems.append(
                    f"{where}the rating of {severity!r} must be an integer from 1 to 5, "
                    f"not {rating!r}"
                )
    if len(problems) > before:
        return None
    # Complete and well typed: every row and cell is there.
    return [[canonical[lk][sv] for sv in SEVERITIES] for lk in LIKELIHOODS]  # type: ignore[misc]


def _check_monotonic(grid: list[list[int]], problems: list[str]) -> None:
    """Note every place where a rating falls as severity or likelihood grows.

    A worse harm, or a likelier one, can never be more acceptable: otherwise reducing a risk
    (making the harm less likely through a control) could raise its rating, and the residual
    assessment of a well-controlled hazard would look worse than its initial one.
    """
    for i, likelihood in enumerate(LIKELIHOODS):
        for j in range(1, len(SEVERITIES)):
            lower, higher = grid[i][j - 1], grid[i][j]
            if higher < lower:
                problems.append(
                    f"at likelihood {likelihood!r}, the rating falls as severity grows: "
                    f"{SEVERITIES[j - 1]!r} is {lower} but {SEVERITIES[j]!r} is {higher}"
                )
    for j, severity in enumerate(SEVERITIES):
        for i in range(1, len(LIKELIHOODS)):
            lower, higher = grid[i - 1][j], grid[i][j]
            if higher < lower:
                problems.append(
                    f"at severity {severity!r}, the rating falls as likelihood grows: "
                    f"{LIKELIHOODS[i - 1]!r} is {lower} but {LIKELIHOODS[i]!r} is {higher}"
                )


def _read_meanings(value: object, problems: list[str]) -> tuple[str, ...] | None:
    """The five meanings of a configured matrix, or ``None``."""
    if not isinstance(value, Mapping):
        problems.append(f"'meanings' must be a dict of rating -> text, not {type(value).__name__}")
        return None
    meanings: dict[int, str] = {}
    given: set[object] = set()
    for rating, text in value.items():
        given.add(rating)
        if not _is_rating(rating):
            problems.append(f"'meanings': {rating!r} is not a rating: expected an integer 1 to 5")
        elif not isinstance(text, str) or not text.strip():
            problems.append(f"'meanings'[{rating}] must be a non-empty string, not {text!r}")
        else:
            meanings[rating] = " ".join(text.split())
    missing = [str(rating) for rating in RATINGS if rating not in given]
    if missing:
        problems.append(f"'meanings' has no meaning for the rating {', '.join(missing)}")
    return tuple(meanings[rating] for rating in RATINGS) if not problems else None


def matrix_from_config(value: object) -> RiskMatrix:
    """The `RiskMatrix` an ``nhs_assurance_risk_matrix`` value describes.

    The value is a dict: ``"ratings"`` (required) maps every likelihood to a dict mapping every
    severity to its rating, an integer from 1 to 5; ``"meanings"`` (optional, the standards'
    words by default) maps each rating 1 to 5 to what it means. Category names are matched
    case-insensitively. The matrix must be complete (all 25 cells, no unknown or repeated
    category) and consistent: a rating never falls as severity or likelihood grows.

    Raises `MatrixError` listing every problem found.
    """
    problems: list[str] = []
    if not isinstance(value, Mapping):
        kind = type(value).__name__
        raise MatrixError([f"it must be a dict with the keys 'ratings' and 'meanings', not {kind}"])
    for key in value:
        if key not in CONFIG_KEYS:
            problems.append(f"unknown key {key!r}: expected 'ratings' and, optionally, 'meanings'")
    if "ratings" not in value:
        problems.append("'ratings' is missing: a dict of likelihood -> {severity -> rating}")
        grid = None
    else:
        grid = _read_ratings(value["ratings"], problems)
    if grid is not None:
        _check_monotonic(grid, problems)
    meanings = DEFAULT_MATRIX.meanings
    if "meanings" in value:
        meaning_problems: list[str] = []
        meanings = _read_meanings(value["meanings"], meaning_problems) or meanings
        problems += meaning_problems
    if problems or grid is None:
        raise MatrixError(problems)
    return RiskMatrix(ratings=tuple(tuple(row) for row in grid), meanings=meanings)


class Assessment(NamedTuple):
    """A severity and a likelihood (spelt as the standards do) and the rating they give."""

    severity: str
    likelihood: str
    rating: int
