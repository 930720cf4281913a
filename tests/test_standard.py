"""The `standard` directive, as a reader and an author see it."""

from __future__ import annotations

import pytest
from helpers import BuildResult, Site, build_cases, build_page, case_folder, case_site, page_with

pytestmark = pytest.mark.build

ENTRY = """
## Resources

:::{standard} XYZ0001
:title: Fictional Standard: its Application in Tests
:url: https://example.org/standards/xyz0001
:status: mandatory
:applies-to: manufacturers of test systems

This fictional standard sets requirements for **tests**.
:::
"""


REAL_IDS = ["DCB0129", "DCB0160", "ISB0129", "SCCI0160", "DAPB4085"]

#: The pages the tests read, each a page of one site built once (``pages``).
PAGES = {
    "entry": ENTRY,
    "minimal": """
        :::{standard} XYZ0002
        :title: Minimal
        :url: https://example.org/xyz0002
        :::
        """,
    **{
        f"real-{std_id}": f"""
        :::{{standard}} {std_id}
        :title: A title
        :url: https://example.org/{std_id}
        :::
        """
        for std_id in REAL_IDS
    },
    "amendment": """
        :::{standard} XYZ0003 Amd 24/2018
        :title: Amended
        :url: https://example.org/xyz0003
        :::
        """,
    "deep": """
        ## Section

        ### Subsection

        :::{standard} XYZ0004
        :title: Deep
        :url: https://example.org/xyz0004
        :::
        """,
    "unsafe-url": ":::{standard} XYZ0001\n:title: T\n:url: javascript:alert(1)\n:::",
    "author-text": """
        :::{standard} XYZ0001
        :title: <script>alert("t")</script> & <b onclick="x()">bold</b>
        :url: https://example.org/?a=1&b=2
        :applies-to: <img src=x onerror=alert(1)>

        Body.
        :::
        """,
    "one-anchor": ":::{standard} XYZ0001\n:title: T\n:url: https://e.org/\n:::\n\n" * 2,
    "raw-html": (
        ":::{standard} XYZ0001\n:title: T\n:url: https://e.org/\n\n<script>alert(1)</script>\n:::"
    ),
    "unsafe-links": """
        :::{standard} XYZ0001
        :title: T
        :url: https://e.org/

        ```{eval-rst}
        `click <javascript:alert(1)>`_ and `mail <mailto:someone@example.org>`_
        ```
        :::
        """,
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with each of PAGES as the page "<name>/page" (not a site per test)."""
    return build_cases(tmp_path_factory.mktemp("standards"), PAGES)


def test_entry_shows_linked_id_title_facts_and_body(pages: BuildResult) -> None:
    result = pages
    entry = result.main("entry/page").select_one("div.nhs-standard")

    assert entry is not None
    assert entry["id"] == "xyz0001"
    heading = entry.select_one(".nhs-standard-heading")
    assert heading.name == "h3"  # one below the "Resources" h2
    link = heading.select_one("a.nhs-standard-id")
    assert link.get_text() == "XYZ0001"
    assert link["href"] == "https://example.org/standards/xyz0001"
    assert heading.select_one(".nhs-standard-title").get_text() == (
        "Fictional Standard: its Application in Tests"
    )
    facts = {
        dt.get_text().rstrip(":"): dd.get_text(strip=True)
        for dt, dd in zip(
            entry.select("dl.nhs-standard-facts > dt"),
            entry.select("dl.nhs-standard-facts > dd"),
            strict=True,
        )
    }
    assert facts == {"Status": "Mandatory", "Applies to": "manufacturers of test systems"}
    body = entry.select_one(".nhs-standard-body")
    assert body.get_text(" ", strip=True) == "This fictional standard sets requirements for tests ."
    assert body.select_one("strong").get_text() == "tests"
    assert result.warnings_in("entry") == []


def test_entry_has_a_permalink_to_its_anchor(pages: BuildResult) -> None:
    permalink = pages.main("entry/page").select_one(".nhs-standard-heading a.headerlink")
    assert permalink["href"] == "#xyz0001"


def test_optional_facts_are_not_shown_when_not_given(pages: BuildResult) -> None:
    entry = pages.main("minimal/page").select_one("div.nhs-standard")
    assert entry.select("dl.nhs-standard-facts") == []
    assert "Status" not in entry.get_text()
    assert pages.warnings_in("minimal") == []


@pytest.mark.parametrize("std_id", REAL_IDS)
def test_real_id_forms_are_accepted(pages: BuildResult, std_id: str) -> None:
    entry = pages.main(f"real-{std_id}/page").select_one("div.nhs-standard")
    assert entry["id"] == std_id.lower()
    assert entry.select_one("a.nhs-standard-id").get_text() == std_id
    assert pages.warnings_in(f"real-{std_id}") == []


def test_amendment_is_shown_and_anchor_stays_the_id(pages: BuildResult) -> None:
    entry = pages.main("amendment/page").select_one("div.nhs-standard")
    assert entry["id"] == "xyz0003"
    assert entry.select_one("a.nhs-standard-id").get_text() == "XYZ0003 Amd 24/2018"
    assert pages.warnings_in("amendment") == []


def test_heading_level_follows_the_enclosing_section(pages: BuildResult) -> None:
    assert pages.main("deep/page").select_one(".nhs-standard-heading").name == "h4"


BAD_INPUT = [
    pytest.param(":::{standard}\n:title: T\n:url: https://e.org/\n:::", "bad_id", 3, "ID argument is missing", id="missing-id"),
    pytest.param(":::{standard} 0129DCB\n:title: T\n:url: https://e.org/\n:::", "bad_id", 3, "'0129DCB' is not a standard ID", id="malformed-id"),
    pytest.param(":::{standard} DCB 0129\n:title: T\n:url: https://e.org/\n:::", "bad_id", 3, "'DCB 0129' is not a standard ID", id="id-with-space"),
    pytest.param(":::{standard} XYZ0001\n:url: https://e.org/\n:::", "missing_option", 3, ":title: option is missing", id="missing-title"),
    pytest.param(":::{standard} XYZ0001\n:title:\n:url: https://e.org/\n:::", "missing_option", 4, ":title: option is empty", id="empty-title"),
    pytest.param(":::{standard} XYZ0001\n:title: T\n:::", "missing_option", 3, ":url: option is missing", id="missing-url"),
    pytest.param(":::{standard} XYZ0001\n:title: T\n:url: javascript:alert(1)\n:::", "bad_url", 5, "'javascript:alert(1)' is not an absolute", id="javascript-url"),
    pytest.param(":::{standard} XYZ0001\n:title: T\n:url: /relative/page.html\n:::", "bad_url", 5, "'/relative/page.html' is not an absolute", id="relative-url"),
    pytest.param(":::{standard} XYZ0001\n:title: T\n:url: https://e.org/\n:status: optional\n:::", "bad_status", 6, "'optional' is not one of mandatory, recommended, retired", id="unknown-status"),
    pytest.param(":::{mandatory}\n:::", "empty_mandatory", 3, "the note has no content", id="empty-mandatory"),
    pytest.param(":::{standard} XYZ" + "9" * 5000 + "\n:title: T\n:url: https://e.org/\n:::", "bad_id", 3, "is not a standard ID: it is 5003 characters long", id="id-of-5000-digits"),
    pytest.param(":::{standard} XYZ0001\n:title: \u200b\u200b\n:url: https://e.org/\n:::", "missing_option", 4, ":title: option is empty (it holds only invisible characters)", id="zero-width-title"),
    pytest.param(":::{mandatory}\n% only a comment\n:::", "empty_mandatory", 3, "the note shows no text (only invisible characters or comments)", id="comment-only-mandatory"),
    pytest.param(":::{mandatory}\n\u200b\u200d\n:::", "empty_mandatory", 3, "the note shows no text", id="zero-width-mandatory"),
    pytest.param(":::{standard} XYZ0001\n:title: Clinical \u202eksiR\u202c Management\n:url: https://e.org/\n:::", "hidden_character", 4, "standard: :title: holds the invisible U+202C (POP DIRECTIONAL FORMATTING), U+202E (RIGHT-TO-LEFT OVERRIDE)", id="bidi-title"),
    pytest.param(":::{standard} XYZ0001\n:title: T\n:url: https://e.org/\n:applies-to: \u2067Suppliers\u2069\n:::", "hidden_character", 6, "standard: :applies-to: holds the invisible U+2067", id="bidi-applies-to"),
    pytest.param(":::{standard} XYZ0001\n:title: T\n:url: https://e.org/\n\nFirst.\n\nSecond \u200fpara.\n:::", "hidden_character", 9, "standard: the text holds the invisible U+200F (RIGHT-TO-LEFT MARK)", id="bidi-body"),
    pytest.param(":::{mandatory}\nMust \u202ecomply\u202c.\n:::", "hidden_character", 4, "mandatory: the text holds the invisible U+202C", id="bidi-mandatory"),
]  # fmt: skip


#: Every case of BAD_INPUT, by its id, as the page "<id>/page" of one site.
BAD_PAGES = {case.id: case.values[0] for case in BAD_INPUT}


@pytest.fixture(scope="module")
def bad_input(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with a page of each case of BAD_INPUT (not a site per case)."""
    return build_cases(tmp_path_factory.mktemp("bad-input"), BAD_PAGES)


@pytest.fixture(scope="module")
def bad_input_strict(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Site]:
    """``sphinx-build -W --keep-going`` run once over a site with a page of each case."""
    site = case_site(tmp_path_factory.mktemp("bad-input-strict"), BAD_PAGES)
    return (*site.build_strict(), site)


@pytest.mark.parametrize(("markup", "subtype", "line", "message"), BAD_INPUT)
def test_bad_input_gives_a_located_typed_warning(
    bad_input: BuildResult,
    request: pytest.FixtureRequest,
    markup: str,
    subtype: str,
    line: int,
    message: str,
) -> None:
    # page_with() puts "# Test page" and a blank line first: the markup starts on line 3.
    case = request.node.callspec.id
    assert BAD_PAGES[case] == markup
    lines = bad_input.warnings_in(case_folder(case))
    assert len(lines) == 1, bad_input.warnings
    assert lines[0].startswith(f"page.md:{line}: WARNING:")
    assert message in lines[0]
    assert lines[0].endswith(f"[nhs_assurance.{subtype}]")
    assert "Traceback" not in bad_input.warnings


def test_bad_input_warns_only_on_the_pages_of_the_cases(bad_input: BuildResult) -> None:
    assert bad_input.warnings_outside(map(case_folder, BAD_PAGES)) == []


@pytest.mark.parametrize(
    ("markup", "subtype"), [p.values[:2] for p in BAD_INPUT], ids=list(BAD_PAGES)
)
def test_bad_input_fails_a_strict_build(
    bad_input_strict: tuple[int, str, Site],
    request: pytest.FixtureRequest,
    markup: str,
    subtype: str,
) -> None:
    status, stderr, site = bad_input_strict
    case = request.node.callspec.id
    assert BAD_PAGES[case] == markup
    assert status == 1
    # The case's own warning, at its page: the strict build names every case's warning.
    page = f"{site.srcdir / case_folder(case) / 'page.md'}:"
    assert any(
        line.startswith(page) and line.endswith(f"[nhs_assurance.{subtype}]")
        for line in stderr.splitlines()
    ), stderr
    assert "Traceback" not in stderr


def test_good_input_passes_a_strict_build(site: Site) -> None:
    site.write_pages({"page": page_with(ENTRY)})
    assert site.build_strict() == (0, "")


def test_each_warning_type_can_be_suppressed(site: Site) -> None:
    markup = ":::{standard} XYZ0001\n:title: T\n:url: javascript:void(0)\n:::"
    result = build_page(
        site, markup, confoverrides={"suppress_warnings": ["nhs_assurance.bad_url"]}
    )
    assert result.warning_lines() == []


def test_unsafe_url_is_never_linked(pages: BuildResult) -> None:
    main = pages.main("unsafe-url/page")
    assert "javascript:" not in str(main)
    assert main.select_one(".nhs-standard-id").get_text() == "XYZ0001"  # shown, not linked


def test_author_text_is_escaped(pages: BuildResult) -> None:
    main = pages.main("author-text/page")
    assert main.select("script") == [] and main.select("b") == [] and main.select("img") == []
    entry = main.select_one("div.nhs-standard")
    assert entry.select_one(".nhs-standard-title").get_text() == (
        '<script>alert("t")</script> & <b onclick="x()">bold</b>'
    )
    assert entry.select_one(".nhs-applies-to").get_text() == "<img src=x onerror=alert(1)>"
    assert entry.select_one("a.nhs-standard-id")["href"] == "https://example.org/?a=1&b=2"


def test_two_entries_with_one_anchor_keep_the_page_valid(pages: BuildResult) -> None:
    ids = [tag["id"] for tag in pages.main("one-anchor/page").select("[id]")]
    assert ids.count("xyz0001") == 1
    assert "Traceback" not in pages.warnings


def test_raw_html_in_the_body_is_shown_as_text_with_a_warning(pages: BuildResult) -> None:
    entry = pages.main("raw-html/page").select_one("div.nhs-standard")
    assert entry.select("script") == []
    assert "<script>alert(1)</script>" in entry.get_text()
    lines = pages.warnings_in("raw-html")
    assert len(lines) == 1 and lines[0].endswith("[nhs_assurance.raw_html]")
    assert lines[0].startswith("page.md:")


def test_links_to_unsafe_schemes_in_the_body_lose_their_target_with_a_warning(
    pages: BuildResult,
) -> None:
    entry = pages.main("unsafe-links/page").select_one("div.nhs-standard")
    assert "javascript:" not in str(entry)
    assert "click" in entry.get_text()
    assert entry.select_one('a[href^="mailto:someone"]') is not None  # a safe scheme is kept
    lines = pages.warnings_in("unsafe-links")
    assert len(lines) == 1 and lines[0].endswith("[nhs_assurance.unsafe_link]")
    assert lines[0].startswith("page.md:")


def test_thousands_of_digits_never_stop_the_register(site: Site) -> None:
    # Before, sorting the register made the ID an int, which Python refuses past 4300 digits.
    long_id = "XYZ" + "9" * 5000
    result = build_page(
        site,
        f"""
        :::{{standard}} {long_id}
        :title: Too long
        :url: https://e.org/
        :::

        :::{{standard}} XYZ0001
        :title: Fictional standard
        :url: https://e.org/
        :::

        :::{{standard-list}}
        :::
        """,
    )
    (line,) = result.warning_lines()
    assert line.endswith("[nhs_assurance.bad_id]") and len(line) < 400
    rows = result.main("page").select("table tbody tr")
    assert [row.select_one("td").get_text(strip=True) for row in rows] == ["XYZ0001"]


def test_a_heading_of_the_id_leaves_the_entry_its_anchor(site: Site) -> None:
    result = build_page(
        site,
        """
        ## XYZ0001

        :::{standard} XYZ0001
        :title: Fictional standard
        :url: https://e.org/
        :::

        See {standard}`XYZ0001`.
        """,
    )
    assert result.warning_lines() == []
    main = result.main("page")
    assert main.select_one("#xyz0001").name == "div"  # the entry, not the heading's section
    heading = main.find("h2")
    assert heading.parent.name == "section" and heading.parent["id"] != "xyz0001"
    assert heading.select_one("a.headerlink")["href"] == f"#{heading.parent['id']}"
    assert main.select_one("a.reference[href$='#xyz0001']") is not None


def test_the_pages_without_a_mistake_warn_about_nothing(pages: BuildResult) -> None:
    assert pages.warnings_outside(["unsafe-url", "raw-html", "unsafe-links"]) == []
