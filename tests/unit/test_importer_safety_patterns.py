"""The clinical-safety patterns of the original pages: standard headings, legal sentences,
labelled notes, and standard IDs made references."""

from __future__ import annotations

import pytest
from nhs_assurance.importer.safety_patterns import (
    labelled_admonition,
    link_standards,
    mandatory_sentence,
    standard_heading,
    stray_underscore,
)


@pytest.mark.parametrize(
    ("heading", "declared"),
    [
        (
            "[XYZ0001](https://example.org/xyz0001) - A Fictional Standard.",
            ("XYZ0001", "", "https://example.org/xyz0001", "A Fictional Standard"),
        ),
        (
            '[ABC0042 Amd 7/2031](<https://example.org/abc>) \u2013 Its Title{:target="_blank"}',
            ("ABC0042", "Amd 7/2031", "https://example.org/abc", "Its Title"),
        ),
        (
            "[XYZ0001](https://example.org/x): Colon   Separated",
            ("XYZ0001", "", "https://example.org/x", "Colon Separated"),
        ),
        ("[XYZ0001](javascript:alert(1)) - Unsafe", None),  # not a link a reader may follow
        ("[Not an ID](https://example.org/) - Title", None),
        ("[XYZ0001](https://example.org/) - ", None),  # no title
        ("[XYZ0001](https://example.org/) No separator", None),
    ],
)
def test_standard_heading(heading: str, declared: tuple[str, str, str, str] | None) -> None:
    found = standard_heading(heading)
    if declared is None:
        assert found is None
    else:
        assert found is not None
        assert (found.std_id.id, found.std_id.amendment, found.url, found.title) == declared


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("**Compliance with XYZ0001 is mandatory.**", "Compliance with XYZ0001 is mandatory."),
        ("__Being compliant is Mandatory__<br>", "Being compliant is Mandatory"),
        ("**Compliance is mandatory**  ", "Compliance is mandatory"),
        ("**A** and **compliance is mandatory**", None),  # two bold runs, not one sentence
        ("**Compliance is recommended.**", None),
        ("Compliance is mandatory.", None),  # not in bold
    ],
)
def test_mandatory_sentence(line: str, sentence: str | None) -> None:
    assert mandatory_sentence(line) == sentence


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("**Note:** rest", ("note", "rest")),
        ("**TIP**: x", ("tip", "x")),
        ("  __Important:__", ("important", "")),
        ("**Caution:** x", None),  # not a kind the site's pages use
        ("Note: plain", None),
    ],
)
def test_labelled_admonition(line: str, found: tuple[str, str] | None) -> None:
    assert labelled_admonition(line) == found


def test_link_standards_links_declared_ids_outside_code_and_links() -> None:
    text = "XYZ0001 and xyz0001, `XYZ0001`, [XYZ0001](u), ABC0001, XYZ0001x"
    assert link_standards(text, {"XYZ0001"}) == (
        "{standard}`XYZ0001` and {standard}`xyz0001`, `XYZ0001`, [XYZ0001](u), ABC0001, XYZ0001x"
    )


@pytest.mark.parametrize(
    ("text", "glitch"),
    [
        ("text _", True),
        ("text __", False),  # strong emphasis markup, not a stray underscore
        ("_a_ _", False),  # may close the emphasis
        ("`x_` end _", True),  # underscores in code do not count
        ("[a_b](u) _", True),
        ("no underscore", False),
    ],
)
def test_stray_underscore(text: str, glitch: bool) -> None:
    assert stray_underscore(text) is glitch
