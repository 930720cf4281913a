"""Liquid: variables resolved from _config.yml, _data and the front matter; tags handled."""

from __future__ import annotations

import datetime

import pytest
from importer_parts import lines
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.liquid import LiquidContext, preprocess
from nhs_assurance.importer.text import Line

CONTEXT = LiquidContext(
    config={
        "title": "Fictional Site",
        "count": 3,
        "flag": True,
        "items": [1, 2],
        "nested": {"key": "value"},
        "nothing": None,
    },
    data={"team": {"lead": "A. Person", "people": ["First", "Second"]}, "odd-name": {"x": "y"}},
    page={"title": "Fictional Page", "date": datetime.date(2031, 1, 2)},
)


@pytest.mark.parametrize(
    ("expression", "text"),
    [
        ("site.title", "Fictional Site"),
        (" page.title ", "Fictional Page"),
        ("title", "Fictional Site"),  # a bare name is a _config.yml setting
        ("count", "3"),
        ("site.flag", "true"),
        ("site.nested.key", "value"),
        ("site.nested['key']", "value"),
        ("site.data.team.lead", "A. Person"),
        ("site.data.team.people[1]", "Second"),
        ("site.data.odd-name.x", "y"),
        ("page.date", "2031-01-02"),
        ("'literal'", "literal"),
        ('"literal"', "literal"),
        # what Liquid would print as nothing useful, or what is not there, is not resolved
        ("site.title | upcase", None),  # a filter is not guessed
        ("items", None),
        ("site.nested", None),
        ("nothing", None),
        ("site.data.team.people[5]", None),
        ("missing", None),
        ("site.missing", None),
        ("page.title.deeper", None),
        ("2bad", None),
    ],
)
def test_resolve(expression: str, text: str | None) -> None:
    assert CONTEXT.resolve(expression) == text


def run(*texts: str) -> tuple[list[Line], list[tuple[int, str]]]:
    flags = Flags()
    out = preprocess(lines(*texts), CONTEXT, flags)
    return out, [(flag.line, flag.kind) for flag in flags.sorted()]


def test_variables_are_substituted_and_the_unknown_kept_and_flagged() -> None:
    out, flagged = run("On {{ site.title }}: {{page.title}}, {{ nope }}.", "{{- site.title -}}")
    assert out == [
        Line(1, "On Fictional Site: Fictional Page, {{ nope }}."),
        Line(2, "Fictional Site"),
    ]
    assert flagged == [(1, "liquid")]


def test_raw_is_kept_without_its_tags() -> None:
    out, flagged = run(
        "{% raw %}{{ kept }}{% endraw %} after", "{% raw %}", "{{ still }} {% if %}", "{% endraw %}"
    )
    assert out == [Line(1, "{{ kept }} after"), Line(3, "{{ still }} {% if %}")]
    assert flagged == []


def test_comments_are_dropped() -> None:
    out, _ = run(
        "{% comment %} gone {% endcomment %}shown", "{% comment %}", "hidden", "{% endcomment %}"
    )
    assert out == [Line(1, "shown")]


def test_highlight_becomes_a_code_fence() -> None:
    out, _ = run("{% highlight ruby %}", "puts 1", "{% endhighlight %}")
    assert out == [Line(1, "```ruby"), Line(2, "puts 1"), Line(3, "```")]


def test_an_include_is_left_with_its_variables_resolved() -> None:
    out, flagged = run('{% include note.html content="{{ site.title }}" %}')
    assert out == [Line(1, '{% include note.html content="Fictional Site" %}')]
    assert flagged == []


def test_other_tags_are_kept_and_flagged_and_blank_lines_stay() -> None:
    out, flagged = run("{% if x %}shown{% endif %}", "", "{% assign x = 1 %}")
    assert out == [
        Line(1, "{% if x %}shown{% endif %}"),
        Line(2, ""),
        Line(3, "{% assign x = 1 %}"),
    ]
    assert flagged == [(1, "liquid"), (1, "liquid"), (3, "liquid")]  # if, endif, assign
