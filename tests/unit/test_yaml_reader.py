"""The YAML reader with limits (nhs_assurance.core.yaml_reader): values, lines, and refusals."""

from __future__ import annotations

import itertools
import tracemalloc

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from nhs_assurance.core.yaml_reader import Limits, YamlError, read_yaml

FRONT_MATTER = """\
title: Widget guide
keywords:
  - widgets
  - &guide guide
redirect_from: [old.html, older.html,
  oldest.html]
title: Widget guide, again
base: &base {summary: Shared}
page: *base
"""


def bomb(levels: int) -> str:
    """The "billion laughs": each level a list of nine aliases of the level below."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"
    for below, name in itertools.pairwise(names[: levels + 1]):
        lines.append(f"{name}: &{name} [{', '.join(['*' + below] * 9)}]")
    return "\n".join(lines) + f"\nkeywords: *{names[levels]}\n"


def test_values_are_those_of_the_safe_loader() -> None:
    assert read_yaml(FRONT_MATTER).value == yaml.safe_load(FRONT_MATTER)


def test_every_key_and_item_has_its_line_in_the_file() -> None:
    position = read_yaml(FRONT_MATTER, first_line=2).position  # after the opening ---
    assert position is not None
    assert [(entry.key, entry.line) for entry in position.entries] == [
        ("title", 2), ("keywords", 3), ("redirect_from", 6), ("title", 8), ("base", 9), ("page", 10),
    ]  # fmt: skip
    assert position.key_line("title") == 8  # YAML keeps the last one
    assert position.item_lines("keywords") == [4, 5]
    assert position.item_lines("redirect_from") == [6, 6, 7]
    assert position.key_line("missing", default=1) == 1
    page = position.entry("page")
    assert page is not None
    assert page.value.line == 10  # the alias's line, with the parts of what it names
    assert [(entry.key, entry.line) for entry in page.value.entries] == [("summary", 9)]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_an_empty_document_has_no_value(text: str) -> None:
    document = read_yaml(text)
    assert (document.value, document.position) == (None, None)


@pytest.mark.parametrize(
    ("text", "reason", "line"),
    [
        (bomb(9), "more than 100000 values once its aliases are expanded", 6),
        (bomb(3), "", 0),  # about 16,000 values: within the limit, read
        ("k: " + "[" * 3000 + "]" * 3000, "nesting deeper than 50 levels", 1),
        ("k:\n" + "- " * 3000 + "x\n", "nesting deeper than 50 levels", 2),
        ("k: " + "{a: " * 3000 + "}" * 3000, "nesting deeper than 50 levels", 1),
        ("a: &a [*a]\n", "the alias *a inside the value it names, which never ends", 1),
        ("a: &a {b: [1, *a]}\n", "the alias *a inside the value it names, which never ends", 1),
        ("a: &a 1\nb: [" + ", ".join(["*a"] * 1001) + "]", "more than 1000 aliases", 2),
        ("a: x\n" * 250_000, "1250000 characters, more than the 1000000 read", 1),
        ("a: [1,\nb: 2\n", "expected ',' or ']', but got '<stream end>'", 3),
        ("a: *missing\n", "found undefined alias 'missing'", 1),
        (
            "title: x\n---\ntitle: y\n",
            "expected a single document in the stream, but found another document",
            2,
        ),
        ("date: 2024-02-30\n", "day is out of range for month", 1),
        ("id: " + "9" * 5000 + "\n", "an integer of 5000 characters (at most 4300)", 1),
        ("n: " + ":".join(["1"] * 3000) + "\n", "an integer of 5999 characters (at most 4300)", 1),
        ("? [a]\n: b\n", "found unhashable key", 1),
        (
            "a: !!python/object/apply:os.system [id]\n",
            "could not determine a constructor for the tag",
            1,
        ),
        ("a: b\nc: \x00\n", "the character '\\x00' cannot be in YAML", 2),
        ('a: b\nc: "x\\ud83d"\n', "a \\u escape for half of a character (U+D83D, a lone", 2),
        ('"\\ude42": b\n', "a \\u escape for half of a character (U+DE42, a lone", 1),
    ],
    ids=lambda case: case[:20] if isinstance(case, str) else None,
)
def test_what_cannot_be_read_is_refused_with_a_reason_and_a_line(
    text: str, reason: str, line: int
) -> None:
    if not reason:
        read_yaml(text)
        return
    with pytest.raises(YamlError) as refused:
        read_yaml(text)
    assert refused.value.reason.startswith(reason)
    assert refused.value.line == line


def test_a_character_written_as_two_escapes_is_read_whole() -> None:
    """YAML writes a character beyond U+FFFF as a surrogate pair; PyYAML alone keeps two halves
    that no output can hold (Sphinx's search index failed on them)."""
    assert read_yaml('keywords: ["\\ud83d\\ude42", "\\U0001F642"]\n').value == {
        "keywords": ["\U0001f642", "\U0001f642"]
    }


def test_limits_can_be_set() -> None:
    with pytest.raises(YamlError, match="nesting deeper than 2 levels"):
        read_yaml("a: {b: {c: 1}}", limits=Limits(max_depth=2))
    assert read_yaml("a: {b: 1}", limits=Limits(max_depth=2)).value == {"a": {"b": 1}}


def test_an_alias_bomb_is_refused_in_bounded_memory() -> None:
    # Expanded, twelve levels would be 9**12 strings: hundreds of gigabytes once printed.
    tracemalloc.start()
    try:
        with pytest.raises(YamlError):
            read_yaml(bomb(12))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_a_reason_quotes_the_text_short_and_escaped() -> None:
    with pytest.raises(YamlError) as refused:
        read_yaml("a: *" + "x" * 10_000 + "\n")
    assert len(refused.value.reason) <= 120
    assert refused.value.reason.endswith("...")
    with pytest.raises(YamlError) as refused:
        read_yaml("a: !<tag:\u202eevil> b\n")
    assert "\\u202e" in refused.value.reason
    assert "\u202e" not in str(refused.value)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.floats(allow_nan=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(value=YAML_VALUES, flow=st.booleans())
def test_any_document_reads_as_the_safe_loader_reads_it(value: object, flow: bool) -> None:
    text = yaml.safe_dump({"key": value}, default_flow_style=flow, allow_unicode=True)
    document = read_yaml(text)
    assert document.value == yaml.safe_load(text)
    assert document.position is not None
    assert document.position.key_line("key") == 1
