# ruff: noqa: RUF001 -- the en dash of an entry's heading is what these tests check.
"""Every builder of Sphinx builds docs/ and handbook/ without a warning, and shows the extension's
nodes well (the guidance's real entries; the handbook's examples of every directive).

The LaTeX builder's PDF is tested in test_pdf.py; here are the LaTeX source and the plain
formats: text, manual page and Texinfo.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DCB0129_TITLE, DCB0129_URL, HANDBOOK_DIR, Site, page_with
from shared_builds import shared_build

pytestmark = [pytest.mark.build, pytest.mark.docs]

DCB0129_HEADING = f"DCB0129 – {DCB0129_TITLE}"


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
    docs_html: Path,
    docs_latex: Path,
    docs_text: Path,
    docs_man: Path,
    docs_texinfo: Path,
) -> dict[str, Path]:
    """docs/ and handbook/ built strictly by each builder (the run's shared builds); the output
    folder of each (``handbook-latex`` and so on for the handbook's).

    test_pdf.py typesets (a copy of) the guidance's LaTeX source. The handbook's links to the
    guidance resolve against the run's ``docs_html``.
    """
    outdirs = {"latex": docs_latex, "text": docs_text, "man": docs_man, "texinfo": docs_texinfo}
    inventory = {"NHS_GUIDANCE_INVENTORY": str(docs_html / "objects.inv")}
    for builder in ("text", "man", "texinfo", "latex"):
        outdirs[f"handbook-{builder}"] = shared_build(
            tmp_path_factory, HANDBOOK_DIR, builder, confdir=None, env=inventory
        )
    return outdirs


def one_line(text: str) -> str:
    """*text* with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def test_text_shows_each_entry_whole_with_its_url(built: dict[str, Path]) -> None:
    text = one_line((built["text"] / "clinical_safety.txt").read_text("utf-8"))
    # Plain text cannot link: the URL follows the heading (the text writer may break it).
    heading = text.index(f"{DCB0129_HEADING} <")
    url_end = text.index(DCB0129_URL[-30:], heading)
    facts = text.index("Status: Mandatory Applies to: manufacturers of health IT systems", url_end)
    assert text.index("This standard sets clinical risk management", facts)


def test_text_puts_the_mandatory_title_before_the_legal_sentence(built: dict[str, Path]) -> None:
    text = one_line((built["text"] / "clinical_safety.txt").read_text("utf-8"))
    assert "Mandatory: Compliance with *DCB0129* and *DCB0160* is mandatory" in text


def test_man_page_keeps_entries_and_bodies_apart(built: dict[str, Path]) -> None:
    (page,) = built["man"].glob("*.1")
    source = page.read_text("utf-8")
    # troff joins lines into one paragraph unless told otherwise: each entry starts a new,
    # bold paragraph, and its body a paragraph of its own.
    assert re.search(r"\n\.sp\n\\fBDCB0129 ", source)
    assert re.search(r"\n\.sp\n\\fBDCB0160 ", source)
    assert "\n.sp\nThis standard sets clinical risk management" in source
    assert "\n.sp\nThis standard requires a health organisation" in source


def test_man_page_shows_the_mandatory_note_as_a_titled_block(built: dict[str, Path]) -> None:
    (page,) = built["man"].glob("*.1")
    source = page.read_text("utf-8")
    # Like the page's notes ("Note:"), not a subsection heading.
    assert re.search(
        r"\.sp\n\\fBMandatory:\\fP\n\.INDENT 0\.0\n\.INDENT 3\.5\n\.sp\nCompliance with", source
    )
    assert ".SS Mandatory" not in source


def test_texinfo_anchors_stand_at_their_entries(built: dict[str, Path]) -> None:
    (texi,) = built["texinfo"].glob("*.texi")
    source = texi.read_text("utf-8")
    for anchor, following in (
        ("clinical_safety dcb0129", "DCB0129@footnote{"),
        ("clinical_safety dcb0160", "DCB0160@footnote{"),
        ("clinical_safety mandatory-0", "@cartouche\n@quotation Mandatory"),
    ):
        position = source.index(f"@anchor{{{anchor}}}")
        between = source[position : source.index(following, position)]
        # Right before what it names (with its short alias), not in the heap of leftover
        # anchors at the end of the file.
        assert re.fullmatch(r"(@anchor\{[^}]*\}|\s)*", between), anchor


def test_latex_source_uses_the_extension_environments(built: dict[str, Path]) -> None:
    (tex,) = built["latex"].glob("*.tex")
    source = tex.read_text("utf-8")
    assert source.count("\\begin{nhsstandard}") == 2  # DCB0129 and DCB0160: no example
    assert "nhshazard" not in source.split("\\begin{document}")[1]  # the guidance has none
    (handbook_tex,) = built["handbook-latex"].glob("*.tex")
    handbook = handbook_tex.read_text("utf-8")
    assert handbook.count("\\begin{nhsstandard}") == 3  # the authoring guide's examples
    # The Hazard log page's HAZ-901..HAZ-907 and CTL-901, CTL-902: a control is laid out as a
    # hazard is (writers/latex.py), with an ID of its own kind.
    assert handbook.count("\\begin{nhshazard}") == 9
    heading = "\\begin{nhsstandardheading}\\DUrole{nhs-%s-id}"
    assert (handbook.count(heading % "hazard"), handbook.count(heading % "control")) == (7, 2)
    assert "\\phantomsection\\label{\\detokenize{clinical_safety:dcb0129}}" in source
    assert (
        "\\begin{nhsmandatory}[phantom={\\phantomsection\\label{\\detokenize{"
        "clinical_safety:mandatory-0}}}]{Mandatory}" in source
    )
    assert "\\nhsstandardfact{Status}{Mandatory}" in source
    assert (built["latex"] / "nhsassurance.sty").is_file()


@pytest.mark.parametrize("builder", ["text", "man", "texinfo", "latex"])
def test_a_custom_title_with_markup_characters_reaches_every_format(
    site: Site, builder: str
) -> None:
    site.write_pages(
        {
            "page": page_with(
                r"""
                :::{mandatory} Rule \\ one & _two_
                Fictional requirement.
                :::
                """
            )
        }
    )
    result = site.build(builder)
    assert result.warning_lines() == []
    output = "".join(
        path.read_text("utf-8")
        for path in result.outdir.iterdir()
        if path.suffix in {".txt", ".1", ".texi", ".tex"}
    )
    expected = {
        "text": "Rule \\ one & two: Fictional requirement.",
        "man": "\\fBRule \\e one & \\fItwo\\fP:\\fP",
        "texinfo": "@quotation Rule \\ one & two",
        "latex": "{Rule \\textbackslash{} one \\& \\sphinxstyleemphasis{two}}",
    }[builder]
    assert expected in output
