"""How a message quotes an author's value (nhs_assurance.core.excerpt): short, escaped, bounded."""

from __future__ import annotations

import datetime
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nhs_assurance.core.excerpt import LIMIT, excerpt, visible


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Clinical Safety", "'Clinical Safety'"),
        ("Clinical \u202eksiR\u202c Management", "'Clinical \\u202eksiR\\u202c Management'"),
        ("zero\u200bwidth", "'zero\\u200bwidth'"),
        ("line\nbreak", "'line\\nbreak'"),
        ("\x1b[31mred", "'\\x1b[31mred'"),
        ("it's", "'it\\'s'"),
        ("back\\slash", "'back\\\\slash'"),
        ("x" * 100, "'" + "x" * 55 + "'..."),
        ("\udcff.md", "'\\udcff.md'"),  # a file name that is not UTF-8
        (None, "None"),
        (True, "True"),
        (3.5, "3.5"),
        (datetime.date(2024, 2, 3), "datetime.date(2024, 2, 3)"),
        (["a", "b"], "['a', 'b']"),
        ({"k": list(range(100))}, "{'k': [0, 1, 2, 3, ...]}"),
        pytest.param(10**5000, "<an integer of about 5000 digits>", id="5000 digits"),
    ],
)
def test_values_are_quoted_as_python_writes_them_escaped(value: object, expected: str) -> None:
    assert excerpt(value) == expected


def test_a_structure_that_contains_itself_is_quoted() -> None:
    loop: list[object] = ["a"]
    loop.append(loop)
    assert excerpt(loop) == "['a', ['a', ['a', [...]]]]"


def test_an_expanded_alias_bomb_is_quoted_in_no_time() -> None:
    value: object = ["lol"] * 9
    for _level in range(30):  # 9**30 strings, if anything walked them all
        value = [value] * 9
    start = time.perf_counter()
    assert len(excerpt(value)) <= LIMIT
    assert time.perf_counter() - start < 1


def test_visible_escapes_only_what_cannot_be_seen() -> None:
    assert visible("pages/café.md") == "pages/café.md"
    assert visible("a\u202eb\x1b[31m\n") == "a\\u202eb\\x1b[31m\\n"


@given(
    st.recursive(
        st.text() | st.integers() | st.none(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    )
)
def test_every_excerpt_is_short_and_printable(value: object) -> None:
    text = excerpt(value)
    assert len(text) <= LIMIT
    assert text.isprintable()
