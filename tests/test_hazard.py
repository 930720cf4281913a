# ruff: noqa: RUF001 -- the en dash of an entry's heading is what these tests check.
"""The hazard log (issue 14) as authors and readers meet it: the ``hazard`` entry, the
``{hazard}`` role, the ``hazard-log`` table and matrices, the exports, the warnings, the risk
matrix setting, incremental and parallel builds, and the other builders.

Every hazard here is fictional.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from helpers import (
    BASE_CONF,
    BuildResult,
    Site,
    build_cases,
    case_folder,
    located,
    page_with,
    soup,
    sphinx_build_in_process,
)
from nhs_assurance.core.hazard_columns import TEMPLATE_COLUMNS, header
from nhs_assurance.core.hazard_export import HEADER, schema

pytestmark = pytest.mark.build

#: A fixture site that writes the hazards' text fields as MyST field lists.
CONF = BASE_CONF.replace('["colon_fence"]', '["colon_fence", "fieldlist"]')

MEANING_3 = "undesirable, acceptable only when further reduction is impractical"
MEANING_4 = "mandatory elimination or control to reduce risk to an acceptable level"


def hazard(hazard_id: str, title: str = "", body: str = "", **options: str) -> str:
    """A ``hazard`` directive: *options* by name (underscores for hyphens), then *body*."""
    lines = [f":::{{hazard}} {hazard_id}"]
    if title:
        lines.append(f":title: {title}")
    options = {"severity": "Major", "likelihood": "Low", **options}
    lines += [f":{name.replace('_', '-')}: {value}" for name, value in options.items() if value]
    if body:
        lines += ["", body.strip()]
    lines.append(":::")
    return "\n".join(lines) + "\n"


FULL = hazard(
    "HAZ-901",
    "A referral is sent to a fictional service that has closed",
    body="""
The fictional directory still lists the service.

:Causes:
  - The directory is updated weekly.
  - A cached result is shown.
:Effect: The referral waits unread.
:Harm: Delayed treatment.
:Existing controls: The service page says it is closed.
:Additional controls:
  - Design: only open services are listed.
:Evidence: Fictional test report TR-901.
""",
    severity="Major",
    likelihood="Low",
    residual_severity="major",
    residual_likelihood="VERY LOW",
    status="closed",
    owner="Fictional Clinical Safety Officer",
    standards="XYZ0001",
)

STANDARD = """
:::{standard} XYZ0001
:title: Fictional Standard
:url: https://example.org/xyz0001
:::
"""


@pytest.fixture
def hsite(tmp_path: Path) -> Site:
    """A fixture site whose MyST reads field lists."""
    return Site(tmp_path, conf=CONF)


def text_of(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


# -- the entry -----------------------------------------------------------------------------------


def test_the_entry_shows_id_title_ratings_with_meanings_status_and_owner(hsite: Site) -> None:
    hsite.write_pages({"safety": page_with(STANDARD + FULL)})
    result = hsite.build()
    assert result.warning_lines() == []
    entry = result.main("safety").select_one("div.nhs-hazard#haz-901")
    assert entry is not None
    heading = entry.select_one(".nhs-hazard-heading")
    assert heading.name == "h2"
    assert text_of(heading).startswith(
        "HAZ-901 – A referral is sent to a fictional service that has closed"
    )
    facts = {
        text_of(dt).rstrip(" :"): text_of(dd)
        for dt, dd in zip(
            entry.select("dl.nhs-hazard-facts > dt"),
            entry.select("dl.nhs-hazard-facts > dd"),
            strict=True,
        )
    }
    assert facts == {
        "Initial risk": f"Severity Major, likelihood Low: rating 3 ({MEANING_3})",
        "Residual risk": "Severity Major, likelihood Very low: rating 2 (acceptable where the "
        "cost of further reduction outweighs the benefits gained)",
        "Status": "Closed",
        "Owner": "Fictional Clinical Safety Officer",
        "Standards": "XYZ0001",
    }
    assert entry.select_one("dl.nhs-hazard-facts a[href='#xyz0001']") is not None
    fields = [text_of(dt).rstrip(" :") for dt in entry.select("dl.nhs-hazard-fields > dt")]
    assert fields == [
        "Causes", "Effect", "Harm", "Existing controls", "Additional controls", "Evidence",
    ]  # fmt: skip
    assert "The fictional directory still lists" in text_of(entry.select_one(".nhs-hazard-body"))


def test_fields_are_shown_in_log_order_whatever_order_they_are_written(hsite: Site) -> None:
    body = ":Evidence: Report.\n:harm: Delay.\n:Cause: A slip."
    hsite.write_pages({"safety": page_with(hazard("HAZ-1", "Fictional", body=body))})
    result = hsite.build()
    assert result.warning_lines() == []
    entry = result.main("safety").select_one("#haz-1")
    assert [text_of(dt).rstrip(" :") for dt in entry.select("dl.nhs-hazard-fields > dt")] == [
        "Causes",
        "Harm",
        "Evidence",
    ]


# -- the warnings --------------------------------------------------------------------------------

WARNINGS = {
    "missing_title": (
        hazard("HAZ-1"),
        "page.md:3: WARNING: hazard HAZ-1: the :title: option is missing "
        "[nhs_assurance.missing_option]",
    ),
    "invisible_title": (
        hazard("HAZ-1", "\u200b\u200b"),
        # As for a standard's title: one reading of a required option, one message.
        "page.md:4: WARNING: hazard HAZ-1: the :title: option is empty (it holds only invisible "
        "characters) [nhs_assurance.missing_option]",
    ),
    "bidi_title": (
        hazard("HAZ-1", "Fictional \u202eksiR\u202c hazard"),
        "page.md:4: WARNING: hazard HAZ-1: :title: holds the invisible U+202C (POP DIRECTIONAL "
        "FORMATTING), U+202E (RIGHT-TO-LEFT OVERRIDE), which changes the order its text is shown "
        "in (words can read backwards); remove it [nhs_assurance.hidden_character]",
    ),
    "bidi_field": (
        hazard("HAZ-1", "Fictional", body=":Harm: Delayed \u202etnemtaert\u202c."),
        "page.md:8: WARNING: hazard HAZ-1: the text holds the invisible U+202C (POP DIRECTIONAL "
        "FORMATTING), U+202E (RIGHT-TO-LEFT OVERRIDE), which changes the order its text is shown "
        "in (words can read backwards); remove it [nhs_assurance.hidden_character]",
    ),
    "bad_id": (
        hazard("HAZ 1", "Fictional"),
        "page.md:3: WARNING: hazard: 'HAZ 1' is not a hazard ID: expected letters then digits, "
        "optionally joined by one hyphen (e.g. 'HAZ-001') [nhs_assurance.bad_id]",
    ),
    "bad_severity": (
        hazard("HAZ-1", "Fictional", severity="Huge"),
        "page.md:5: WARNING: hazard HAZ-1: :severity: 'Huge' is not a severity: expected one of "
        "Minor, Significant, Considerable, Major, Catastrophic (in any case) "
        "[nhs_assurance.bad_risk_category]",
    ),
    "bad_likelihood": (
        hazard("HAZ-1", "Fictional", likelihood="Often"),
        "page.md:6: WARNING: hazard HAZ-1: :likelihood: 'Often' is not a likelihood: expected "
        "one of Very low, Low, Medium, High, Very high (in any case) "
        "[nhs_assurance.bad_risk_category]",
    ),
    "incomplete_residual": (
        hazard("HAZ-1", "Fictional", residual_likelihood="Low"),
        "page.md:7: WARNING: hazard HAZ-1: :residual-likelihood: is given without "
        ":residual-severity:; a residual assessment needs both, so none is shown "
        "[nhs_assurance.incomplete_residual]",
    ),
    "residual_above_initial": (
        hazard("HAZ-1", "Fictional", residual_severity="Catastrophic", residual_likelihood="Low"),
        "page.md:7: WARNING: hazard HAZ-1: the residual risk rating (4: Catastrophic, Low) is "
        "higher than the initial one (3: Major, Low) [nhs_assurance.residual_above_initial]",
    ),
    "closed_without_residual": (
        hazard("HAZ-1", "Fictional", status="closed"),
        "page.md:7: WARNING: hazard HAZ-1: the hazard is closed but has no residual assessment "
        "(:residual-severity: and :residual-likelihood:) [nhs_assurance.closed_at_risk]",
    ),
    "closed_at_4": (
        hazard(
            "HAZ-1",
            "Fictional",
            severity="Catastrophic",
            likelihood="Medium",
            residual_severity="Catastrophic",
            residual_likelihood="Low",
            status="closed",
        ),
        "page.md:9: WARNING: hazard HAZ-1: the hazard is closed with a residual risk rating of 4 "
        f"({MEANING_4}) [nhs_assurance.closed_at_risk]",
    ),
    "bad_status": (
        hazard("HAZ-1", "Fictional", status="done"),
        "page.md:7: WARNING: hazard HAZ-1: :status: 'done' is not one of open, transferred, "
        "closed; the hazard is shown as open [nhs_assurance.bad_status]",
    ),
    "unknown_standard": (
        hazard("HAZ-1", "Fictional", standards="XYZ0009"),
        "page.md:7: WARNING: standard: no page declares 'XYZ0009'; the reference is shown as "
        "plain text [nhs_assurance.unknown_standard]",
    ),
    "standards_not_an_id": (
        hazard("HAZ-1", "Fictional", standards="the DCB one"),
        "page.md:7: WARNING: hazard HAZ-1: :standards: 'the DCB one' is not a standard ID: "
        "expected IDs separated by commas (e.g. 'DCB0129, DCB0160') [nhs_assurance.bad_id]",
    ),
    "unknown_field": (
        hazard("HAZ-1", "Fictional", body=":Risk: High."),
        "page.md:8: WARNING: hazard HAZ-1: 'Risk' is not a field of a hazard: expected one of "
        "Causes, Effect, Harm, Existing controls, Initial justification, Additional controls, Evidence, Residual justification; it is shown as "
        "part of the description [nhs_assurance.hazard_field]",
    ),
    "field_twice": (
        hazard("HAZ-1", "Fictional", body=":Harm: Delay.\n:Harms: Worry."),
        "page.md:9: WARNING: hazard HAZ-1: the field 'Harm' is given twice; both are kept, in "
        "order [nhs_assurance.hazard_field]",
    ),
    "unknown_hazard": (
        "See {hazard}`HAZ-999`.\n",
        "page.md:3: WARNING: hazard: no page declares 'HAZ-999'; the reference is shown as plain "
        "text [nhs_assurance.unknown_hazard]",
    ),
    "log_bad_status": (
        ":::{hazard-log}\n:status: open, done\n:::\n",
        "page.md:3: WARNING: hazard-log: :status: 'done' is not one of open, transferred, closed; "
        "it filters nothing [nhs_assurance.bad_status]",
    ),
}


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with a page of each case of WARNINGS (not a site per case)."""
    bodies = {case: body for case, (body, _) in WARNINGS.items()}
    return build_cases(tmp_path_factory.mktemp("mistakes"), bodies, CONF)


@pytest.mark.parametrize("case", list(WARNINGS))
def test_each_mistake_gets_one_located_typed_warning(mistakes: BuildResult, case: str) -> None:
    _, expected = WARNINGS[case]
    assert mistakes.warnings_in(case_folder(case)) == [expected]


def test_the_mistakes_warn_only_on_the_pages_of_the_cases(mistakes: BuildResult) -> None:
    assert mistakes.warnings_outside(map(case_folder, WARNINGS)) == []


def test_a_duplicate_id_on_another_page_is_warned_and_the_first_wins(hsite: Site) -> None:
    hsite.write_pages(
        {
            "a": page_with(hazard("HAZ-7", "First declaration")),
            "b": page_with(hazard("haz-007", "Not a duplicate") + hazard("HAZ-7", "Second")),
            "log": page_with(":::{hazard-log}\n:::\n"),
        }
    )
    result = hsite.build()
    assert located(result, hsite) == [
        "b.md:8: WARNING: hazard HAZ-7 is declared again here; the first declaration, at "
        "a.md:3, is the one the site uses [nhs_assurance.duplicate_hazard]"
    ]
    rows = [text_of(tr.td) for tr in result.main("log").select("table.nhs-hazard-log tbody tr")]
    # Sorted by ID: the same number, then as written (HAZ-007 before HAZ-7).
    assert rows == ["haz-007", "HAZ-7"]
    second = result.main("log").select("table.nhs-hazard-log tbody tr")[1]
    assert "First declaration" in text_of(second)


def test_body_fields_without_mysts_fieldlist_are_warned_about(site: Site) -> None:
    result = build_one(site, hazard("HAZ-1", "Fictional", body=":Causes: A slip."))
    assert located(result, site) == [
        "page.md:8: WARNING: hazard HAZ-1: the field :Causes: is read as text: hazard fields "
        'need MyST\'s fieldlist extension (add "fieldlist" to myst_enable_extensions) '
        "[nhs_assurance.hazard_field]"
    ]


def build_one(site: Site, body: str, **options: object) -> BuildResult:
    site.write_pages({"page": page_with(body)})
    return site.build(**options)  # type: ignore[arg-type]


# -- the role ------------------------------------------------------------------------------------


def test_a_heading_of_the_id_leaves_the_hazard_its_anchor(hsite: Site) -> None:
    # As for a standard: the entry, not a heading that names it, holds the anchor links use.
    # (Before the two kinds shared one directive base, the heading kept it, and links to the
    # hazard led to the heading.)
    hsite.write_pages(
        {
            "page": page_with(
                "## HAZ-901\n\n" + hazard("HAZ-901", "Fictional") + "\n\nSee {hazard}`HAZ-901`.\n"
            )
        }
    )
    result = hsite.build()
    assert result.warning_lines() == []
    main = result.main("page")
    assert main.select_one("#haz-901")["class"][0] == "nhs-hazard"
    heading = main.find("h2")
    assert heading.parent.name == "section" and heading.parent["id"] != "haz-901"
    assert main.select_one("a.reference[href$='#haz-901']") is not None


def test_the_role_links_case_insensitively_with_an_explicit_title(hsite: Site) -> None:
    hsite.write_pages(
        {
            "safety": page_with(FULL.replace(":standards: XYZ0001\n", "")),
            "other": page_with("See {hazard}`haz-901` and {hazard}`this one <HAZ-901>`.\n"),
        }
    )
    result = hsite.build()
    assert result.warning_lines() == []
    links = result.main("other").select("a.reference.internal")
    assert [(a["href"], text_of(a)) for a in links] == [
        ("safety.html#haz-901", "HAZ-901"),
        ("safety.html#haz-901", "this one"),
    ]
    assert links[0]["title"] == "HAZ-901: A referral is sent to a fictional service that has closed"
    assert not (result.outdir / "other.html").read_text("utf-8").count("HAZ-999")


def test_objects_inv_lists_hazards(hsite: Site) -> None:
    hsite.write_pages({"safety": page_with(hazard("HAZ-12", "Fictional"))})
    result = hsite.build()
    domain = result.app.env.domains["nhs"]
    assert ("HAZ-12", "HAZ-12", "hazard", "safety", "haz-12", 1) in list(domain.get_objects())


# -- the log and the matrices -------------------------------------------------------------------

LOG_PAGES = {
    "one": page_with(
        hazard("HAZ-10", "Tenth", status="transferred")
        + hazard("HAZ-2", "Second", residual_severity="Major", residual_likelihood="Very low"),
        title="One",
    ),
    "two": page_with(
        hazard("HAZ-1", "First", severity="Catastrophic", likelihood="High")
        + hazard(
            "HAZ-3",
            "Third",
            residual_severity="Minor",
            residual_likelihood="Low",
            status="closed",
        ),
        title="Two",
    ),
    "log": page_with(
        ":::{hazard-log}\n:::\n\n## Open only\n\n:::{hazard-log}\n:status: open\n:::\n"
    ),
}


@pytest.fixture
def log_build(hsite: Site) -> BuildResult:
    hsite.write_pages(LOG_PAGES)
    result = hsite.build()
    assert result.warning_lines() == []
    return result


def log_rows(table: object) -> list[list[str]]:
    return [[text_of(cell) for cell in tr.find_all(["td", "th"])] for tr in table.select("tr")]  # type: ignore[attr-defined]


def test_the_log_lists_every_hazard_sorted_by_id_and_filters_by_status(
    log_build: BuildResult,
) -> None:
    main = log_build.main("log")
    full, open_only = main.select("table.nhs-hazard-log")
    rows = log_rows(full)
    assert rows[0] == ["ID", "Title", "Initial rating", "Residual rating", "Status", "Page"]
    assert [row[0] for row in rows[1:]] == ["HAZ-1", "HAZ-2", "HAZ-3", "HAZ-10"]
    assert rows[1] == ["HAZ-1", "First", "5 (unacceptable)", "Not assessed", "Open", "Two"]
    assert rows[3][2:5] == [f"3 ({MEANING_3})", "1 (acceptable, no further action required)",
                            "Closed"]  # fmt: skip
    assert rows[4][4] == "Transferred"
    links = [a["href"] for a in full.select("tbody tr td:first-child a")]
    assert links == ["two.html#haz-1", "one.html#haz-2", "two.html#haz-3", "one.html#haz-10"]
    assert [row[0] for row in log_rows(open_only)[1:]] == ["HAZ-1", "HAZ-2"]


def matrix_cells(table: object) -> dict[tuple[str, str], str]:
    """Each cell of a matrix by (likelihood, severity): its visible text."""
    header = [text_of(th) for th in table.select("thead th")]  # type: ignore[attr-defined]
    cells = {}
    for tr in table.select("tbody tr"):  # type: ignore[attr-defined]
        row_header = tr.find("th")
        assert row_header is not None and "stub" in row_header["class"]
        for severity, td in zip(header[1:], tr.find_all("td"), strict=True):
            visible = [
                text_of(span)
                for span in td.select("span")
                if "nhs-visually-hidden" not in span.get("class", [])
            ]
            cells[(text_of(row_header), severity)] = " / ".join(visible)
    return cells


def test_the_matrices_are_tables_with_headers_ratings_and_counts(log_build: BuildResult) -> None:
    main = log_build.main("log")
    initial, residual = main.select("table.nhs-risk-matrix")[:2]
    assert text_of(initial.caption).startswith("Initial risk: number of hazards in each cell")
    assert text_of(residual.caption).startswith("Residual risk:")
    assert [text_of(th) for th in initial.select("thead th")] == [
        "Likelihood", "Minor", "Significant", "Considerable", "Major", "Catastrophic",
    ]  # fmt: skip
    assert [text_of(tr.th) for tr in initial.select("tbody tr")] == [
        "Very high", "High", "Medium", "Low", "Very low",
    ]  # fmt: skip
    cells = matrix_cells(initial)
    assert cells[("High", "Catastrophic")] == "Rating 5 / 1 hazard"
    assert cells[("Low", "Major")] == "Rating 3 / 3 hazards"
    assert cells[("Very high", "Minor")] == "Rating 3 / No hazards"
    # Every published cell, with its rating.
    assert cells[("Medium", "Catastrophic")].startswith("Rating 4")
    assert cells[("Very low", "Significant")].startswith("Rating 1")
    residual_cells = matrix_cells(residual)
    assert residual_cells[("Very low", "Major")] == "Rating 2 / 1 hazard"
    assert residual_cells[("Low", "Minor")] == "Rating 1 / 1 hazard"
    assert sum(int(c.split(" / ")[1].split()[0]) for c in residual_cells.values()
               if "No hazards" not in c) == 2  # fmt: skip
    # Screen readers hear each rating's meaning in the cell; sighted readers have the legend.
    cell = initial.select("tbody tr")[3].find_all("td")[3]
    assert text_of(cell) == f"Rating 3 ({MEANING_3}) , 3 hazards"
    not_counted = main.select("p.nhs-risk-not-counted")[0]
    assert (
        " ".join(not_counted.get_text().split())
        == "Not counted (no valid residual assessment): HAZ-1, HAZ-10"
    )
    legend = main.select_one("table.nhs-risk-legend")
    assert log_rows(legend)[4] == ["4", MEANING_4]
    downloads = [a["href"] for a in main.select("p.nhs-hazard-downloads a")]
    assert downloads[:3] == ["hazards.csv", "hazards.xlsx", "hazards.json"]


def test_an_empty_log_says_so(hsite: Site) -> None:
    result = build_one(hsite, ":::{hazard-log}\n:status: closed\n:::\n")
    assert "No hazards with the status closed are declared on this site." in text_of(
        result.main("page")
    )


def test_a_configured_matrix_rates_and_means_what_it_says(hsite: Site) -> None:
    from nhs_assurance.core.risk_matrix import default_matrix_config

    matrix = default_matrix_config()
    matrix["ratings"]["Low"]["Minor"] = 2  # 1 in the published matrix
    matrix["meanings"][2] = "fictional: review within a week"
    hsite.conf = CONF + f"nhs_assurance_risk_matrix = {matrix!r}\n"
    body = hazard("HAZ-1", "Fictional", severity="Minor") + ":::{hazard-log}\n:::\n"
    result = build_one(hsite, body)
    assert result.warning_lines() == []
    main = result.main("page")
    assert "likelihood Low: rating 2 (fictional: review within a week)" in text_of(main)
    assert matrix_cells(main.select_one("table.nhs-risk-matrix"))[("Low", "Minor")] == (
        "Rating 2 / 1 hazard"
    )


def test_an_inconsistent_matrix_stops_the_build_naming_every_problem(hsite: Site) -> None:
    hsite.conf = (
        CONF
        + "nhs_assurance_risk_matrix = {'ratings': {'Very low': {'Minor': 9}}, 'colours': {}}\n"
    )
    hsite.write_pages({"page": page_with(hazard("HAZ-1", "Fictional"))})
    status, stderr = hsite.build_strict()
    assert status != 0
    assert "Configuration error" in stderr
    assert "nhs_assurance_risk_matrix is not a usable risk matrix:" in stderr
    for problem in (
        "unknown key 'colours'",
        "'ratings': no likelihood 'Low', 'Medium', 'High', 'Very high'",
        "no severity 'Significant', 'Considerable', 'Major', 'Catastrophic'",
        "the rating of 'Minor' must be an integer from 1 to 5, not 9",
    ):
        assert problem in stderr, problem


# -- the exports ---------------------------------------------------------------------------------


def test_hazards_json_follows_the_schema_and_holds_every_field(hsite: Site) -> None:
    hsite.write_pages({"safety": page_with(STANDARD + FULL + hazard("HAZ-2", "Open one"))})
    result = hsite.build()
    document = json.loads((result.outdir / "hazards.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(document)
    second, first = document["hazards"]  # sorted by ID: HAZ-2 before HAZ-901
    assert first["id"] == "HAZ-901" and second["id"] == "HAZ-2"
    assert first["page"] == "safety.html" and first["anchor"] == "haz-901"
    assert first["initial"] == {
        "severity": "Major",
        "likelihood": "Low",
        "rating": 3,
        "justification": "",
    }
    assert first["residual"] == {
        "severity": "Major",
        "likelihood": "Very low",
        "rating": 2,
        "justification": "",
    }
    assert second["residual"] is None and second["status"] == "open"
    assert first["standards"] == ["XYZ0001"]
    assert first["causes"] == "• The directory is updated weekly.\n• A cached result is shown."
    assert first["additional_controls"] == "• Design: only open services are listed."
    assert first["description"] == "The fictional directory still lists the service."


def test_csv_and_xlsx_hold_the_same_log(hsite: Site) -> None:
    hsite.write_pages({"safety": page_with(STANDARD + FULL + hazard("HAZ-2", "=1+1"))})
    result = hsite.build()
    rows = list(csv.reader(io.StringIO((result.outdir / "hazards.csv").read_text("utf-8"))))
    assert rows[0] == list(HEADER)
    assert [row[0] for row in rows[1:]] == ["HAZ-2", "HAZ-901"]
    by_header = dict(zip(HEADER, rows[2], strict=True))
    assert by_header["ID"] == "HAZ-901"
    assert by_header["Initial rating"] == "3"
    assert by_header["Initial rating meaning"] == MEANING_3
    assert by_header["Status"] == "closed"
    assert by_header["Page"] == "safety.html#haz-901"
    assert rows[1][1] == "'=1+1"  # never a formula
    book = openpyxl.load_workbook(result.outdir / "hazards.xlsx")
    assert book.sheetnames == ["Hazard Log", "Controls", "Version History", "Risk Matrix"]
    log = book["Hazard Log"]
    sheet = [list(row) for row in log.iter_rows(values_only=True)]
    assert sheet[0] == list(header(TEMPLATE_COLUMNS))
    by_header = dict(zip(sheet[0], sheet[2], strict=True))
    assert (by_header["No."], by_header["Initial Risk"], by_header["Status"]) == (
        "HAZ-901", 3, "closed",
    )  # fmt: skip
    assert sheet[1][3] == "=1+1" and log["D2"].data_type == "s" and log["D2"].quotePrefix


def test_exports_are_rewritten_only_when_the_log_changes(hsite: Site) -> None:
    hsite.write_pages({"safety": page_with(FULL.replace(":standards: XYZ0001\n", ""))})
    first = hsite.build()
    paths = [first.outdir / name for name in ("hazards.json", "hazards.csv", "hazards.xlsx")]
    stamps = [path.stat().st_mtime_ns for path in paths]
    hsite.write("other.md", "# Other\n\nUnrelated text.\n")
    hsite.build()
    assert [path.stat().st_mtime_ns for path in paths] == stamps
    with zipfile.ZipFile(paths[2]) as archive:
        assert "1980-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_the_exports_and_their_links_are_published_with_the_web_site_only(
    hsite: Site, builder: str
) -> None:
    # dirhtml is a web site: the files and the links to them; singlehtml (as the accessible
    # PDF's builder, which prints it) is one page to print or pack: neither, never one alone.
    hsite.write_pages({"safety": page_with(FULL + ":::{hazard-log}\n:::\n")})
    result = hsite.build(builder)
    exports = {name: (result.outdir / name).exists() for name in ("hazards.csv", "standards.json")}
    page = {"dirhtml": "safety/index.html", "singlehtml": "index.html"}[builder]
    html = soup(result.outdir / page)
    assert html.select_one("table.nhs-hazard-log") is not None  # the log is on the page
    links = html.select("p.nhs-hazard-downloads a")
    published = builder == "dirhtml"
    assert exports == {"hazards.csv": published, "standards.json": published}
    assert bool(links) is published


# -- incremental and parallel builds -------------------------------------------------------------


def test_a_likelihood_changed_on_one_page_updates_log_matrices_and_exports(hsite: Site) -> None:
    hsite.write_pages(LOG_PAGES | {"refs": page_with("See {hazard}`HAZ-2`.\n")})
    before = hsite.build()
    assert before.warning_lines() == []
    hsite.write(
        "one.md",
        LOG_PAGES["one"].replace(":likelihood: Low", ":likelihood: Very high", 1),
    )
    after = hsite.build()
    assert "0 added, 1 changed, 0 removed" in after.status
    written = after.written()
    assert {"one", "log"} <= written
    assert "two" not in written
    rows = log_rows(after.main("log").select_one("table.nhs-hazard-log"))
    assert rows[4][0] == "HAZ-10" and rows[4][2] == "5 (unacceptable)"
    cells = matrix_cells(after.main("log").select_one("table.nhs-risk-matrix"))
    assert cells[("Very high", "Major")] == "Rating 5 / 1 hazard"
    assert cells[("Low", "Major")] == "Rating 3 / 2 hazards"
    document = json.loads((after.outdir / "hazards.json").read_text("utf-8"))
    tenth = next(h for h in document["hazards"] if h["id"] == "HAZ-10")
    assert tenth["initial"] == {
        "severity": "Major",
        "likelihood": "Very high",
        "rating": 5,
        "justification": "",
    }
    assert "5,unacceptable" in (after.outdir / "hazards.csv").read_text("utf-8")


def test_a_new_title_rewrites_pages_referring_to_the_hazard(hsite: Site) -> None:
    hsite.write_pages(LOG_PAGES | {"refs": page_with("See {hazard}`HAZ-2`.\n")})
    hsite.build()
    hsite.write("one.md", LOG_PAGES["one"].replace(":title: Second", ":title: Renamed"))
    after = hsite.build()
    assert after.main("refs").select_one("a.reference")["title"] == "HAZ-2: Renamed"


def test_parallel_build_is_identical_to_serial(hsite: Site, tmp_path: Path) -> None:
    pages = {}
    for n in range(14):
        body = hazard(
            f"HAZ-{n}",
            f"Fictional hazard {n}",
            likelihood=("Low", "Medium", "High")[n % 3],
            status=("open", "transferred", "closed")[n % 3],
            residual_severity="Major" if n % 3 == 2 else "",
            residual_likelihood="Very low" if n % 3 == 2 else "",
        )
        if n:
            body += f"\nSee {{hazard}}`HAZ-{n - 1}`.\n"
        if n == 7:
            body += hazard("HAZ-2", "Duplicate of two")
        pages[f"page{n:02d}"] = page_with(body, title=f"Page {n}")
    pages["log"] = page_with(":::{hazard-log}\n:::\n")
    hsite.write_pages(pages)

    serial = hsite.build(builddir=tmp_path / "serial")
    parallel = hsite.build(builddir=tmp_path / "parallel", parallel=4)
    assert " .. " in parallel.status
    assert "safe for parallel" not in parallel.warnings
    assert len(serial.warning_lines()) == 1  # the duplicate
    assert serial.warning_lines() == parallel.warning_lines()
    for name in ("hazards.json", "hazards.csv", "hazards.xlsx"):
        assert (serial.outdir / name).read_bytes() == (parallel.outdir / name).read_bytes(), name
    for page in [*pages, "index"]:
        assert str(serial.main(page)) == str(parallel.main(page)), page


# -- the other builders --------------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["text", "man", "texinfo", "latex"])
def test_every_builder_shows_the_entry_and_the_log_without_a_warning(
    hsite: Site, builder: str
) -> None:
    hsite.write_pages(LOG_PAGES | {"safety": page_with(STANDARD + FULL)})
    (hsite.srcdir / "conf.py").write_text(hsite.conf, encoding="utf-8")
    out = hsite.root / builder
    status, stderr = sphinx_build_in_process(
        "-b", builder, "-W", "--keep-going", "-q", hsite.srcdir, out
    )
    assert (status, stderr) == (0, "")
    text = " ".join(
        path.read_text("utf-8", errors="replace")
        for path in out.rglob("*")
        if path.suffix in {".txt", ".1", ".texi", ".tex"}
    )
    # As each format escapes a hyphen.
    text = text.replace("\\sphinxhyphen{}", "-").replace("\\-", "-")
    flat = " ".join(text.split())
    assert "HAZ-901" in flat
    assert "rating 3" in flat
    assert "Rating 5" in flat  # a matrix cell
    # Its count: the text builder wraps "1 hazard" inside the cell, the others do not.
    assert ("Rating 5, 1 " if builder == "text" else "1 hazard") in flat
    assert "Not counted (no valid residual assessment)" in flat
    if builder == "latex":
        assert r"\begin{longtable}" in text
    if builder == "text":
        assert "HAZ-901 – A referral is sent to a fictional service that has closed" in flat
        assert "Initial risk: Severity Major, likelihood Low: rating 3" in flat
