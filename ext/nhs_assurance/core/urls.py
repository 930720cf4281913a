"""THE URL policy: which addresses an author's text may send a reader's browser to.

One policy, for the extension (links in standard entries and mandatory notes, a standard's
``:url:``), for ``redirect_from`` and for the Jekyll importer, in three variants:

- :func:`content_link`: a link in content. A relative reference (``page.html#part``,
  ``../files/form.pdf``, ``?q=1``, ``#top``, ``//host/path``) or an absolute ``http``, ``https``
  or ``mailto`` URL.
- :func:`web_address`: an absolute ``http`` or ``https`` address with a host (a standard's
  ``:url:``, the original site's address). What it returns is plain ASCII (RFC 3986), with the
  scheme and host in lower case, so it passes ``standards.schema.json``'s ``^https?://``
  pattern and JSON Schema's ``format: uri`` alike.
- :func:`site_path`: a path on this site (``redirect_from``, an imported page's permalink),
  as the output file it names. With ``old=True`` (an old address, which only ever becomes a
  redirect file, never a page's name) it may also hold ``&``, legal in a URL path (RFC 3986's
  sub-delims) and used by Jekyll sites (``explore_snd&rec_req.html``); :func:`page_name` gives
  the name a page at such an address is published under instead.

Each returns the URL as it should be written and raises :class:`UrlError` with a short
``reason`` (a phrase that follows the value in a message: "is ...", "has ...") otherwise.

What is refused, and why:

- **Schemes other than http, https and mailto** (``javascript:``, ``data:``, ``vbscript:``,
  ``file:``, ...): they run script, embed content or reach the reader's machine. The scheme is
  judged the way a browser reads it: after HTML character references (``jav&#x61;script:``,
  ``&colon;``) and percent-escapes (``javascript%3A``) are decoded, in any letter case
  (``JavaScript:``). ``HTTPS:`` is accepted and written ``https:``.
- **Control characters, anywhere** (``java\\tscript:``, ``javascript://%0a`` once decoded is
  refused for its scheme anyway): browsers delete tabs and newlines inside a URL and strip
  leading control characters, so what a check sees is not what the browser follows. Leading
  and trailing spaces are dropped, as browsers drop them; other invisible characters (Unicode
  format characters such as U+202E, which reverses the text around it, or a zero-width space)
  are refused, since a reader cannot see where the link goes.
- **Malformed URLs**: a space or one of ``"<>\\^`{|}`` inside (RFC 3986 allows none of them,
  and browsers read a ``\\`` as ``/``), a ``%`` not followed by two hex digits, an ``http``
  address without a host, a port that is not a number up to 65535, a host with characters no
  host name has, a user name or password before the host (``https://good.example@evil.example``
  hides the real host), and a relative reference whose first segment holds ``:`` (it would be
  read as a scheme).
- **For a site path**: anything but a path of letters, digits and ``-._~/`` (no query, no
  fragment, no wildcard), ``.``/``..``/empty segments, a first folder starting with ``_`` (where
  Sphinx writes its own files), a segment longer than 255 bytes (no file system takes it), and a
  name that is not a web page.

This module is pure (standard library only): it never imports Sphinx, docutils or the rest of
the extension.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit, urlunsplit

#: Schemes a link in content may have.
CONTENT_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes a web address (with a host) may have.
WEB_SCHEMES = frozenset({"http", "https"})

#: A scheme as browsers read one: a letter, then letters, digits, "+", "-" or ".", then ":".
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
#: Characters RFC 3986 never allows in a URL (besides controls and spaces, checked first).
FORBIDDEN = frozenset('"<>\\^`{|}')
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
#: A host name or IPv4 address (RFC 3986 reg-name without escapes), or an IP literal.
HOST = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=]+|\[[0-9A-Fa-f:.]+\]")
#: Characters a site path may hold: RFC 3986's unreserved ones and "/". This keeps out query
#: strings, fragments, spaces, quotes and sphinx-reredirects' wildcards (``*?[]``).
SAFE_PATH = re.compile(r"[A-Za-z0-9._~/-]+")
#: An old address may hold "&" too: it is only ever a redirect file's name, and what the
#: redirect page holds is the new address, never the old one. Every other sub-delim stays out
#: (";" would end an HTML character reference, "$" is sphinx-reredirects' placeholder).
OLD_PATH = re.compile(r"[A-Za-z0-9._~/&-]+")
#: What a page's name holds instead of each "&" of its old address.
AMPERSAND_IN_NAME = "-and-"
#: The longest file or folder name common file systems take, in bytes.
NAME_MAX = 255


class UrlError(ValueError):
    """A URL the policy refuses; ``reason`` says why, as a phrase ("is not ...")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def content_link(url: str) -> str:
    """*url* as a link in content may have it: relative, or ``http``/``https``/``mailto``.

    Returns the URL with surrounding spaces dropped and the scheme in lower case (HTML character
    references are not decoded in what is returned: the caller's markup language does that).
    Raises :class:`UrlError` for anything the module docstring lists.
    """
    text = _cleaned(url)
    scheme = _scheme(text)
    if scheme is None:
        _check_relative(text)
        return text
    if scheme not in CONTENT_SCHEMES:
        raise UrlError(f"uses the scheme {scheme!r}: only http, https and mailto links are allowed")
    rest = text.split(":", 1)[1]
    if scheme == "mailto":
        if not rest:
            raise UrlError("is a mailto: link without an address")
        return f"mailto:{rest}"
    return _web(f"{scheme}:{rest}", ascii_only=False)


def web_address(url: str) -> str:
    """*url* as an absolute ``http``/``https`` address with a host, in plain ASCII.

    The scheme and host are put in lower case, a host name of other scripts in its IDNA form,
    and other non-ASCII characters percent-encoded (UTF-8). Raises :class:`UrlError` otherwise.
    """
    text = _cleaned(url)
    scheme = _scheme(text)
    if scheme is None:
        raise UrlError("is not an absolute address: it must start with https:// or http://")
    if scheme not in WEB_SCHEMES:
        raise UrlError(f"uses the scheme {scheme!r}: only http and https addresses are allowed")
    return _web(f"{scheme}:{text.split(':', 1)[1]}", ascii_only=True)


def site_path(path: str, *, home: bool = False, old: bool = False) -> str:
    """The output file that *path*, a path on this site, names, relative to the site root.

    ``old.html``, ``/old.html`` and ``old`` all name ``old.html``; ``old/`` names
    ``old/index.html``. The site's root (``""`` or ``/``) names ``index.html`` when *home* is
    true, and is refused otherwise (a redirect cannot replace the home page). With *old*, the
    path is an old address, which may also hold ``&``.
    Raises :class:`UrlError` for anything the module docstring lists.
    """
    text = path.strip()
    if "://" in text or text.startswith("//"):
        raise UrlError("is a full web address; give the old path on this site instead")
    relative = text.lstrip("/")
    if not relative:
        if home:
            return "index.html"
        raise UrlError("is the site's home page, which cannot be redirected")
    if not (OLD_PATH if old else SAFE_PATH).fullmatch(relative):
        allowed = "'-', '_', '.', '~', '&' and '/'" if old else "'-', '_', '.', '~' and '/'"
        raise UrlError(f"may only contain letters, digits, {allowed}")
    segments = relative.rstrip("/").split("/")
    if any(segment in {"", ".", ".."} for segment in segments):
        raise UrlError("must not contain empty, '.' or '..' parts")
    if segments[0].startswith("_"):
        raise UrlError(f"is inside {segments[0]!r}, a folder Sphinx writes itself")
    if any(len(segment) > NAME_MAX - len(".html") for segment in segments):
        raise UrlError(f"has a part longer than {NAME_MAX - len('.html')} characters")
    if relative.endswith("/"):
        return relative + "index.html"
    name = segments[-1]
    if "." in name and not name.endswith(".html"):
        raise UrlError("is not a web page: end it in '.html' (or '/' for a folder)")
    return relative if name.endswith(".html") else relative + ".html"


def page_name(old_path: str) -> str:
    """The output file a page whose address is *old_path* (as :func:`site_path` with ``old=True``
    returns it) is published under: each ``&`` written ``-and-``. The old address then
    redirects there."""
    return old_path.replace("&", AMPERSAND_IN_NAME)


def _cleaned(url: str) -> str:
    """*url* without its surrounding spaces; refused when it holds characters no URL has."""
    if not isinstance(url, str):
        raise UrlError("is not text")
    text = url.strip(" ")
    if not text:
        raise UrlError("is empty")
    for form in (text, html.unescape(text)):
        for char in form:
            if char.isspace():
                raise UrlError("has a space, tab or line break inside (write a space %20)")
            category = unicodedata.category(char)
            if category in ("Cc", "Cf", "Co", "Cs", "Cn"):
                name = unicodedata.name(char, "a control character")
                raise UrlError(f"holds the invisible character U+{ord(char):04X} ({name})")
            if char in FORBIDDEN:
                raise UrlError(f"holds {char!r}, which a URL cannot hold")
    if BAD_ESCAPE.search(text):
        raise UrlError("has a '%' that is not followed by two hex digits")
    return text


def _scheme(text: str) -> str | None:
    """The scheme of *text* in lower case, judged as a browser would: also after decoding
    HTML character references and percent-escapes (``None`` for a relative reference)."""
    found = None
    for form in (text, html.unescape(text), unquote(html.unescape(text))):
        match = SCHEME.match(form)
        # The first ":" must come before any "/", "?" or "#" to end a scheme.
        if match is not None:
            scheme = match.group(1).lower()
            if found is not None and scheme != found:
                raise UrlError(f"uses the scheme {scheme!r} in disguise")
            found = scheme
    if found is not None and not SCHEME.match(text):
        # Only an escaped form has a scheme ("jav&#x61;script:", "javascript%3A").
        raise UrlError(f"uses the scheme {found!r} in disguise (escaped characters)")
    return found


def _check_relative(text: str) -> None:
    """Refuse a relative reference whose first path segment holds ':' (RFC 3986, 4.2)."""
    first = re.split(r"[/?#]", text, maxsplit=1)[0]
    if ":" in html.unescape(unquote(first)):
        raise UrlError("has ':' in its first part, which would be read as a scheme")


def _web(text: str, *, ascii_only: bool) -> str:
    """Check an ``http``/``https`` URL part by part.

    Returns it with its scheme in lower case; with *ascii_only*, rebuilt from its parts: host
    in lower case (IDNA for other scripts), other non-ASCII characters percent-encoded.
    """
    try:
        parts = urlsplit(text)
    except ValueError as exc:  # an unbalanced "[" in the host, say
        raise UrlError("has a malformed host") from exc
    try:
        port = parts.port
    except ValueError as exc:
        raise UrlError("has a port that is not a number from 0 to 65535") from exc
    netloc = parts.netloc
    if not netloc or not parts.hostname:
        raise UrlError("has no host: write it https://host/path")
    if "@" in netloc:
        raise UrlError("has a user name or password before the host, which hides the real host")
    if netloc.endswith(":"):
        raise UrlError("has an empty port")
    host = netloc if netloc.endswith("]") or ":" not in netloc else netloc.rsplit(":", 1)[0]
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise UrlError("has a host name that is not a valid international name") from exc
    if not HOST.fullmatch(host) or host.startswith(".") or ".." in host:
        raise UrlError("has a host name with characters no host name has")
    scheme = parts.scheme.lower()
    if not ascii_only:
        return scheme + text[len(parts.scheme) :]
    # An IRI as a URI (RFC 3987, 3.1): non-ASCII characters as UTF-8 percent-escapes; "[" and
    # "]", which RFC 3986 keeps for IP literals, escaped too.
    keep = "!#$%&'()*+,/:;=?@~-._"
    path, query, fragment = (quote(part, safe=keep) for part in parts[2:])
    netloc = host.lower() if port is None else f"{host.lower()}:{port}"
    return urlunsplit((scheme, netloc, path, query, fragment))
