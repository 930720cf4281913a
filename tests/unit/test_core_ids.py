"""Standard IDs as authors write them: read, matched, anchored, shown and sorted. Builds nothing."""

from __future__ import annotations

import pytest
from nhs_assurance.core.ids import EntryId, display_id, sort_key
from nhs_assurance.core.standard import STANDARD_IDS


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
