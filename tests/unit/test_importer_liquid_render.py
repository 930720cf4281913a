"""Liquid rendered as Jekyll renders it (python-liquid): includes with parameters, loops over
site.data and site.pages, Jekyll's filters; bounded, and reading nothing outside SRC."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from importer_parts import lines
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.liquid_render import SiteRenderer, site_pages
from nhs_assurance.importer.sources import SourceTree
from nhs_assurance.importer.text import Line

CONFIG = {"title": "Fictional Site", "baseurl": "/widgets", "url": "https://docs.example.org"}
DATA = {
    "faq": [{"q": "Is the widget real?", "a": "No, it is fictional."}, {"q": "Why?", "a": "Tests."}]
}
PAGES = site_pages(
    [
        (
            "pages/a.md",
            "a.html",
            {"title": "Alpha", "tags": ["widgets"], "summary": "About A."},
            "Alpha text.",
        ),
        ("pages/b.md", "b.html", {"title": "Beta", "tags": ["widgets"]}, "The fictional beta."),
        ("pages/c.md", "c.html", {"title": "Gamma", "tags": ["other"]}, "Gamma text."),
    ]
)
POSTS = site_pages(
    [
        (
            "_posts/2024-05-01-news.md",
            "2024/05/01/news.html",
            {"title": "News", "tags": ["widgets"]},
            "Fictional news of the widget.",
        )
    ]
)


@pytest.fixture
def fictional(tmp_path: Path) -> Path:
    """A fictional site with two includes."""
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "banner.html").write_text(
        '<div class="banner">{{ include.content }} ({{ site.title }})</div>\n', encoding="utf-8"
    )
    (tmp_path / "_includes" / "example.json").write_text('{"widget": 1}\n', encoding="utf-8")
    return tmp_path


def render(
    fictional: Path, *texts: str, page: dict[str, object] | None = None
) -> tuple[list[Line] | None, Flags]:
    flags = Flags()
    renderer = SiteRenderer(SourceTree.at(fictional), CONFIG, DATA, PAGES, POSTS)
    return renderer.render(lines(*texts), page or {"title": "Fictional"}, flags), flags


def texts(result: list[Line] | None) -> list[str]:
    assert result is not None
    return [line.text for line in result]


def test_an_include_is_read_from_includes_with_its_parameters(fictional: Path) -> None:
    result, flags = render(
        fictional, "Before.", '{% include banner.html content="Fictional notice" %}', "After."
    )
    assert texts(result) == [
        "Before.",
        '<div class="banner">Fictional notice (Fictional Site)</div>',
        "",
        "After.",
    ]
    assert len(flags) == 0


def test_a_code_payload_include_inside_highlight_becomes_a_fence(fictional: Path) -> None:
    result, _flags = render(
        fictional, "{% highlight JSON %}", "{% include example.json %}", "{% endhighlight %}"
    )
    assert [t for t in texts(result) if t] == ["```json", '{"widget": 1}', "```"]


def test_a_loop_over_site_data_and_a_filter(fictional: Path) -> None:
    result, _flags = render(
        fictional,
        "{% for item in site.data.faq %}",
        "**{{ item.q | upcase }}** {{ item.a }}",
        "{% endfor %}",
    )
    joined = "\n".join(texts(result))
    assert "**IS THE WIDGET REAL?** No, it is fictional." in joined
    assert "**WHY?** Tests." in joined


def test_a_tag_page_loop_over_site_pages(fictional: Path) -> None:
    result, _flags = render(
        fictional,
        '{% for p in site.pages %}{% for tag in p.tags %}{% if tag == "widgets" %}',
        "[{{ p.title }}]({{ p.url | relative_url }}): {{ p.summary }}",
        "{% endif %}{% endfor %}{% endfor %}",
    )
    assert "[Alpha](/widgets/a.html): About A." in "\n".join(texts(result))
    assert "Gamma" not in "\n".join(texts(result))


def test_a_tag_page_shows_excerpts_of_pages_and_lists_posts_as_jekyll_does(
    fictional: Path,
) -> None:
    # The theme's taglogic.html: a page's summary, else the start of its content; then posts.
    loop = (
        "{%% for p in %s %%}{%% for tag in p.tags %%}{%% if tag == 'widgets' %%}"
        "{{ p.title }}: {%% if p.summary %%}{{ p.summary }}{%% else %%}"
        "{{ p.content | truncatewords: 2 | strip_html }}{%% endif %%};"
        "{%% endif %%}{%% endfor %%}{%% endfor %%}"
    )
    result, _flags = render(fictional, loop % "site.pages", loop % "site.posts")
    assert texts(result) == [
        "Alpha: About A.;Beta: The fictional...;",
        "News: Fictional news...;",
    ]


def test_a_theme_callout_on_its_own_line_is_kept_for_the_admonition_converter(
    fictional: Path,
) -> None:
    result, _flags = render(
        fictional, '{% assign x = "secret" %}', "{% include note.html content=x %}"
    )
    assert texts(result)[-1] == '{% include note.html content="secret" %}'


def test_a_theme_callout_inside_a_list_item_becomes_its_text(fictional: Path) -> None:
    result, _flags = render(
        fictional, "- Item", '    {% include note.html content="Fictional aside." %}'
    )
    assert texts(result) == ["- Item", "    **Note:** Fictional aside."]


def test_an_undefined_variable_shows_nothing_and_is_flagged_with_its_line(fictional: Path) -> None:
    result, flags = render(fictional, "First.", "Value: {{ page.missing }}.")
    assert texts(result) == ["First.", "Value: ."]
    (flag,) = flags.sorted()
    assert (flag.line, flag.kind) == (2, "liquid")
    assert "`page.missing`" in flag.message


def test_liquid_that_cannot_be_rendered_is_flagged_with_its_line(fictional: Path) -> None:
    result, flags = render(fictional, "One.", "Two {% nosuchtag %}.")
    assert result is None  # the simple resolver takes the page
    (flag,) = flags.sorted()
    assert (flag.line, flag.kind) == (2, "liquid")
    assert "cannot be rendered" in flag.message


def test_a_missing_include_is_flagged_not_a_traceback(fictional: Path) -> None:
    result, flags = render(fictional, "{% include nowhere.html %}")
    assert result is None
    assert "_includes/nowhere.html" in flags.sorted()[0].message


def test_an_include_linking_outside_the_site_is_not_read(
    fictional: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("FICTIONAL-SECRET", encoding="utf-8")
    os.symlink(secret, fictional / "_includes" / "leak.html")
    result, flags = render(fictional, "{% include leak.html %}")
    assert result is None
    assert "FICTIONAL-SECRET" not in str(flags.sorted())
    assert "outside the site" in flags.sorted()[0].message


def test_a_recursive_include_is_bounded(fictional: Path) -> None:
    (fictional / "_includes" / "loop.html").write_text("x{% include loop.html %}", encoding="utf-8")
    result, flags = render(fictional, "{% include loop.html %}")
    assert result is None
    assert "cannot be rendered" in flags.sorted()[0].message


def test_a_loop_bomb_is_bounded(fictional: Path) -> None:
    result, flags = render(
        fictional, "{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}"
    )
    assert result is None
    assert "cannot be rendered" in flags.sorted()[0].message
