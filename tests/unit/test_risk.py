"""The DCB0129/DCB0160 risk matrix, hazard IDs and statuses, and the checks of a hazard's
assessment (nhs_assurance.core.risk_matrix, nhs_assurance.core.hazard): what an author or a Clinical Safety Officer sees."""

from __future__ import annotations

import pytest
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.hazard import (
    HAZARD,
    HAZARD_IDS,
    assess_hazard,
    check_closure,
    check_residual_not_higher,
    check_residual_pair,
)
from nhs_assurance.core.ids import MAX_ID_LENGTH, sort_key
from nhs_assurance.core.risk_matrix import (
    DEFAULT_MATRIX,
    LIKELIHOODS,
    SEVERITIES,
    Assessment,
    MatrixError,
    default_matrix_config,
    matrix_from_config,
    parse_likelihood,
    parse_severity,
)

# The facts exactly as issue 14 gives them, parsed here rather than retyped as Python.
ISSUE_SEVERITIES = "Minor, Significant, Considerable, Major, Catastrophic"
ISSUE_LIKELIHOODS = "Very low, Low, Medium, High, Very high"
ISSUE_TABLE = (
    "Very high 3 4 4 5 5; High 2 3 3 4 5; Medium 2 2 3 3 4; Low 1 2 2 3 4; Very low 1 1 2 2 3"
)
ISSUE_MEANINGS = (
    "1 acceptable, no further action required; 2 acceptable where the cost of further reduction "
    "outweighs the benefits gained; 3 undesirable, acceptable only when further reduction is "
    "impractical; 4 mandatory elimination or control to reduce risk to an acceptable level; "
    "5 unacceptable"
)


def issue_cells() -> list[tuple[str, str, int]]:
    """Every (likelihood, severity, rating) of the issue's table."""
    cells = []
    for row in ISSUE_TABLE.split("; "):
        *words, r1, r2, r3, r4, r5 = row.split()
        for severity, rating in zip(
            ISSUE_SEVERITIES.split(", "), (r1, r2, r3, r4, r5), strict=True
        ):
            cells.append((" ".join(words), severity, int(rating)))
    return cells


def issue_meanings() -> dict[int, str]:
    return {int(item[0]): item[2:] for item in ISSUE_MEANINGS.split("; ")}


def test_the_issue_table_has_25_cells() -> None:
    assert len(issue_cells()) == 25
    assert len({(lk, sv) for lk, sv, _ in issue_cells()}) == 25


def test_categories_are_named_and_ordered_as_the_standards_do() -> None:
    assert tuple(ISSUE_SEVERITIES.split(", ")) == SEVERITIES
    assert tuple(ISSUE_LIKELIHOODS.split(", ")) == LIKELIHOODS


@pytest.mark.parametrize(("likelihood", "severity", "rating"), issue_cells())
def test_every_cell_of_the_default_matrix(likelihood: str, severity: str, rating: int) -> None:
    assert DEFAULT_MATRIX.rating(severity, likelihood) == rating


@pytest.mark.parametrize(("likelihood", "severity", "rating"), issue_cells())
def test_every_cell_of_the_default_configuration(
    likelihood: str, severity: str, rating: int
) -> None:
    # The configuration value Sphinx gets by default is the same matrix, cell for cell.
    config = default_matrix_config()
    assert config["ratings"][likelihood][severity] == rating
    assert matrix_from_config(config).rating(severity, likelihood) == rating


def test_rating_meanings_are_the_standards_words() -> None:
    for rating, meaning in issue_meanings().items():
        assert DEFAULT_MATRIX.meaning(rating) == meaning
    assert matrix_from_config(default_matrix_config()).meanings == DEFAULT_MATRIX.meanings


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_1_to_5_has_no_meaning(rating: int) -> None:
    with pytest.raises(ValueError, match="1 to 5"):
        DEFAULT_MATRIX.meaning(rating)


def test_cells_lists_every_cell_once() -> None:
    assert sorted(DEFAULT_MATRIX.cells()) == sorted(issue_cells())


# -- category names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Minor", "Minor"),
        ("minor", "Minor"),
        ("MINOR", "Minor"),
        ("cAtAsTrOpHiC", "Catastrophic"),
        ("  considerable ", "Considerable"),
        ("Significant", "Significant"),
        ("major", "Major"),
    ],
)
def test_severity_is_matched_case_insensitively(text: str, expected: str) -> None:
    assert parse_severity(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("very low", "Very low"),
        ("VERY HIGH", "Very high"),
        ("Very   High", "Very high"),
        ("\tmedium\n", "Medium"),
        ("high", "High"),
        ("LOW", "Low"),
    ],
)
def test_likelihood_is_matched_case_insensitively(text: str, expected: str) -> None:
    assert parse_likelihood(text) == expected


@pytest.mark.parametrize("text", ["", "Severe", "Minor!", "3", "Very high", "Majorly"])
def test_what_is_not_a_severity(text: str) -> None:
    assert parse_severity(text) is None


@pytest.mark.parametrize("text", ["", "Very-high", "Veryhigh", "Major", "Rare", "Very\u200bhigh"])
def test_what_is_not_a_likelihood(text: str) -> None:
    assert parse_likelihood(text) is None


# -- a configured matrix -----------------------------------------------------------------------


def stricter() -> dict:
    """A fictional Clinical Risk Management Plan's matrix: every rating one higher, up to 5."""
    config = default_matrix_config()
    for row in config["ratings"].values():
        for severity, rating in row.items():
            row[severity] = min(rating + 1, 5)
    return config


def test_a_configured_matrix_replaces_the_ratings() -> None:
    matrix = matrix_from_config(stricter())
    assert matrix.rating("Minor", "Very low") == 2
    assert matrix.rating("Catastrophic", "Very high") == 5
    assert matrix.meanings == DEFAULT_MATRIX.meanings  # meanings are optional


def test_a_configured_matrix_matches_names_case_insensitively() -> None:
    config = {
        "ratings": {
            likelihood.upper(): {severity.lower(): 3 for severity in SEVERITIES}
            for likelihood in LIKELIHOODS
        },
        "meanings": {rating: f"  fictional   meaning {rating} " for rating in range(1, 6)},
    }
    matrix = matrix_from_config(config)
    assert matrix.rating("Major", "Very high") == 3
    assert matrix.meaning(4) == "fictional meaning 4"
    assert matrix_from_config(matrix.to_config()) == matrix


def _without_row(config: dict) -> dict:
    del config["ratings"]["Medium"]
    return config


def _without_cell(config: dict) -> dict:
    del config["ratings"]["High"]["Major"]
    return config


def _set(likelihood: str, severity: str, value: object):
    def change(config: dict) -> dict:
        config["ratings"][likelihood][severity] = value
        return config

    return change


def _with(key: str, value: object):
    def change(config: dict) -> dict:
        config[key] = value
        return config

    return change


def _extra_row(config: dict) -> dict:
    config["ratings"]["Certain"] = dict(config["ratings"]["Very high"])
    return config


def _extra_severity(config: dict) -> dict:
    config["ratings"]["Low"]["Fatal"] = 5
    return config


def _row_twice(config: dict) -> dict:
    config["ratings"]["very low"] = dict(config["ratings"]["Very low"])
    return config


def _meaning_missing(config: dict) -> dict:
    del config["meanings"][3]
    return config


def _meaning_set(key: object, value: object):
    def change(config: dict) -> dict:
        config["meanings"][key] = value
        return config

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda config: [config],
            "it must be a dict with the keys 'ratings' and 'meanings', not list",
        ),
        (
            lambda config: {"meanings": config["meanings"]},
            "'ratings' is missing: a dict of likelihood -> {severity -> rating}",
        ),
        (
            _with("colours", {}),
            "unknown key 'colours': expected 'ratings' and, optionally, 'meanings'",
        ),
        (
            _with("ratings", [[1, 2, 3, 4, 5]] * 5),
            "'ratings' must be a dict of likelihood -> {severity -> rating}, not list",
        ),
        (_without_row, "'ratings': no likelihood 'Medium'"),
        (_without_cell, "'ratings'['High']: no severity 'Major'"),
        (
            _extra_row,
            "'ratings': 'Certain' is not a likelihood: expected one of Very low, Low, Medium, High, Very high",
        ),
        (
            _extra_severity,
            "'ratings'['Low']: 'Fatal' is not a severity: expected one of Minor, Significant, Considerable, Major, Catastrophic",
        ),
        (_row_twice, "'ratings': the likelihood 'Very low' is given twice"),
        (
            _with("ratings", {**default_matrix_config()["ratings"], "Low": [1, 2, 2, 3, 4]}),
            "'ratings'['Low']: must be a dict of severity -> rating, not list",
        ),
        (
            _set("Low", "Minor", 6),
            "'ratings'['Low']: the rating of 'Minor' must be an integer from 1 to 5, not 6",
        ),
        (
            _set("Low", "Minor", 0),
            "'ratings'['Low']: the rating of 'Minor' must be an integer from 1 to 5, not 0",
        ),
        (
            _set("Low", "Minor", "1"),
            "'ratings'['Low']: the rating of 'Minor' must be an integer from 1 to 5, not '1'",
        ),
        (
            _set("Low", "Minor", 1.0),
            "'ratings'['Low']: the rating of 'Minor' must be an integer from 1 to 5, not 1.0",
        ),
        (
            _set("Low", "Minor", True),
            "'ratings'['Low']: the rating of 'Minor' must be an integer from 1 to 5, not True",
        ),
        (
            _set("Low", "Minor", None),
            "'ratings'['Low']: the rating of 'Minor' must be an integer from 1 to 5, not None",
        ),
        (
            _set("High", "Catastrophic", 3),
            "at likelihood 'High', the rating falls as severity grows: 'Major' is 4 but 'Catastrophic' is 3",
        ),
        (
            _set("High", "Minor", 1),
            "at severity 'Minor', the rating falls as likelihood grows: 'Medium' is 2 but 'High' is 1",
        ),
        (
            _with("meanings", ["a", "b", "c", "d", "e"]),
            "'meanings' must be a dict of rating -> text, not list",
        ),
        (_meaning_missing, "'meanings' has no meaning for the rating 3"),
        (_meaning_set(6, "fictional"), "'meanings': 6 is not a rating: expected an integer 1 to 5"),
        (
            _meaning_set("1", "fictional"),
            "'meanings': '1' is not a rating: expected an integer 1 to 5",
        ),
        (_meaning_set(2, "   "), "'meanings'[2] must be a non-empty string, not '   '"),
        (_meaning_set(2, None), "'meanings'[2] must be a non-empty string, not None"),
    ],
)
def test_an_unusable_matrix_is_a_clear_error(change, message: str) -> None:
    with pytest.raises(MatrixError) as caught:
        matrix_from_config(change(default_matrix_config()))
    assert message in caught.value.problems
    assert str(caught.value).startswith("nhs_assurance_risk_matrix is not a usable risk matrix:")
    assert f"\n- {message}" in str(caught.value)


def test_every_problem_of_a_matrix_is_named_at_once() -> None:
    config = default_matrix_config()
    config["ratings"]["Low"]["Minor"] = 7
    config["ratings"]["High"]["Major"] = "4"
    config["meanings"][5] = ""
    with pytest.raises(MatrixError) as caught:
        matrix_from_config(config)
    assert len(caught.value.problems) == 3


def test_a_matrix_error_is_a_value_error() -> None:
    # Sphinx's own checks of configuration values raise and catch ValueError subclasses.
    assert issubclass(MatrixError, ValueError)


def test_the_default_configuration_is_a_fresh_plain_dict_each_time() -> None:
    first = default_matrix_config()
    first["ratings"]["Low"]["Minor"] = 5
    assert default_matrix_config()["ratings"]["Low"]["Minor"] == 1


# -- hazard IDs, sorting and statuses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "anchor"),
    [
        ("HAZ-001", "HAZ-001", "haz-001"),
        ("H12", "H12", "h12"),
        ("haz-901", "HAZ-901", "haz-901"),
        ("  Haz7  ", "HAZ7", "haz7"),
    ],
)
def test_hazard_ids(text: str, key: str, anchor: str) -> None:
    parsed = HAZARD_IDS.parse(text)
    assert parsed is not None
    assert (parsed.id, parsed.key, parsed.anchor) == (text.strip(), key, anchor)
    assert HAZARD_IDS.check(text) is None


def test_hazard_ids_differing_only_in_case_are_one_hazard() -> None:
    assert HAZARD_IDS.parse("haz-001").key == HAZARD_IDS.parse("HAZ-001").key  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "HAZ--001",
        "HAZ 001",
        "001",
        "HAZ",
        "HAZ-",
        "-001",
        "HAZ-001a",
        "HAZ_001",
        "H-1-2",
        "\u0397\u0391\u0396-1",  # Greek capitals that look like HAZ
        "HAZ-\u0661\u0662",  # Arabic-Indic digits
    ],
)
def test_what_is_not_a_hazard_id(text: str) -> None:
    assert HAZARD_IDS.parse(text) is None
    problem = HAZARD_IDS.check(text)
    assert problem is not None
    assert problem.subtype == "bad_id"
    assert problem.message == (
        f"{text!r} is not a hazard ID: expected letters then digits, optionally joined by "
        "one hyphen (e.g. 'HAZ-001')"
    )


def test_a_missing_hazard_id() -> None:
    problem = HAZARD_IDS.check("   ")
    assert problem is not None
    assert (problem.subtype, problem.message) == (
        "bad_id",
        "the ID argument is missing (e.g. HAZ-001)",
    )


def test_a_hazard_id_has_a_bounded_length() -> None:
    longest = "H" + "1" * (MAX_ID_LENGTH - 1)
    assert HAZARD_IDS.parse(longest) is not None
    too_long = "H" + "1" * 5000
    assert HAZARD_IDS.parse(too_long) is None
    problem = HAZARD_IDS.check(too_long)
    assert problem is not None
    assert f"it is 5001 characters long, and an ID has at most {MAX_ID_LENGTH}" in problem.message
    assert len(problem.message) < 200  # the author's 5000 digits are not echoed


def test_hazards_sort_by_letters_then_number() -> None:
    keys = ["HAZ-10", "H2", "HAZ-2", "HAZ-002", "HAZ-1", "ABC-99", "HAZ001", "H10"]
    assert sorted(keys, key=sort_key) == [
        "ABC-99", "H2", "H10", "HAZ-1", "HAZ001", "HAZ-002", "HAZ-2", "HAZ-10",
    ]  # fmt: skip


def test_sorting_a_huge_number_never_converts_it() -> None:
    # More digits than Python converts to an int: still sorted, no ValueError.
    huge = "HAZ-" + "9" * 5000
    assert sorted([huge, "HAZ-1"], key=sort_key) == ["HAZ-1", huge]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("open", "open"),
        ("Transferred", "transferred"),
        (" CLOSED ", "closed"),
        ("done", None),
        ("", None),
    ],
)
def test_statuses(text: str, expected: str | None) -> None:
    assert HAZARD.parse_status(text) == expected


# -- the checks of a hazard ---------------------------------------------------------------------

MAJOR_LOW = Assessment("Major", "Low", 3)
MINOR_VERY_LOW = Assessment("Minor", "Very low", 1)
MAJOR_HIGH = Assessment("Major", "High", 4)


def test_residual_pair_both_or_neither() -> None:
    assert check_residual_pair({}) is None
    assert check_residual_pair({"residual-severity": "Minor", "residual-likelihood": "Low"}) is None
    alone = check_residual_pair({"severity": "Major", "residual-severity": "Minor"})
    assert alone is not None
    assert (alone.subtype, alone.option) == ("incomplete_residual", "residual-severity")
    assert alone.message == (
        ":residual-severity: is given without :residual-likelihood:; a residual assessment needs "
        "both, so none is shown"
    )
    other = check_residual_pair({"residual-likelihood": "Low"})
    assert other is not None
    assert other.option == "residual-likelihood"
    assert "without :residual-severity:" in other.message


def test_a_residual_rating_above_the_initial_one() -> None:
    assert check_residual_not_higher(MAJOR_LOW, MINOR_VERY_LOW) is None
    assert check_residual_not_higher(MAJOR_LOW, MAJOR_LOW) is None  # equal is allowed
    assert check_residual_not_higher(None, MAJOR_HIGH) is None
    assert check_residual_not_higher(MAJOR_LOW, None) is None
    problem = check_residual_not_higher(MAJOR_LOW, MAJOR_HIGH)
    assert problem is not None
    assert problem.subtype == "residual_above_initial"
    assert problem.message == (
        "the residual risk rating (4: Major, High) is higher than the initial one (3: Major, Low)"
    )


@pytest.mark.parametrize("status", ["open", "transferred"])
def test_only_a_closed_hazard_is_checked_for_closure(status: str) -> None:
    assert check_closure(status, None) is None
    assert check_closure(status, Assessment("Catastrophic", "Very high", 5)) is None


def test_a_closed_hazard_needs_a_residual_assessment() -> None:
    problem = check_closure("closed", None)
    assert problem is not None
    assert (problem.subtype, problem.option) == ("closed_at_risk", "status")
    assert problem.message == (
        "the hazard is closed but has no residual assessment "
        "(:residual-severity: and :residual-likelihood:)"
    )
    # An invalid residual assessment was already warned about: not twice.
    assert check_closure("closed", None, residual_given=True) is None


@pytest.mark.parametrize(
    ("residual", "meaning"),
    [
        (
            Assessment("Major", "High", 4),
            "mandatory elimination or control to reduce risk to an acceptable level",
        ),
        (Assessment("Catastrophic", "High", 5), "unacceptable"),
    ],
)
def test_a_closed_hazard_cannot_keep_a_rating_of_4_or_5(residual: Assessment, meaning: str) -> None:
    problem = check_closure("closed", residual)
    assert problem is not None
    assert problem.subtype == "closed_at_risk"
    assert problem.message == (
        f"the hazard is closed with a residual risk rating of {residual.rating} ({meaning})"
    )


@pytest.mark.parametrize("rating", [1, 2, 3])
def test_a_closed_hazard_with_a_rating_up_to_3(rating: int) -> None:
    assert check_closure("closed", Assessment("Minor", "Low", rating)) is None


def test_a_hazard_without_problems() -> None:
    risk = assess_hazard(
        {
            "severity": "major",
            "likelihood": "LOW",
            "residual-severity": "Major",
            "residual-likelihood": "very low",
            "status": "Closed",
            "title": "ignored here",
        }
    )
    assert risk.initial == Assessment("Major", "Low", 3)
    assert risk.residual == Assessment("Major", "Very low", 2)
    assert risk.status == "closed"
    assert risk.problems == ()


def test_a_hazard_is_open_by_default() -> None:
    risk = assess_hazard({"severity": "Minor", "likelihood": "Low"})
    assert (risk.status, risk.residual, risk.problems) == ("open", None, ())


def test_a_configured_matrix_rates_the_hazard() -> None:
    risk = assess_hazard(
        {"severity": "Minor", "likelihood": "Very low"}, matrix_from_config(stricter())
    )
    assert risk.initial == Assessment("Minor", "Very low", 2)


def problems_of(options: dict[str, str]) -> list[tuple[str, str, str]]:
    return [tuple(problem) for problem in assess_hazard(options).problems]  # type: ignore[misc]


def test_unknown_categories_name_the_allowed_values() -> None:
    assert problems_of({"severity": "Severe", "likelihood": "Often"}) == [
        (
            "bad_risk_category",
            "severity",
            ":severity: 'Severe' is not a severity: expected one of Minor, Significant, Considerable, Major, Catastrophic (in any case)",
        ),
        (
            "bad_risk_category",
            "likelihood",
            ":likelihood: 'Often' is not a likelihood: expected one of Very low, Low, Medium, High, Very high (in any case)",
        ),
    ]


def test_the_initial_assessment_is_required() -> None:
    assert problems_of({"severity": ""}) == [
        ("missing_option", "severity", "the :severity: option is empty"),
        ("missing_option", "likelihood", "the :likelihood: option is missing"),
    ]
    assert assess_hazard({"severity": "Minor"}).initial is None


def test_an_empty_residual_option_is_not_silently_ignored() -> None:
    assert problems_of(
        {
            "severity": "Minor",
            "likelihood": "Low",
            "residual-severity": " ",
            "residual-likelihood": "Low",
        }
    ) == [
        ("missing_option", "residual-severity", "the :residual-severity: option is empty"),
    ]


def test_an_unknown_residual_category() -> None:
    options = {
        "severity": "Minor",
        "likelihood": "Low",
        "residual-severity": "Tiny",
        "residual-likelihood": "Low",
        "status": "closed",
    }
    # The bad category is warned about; the closure check does not add a second warning.
    assert [subtype for subtype, _, _ in problems_of(options)] == ["bad_risk_category"]


def test_an_incomplete_residual_pair_on_a_closed_hazard_is_one_warning() -> None:
    options = {
        "severity": "Minor",
        "likelihood": "Low",
        "residual-severity": "Minor",
        "status": "closed",
    }
    assert [subtype for subtype, _, _ in problems_of(options)] == ["incomplete_residual"]
    assert assess_hazard(options).residual is None


def test_a_bad_status_falls_back_to_open() -> None:
    risk = assess_hazard({"severity": "Minor", "likelihood": "Low", "status": "finished"})
    assert risk.status == "open"
    assert [tuple(p) for p in risk.problems] == [
        (
            "bad_status",
            "status",
            ":status: 'finished' is not one of open, transferred, closed; the hazard is shown as open",
        ),
    ]


def test_all_the_checks_together() -> None:
    options = {
        "severity": "Minor",
        "likelihood": "Very low",
        "residual-severity": "Catastrophic",
        "residual-likelihood": "Very high",
        "status": "closed",
    }
    assert [subtype for subtype, _, _ in problems_of(options)] == [
        "residual_above_initial",
        "closed_at_risk",
    ]


def test_a_message_quotes_at_most_a_short_escaped_excerpt() -> None:
    value = "Major\u202e" + "x" * 10_000
    problem = assess_hazard({"severity": value, "likelihood": "Low"}).problems[0]
    assert "\u202e" not in problem.message  # a bidirectional control is shown escaped
    assert "\\u202e" in problem.message
    assert len(problem.message) < 250
    assert excerpt("short") == "'short'"
