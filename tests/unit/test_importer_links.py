"""Link targets: a page of the import, the original site, a file copied along, or left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_parts import ORIGINAL_SITE, page_parts
from nhs_assurance.importer.links import PageAnchors


@pytest.mark.parametrize(
    "target",
    ["https://example.org/a", "mailto:someone@example.org", "//cdn.example.org/x"],
)
def test_other_sites_are_left_alone(tmp_path: Path, target: str) -> None:
    parts = page_parts(tmp_path, "guide/page")
    assert parts.links.resolve(target, 5) == target
    assert parts.flagged() == []


@pytest.mark.parametrize(
    ("target", "new"),
    [
        ("#setup", "#setup"),
        ("#Setup", "#setup"),  # a kramdown-era anchor, renamed
        ("page.html?x=1#setup", "#setup"),  # the same page, by name
        ("../index.html", "../index.md"),
        ("<../index.html>", "../index.md"),
        ("../index.html#old-intro", "../index.md#intro"),
        ("../", "../index.md"),  # a folder is its index page
        ("/site/index.html", "../index.md"),  # under the base URL
        ("/index.html", "../index.md"),
        (ORIGINAL_SITE + "index.html#old-intro", "../index.md#intro"),
        ("../images/chart.png", "../images/chart.png"),  # a file, copied along
    ],
)
def test_links_inside_the_import(tmp_path: Path, target: str, new: str) -> None:
    parts = page_parts(tmp_path, "guide/page")
    assert parts.links.resolve(target, 5) == new
    assert parts.flagged() == []


def test_a_file_that_is_linked_is_copied_along(tmp_path: Path) -> None:
    parts = page_parts(tmp_path, "guide/page")
    parts.links.resolve("../images/chart.png", 5)
    assert set(parts.links.site.assets) == {"images/chart.png"}


@pytest.mark.parametrize(
    ("target", "new", "kind"),
    [
        ("#nowhere", None, "anchor"),  # the link goes, its text stays
        ("../index.html#nowhere", "../index.md", "anchor"),  # to the top of the page
        ("missing.html", ORIGINAL_SITE + "guide/missing.html", "link"),
        ("../images/gone.png", ORIGINAL_SITE + "images/gone.png", "link"),
        # The one URL policy (core/urls.py): a link that leaves the site, or to a scheme other
        # than http, https and mailto, goes; its text stays.
        ("../../outside.html", None, "link"),
        ("tel:+440000", None, "link"),
    ],
)
def test_what_cannot_be_resolved_is_flagged(
    tmp_path: Path, target: str, new: str | None, kind: str
) -> None:
    parts = page_parts(tmp_path, "guide/page")
    assert parts.links.resolve(target, 5) == new
    assert parts.flagged() == [(5, kind)]


def test_a_missing_image_is_flagged_as_an_image(tmp_path: Path) -> None:
    parts = page_parts(tmp_path, "guide/page")
    assert parts.links.resolve("../images/gone.png", 5, image=True) == (
        ORIGINAL_SITE + "images/gone.png"
    )
    assert parts.flagged() == [(5, "image")]


def test_without_the_original_site_a_missing_page_is_kept_and_flagged(tmp_path: Path) -> None:
    parts = page_parts(tmp_path)
    parts.links.site.original_site = ""
    assert parts.links.resolve("missing.html", 3) == "missing.html"
    assert parts.flagged() == [(3, "link")]


@pytest.mark.parametrize(
    ("docname", "target", "std_id"),
    [
        ("guide/page", "#xyz0001", "XYZ0001"),
        ("guide/page", "page.html#xyz0001", "XYZ0001"),
        ("index", "guide/page.html#xyz0001", "XYZ0001"),
        ("index", ORIGINAL_SITE + "guide/page.html#xyz0001", "XYZ0001"),
        ("index", "guide/page.html#setup", None),  # an anchor, but not an entry's
        ("index", "guide/page.html", None),
        ("index", "https://example.org/#xyz0001", None),  # another site
    ],
)
def test_a_link_to_a_standard_entry_names_its_id(
    tmp_path: Path, docname: str, target: str, std_id: str | None
) -> None:
    assert page_parts(tmp_path, docname).links.standard(target) == std_id


def test_page_anchors_find_old_names_in_any_case() -> None:
    anchors = PageAnchors(valid={"intro"}, renamed={"old-intro": "intro"})
    assert [anchors.find(a) for a in ("intro", "old-intro", "Old-Intro", "other")] == [
        "intro",
        "intro",
        "intro",
        None,
    ]
