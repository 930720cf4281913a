"""Jekyll front matter read as data, with the line of every key and item. Builds nothing."""

from __future__ import annotations

import pytest
from helpers import alias_bomb
from nhs_assurance.core.frontmatter import (
    is_valid_value,
    keywords_text,
    read_front_matter,
    type_names,
)


def test_a_page_without_front_matter_has_none() -> None:
    assert read_front_matter("# Title\n\nText.\n") is None
    assert read_front_matter("---\ntitle: never closed\n") is None


def test_values_and_the_line_of_each_key_and_list_item() -> None:
    page = "---\ntitle: Fictional page\nredirect_from:\n  - old.html\n  - older/\ntoc: false\n---\n"
    front_matter = read_front_matter(page)
    assert front_matter is not None and front_matter.error is None
    assert front_matter.data == {
        "title": "Fictional page",
        "redirect_from": ["old.html", "older/"],
        "toc": False,
    }
    assert (front_matter.line("title"), front_matter.line("toc")) == (2, 6)
    assert [front_matter.item_line("redirect_from", i) for i in range(2)] == [4, 5]
    assert front_matter.line("missing") == 1


def test_a_repeated_key_is_reported_at_its_line() -> None:
    front_matter = read_front_matter("---\ntitle: One\nsummary: S\ntitle: Two\n---\n")
    assert front_matter is not None
    assert front_matter.data["title"] == "Two"
    assert front_matter.repeated == [("title", 4)]


@pytest.mark.parametrize(
    ("block", "line", "problem"),
    [
        ("title: [unclosed\n", 2, "the YAML cannot be read"),
        ("- a list\n- not a mapping\n", 2, "not a list of `key: value` lines"),
    ],
)
def test_unreadable_front_matter_says_why_and_where(block: str, line: int, problem: str) -> None:
    front_matter = read_front_matter(f"---\n{block}---\n")
    assert front_matter is not None and front_matter.error is not None
    assert problem in front_matter.error
    assert front_matter.error_line == line


@pytest.mark.parametrize(
    ("key", "value", "valid"),
    [
        ("title", "Text", True),
        ("title", True, False),  # YAML's `yes` is not text
        ("toc", False, True),
        ("toc", "false", False),
        ("keywords", ["a", "b"], True),
        ("keywords", ["a", 3], False),
        ("redirect_from", "old.html", True),
    ],
)
def test_each_key_takes_only_its_types(key: str, value: object, valid: bool) -> None:
    assert is_valid_value(key, value) is valid


def test_types_are_named_as_an_author_reads_them() -> None:
    assert type_names((str, list)) == "text or a list"
    assert type_names((bool,)) == "true or false"


def test_keywords_become_one_comma_separated_line() -> None:
    assert keywords_text("a, b ,, c") == "a, b, c"
    assert keywords_text(["a ", " b"]) == "a, b"


@pytest.mark.parametrize(
    ("block", "line", "reason"),
    [
        (alias_bomb(), 7, "more than 100000 values once its aliases are expanded"),
        ("keywords: " + "[" * 3000 + "]" * 3000, 2, "nesting deeper than 50 levels"),
        (
            "title: T\nsummary: " + "{a: " * 3000 + "1" + "}" * 3000,
            3,
            "nesting deeper than 50 levels",
        ),
    ],
    ids=["alias bomb", "deep list", "deep mapping"],
)
def test_yaml_over_a_limit_is_an_error_at_its_line(block: str, line: int, reason: str) -> None:
    front_matter = read_front_matter(f"---\n{block}\n---\n# Title\n")
    assert front_matter is not None and front_matter.data == {}
    assert front_matter.error == f"the YAML cannot be read: {reason}"
    assert front_matter.error_line == line
    assert front_matter.length == block.count("\n") + 3


def test_the_block_is_found_as_myst_finds_it() -> None:
    # markdown-it's rule: closed by a line of as many dashes or more, or by "...".
    closed_by_dots = read_front_matter("---\ntitle: Dots\n...\n# Body\n")
    assert closed_by_dots is not None and closed_by_dots.data == {"title": "Dots"}
    assert closed_by_dots.length == 3
    longer = read_front_matter("----\ntitle: Four\n---\nstill: yaml\n-----\n")
    assert longer is not None and longer.error is not None  # "---" does not close "----"
