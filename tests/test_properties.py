"""Property-based tests: whatever an author types, the build neither crashes nor loses nor injects.

Hypothesis generates pages of `standard` entries, `mandatory` notes and `{standard}` references
from IDs, titles, URLs, options and bodies full of Unicode, markup characters, very long and
empty values, stray colons and nested directives, under hostile front matter (alias bombs, YAML
nested thousands of levels deep, invisible and bidirectional characters). For every generated
page:

- the build finishes, with no traceback;
- every warning names a file and a line;
- every valid entry is on the page, in `standards.json` and in the table of standards;
- every invalid entry gets a warning of the extension's own;
- nothing the author wrote becomes markup: no script, no event handler, no `javascript:` or
  `data:` link.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import BASE_CONF, Site, alias_bomb
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.warnings_ import MystWarnings
from nhs_assurance.core.ids import MAX_ID_LENGTH
from nhs_assurance.core.standard import STANDARD_IDS, STATUSES
from nhs_assurance.core.text import clean_text, is_blank
from nhs_assurance.core.urls import UrlError, web_address
from nhs_assurance.directives.standard import StandardDirective

#: Characters that mean something to Markdown, MyST, YAML, HTML or LaTeX.
MARKUP = list("<>&\"'`{}[]():#*_|!~-=+@$%^\\/;,.")
#: Characters that trip up text handling: accents, dashes, quotes, CJK, emoji, invisible ones.
UNICODE = list("éüßÇø\u2014\u2013\u201c\u201d\u2018\u2019…漢字🙂\u200b\u00a0\u202e\ufeff")
#: Invisible characters that some tools take for line breaks (pasted from word processors).
HIDDEN = list("\u2028\x0b\x85\x00")

#: Fragments that mean something as a whole: stray colons, an inline role, a fence.
FRAGMENTS = [" ", "::", " :x: ", "{x}`y`", ":::", "**", "\\"]
text = st.lists(
    st.one_of(
        st.sampled_from(MARKUP + UNICODE + HIDDEN + FRAGMENTS),
        st.characters(
            min_codepoint=0x20, max_codepoint=0x2FFF, exclude_categories=("Cs", "Cc", "Zl", "Zp")
        ),
    ),
    max_size=40,
).map("".join)
long_text = st.text(alphabet="abcdefghij <>&:#", min_size=300, max_size=600)
value = st.one_of(text, long_text, st.just(""))
html_snippets = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        '<b onclick="alert(1)">bold</b>',
        "javascript:alert(1)",
        "{standard}`XYZ9999`",
    ]
)


@dataclass
class Entry:
    """One generated `standard` directive and what a correct build must make of it."""

    argument: str
    options: list[tuple[str, str]]
    body: str

    def markup(self) -> str:
        lines = [f"::::{{standard}} {self.argument}".rstrip()]
        lines += [f":{name}: {val}".rstrip() for name, val in self.options]
        lines += ["", self.body, "::::", ""]
        return "\n".join(lines)

    def parsed_options(self) -> dict[str, str] | None:
        """The options as MyST reads them (MyST's own parser is the spec of option syntax).

        MyST takes the leading colon off each ``:name: value`` line and reads the block as YAML,
        so a value that opens a quote runs on into the next line, colon and all.
        """
        block = "\n".join(f":{name}: {val}".rstrip() for name, val in self.options)
        block = clean_text(block)[0]  # as the extension does before anything parses the page
        parsed = parse_directive_text(StandardDirective, "", block)
        if any(w.type == MystWarnings.DIRECTIVE_OPTION for w in parsed.warnings):
            return None  # MyST warns that it cannot read the options
        return {name: str(val) for name, val in parsed.options.items()}

    @property
    def std_id(self):
        argument = clean_text(self.argument)[0].strip()
        return STANDARD_IDS.parse(argument) if len(argument) <= MAX_ID_LENGTH else None

    @property
    def title(self) -> str:
        """The title as readers get it: none when it shows nothing (zero-width spaces, say)."""
        options = self.parsed_options() or {}
        title = " ".join(options.get("title", "").split())
        return "" if is_blank(title) else title

    @property
    def registered(self) -> bool:
        """Whether the entry belongs on the register: a valid ID and a title."""
        return self.std_id is not None and bool(self.title)

    @property
    def faulty(self) -> bool:
        """Whether the author must be warned about this entry."""
        options = self.parsed_options()
        if options is None or not self.registered or clean_text(self.markup())[1]:
            return True
        url = " ".join(options.get("url", "").split())
        status = options.get("status")
        return not is_web_address(url) or (
            status is not None and status.strip().lower() not in STATUSES
        )


def is_web_address(url: str) -> bool:
    """Whether the extension takes *url* as a standard's address (the one URL policy)."""
    try:
        web_address(url)
    except UrlError:
        return False
    return True


@st.composite
def entries(draw: st.DrawFn, index: int) -> Entry:
    kind = draw(st.sampled_from(["valid", "valid", "amended", "invalid", "empty"]))
    letters = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef", min_size=1, max_size=5))
    argument = {
        "valid": f"{letters}{index:04d}",
        "amended": f"{letters}{index:04d} Amd {draw(st.integers(1, 99))}/2024",
        "invalid": draw(text),
        "empty": "",
    }[kind]
    options = [("title", draw(st.one_of(value, st.just(f"Fictional Standard {index}"))))]
    url = draw(
        st.one_of(
            st.just(f"https://example.org/standards/{index}"),
            st.builds(lambda t: "https://example.org/?q=" + t.replace(" ", "+"), text),
            st.sampled_from(
                ["javascript:alert(1)", "data:text/html,x", "/relative.html", "ftp://e.org/", ""]
            ),
            text,
        )
    )
    options.append(("url", url))
    if draw(st.booleans()):
        options.append(
            (
                "status",
                draw(st.one_of(st.sampled_from(["mandatory", "Retired", "recommended"]), text)),
            )
        )
    if draw(st.booleans()):
        options.append(("applies-to", draw(value)))
    options = draw(st.permutations(options))
    body = draw(
        st.one_of(
            st.just(""),
            text,
            html_snippets,
            st.builds(lambda t: f":::{{note}}\n{t}\n:::", text),
            st.builds(lambda t, h: f"- {t}\n- {h}", text, html_snippets),
        )
    )
    return Entry(argument, options, body)


#: Front matter as an attacker, or a careless paste, would write it.
front_matters = st.one_of(
    st.just(""),
    st.builds(alias_bomb, st.integers(2, 9)),
    st.builds(lambda depth: "keywords: " + "[" * depth + "]" * depth, st.integers(1, 3000)),
    st.builds(lambda depth: "summary: " + "{a: " * depth + "1" + "}" * depth, st.integers(1, 3000)),
    st.builds(
        lambda key, val: f"{key}: {json.dumps(val)}",
        st.sampled_from(["summary", "keywords", "toc", "search", "redirect_from", "colour"]),
        st.one_of(text, st.sampled_from(["\u200b\u200b", "Clinical \u202eksiR\u202c", "\u2066x"])),
    ),
)


@st.composite
def pages(draw: st.DrawFn) -> tuple[list[Entry], str]:
    count = draw(st.integers(1, 4))
    generated = [draw(entries(index)) for index in range(1, count + 1)]
    extra = draw(
        st.lists(
            st.one_of(html_snippets, text.map(lambda t: f"{{standard}}`{t.replace('`', '')}`")),
            max_size=3,
        )
    )
    mandatory = draw(st.one_of(st.just(""), text, html_snippets))
    front_matter = draw(front_matters)
    body = page_body(generated, mandatory, extra)
    return generated, f"---\n{front_matter}\n---\n{body}" if front_matter else body


def page_body(generated: list[Entry], mandatory: str = "", extra: list[str] | None = None) -> str:
    """A page of *generated* entries, a mandatory note, references to the entries and *extra*."""
    references = " ".join(
        f"{{standard}}`{e.argument.strip().lower()}`" for e in generated if e.registered
    )
    return "\n\n".join(
        [
            "# Generated page",
            *(entry.markup() for entry in generated),
            f"::::{{mandatory}}\n{mandatory}\n::::",
            f"See {references}." if references else "No references.",
            *(extra or []),
        ]
    )


#: Pages Hypothesis once found a test fault with, tried on every run.
#: A title of one quote mark: YAML reads on into the :url: line, which becomes part of the title.
QUOTE_RUNS_ON = [Entry("A0001", [("title", "'"), ("url", "https://example.org/?q='")], "")]


LOCATED = re.compile(r"^/\S+\.md:\d+: (WARNING|ERROR): ")
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


def assert_no_injection(main: BeautifulSoup) -> None:
    assert main.select("script, iframe, object, embed, style, form") == []
    for tag in main.find_all(True):
        for attribute, attr_value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), (tag.name, attribute)
            if attribute in ("href", "src", "action", "formaction"):
                cleaned = "".join(ch for ch in str(attr_value) if ch > " ")
                assert not UNSAFE_SCHEME.match(cleaned), (tag.name, attr_value)


#: This project's stance (conf.py): raw HTML typed into Markdown is text, everywhere.
PROJECT_CONF = (
    BASE_CONF + 'html_theme = "basic"\nmyst_disable_syntax = ["html_block", "html_inline"]\n'
)
#: A sibling project that lets raw HTML through: the extension's own output stays safe.
RAW_HTML_CONF = BASE_CONF + 'html_theme = "basic"\n'


@pytest.mark.build
@pytest.mark.parametrize(
    ("conf", "scope"),
    [
        pytest.param(PROJECT_CONF, "[role=main]", id="this-project"),
        pytest.param(RAW_HTML_CONF, ".nhs-standard, .admonition.mandatory", id="raw-html-allowed"),
    ],
)
@settings(
    # NHS_PROPERTY_EXAMPLES=500 for a longer hunt; the default keeps `make test` quick.
    max_examples=int(os.environ.get("NHS_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(page=pages())
@example(page=(QUOTE_RUNS_ON, page_body(QUOTE_RUNS_ON)))
def test_any_page_builds_safely_and_keeps_what_was_written(
    conf: str, scope: str, page: tuple[list[Entry], str]
) -> None:
    generated, body = page
    with tempfile.TemporaryDirectory() as tmp:
        site = Site(Path(tmp), conf=conf)
        site.write_pages({"page": body, "register": "# Register\n\n:::{standard-list}\n:::\n"})
        result = site.build()

        warnings = result.warning_lines()
        assert "Traceback" not in result.warnings and "Exception" not in result.warnings
        for line in warnings:
            assert LOCATED.match(line), line

        html = result.html("page")
        main = html.select_one("[role=main]")
        for region in html.select(scope):
            assert_no_injection(region)

        exported = {
            s["id"].upper(): s
            for s in json.loads((result.outdir / "standards.json").read_text("utf-8"))["standards"]
        }
        register = result.html("register")
        table_ids = {
            a.get_text() for a in register.select("table.nhs-standard-list tbody td:first-child a")
        }

        for entry in generated:
            if entry.registered:
                std_id = entry.std_id
                anchor = main.find(id=std_id.anchor)
                assert anchor is not None, entry
                assert (
                    " ".join(anchor.select_one(".nhs-standard-title").get_text().split())
                    == entry.title
                )
                assert exported[std_id.key]["title"] == entry.title
                assert std_id.display in table_ids
            if entry.faulty:
                assert any("[nhs_assurance." in w or "[myst." in w for w in warnings), entry
        assert len(exported) == sum(entry.registered for entry in generated)


def test_a_generated_page_is_readable_markup() -> None:
    """The generator writes what an author would: check one example by eye, in the test log."""
    entry = Entry("XYZ0001", [("title", "T: <b>"), ("url", "https://e.org/")], "Body")
    assert entry.markup() == textwrap.dedent(
        """\
        ::::{standard} XYZ0001
        :title: T: <b>
        :url: https://e.org/

        Body
        ::::
        """
    )
    assert entry.registered and not entry.faulty
