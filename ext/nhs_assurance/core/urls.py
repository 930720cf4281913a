"""Which web addresses the extension and the importer accept.

A standard's ``:url:`` must be an absolute ``http``/``https`` address with a host
(:func:`is_safe_url`); a link in guidance text may also be relative or ``mailto``
(:func:`is_safe_link`). Anything else (``javascript:``, ``data:``, ...) is refused.
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: Link schemes a reader's browser may follow from guidance text.
SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(uri: str) -> bool:
    """Whether *uri* is relative, or absolute with a scheme in ``SAFE_LINK_SCHEMES``."""
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    cleaned = "".join(ch for ch in uri if ch > " " and ch != "\x7f")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return not scheme or scheme in SAFE_LINK_SCHEMES


#: URL schemes a standard's link may use; anything else (``javascript:``, ``data:``) is refused.
SAFE_URL_SCHEMES = frozenset({"http", "https"})


def is_safe_url(url: str) -> bool:
    """Whether *url* is an absolute ``http``/``https`` address with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_URL_SCHEMES and bool(parts.netloc)
