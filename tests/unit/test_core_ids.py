"""IDs as authors write them, of standards and of every kind of entry: read, checked, matched,
anchored, shown and sorted; and the statuses of each kind. Builds nothing."""

from __future__ import annotations

import pytest
from nhs_assurance.core.entry import EntryKind
from nhs_assurance.core.hazard import HAZARD, HAZARD_IDS
from nhs_assurance.core.ids import MAX_ID_LENGTH, EntryId, IdScheme, display_id, sort_key
from nhs_assurance.core.standard import STANDARD, STANDARD_IDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("XYZ0001", EntryId("XYZ0001", "")),
        ("xyz0001", EntryId("xyz0001", "")),
        ("XYZ0001 Amd 7/2031", EntryId("XYZ0001", "Amd 7/2031")),
        ("  XYZ0001\tAmd   7/2031 ", EntryId("XYZ0001", "Amd 7/2031")),
    ],
)
def test_an_id_is_read_with_its_amendment(text: str, expected: EntryId) -> None:
    assert STANDARD_IDS.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["", "XYZ", "0001", "XYZ-0001", "XYZ0001 Amd 7/31", "XYZ0001 amendment", "X Y Z1"]
)
def test_what_is_not_an_id_is_refused(text: str) -> None:
    assert STANDARD_IDS.parse(text) is None


def test_an_id_is_matched_in_upper_case_and_anchored_in_lower_case() -> None:
    parsed = STANDARD_IDS.parse("Xyz0001 Amd 7/2031")
    assert parsed is not None
    assert (parsed.key, parsed.anchor, parsed.display) == (
        "XYZ0001",
        "xyz0001",
        "Xyz0001 Amd 7/2031",
    )


def test_a_reference_matches_whatever_the_case_and_spacing() -> None:
    assert (
        STANDARD_IDS.reference_key("xyz0001")
        == STANDARD_IDS.reference_key(" XYZ0001 ")
        == "XYZ0001"
    )
    # Text that is no ID matches nothing declared, but is kept recognisable in the warning.
    assert STANDARD_IDS.reference_key("not  an id") == "NOT AN ID"


def test_display_shows_the_amendment_only_when_there_is_one() -> None:
    assert display_id("XYZ0001", "") == "XYZ0001"
    assert display_id("XYZ0001", "Amd 7/2031") == "XYZ0001 Amd 7/2031"


def test_ids_sort_by_letters_then_by_number() -> None:
    keys = ["XYZ1000", "ABC0042", "XYZ0160", "XYZ0129", "NOTANID"]
    assert sorted(keys, key=sort_key) == ["ABC0042", "NOTANID", "XYZ0129", "XYZ0160", "XYZ1000"]


def test_ids_of_thousands_of_digits_sort_without_becoming_numbers() -> None:
    huge = "XYZ" + "9" * 5000
    keys = [huge, "XYZ0010", "XYZ9", "XYZ" + "0" * 4999 + "1"]
    assert sorted(keys, key=sort_key) == ["XYZ" + "0" * 4999 + "1", "XYZ9", "XYZ0010", huge]


# -- one scheme for every kind of entry ----------------------------------------------------------


@pytest.mark.parametrize(("scheme", "sample"), [(STANDARD_IDS, "XYZ"), (HAZARD_IDS, "HAZ-")])
def test_every_kind_has_the_same_limit_and_says_so_the_same_way(
    scheme: IdScheme, sample: str
) -> None:
    longest = sample + "1" * (MAX_ID_LENGTH - len(sample))
    assert scheme.parse(longest) is not None
    too_long = sample + "1" * 5000
    assert scheme.parse(too_long) is None
    problem = scheme.check(too_long)
    assert problem is not None
    assert problem.subtype == "bad_id"
    assert f"is not a {scheme.kind} ID: it is {len(too_long)} characters long, and an ID has " in (
        problem.message
    )
    assert len(problem.message) < 200  # the author's 5000 digits are not echoed


@pytest.mark.parametrize(
    ("scheme", "written"), [(STANDARD_IDS, " Xyz0001 "), (HAZARD_IDS, " haz-901 ")]
)
def test_every_kind_is_matched_in_upper_case_and_anchored_in_lower_case(
    scheme: IdScheme, written: str
) -> None:
    parsed = scheme.parse(written)
    assert parsed is not None
    assert (parsed.key, parsed.anchor, parsed.display) == (
        written.strip().upper(),
        written.strip().lower(),
        written.strip(),
    )
    assert scheme.reference_key(written.lower()) == parsed.key


def test_one_sort_order_for_every_kind() -> None:
    keys = ["HAZ-10", "XYZ0160", "HAZ-2", "XYZ0129", "H1"]
    assert sorted(keys, key=sort_key) == ["H1", "HAZ-2", "HAZ-10", "XYZ0129", "XYZ0160"]


@pytest.mark.parametrize(
    ("kind", "written", "expected"),
    [
        (STANDARD, {}, ("", None)),
        (STANDARD, {"status": " Mandatory "}, ("mandatory", None)),
        (
            STANDARD,
            {"status": "draft"},
            ("", ":status: 'draft' is not one of mandatory, recommended, retired; "
             "the status is not shown"),
        ),
        (HAZARD, {}, ("open", None)),
        (HAZARD, {"status": "CLOSED"}, ("closed", None)),
        (
            HAZARD,
            {"status": "done"},
            ("open", ":status: 'done' is not one of open, transferred, closed; "
             "the hazard is shown as open"),
        ),
    ],
)  # fmt: skip
def test_one_status_check_for_every_kind(
    kind: EntryKind, written: dict[str, str], expected: tuple[str, str | None]
) -> None:
    status, problem = kind.check_status(written)
    assert (status, problem.message if problem else None) == expected
    assert problem is None or (problem.subtype, problem.option) == ("bad_status", "status")
