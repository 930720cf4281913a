"""The standards registry: references, the site-wide tables, the export, search and intersphinx."""

from __future__ import annotations

import json
import posixpath
import textwrap

import jsonschema
import pytest
from helpers import BuildResult, Site, page_with
from nhs_assurance import setup
from nhs_assurance.core.standard import schema
from sphinx.util.inventory import InventoryFile


def entry(std_id: str, title: str, status: str = "mandatory", body: str = "Body text.") -> str:
    status_line = f":status: {status}\n" if status else ""
    return (
        f":::{{standard}} {std_id}\n:title: {title}\n:url: https://example.org/{std_id.lower()}\n"
        f"{status_line}:applies-to: testers\n\n{body}\n:::\n"
    )


def registry_site(site: Site) -> None:
    site.write_pages(
        {
            "alpha": page_with(
                "## Entries\n\n"
                + entry("XYZ0002", "Second Fictional Standard")
                + "\n"
                + entry("XYZ0001", "First Fictional Standard", status="recommended"),
                title="Alpha page",
            ),
            "beta": page_with(
                entry("ABC0010", "Tenth Fictional Standard", status="")
                + "\n:::{mandatory}\nFollow {standard}`XYZ0001` and [the text](https://example.org/t).\n:::\n",
                title="Beta page",
            ),
            "refs": page_with(
                "See {standard}`XYZ0001`, {standard}`the second <xyz0002>` and {standard}`abc0010`.",
                title="References",
            ),
            "register": page_with(
                ":::{standard-list}\n:::\n\n:::{mandatory-list}\n:::\n", title="Register"
            ),
        }
    )


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """``registry_site`` built once, for the tests that only read it."""
    site = Site(tmp_path_factory.mktemp("registry"))
    registry_site(site)
    return site.build()


# -- the role ---------------------------------------------------------------------------------


@pytest.mark.build
def test_role_links_to_the_entry_on_another_page(registry: BuildResult) -> None:
    result = registry
    links = result.main("refs").select("p a.reference")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("XYZ0001", "alpha.html#xyz0001"),
        ("the second", "alpha.html#xyz0002"),
        ("ABC0010", "beta.html#abc0010"),  # the declared ID, whatever case was typed
    ]
    assert links[0]["title"] == "XYZ0001: First Fictional Standard"
    assert result.warning_lines() == []


@pytest.mark.build
def test_role_to_an_undeclared_id_warns_and_renders_plain_text(site: Site) -> None:
    site.write_pages({"page": page_with("Text.\n\nSee {standard}`XYZ9999` here.")})
    result = site.build()
    paragraph = result.main("page").select("p")[-1]
    assert paragraph.get_text() == "See XYZ9999 here."
    assert paragraph.select("a") == []
    lines = result.warning_lines()
    assert len(lines) == 1
    assert "page.md:5: WARNING: standard: no page declares 'XYZ9999'" in lines[0]
    assert lines[0].endswith("[nhs_assurance.unknown_standard]")


@pytest.mark.build
def test_role_with_the_domain_prefix_works_too(site: Site) -> None:
    site.write_pages(
        {"page": page_with(entry("XYZ0001", "Fictional") + "\nSee {nhs:standard}`XYZ0001`.")}
    )
    result = site.build()
    assert result.main("page").select_one("p a.reference")["href"] == "#xyz0001"


# -- the table of standards ---------------------------------------------------------------------


def table_rows(table) -> list[list[str]]:
    return [
        [" ".join(cell.get_text().split()) for cell in row.select("th, td")]
        for row in table.select("tr")
    ]


@pytest.mark.build
def test_standard_list_shows_every_standard_sorted_by_id(registry: BuildResult) -> None:
    result = registry
    table = result.main("register").select_one("table.nhs-standard-list")
    assert table_rows(table) == [
        ["ID", "Title", "Status", "Applies to", "Page"],
        ["ABC0010", "Tenth Fictional Standard", "", "testers", "Beta page"],
        ["XYZ0001", "First Fictional Standard", "Recommended", "testers", "Alpha page"],
        ["XYZ0002", "Second Fictional Standard", "Mandatory", "testers", "Alpha page"],
    ]
    id_links = [a["href"] for a in table.select("tbody tr td:first-child a")]
    assert id_links == ["beta.html#abc0010", "alpha.html#xyz0001", "alpha.html#xyz0002"]
    page_links = [a["href"] for a in table.select("tbody tr td:last-child a")]
    assert page_links == ["beta.html", "alpha.html", "alpha.html"]
    assert table.select("thead th")  # a real header row, for screen readers and PDF


@pytest.mark.build
def test_standard_list_filters_by_status(site: Site) -> None:
    registry_site(site)
    site.write("register.md", page_with(":::{standard-list}\n:status: mandatory, recommended\n:::"))
    table = site.build().main("register").select_one("table.nhs-standard-list")
    assert [row[0] for row in table_rows(table)[1:]] == ["XYZ0001", "XYZ0002"]


@pytest.mark.build
def test_standard_list_that_matches_nothing_says_so(site: Site) -> None:
    registry_site(site)
    site.write("register.md", page_with(":::{standard-list}\n:status: retired\n:::"))
    main = site.build().main("register")
    assert main.select("table") == []
    assert "No standards with the status retired are declared on this site." in main.get_text()


@pytest.mark.build
def test_standard_list_with_an_unknown_status_warns(site: Site) -> None:
    registry_site(site)
    site.write("register.md", page_with(":::{standard-list}\n:status: obsolete\n:::"))
    lines = site.build().warning_lines()
    assert len(lines) == 1
    assert "register.md:3: WARNING: standard-list: :status: 'obsolete'" in lines[0]
    assert lines[0].endswith("[nhs_assurance.bad_status]")


@pytest.mark.build
def test_no_index_entries_stay_off_the_register(site: Site) -> None:
    site.write_pages(
        {
            "page": page_with(
                entry("XYZ0001", "Listed")
                + "\n:::{standard} XYZ0002\n:title: Example\n:url: https://e.org/\n:no-index:\n:::\n"
                + "\n:::{mandatory}\n:no-index:\nExample only.\n:::\n"
                + "\n:::{standard-list}\n:::\n\n:::{mandatory-list}\n:::\n"
            )
        }
    )
    result = site.build()
    main = result.main("page")
    assert [row[0] for row in table_rows(main.select_one("table.nhs-standard-list"))[1:]] == [
        "XYZ0001"
    ]
    assert "No mandatory notes are declared on this site." in main.get_text()
    ids = [s["id"] for s in json.loads((result.outdir / "standards.json").read_text())["standards"]]
    assert ids == ["XYZ0001"]


# -- the compliance register -----------------------------------------------------------------


@pytest.mark.build
def test_mandatory_list_links_each_note_back_to_where_it_stands(site: Site) -> None:
    registry_site(site)
    site.write(
        "alpha.md",
        page_with(
            "## Entries\n\n"
            + entry("XYZ0002", "Second Fictional Standard")
            + "\n"
            + entry("XYZ0001", "First Fictional Standard", status="recommended")
            + "\n:::{mandatory} Legal\nAlpha requirement.\n:::\n",
            title="Alpha page",
        ),
    )
    result = site.build()
    table = result.main("register").select_one("table.nhs-mandatory-list")
    rows = table_rows(table)
    assert rows == [
        ["Requirement", "Where it stands"],
        ["Legal Alpha requirement.", "Alpha page"],
        ["Mandatory Follow XYZ0001 and the text.", "Beta page"],
    ]
    where = [a["href"] for a in table.select("tbody tr td:last-child a")]
    assert where == ["alpha.html#mandatory-0", "beta.html#mandatory-0"]
    # Its text keeps its links: to the standard's entry and to the web.
    links = {a.get_text(): a["href"] for a in table.select("tbody tr td:first-child a")}
    assert links == {"XYZ0001": "alpha.html#xyz0001", "the text": "https://example.org/t"}


# -- the export --------------------------------------------------------------------------------


@pytest.mark.build
def test_standards_json_is_written_and_valid_against_its_schema(site: Site) -> None:
    registry_site(site)
    result = site.build(confoverrides={"project": "Fixture", "release": "1.2.3"})
    data = json.loads((result.outdir / "standards.json").read_text("utf-8"))
    jsonschema.validate(data, schema())
    assert data["project"] == "Fixture" and data["version"] == "1.2.3"
    assert [s["id"] for s in data["standards"]] == ["ABC0010", "XYZ0001", "XYZ0002"]
    assert data["standards"][1] == {
        "id": "XYZ0001",
        "amendment": None,
        "title": "First Fictional Standard",
        "url": "https://example.org/xyz0001",
        "status": "recommended",
        "applies_to": "testers",
        "page": "alpha.html#xyz0001",
        "description": "Body text.",
    }
    assert data["standards"][0]["status"] is None


def test_schema_rejects_a_malformed_export() -> None:
    bad = {"schema_version": 1, "project": "p", "version": "1", "standards": [{"id": "1"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema())


@pytest.mark.build
def test_other_builders_write_no_export(site: Site) -> None:
    registry_site(site)
    result = site.build("text")
    assert not (result.outdir / "standards.json").exists()


# -- duplicates -------------------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("parallel", [0, 4])
def test_duplicate_across_pages_warns_naming_both_and_the_first_wins(
    site: Site, parallel: int
) -> None:
    pages = {f"filler{n:02d}": page_with(f"Filler {n}.") for n in range(10)}
    pages["a_first"] = page_with(entry("XYZ0001", "Title from A"))
    pages["b_second"] = page_with("Intro.\n\n" + entry("xyz0001", "Title from B"))
    pages["refs"] = page_with("See {standard}`XYZ0001`.")
    site.write_pages(pages)
    result = site.build(parallel=parallel)
    lines = result.warning_lines()
    assert len(lines) == 1, result.warnings
    assert "b_second.md:5: WARNING: standard xyz0001 is declared again here" in lines[0]
    assert "a_first.md:3" in lines[0]
    assert lines[0].endswith("[nhs_assurance.duplicate_standard]")
    assert result.main("refs").select_one("p a")["href"] == "a_first.html#xyz0001"
    data = json.loads((result.outdir / "standards.json").read_text())
    assert [(s["id"], s["title"]) for s in data["standards"]] == [("XYZ0001", "Title from A")]


@pytest.mark.build
def test_duplicate_on_one_page_warns_and_the_first_wins(site: Site) -> None:
    site.write_pages(
        {"page": page_with(entry("XYZ0001", "First") + "\n" + entry("XYZ0001", "Second"))}
    )
    result = site.build()
    lines = result.warning_lines()
    assert len(lines) == 1
    assert "page.md:12: WARNING: standard XYZ0001 is declared again here" in lines[0]
    assert "page.md:3," in lines[0]
    data = json.loads((result.outdir / "standards.json").read_text())
    assert [s["title"] for s in data["standards"]] == ["First"]


# -- search and intersphinx ----------------------------------------------------------------------


@pytest.mark.build
def test_standards_are_in_the_search_index(registry: BuildResult) -> None:
    result = registry
    searchindex = (result.outdir / "searchindex.js").read_text("utf-8")
    index = json.loads(searchindex[searchindex.index("(") + 1 : searchindex.rindex(")")])
    objects = index["objects"][""]
    names = {entry[4] for entry in objects}
    assert {"XYZ0001", "XYZ0002", "ABC0010"} <= names
    assert "nhs:standard" in {v[0] + ":" + v[1] for v in index["objnames"].values()}


@pytest.mark.build
def test_objects_inv_lets_another_project_link_here(registry: BuildResult, tmp_path) -> None:
    result = registry
    with (result.outdir / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "https://ers.example/", posixpath.join)
    item = inventory["nhs:standard"]["XYZ0001"]
    # Sphinx 8.2 turned inventory items from tuples into objects with attributes.
    uri, display = (item.uri, item.display_name) if hasattr(item, "uri") else (item[2], item[3])
    assert uri == "https://ers.example/alpha.html#xyz0001"
    assert display in {"-", "XYZ0001"}  # "-": the display name is the name itself

    other = Site(tmp_path / "other")
    other.conf += textwrap.dedent(
        f"""
        extensions.append("sphinx.ext.intersphinx")
        intersphinx_mapping = {{"ers": ("https://ers.example/", "{result.outdir / "objects.inv"}")}}
        """
    )
    other.write("index.md", page_with("Follow {standard}`xyz0001` from the other site."))
    linked = other.build()
    assert (
        linked.main("index").select_one("p a")["href"] == "https://ers.example/alpha.html#xyz0001"
    )
    assert linked.warning_lines() == []


# -- the extension's promises to Sphinx ------------------------------------------------------------


def test_setup_declares_parallel_safety_and_an_env_version() -> None:
    class Recorder:
        config: frozenset[str] = frozenset()  # no setting declared yet

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    metadata = setup(Recorder())  # type: ignore[arg-type]
    assert metadata["parallel_read_safe"] is True
    assert metadata["parallel_write_safe"] is True
    assert isinstance(metadata["env_version"], int)


@pytest.mark.build
def test_standards_json_of_hostile_entries_still_follows_its_schema(site: Site) -> None:
    # What an author may write but a schema would not take: an upper-case scheme and host, a
    # host of another script, a path with spaces escaped and not, invisible and bidi text.
    site.write_pages(
        {
            "hostile": page_with(
                """
                ## XYZ0001

                :::{standard} XYZ0001
                :title: Upper-case \u202eaddress\u202c
                :url: HTTPS://Example.ORG/Some%20Path/ü?q=ä#Teil
                :applies-to: \u200b
                :::

                :::{standard} XYZ0002
                :title: Other script host
                :url: https://bücher.example/
                :::

                :::{standard} XYZ0003
                :title: \u200b
                :url: https://example.org/
                :::

                :::{standard} XYZ0004
                :title: A space in its address
                :url: https://example.org/a b
                :::

                :::{mandatory}
                % only a comment
                :::
                """
            )
        }
    )
    result = site.build()
    data = json.loads((result.outdir / "standards.json").read_text("utf-8"))
    jsonschema.validate(data, schema(), format_checker=jsonschema.FormatChecker())
    by_id = {entry["id"]: entry for entry in data["standards"]}
    assert sorted(by_id) == ["XYZ0001", "XYZ0002", "XYZ0004"]  # XYZ0003 has no visible title
    assert by_id["XYZ0001"]["url"] == "https://example.org/Some%20Path/%C3%BC?q=%C3%A4#Teil"
    assert by_id["XYZ0001"]["page"] == "hostile.html#xyz0001"
    assert by_id["XYZ0001"]["applies_to"] is None
    assert by_id["XYZ0002"]["url"] == "https://xn--bcher-kva.example/"
    assert by_id["XYZ0004"]["url"] is None  # refused, with a bad_url warning
    warnings = result.warning_lines()
    assert [line.rsplit("[", 1)[1] for line in warnings] == [
        "nhs_assurance.hidden_character]",
        "nhs_assurance.missing_option]",
        "nhs_assurance.bad_url]",
        "nhs_assurance.empty_mandatory]",
    ], warnings
    # The note holding only a comment is neither published nor listed.
    assert result.main("hostile").select(".mandatory") == []
