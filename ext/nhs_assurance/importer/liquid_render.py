"""Liquid rendered as Jekyll renders it, with python-liquid, before a page is converted.

Jekyll runs Liquid over a page before kramdown reads it; so does the importer, with a
maintained Liquid implementation (python-liquid) given what Jekyll gives a page: ``site`` (the
settings of ``_config.yml``, ``site.data`` from ``_data/``, ``site.pages``), ``page`` (the front
matter, ``url`` and ``path``) and ``jekyll.environment``. What Jekyll adds to Liquid is added
here: its ``include`` tag (``{% include file.html key="value" %}``, the file read from
``_includes/``, its parameters as ``include.key``), ``{% highlight %}`` (a fenced code block)
and the filters the theme uses.

The theme's own callouts (:data:`~.includes.ALERTS`, ``callout.html``, ``image.html``,
``links.html``) are not rendered into the theme's HTML: the include tag is written back with
its parameters' values, for :mod:`.includes` to make an admonition or a figure of it.

Every input is untrusted: includes are read through :class:`~.sources.SourceTree` (regular
files inside SRC only), loops, output and include depth are bounded, and nothing is executed.
A page whose Liquid python-liquid cannot render is flagged with the error's line, and left to
the simple resolver of :mod:`.liquid`.
"""

from __future__ import annotations

import contextvars
import datetime
import difflib
import html
import itertools
import json
import re
import string
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from liquid import Environment, Undefined
from liquid.ast import Node
from liquid.builtin.expressions import FilteredExpression
from liquid.builtin.expressions import tokenize as tokenize_expression
from liquid.context import RenderContext
from liquid.exceptions import FilterArgumentError, LiquidError, TemplateNotFoundError
from liquid.expression import Expression
from liquid.loader import BaseLoader, TemplateSource
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.includes import ALERTS, SILENT
from nhs_assurance.importer.sources import SourceError, SourceTree
from nhs_assurance.importer.text import Line, code_span

#: Includes :mod:`.includes` converts itself (admonitions, figures), written back as tags.
CONVERTED_INCLUDES = frozenset({*ALERTS, *SILENT, "callout.html", "image.html"})
INCLUDES = "_includes"
HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]*?-?%\}")
END_HIGHLIGHT = re.compile(r"\{%-?\s*endhighlight\s*-?%\}")
INCLUDE_NAME = re.compile(r"\s*(?P<name>(?:\{\{.*?\}\}|[^\s{])+)(?P<params>.*)", re.DOTALL)
INCLUDE_PARAM = re.compile(
    r"(?P<key>[\w-]+)\s*=\s*(?:\"(?P<dq>(?:[^\"\\]|\\.)*)\"|'(?P<sq>(?:[^'\\]|\\.)*)'"
    r"|(?P<var>[\w.\-\[\]\"']+))",
    re.DOTALL,
)
OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


class Limits:
    """The bounds of one page's rendering: far above any real site, far below harm."""

    LOOP_ITERATIONS = 200_000
    OUTPUT_CHARACTERS = 4_000_000
    CONTEXT_DEPTH = 20
    NAMESPACE = 2_000_000


@dataclass
class _Unrendered:
    """What one render could not give: names of undefined variables shown, by their line."""

    page_source: str
    undefined: list[tuple[int, str, str]] = field(default_factory=list)


_CURRENT: contextvars.ContextVar[_Unrendered | None] = contextvars.ContextVar(
    "nhs_import_liquid", default=None
)


def _line_of(token: Token | None, page_source: str) -> tuple[int, str]:
    """``(line in the page, "")`` for a token of the page, else ``(0, the include's text)``."""
    if token is None or token.start_index < 0:
        return 0, ""
    if token.source is page_source:
        return page_source.count("\n", 0, token.start_index) + 1, ""
    return 0, excerpt(token.source.split("\n", 1)[0])


PATH = re.compile(r"[A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]]*\])*")


def _path_at(token: Token | None) -> str:
    """The variable's path as written (``page.contract_number``), from its token."""
    if token is None or token.start_index < 0:
        return ""
    found = PATH.match(token.source, token.start_index)
    return found.group(0) if found else ""


class _ShownUndefined(Undefined):
    """Jekyll's undefined variable: it shows as nothing; the importer notes each one shown."""

    def __str__(self) -> str:
        current = _CURRENT.get()
        if current is not None:
            line, where = _line_of(self.token, current.page_source)
            current.undefined.append((line, _path_at(self.token) or self.name, where))
        return ""


def _relative_url(value: object, baseurl: str = "") -> str:
    text = str(value or "")
    if "://" in text or text.startswith("//"):
        return text
    return ("/" + baseurl if baseurl else "") + "/" + text.lstrip("/")


def _slugify(value: object, mode: str = "default") -> str:
    text = str(value or "").lower()
    pattern = r"[^\w.~!$&'()+,;=@-]+" if mode == "pretty" else r"[^a-z0-9]+"
    return re.sub(pattern, "-", text).strip("-")


def _where(items: object, key: str, value: object = None) -> list[Any]:
    if isinstance(items, Mapping):
        items = list(items.values())
    if not isinstance(items, list | tuple):
        return []
    found = []
    for item in items:
        got = item.get(key) if isinstance(item, Mapping) else None
        if (isinstance(got, list) and value in got) or str(got) == str(value):
            found.append(item)
    return found


def _group_by(items: object, key: str) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for item in items if isinstance(items, list | tuple) else []:
        got = item.get(key) if isinstance(item, Mapping) else None
        groups.setdefault("" if got is None else str(got), []).append(item)
    return [{"name": name, "items": group, "size": len(group)} for name, group in groups.items()]


def _sentence(items: object, connector: str = "and") -> str:
    words = [str(item) for item in items] if isinstance(items, list | tuple) else [str(items)]
    if len(words) < 3:
        return f" {connector} ".join(words)
    return ", ".join(words[:-1]) + f", {connector} " + words[-1]


#: Ruby's ``casecmp``, which Jekyll's ``sort_natural`` compares with, folds ASCII letters only.
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _sort_natural(items: object, key: object = None) -> list[Any]:
    """Jekyll's (Liquid's) ``sort_natural``: Ruby's ``casecmp`` order, which folds the case
    of ASCII letters only and compares bytes (``Éclair`` before ``échelon``, unlike Python's
    ``lower``); an item with no value for *key* goes last."""
    if isinstance(items, Mapping):
        items = [items]
    elif isinstance(items, str):
        items = [items] if items else []
    sequence = list(items) if isinstance(items, list | tuple) else []

    def order(item: object) -> tuple[bool, bytes]:
        value = item.get(str(key)) if key and isinstance(item, Mapping) else item
        if value is None or isinstance(value, Undefined) or (key and not isinstance(item, Mapping)):
            return True, b""
        return False, _text(value).translate(ASCII_LOWER).encode("utf-8")

    return sorted(sequence, key=order)


#: A word as Ruby's ``String#split(" ")`` cuts them: between runs of ASCII whitespace.
RUBY_WORD = re.compile(r"[^ \t\n\v\f\r]+")
#: Liquid's own bound on ``truncatewords`` (a C int): at or above it the text is kept whole.
MAX_TRUNCATE_WORDS = (1 << 31) - 1


def _truncatewords(value: object, count: object = 15, end: object = "...") -> str:
    """Shopify Liquid's (Jekyll's) ``truncatewords``: a text of at most *count* words is kept
    exactly as it is, whitespace and all; a longer one is cut to its first *count* words, joined
    by single spaces, and *end*. (python-liquid adds *end* to a text of exactly *count* words,
    and folds the whitespace of a shorter one.)"""
    if isinstance(value, Undefined) or value is None:
        return ""
    text = _text(value)
    try:
        limit = max(1, int(str(count).strip()))
    except ValueError as exc:
        raise FilterArgumentError(
            f"truncatewords expected an integer, found {excerpt(count)}", token=None
        ) from exc
    if limit >= MAX_TRUNCATE_WORDS:
        return text
    # Ruby's split(" ", limit + 1): runs of ASCII whitespace only (not a no-break space).
    words = [m.group(0) for m in itertools.islice(RUBY_WORD.finditer(text), limit + 1)]
    if len(words) <= limit:
        return text
    return " ".join(words[:limit]) + ("" if isinstance(end, Undefined) else _text(end))


def _date_to_string(value: object, *_args: object) -> str:
    if isinstance(value, datetime.date):
        return f"{value.day:02d} {value:%b} {value.year}"
    return str(value or "")


def _json(value: object) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _identity(value: object, *_args: object) -> object:
    return value


class _SiteLoader(BaseLoader):
    """Reads ``_includes/NAME`` through the source tree: regular files inside SRC only."""

    def __init__(self, tree: SourceTree) -> None:
        self.tree = tree

    def get_source(
        self,
        env: Environment,
        template_name: str,
        *,
        context: RenderContext | None = None,
        **kwargs: object,
    ) -> TemplateSource:
        """The text of the include *template_name*; :class:`TemplateNotFoundError` otherwise."""
        try:
            text = self.tree.read_text(f"{INCLUDES}/{template_name}")
        except SourceError as exc:
            raise TemplateNotFoundError(
                f"{INCLUDES}/{template_name} {exc.reason}", token=None
            ) from exc
        return TemplateSource(jekyll_highlights(text), f"{INCLUDES}/{template_name}", None)


class _JekyllIncludeNode(Node):
    """``{% include NAME key=value ... %}`` as Jekyll reads it."""

    __slots__ = ("name", "params")

    def __init__(
        self,
        token: Token,
        name: list[str | Expression],
        params: list[tuple[str, str | Expression]],
    ) -> None:
        super().__init__(token)
        self.name = name
        self.params = params
        self.blank = False

    def __str__(self) -> str:
        return "{% include %}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """Render the include: the file from ``_includes/``, or the tag for a theme callout."""
        name = "".join(
            part if isinstance(part, str) else _text(part.evaluate(context)) for part in self.name
        ).strip()
        values = {
            key: value if isinstance(value, str) else value.evaluate(context)
            for key, value in self.params
        }
        if name in CONVERTED_INCLUDES:
            if self._own_line():
                params = "".join(f' {key}="{_escaped(value)}"' for key, value in values.items())
                buffer.write("{% include " + name + params + " %}")
            else:  # in a list item, a paragraph or HTML: the callout's text, where it stood
                buffer.write(_inline_callout(name, {k: _text(v) for k, v in values.items()}))
            return True
        try:
            template = context.env.get_template(name, context=context, tag="include")
        except TemplateNotFoundError as err:
            err.token = self.token
            raise
        with context.extend({"include": values}, template=template):
            template.render_with_context(context, buffer, partial=True)
        return True

    def _own_line(self) -> bool:
        """Whether the tag starts a line of the page itself, not indented: a block of its own."""
        current = _CURRENT.get()
        if current is None or self.token.source is not current.page_source:
            return False
        source = self.token.source
        opening = source.rfind("{%", 0, self.token.start_index)  # the token is the tag's name
        start = source.rfind("\n", 0, opening) + 1
        return opening >= 0 and source[start:opening] == ""

    def expressions(self) -> Iterator[Expression]:
        """The node's expressions."""
        yield from (part for part in self.name if not isinstance(part, str))
        yield from (value for _key, value in self.params if not isinstance(value, str))


def _expression(env: Environment, text: str, token: Token) -> Expression:
    return FilteredExpression.parse(env, TokenStream(tokenize_expression(text, token)))


def _raw_tag(
    stream: TokenStream, pattern: re.Pattern[str], error: str
) -> tuple[Token, re.Match[str]]:
    """A tag read as Jekyll reads its own: its token, and its raw expression matched by
    *pattern* (a syntax error saying *error* when it does not match)."""
    token = stream.eat(TOKEN_TAG)
    # The parser moves past the expression token itself, as for the built-in tags.
    raw = stream.current.value if stream.current.kind == TOKEN_EXPRESSION else ""
    found = pattern.fullmatch(raw)
    if found is None:
        from liquid.exceptions import LiquidSyntaxError

        raise LiquidSyntaxError(error, token=token)
    return token, found


class _JekyllIncludeTag(Tag):
    """Jekyll's ``include``: an unquoted file name (with ``{{ }}`` in it) and ``key=value``."""

    name = "include"
    block = False
    node_class = _JekyllIncludeNode

    def parse(self, stream: TokenStream) -> Node:
        """Read the tag's name and parameters from its raw expression, as Jekyll does."""
        token, found = _raw_tag(stream, INCLUDE_NAME, "include names no file")
        name: list[str | Expression] = []
        position = 0
        for output in OUTPUT.finditer(found["name"]):
            name.append(found["name"][position : output.start()])
            name.append(_expression(self.env, output[1], token))
            position = output.end()
        name.append(found["name"][position:])
        params: list[tuple[str, str | Expression]] = []
        for param in INCLUDE_PARAM.finditer(found["params"]):
            if param["var"] is not None:
                params.append((param["key"], _expression(self.env, param["var"], token)))
            else:
                quoted = param["dq"] if param["dq"] is not None else param["sq"]
                params.append((param["key"], re.sub(r"\\(.)", r"\1", quoted)))
        return _JekyllIncludeNode(token, name, params)


def _inline_callout(name: str, params: dict[str, str]) -> str:
    """A theme callout that is not a block of its own, as the text the theme showed."""
    content = " ".join(params.get("content", "").split())
    if name in ALERTS:
        return f"**{ALERTS[name].capitalize()}:** {content}"
    if name == "image.html":
        alt = params.get("alt") or params.get("caption") or ""
        return f"![{alt}](images/{params.get('file', '')})" if params.get("file") else alt
    title = " ".join(params.get("title", "").split())
    return f"**{title}** {content}" if title and content else title or content  # callout.html


def _escaped(value: object) -> str:
    """*value* as the text of a double-quoted include parameter."""
    return _text(value).replace("\\", "\\\\").replace('"', '\\"')


def _text(value: object) -> str:
    if value is None or isinstance(value, Undefined):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: ``{% gist ID %}``, ``{% gist user/ID %}`` or ``{% gist ID file.json %}`` (jekyll-gist).
GIST = re.compile(
    r"\s*(?P<id>(?:[A-Za-z0-9-]{1,39}/)?[0-9A-Fa-f]{1,64})(?:\s+(?P<file>[\w.-]{1,255}))?\s*"
)


class _GistNode(Node):
    """A gist jekyll-gist embedded with script: a link to it on GitHub (no script here)."""

    __slots__ = ("address",)

    def __init__(self, token: Token, address: str) -> None:
        super().__init__(token)
        self.address = address
        self.blank = False

    def __str__(self) -> str:
        return "{% gist %}"

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        """The gist's address as a link, where the script drew the gist."""
        buffer.write(f"<{self.address}>")
        return True


class _GistTag(Tag):
    """jekyll-gist's ``gist`` tag: its gist ID (and file) checked, nothing else accepted."""

    name = "gist"
    block = False
    node_class = _GistNode

    def parse(self, stream: TokenStream) -> Node:
        """Read the gist's ID and file name from the raw expression."""
        token, found = _raw_tag(stream, GIST, "gist names no gist ID")
        address = f"https://gist.github.com/{found['id']}"
        if found["file"]:
            address += f"#file-{found['file'].replace('.', '-').lower()}"
        return _GistNode(token, address)


class JekyllEnvironment(Environment):
    """python-liquid set up as Jekyll: its include tag and filters, within :class:`Limits`."""

    loop_iteration_limit = Limits.LOOP_ITERATIONS
    output_stream_limit = Limits.OUTPUT_CHARACTERS
    context_depth_limit = Limits.CONTEXT_DEPTH
    local_namespace_limit = Limits.NAMESPACE

    def __init__(self, tree: SourceTree, baseurl: str, url: str) -> None:
        super().__init__(loader=_SiteLoader(tree), undefined=_ShownUndefined)
        self.add_tag(_JekyllIncludeTag)
        self.add_tag(_GistTag)
        jekyll_filters: dict[str, Callable[..., Any]] = {
            "relative_url": lambda value: _relative_url(value, baseurl),
            "absolute_url": lambda value: url.rstrip("/") + _relative_url(value, baseurl),
            "slugify": _slugify,
            "where": _where,
            "sort_natural": _sort_natural,
            "group_by": _group_by,
            "array_to_sentence_string": _sentence,
            "date_to_string": _date_to_string,
            "date_to_long_string": _date_to_string,
            "jsonify": _json,
            "xml_escape": lambda value: html.escape(_text(value)),
            "cgi_escape": lambda value: urllib.parse.quote_plus(_text(value)),
            "uri_escape": lambda value: urllib.parse.quote(_text(value), safe="/:?#[]@!$&'()*+,;="),
            "truncatewords": _truncatewords,
            "number_of_words": lambda value: len(_text(value).split()),
            "normalize_whitespace": lambda value: " ".join(_text(value).split()),
            # Jekyll converts these to HTML; the importer converts the Markdown itself.
            "markdownify": _identity,
            "smartify": _identity,
            "scssify": _identity,
            "sassify": _identity,
        }
        for filter_name, function in jekyll_filters.items():
            self.add_filter(filter_name, function)


def jekyll_highlights(text: str) -> str:
    """``{% highlight lang %}...{% endhighlight %}`` as the fenced code block it renders."""
    text = HIGHLIGHT.sub(lambda m: "\n```" + m[1].lower() + "\n", text)
    return END_HIGHLIGHT.sub("\n```\n", text)


@dataclass
class SiteRenderer:
    """Renders the Liquid of a site's pages; one per import (the includes are parsed once)."""

    tree: SourceTree
    config: dict[str, Any]
    data: dict[str, Any]
    pages: list[dict[str, Any]]
    #: ``site.posts``: the posts, newest first, as Jekyll lists them.
    posts: list[dict[str, Any]] = field(default_factory=list)
    #: Source path -> the page's Markdown once its Liquid is rendered (for the tag pages'
    #: excerpts, which Jekyll takes from the pages it has rendered).
    rendered: dict[str, str] = field(default_factory=dict)
    env: JekyllEnvironment = field(init=False)

    def __post_init__(self) -> None:
        baseurl = str(self.config.get("baseurl") or "").strip().strip("/")
        self.env = JekyllEnvironment(self.tree, baseurl, str(self.config.get("url") or ""))

    @property
    def site(self) -> dict[str, Any]:
        """``site`` as Liquid sees it: `_config.yml`, ``data``, ``pages`` and ``posts``."""
        return {**self.config, "data": self.data, "pages": self.pages, "posts": self.posts}

    def render(self, body: list[Line], page: dict[str, Any], flags: Flags) -> list[Line] | None:
        """The page's lines with its Liquid rendered, or ``None`` (flagged) when it cannot be."""
        if not body:
            return body
        source = "\n".join(line.text for line in body)
        if "{" not in source:
            return body
        source = jekyll_highlights(source)
        first = body[0].number
        unrendered = _Unrendered(source)
        reset = _CURRENT.set(unrendered)
        try:
            template = self.env.from_string(source, name=page.get("path", ""))
            text = template.render(site=self.site, page=page, jekyll={"environment": "production"})
        except (LiquidError, RecursionError) as exc:
            line = 0
            token = getattr(exc, "token", None)
            if isinstance(token, Token) and token.source is source and token.start_index >= 0:
                line = source.count("\n", 0, token.start_index) + first
            flags.add(
                line,
                "liquid",
                f"The page's Liquid cannot be rendered ({excerpt(_message(exc), 200)}); its simple "
                "variables are resolved and any other Liquid is kept as text.",
            )
            return None
        finally:
            _CURRENT.reset(reset)
        for line, name, where in unrendered.undefined:
            place = f" (in the include {code_span(where)})" if where else ""
            flags.add(
                line + first - 1 if line else 0,
                "liquid",
                f"Liquid variable {code_span(name)}{place} is not defined in `_config.yml`, "
                "`_data` or the front matter: Jekyll showed nothing for it, nor does the import.",
            )
        return _numbered(body, _unwrapped_code(text))


OPEN_DIV = re.compile(r"\s*<div\b[^>]*>\s*")
CLOSE_DIV = re.compile(r"\s*</div>\s*")


def _unwrapped_code(text: str) -> str:
    """*text* without the ``<div>`` the theme wraps around a highlighted example (its
    scrolling box): Jekyll highlights the code inside, which a Markdown fence in HTML is not."""
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        if OPEN_DIV.fullmatch(lines[index]):
            fence = _next_filled(lines, index + 1)
            if fence is not None and lines[fence].startswith("```"):
                end = next(
                    (i for i in range(fence + 1, len(lines)) if lines[i].strip() == "```"), None
                )
                close = _next_filled(lines, end + 1) if end is not None else None
                if close is not None and CLOSE_DIV.fullmatch(lines[close]):
                    lines[index] = lines[close] = ""
                    index = close
        index += 1
    return "\n".join(lines)


def _next_filled(lines: list[str], start: int) -> int | None:
    """The index of the first line from *start* that is not blank."""
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _message(exc: BaseException) -> str:
    if isinstance(exc, LiquidError):
        return " ".join(str(exc.args[0] if exc.args else type(exc).__name__).split())
    return type(exc).__name__


def _numbered(body: list[Line], text: str) -> list[Line]:
    """The rendered lines, each numbered as the source line it came from (or follows)."""
    before = [line.text for line in body]
    after = text.split("\n")
    out: list[Line] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset, j in enumerate(range(j1, j2)):
            i = i1 + offset if tag == "equal" else min(i1 + offset, max(i1, i2 - 1))
            number = body[min(i, len(body) - 1)].number
            out.append(Line(number, after[j]))
    return out


def site_pages(pages: list[tuple[str, str, dict[str, Any], str]]) -> list[dict[str, Any]]:
    """``site.pages`` (or ``site.posts``) from ``(source path, published URL, front matter,
    body)`` of every page: the body as ``content``, as Jekyll gives a page not yet rendered."""
    return [
        {
            **data,
            "url": "/" + url.removesuffix("index.html"),
            "path": rel,
            "name": rel.rsplit("/", 1)[-1],
            "content": content,
        }
        for rel, url, data, content in pages
    ]
