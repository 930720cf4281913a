"""The URL policy (nhs_assurance.core.urls): what a reader's browser may be sent to."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nhs_assurance.core.urls import UrlError, content_link, site_path, web_address

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2] / "ext/nhs_assurance/schemas/standards.schema.json"
    ).read_text("utf-8")
)
URL_SCHEMA = SCHEMA["$defs"]["standard"]["properties"]["url"]

ACCEPTED_LINKS = [
    ("page.html", "page.html"),
    ("../files/form.pdf#page=2", "../files/form.pdf#page=2"),
    ("#top", "#top"),
    ("?q=1", "?q=1"),
    ("//cdn.example.org/x", "//cdn.example.org/x"),
    ("files/a%20b.pdf", "files/a%20b.pdf"),
    ("café.html", "café.html"),
    ("  https://example.org/a  ", "https://example.org/a"),
    ("HTTPS://Example.org/A", "https://Example.org/A"),
    ("mailto:someone@example.org", "mailto:someone@example.org"),
    ("MailTo:someone@example.org", "mailto:someone@example.org"),
    ("https://[::1]:8080/x", "https://[::1]:8080/x"),
    ("https://example.org/a:b?c=d:e", "https://example.org/a:b?c=d:e"),
]

REFUSED_LINKS = [
    ("javascript:alert(1)", "uses the scheme 'javascript'"),
    ("JavaScript:alert(1)", "uses the scheme 'javascript'"),
    ("javascript://%0aalert(1)", "uses the scheme 'javascript'"),
    ("jav&#x61;script:alert(1)", "uses the scheme 'javascript' in disguise"),
    ("javascript&colon;alert(1)", "uses the scheme 'javascript' in disguise"),
    ("%6Aavascript:alert(1)", "uses the scheme 'javascript' in disguise"),
    ("java\tscript:alert(1)", "has a space, tab or line break inside"),
    ("java\nscript:alert(1)", "has a space, tab or line break inside"),
    ("\x01javascript:alert(1)", "holds the invisible character U+0001"),
    ("data:text/html;base64,PHNjcmlwdD4=", "uses the scheme 'data'"),
    ("vbscript:x", "uses the scheme 'vbscript'"),
    ("file:///etc/passwd", "uses the scheme 'file'"),
    ("C:\\Windows", "holds '\\\\'"),
    ("https://example.org/a b", "has a space, tab or line break inside"),
    ("https://example.org/&#32;", "has a space, tab or line break inside"),
    ("https://example.org/\u202eexe.txt", "holds the invisible character U+202E"),
    ("https://example.org/\u200b", "holds the invisible character U+200B"),
    ('https://example.org/"onmouseover=x', "holds '\"'"),
    ("https://example.org/<b>", "holds '<'"),
    ("https:\\\\evil.example", "holds '\\\\'"),
    ("https://example.org/%zz", "has a '%' that is not followed by two hex digits"),
    ("https://example.org:99999/", "has a port that is not a number from 0 to 65535"),
    ("https://example.org:http/", "has a port that is not a number from 0 to 65535"),
    ("https://example.org:/", "has an empty port"),
    ("https://good.example@evil.example/", "has a user name or password before the host"),
    ("http:page.html", "has no host"),
    ("https:///path", "has no host"),
    ("https://exa$mple..org/", "has a host name with characters no host name has"),
    ("mailto:", "is a mailto: link without an address"),
    ("1abc:foo", "has ':' in its first part"),
    ("", "is empty"),
    ("   ", "is empty"),
]


@pytest.mark.parametrize(("url", "expected"), ACCEPTED_LINKS)
def test_content_links_that_are_allowed(url: str, expected: str) -> None:
    assert content_link(url) == expected


@pytest.mark.parametrize(("url", "reason"), REFUSED_LINKS)
def test_content_links_that_are_refused_say_why(url: str, reason: str) -> None:
    with pytest.raises(UrlError) as refused:
        content_link(url)
    assert refused.value.reason.startswith(reason)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG/Path", "https://example.org/Path"),
        ("http://example.org", "http://example.org"),
        ("https://example.org/Ä?x=[1]#f", "https://example.org/%C3%84?x=%5B1%5D#f"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://example.org:8443/a%20b", "https://example.org:8443/a%20b"),
    ],
)
def test_web_addresses_are_written_in_plain_ascii(url: str, expected: str) -> None:
    assert web_address(url) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("page.html", "is not an absolute address"),
        ("//example.org/x", "is not an absolute address"),
        ("mailto:a@example.org", "uses the scheme 'mailto'"),
        ("ftp://example.org/", "uses the scheme 'ftp'"),
        ("https://example.org/a b", "has a space, tab or line break inside"),
        ("https://", "has no host"),
    ],
)
def test_web_addresses_that_are_refused_say_why(url: str, reason: str) -> None:
    with pytest.raises(UrlError) as refused:
        web_address(url)
    assert refused.value.reason.startswith(reason)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("old.html", "old.html"),
        ("/old.html", "old.html"),
        ("old", "old.html"),
        ("old/", "old/index.html"),
        ("/a/b/c.html", "a/b/c.html"),
    ],
)
def test_site_paths_name_the_file_written(path: str, expected: str) -> None:
    assert site_path(path) == expected


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("https://example.org/old.html", "is a full web address"),
        ("//example.org/old.html", "is a full web address"),
        ("/", "is the site's home page"),
        ("old page.html", "may only contain letters"),
        ("old.html?x=1", "may only contain letters"),
        ("old*.html", "may only contain letters"),
        ("a/../b.html", "must not contain empty, '.' or '..' parts"),
        ("a//b.html", "must not contain empty, '.' or '..' parts"),
        ("_static/x.html", "is inside '_static'"),
        ("x" * 300 + ".html", "has a part longer than 250 characters"),
        ("old.pdf", "is not a web page"),
        ("a\x00b.html", "may only contain letters"),
    ],
)
def test_site_paths_that_are_refused_say_why(path: str, reason: str) -> None:
    with pytest.raises(UrlError) as refused:
        site_path(path)
    assert refused.value.reason.startswith(reason)


def test_the_home_page_is_a_site_path_when_asked_for() -> None:
    assert site_path("/", home=True) == "index.html"
    assert site_path("", home=True) == "index.html"


WEB_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30
)  # any character but lone surrogates, which no page or YAML file can hold


HOSTS = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.-]{0,12}(:[0-9]{1,5})?", fullmatch=True),
    st.text(alphabet="aZ9é例.-:[]", min_size=1, max_size=12),
    WEB_TEXT,
)


@given(scheme=st.sampled_from(["http", "HTTPS", "hTtP"]), host=HOSTS, rest=WEB_TEXT)
def test_every_accepted_web_address_is_a_uri_that_the_schema_accepts(
    scheme: str, host: str, rest: str
) -> None:
    try:
        url = web_address(f"{scheme}://{host}/{rest}")
    except UrlError:
        return
    checker = jsonschema.FormatChecker()
    jsonschema.validate(url, {"format": "uri"}, format_checker=checker)
    jsonschema.validate(url, URL_SCHEMA)
    assert url == web_address(url)  # written once and for all: the same when checked again


@given(st.text(max_size=40))
def test_no_accepted_link_runs_script(text: str) -> None:
    try:
        link = content_link(text)
    except UrlError:
        return
    squeezed = "".join(ch for ch in link.lower() if ch.isalnum() or ch == ":")
    assert not squeezed.startswith(("javascript:", "data:", "vbscript:"))
    assert link == content_link(link)
