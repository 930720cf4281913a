"""Furo's navigation sidebar, computed once per build instead of once per page.

Furo renders the whole site's navigation tree on every page: its ``html-page-context`` handler
asks Sphinx for the global toctree (a docutils tree copied and rendered to HTML) and passes the
HTML through BeautifulSoup to add its expand/collapse checkboxes. Both steps take time in
proportion to the number of pages, so a build takes time in proportion to the square of the
number of pages (about 70 % of a 1000-page build).

Yet the tree is the same on every page except for:

- the links, which are relative to the page's folder (``../a.html`` from ``sec/b.html``), and
  the page's own link, which is ``#``;
- the class ``current`` on the page's link and on every list and list item above it, Furo's
  ``checked`` on the checkboxes of those list items, and Furo's ``current-page`` on the last.

So, once per build (and per process of a parallel build), the tree is rendered for no page in
particular, with a marker on every link and on every element that may become ``current``, and
goes through the same chain as on any page: the toctree function of the page context (with
whatever wraps it, such as this package's caption repair in ``theme/accessibility.py``) and
Furo's own ``get_navigation_tree``, whose cache then answers every later page at once. That
output is cut at
the markers into a template, and each page gets the template filled in with its own links and
``current`` path: the same bytes Furo would write (``tests/test_navigation.py`` compares every
page of a 60-page site with stock Furo), without the per-page cost.

It changes nothing when the theme is not Furo, for builders other than ``html`` (``dirhtml``
links differ), or on a page whose toctree function someone replaced (sphinx-notfound-page's 404
page): there Furo computes the tree as usual. ``nhs_assurance_furo_navigation = False`` in
``conf.py`` switches it off, and it switches itself off, saying so, with a Sphinx or Furo release
it was not tested with: it rests on their internals (``_compat.py``).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging, url_re
from sphinx.util.osutil import relative_uri

from nhs_assurance._compat import (
    FURO_NAVIGATION_KEY,
    FURO_PAGE_CONTEXT_PRIORITY,
    FURO_TOCTREE_ARGUMENTS,
    furo_navigation_html,
    global_toctree,
    page_toctree,
    render_fragment,
    set_page_toctree,
)
from nhs_assurance.config import FURO_NAVIGATION, add_setting, setting_named
from nhs_assurance.state import extension_state
from nhs_assurance.theme.features import feature_enabled, setup_features

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

#: The page context key under which a page's toctree wrapper waits for Furo to finish.
CONTEXT_KEY = "_nhs_assurance_navigation"

#: The page the shared tree is rendered for: no document has this name, and it sits in the
#: site's root folder, so every link in the tree comes out as the target's own URI.
NEUTRAL_DOCNAME = "\x00nhs-assurance-navigation"

# Markers are Unicode private-use characters: no title or URI of a page holds them, and neither
# docutils nor BeautifulSoup escapes them. A class marker stands where Sphinx would append
# ``current``; a link marker stands for the whole ``href`` value.
OPEN, CLOSE = "\uf8f0", "\uf8f1"
MARKER = re.compile(f"{OPEN}([CH])([0-9]+){CLOSE}")
#: The tags whose attributes may change from page to page, and ``</li>`` (to know the nesting).
TAG = re.compile(r"<(?P<end>/?)(?P<name>li|ul|a|input)\b(?P<attrs>[^>]*)>")
ATTRIBUTE = re.compile(r' (?P<name>[^\s=>/]+)="(?P<value>[^"]*)"')
#: Characters an attribute value would have to be escaped for.
NEEDS_ESCAPING = re.compile("[&<>\"']")


def class_marker(number: int) -> str:
    """The class that stands for ``current`` on element *number* of the shared tree."""
    return f"{OPEN}C{number}{CLOSE}"


def link_marker(number: int) -> str:
    """The ``href`` value that stands for link *number* of the shared tree."""
    return f"{OPEN}H{number}{CLOSE}"


@dataclass(frozen=True)
class Link:
    """An internal link of the shared tree: its target's URI and its ``#anchor`` (or "")."""

    uri: str
    anchor: str
    #: The class markers of the link and of every element above it, innermost first: the
    #: elements Sphinx marks ``current`` when the link is to the page being written.
    path: tuple[int, ...]


@dataclass
class SharedTree:
    """The navigation tree of a build, rendered once for no page, with markers."""

    html: str
    links: list[Link]
    #: Link numbers by target URI, for finding a page's own links.
    by_uri: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for number, link in enumerate(self.links):
            self.by_uri.setdefault(link.uri, []).append(number)


def shared_tree(builder: StandaloneHTMLBuilder) -> SharedTree:
    """Render the global toctree as Furo asks for it, for no page, with markers."""
    tree = global_toctree(builder, NEUTRAL_DOCNAME, **FURO_TOCTREE_ARGUMENTS)
    links: list[Link] = []
    if tree is None:
        return SharedTree("", links)
    marks: dict[int, int] = {}  # id(element) -> its class marker number
    for reference in list(tree.findall(nodes.reference)):
        refuri = reference.get("refuri", "")
        if url_re.match(refuri) is not None:
            continue  # an external link (Sphinx never makes it relative, nor current)
        path = []
        element: nodes.Element | None = reference
        while element is not None:
            if id(element) not in marks:
                marks[id(element)] = len(marks)
                element["classes"].append(class_marker(marks[id(element)]))
            path.append(marks[id(element)])
            element = element.parent
        # Sphinx made the link relative to the neutral page, in the root folder: its target URI.
        uri, hash_, anchor = refuri.partition("#")
        reference["refuri"] = link_marker(len(links))
        links.append(Link(uri, hash_ + anchor, tuple(path)))
    return SharedTree(render_fragment(builder, tree), links)


# -- the template cut from Furo's output --------------------------------------------------------


@dataclass
class ClassSlot:
    """A ``class`` attribute holding a marker: the classes before and after it."""

    before: list[str]
    mark: int
    after: list[str]
    #: For an ``<li>``: its position among the list items (for Furo's ``current-page``).
    item: int | None


@dataclass
class CheckedSlot:
    """Where Furo writes ``checked=""`` on the checkbox of the list item *item*."""

    item: int


@dataclass
class HrefSlot:
    """The ``href`` value of link *link*."""

    link: int


Piece = str | ClassSlot | CheckedSlot | HrefSlot


#: The class marker of a list item that has none.
NO_MARK = -1


class TemplateError(ValueError):
    """Furo's output for the shared tree is not what this module knows how to fill in."""


@dataclass
class Template:
    """Furo's navigation HTML for the shared tree, cut into text and slots."""

    pieces: list[Piece]
    #: The class marker of each list item, in document order (``NO_MARK`` for none).
    item_marks: list[int]


def cut(furo_html: str, shared: SharedTree) -> Template:
    """Cut Furo's output for the shared tree into a :class:`Template`.

    Raises :class:`TemplateError` when a marker is where it cannot be filled in, or missing.
    """
    pieces: list[Piece] = []
    item_marks: list[int] = []
    open_items: list[int | None] = []  # the list items enclosing the current position
    seen_links: set[int] = set()
    position = 0
    for tag in TAG.finditer(furo_html):
        name = tag["name"]
        if tag["end"]:
            if name == "li" and open_items:
                open_items.pop()
            continue
        attrs = tag["attrs"]
        item = None
        if name == "li":
            item = len(item_marks)
        tag_pieces: list[Piece] = []
        mark_of_item: int | None = None
        cursor = 0
        for attribute in ATTRIBUTE.finditer(attrs):
            value = attribute["value"]
            if OPEN not in value:
                continue
            tag_pieces.append(attrs[cursor : attribute.start()])
            if attribute["name"] == "class":
                classes = value.split(" ")
                marks = [c for c in classes if MARKER.fullmatch(c)]
                if len(marks) != 1 or marks[0][1] != "C":
                    raise TemplateError(f"unexpected class attribute {value!r}")
                index = classes.index(marks[0])
                mark = int(MARKER.fullmatch(marks[0])[2])  # type: ignore[index]
                mark_of_item = mark
                tag_pieces.append(ClassSlot(classes[:index], mark, classes[index + 1 :], item))
            elif attribute["name"] == "href":
                match = MARKER.fullmatch(value)
                if match is None or match[1] != "H":
                    raise TemplateError(f"unexpected href {value!r}")
                seen_links.add(int(match[2]))
                tag_pieces.append(' href="')
                tag_pieces.append(HrefSlot(int(match[2])))
                tag_pieces.append('"')
            else:
                raise TemplateError(f"a marker in the attribute {attribute['name']!r}")
            cursor = attribute.end()
        if name == "li":
            # A list item without a marker (one holding an external link) is never current.
            item_marks.append(NO_MARK if mark_of_item is None else mark_of_item)
            open_items.append(item)
        if name == "input" and "toctree-checkbox" in attrs and open_items:
            # Furo adds `checked=""` to the checkbox of a `current` list item; BeautifulSoup
            # writes attributes sorted by name, so it goes before the first name after it.
            owner = open_items[-1]
            if owner is None:
                raise TemplateError("a checkbox outside a list item")
            before = next(
                (a.start() for a in ATTRIBUTE.finditer(attrs) if a["name"] > "checked"),
                len(attrs.rstrip("/")),
            )
            if tag_pieces or cursor:
                raise TemplateError("a marker on a checkbox")
            tag_pieces = [attrs[:before], CheckedSlot(owner)]
            cursor = before
        if not tag_pieces:
            continue
        start = tag.start("attrs")
        pieces.append(furo_html[position:start])
        pieces.extend(tag_pieces)
        pieces.append(attrs[cursor:])
        position = tag.end("attrs")
    pieces.append(furo_html[position:])
    if any(isinstance(p, str) and OPEN in p for p in pieces):
        raise TemplateError("a marker outside the attributes this module fills in")
    if seen_links != set(range(len(shared.links))):
        raise TemplateError("links of the shared tree are missing from Furo's output")
    return Template(pieces, item_marks)


def slot_text(
    piece: ClassSlot | CheckedSlot | HrefSlot,
    *,
    current: Counter[int],
    current_page: int | None,
    href: str,
) -> str:
    """What a slot holds on a page, given the page's ``current`` path.

    A checkbox is unchecked here: ``render`` checks those of the page's ``current`` items.
    """
    if isinstance(piece, HrefSlot):
        return href
    if isinstance(piece, CheckedSlot):
        return ""
    classes = [*piece.before, *(["current"] * current[piece.mark]), *piece.after]
    if piece.item is not None and piece.item == current_page:
        classes.append("current-page")
    return f' class="{" ".join(classes)}"' if classes else ""


@dataclass
class Slots:
    """Where the slots of a template are, by what they depend on."""

    #: Piece indices of the class attributes, by marker.
    classes: dict[int, list[int]] = field(default_factory=dict)
    #: Piece index of each list item's checkbox slot, by list item.
    checkbox: dict[int, int] = field(default_factory=dict)
    #: Piece index of each link's ``href``, by link.
    href: dict[int, int] = field(default_factory=dict)
    #: List items by their marker.
    items: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, template: Template) -> Slots:
        """Index the slots of *template*."""
        slots = cls()
        for index, piece in enumerate(template.pieces):
            if isinstance(piece, ClassSlot):
                slots.classes.setdefault(piece.mark, []).append(index)
            elif isinstance(piece, CheckedSlot):
                slots.checkbox[piece.item] = index
            elif isinstance(piece, HrefSlot):
                slots.href[piece.link] = index
        for item, mark in enumerate(template.item_marks):
            slots.items.setdefault(mark, []).append(item)
        return slots


def not_current(template: Template, hrefs: list[str]) -> list[str]:
    """The template filled in for a page that is not in the tree, in the folder of *hrefs*."""
    none: Counter[int] = Counter()
    return [
        piece
        if isinstance(piece, str)
        else slot_text(
            piece,
            current=none,
            current_page=None,
            href=hrefs[piece.link] if isinstance(piece, HrefSlot) else "",
        )
        for piece in template.pieces
    ]


def render(
    template: Template, slots: Slots, shared: SharedTree, page_uri: str, base: list[str]
) -> str:
    """The navigation HTML Furo would write on the page at *page_uri*.

    *base* is :func:`not_current` for the page's folder: only the slots along the page's own
    ``current`` path, and its own links (``#`` and ``#anchor``, as Sphinx writes them),
    differ from it, so a page costs a copy of that list and a join, whatever the site's size.
    """
    # Sphinx marks `current` the page's own links without an anchor, and everything above
    # them; an element above two such links (a page listed twice) gets the class twice.
    own = shared.by_uri.get(page_uri, [])
    current: Counter[int] = Counter()
    for number in own:
        link = shared.links[number]
        if not link.anchor:
            current.update(link.path)
    out = base.copy()
    for number in own:
        out[slots.href[number]] = shared.links[number].anchor or "#"
    if not current:
        return "".join(out)
    # Furo: the last list item in document order that is `current` is also `current-page`,
    # and the checkbox of every `current` list item is checked.
    current_items = [item for mark in current for item in slots.items.get(mark, ())]
    current_page = max(current_items, default=None)
    for item in current_items:
        if item in slots.checkbox:
            out[slots.checkbox[item]] = ' checked=""'
    for mark in current:
        for index in slots.classes.get(mark, ()):
            piece = template.pieces[index]
            assert isinstance(piece, ClassSlot)
            out[index] = slot_text(piece, current=current, current_page=current_page, href="")
    return "".join(out)


# -- the build ----------------------------------------------------------------------------------


@dataclass
class BuildNavigation:
    """What one build (one process of it) knows about its navigation tree."""

    builder: StandaloneHTMLBuilder
    _shared: SharedTree | None = None
    _templates: dict[str, tuple[Template, Slots]] = field(default_factory=dict)
    _hrefs: dict[str, list[str]] = field(default_factory=dict)
    _bases: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    #: Set when Furo's output cannot be filled in: every page then gets Furo's own tree.
    failed: bool = False

    @property
    def shared(self) -> SharedTree:
        """The shared tree, rendered on first use."""
        if self._shared is None:
            self._shared = shared_tree(self.builder)
            if any(NEEDS_ESCAPING.search(link.uri + link.anchor) for link in self._shared.links):
                # Links are written as they are: no URI Sphinx makes needs escaping in HTML
                # (it percent-encodes names), but should one ever, Furo's own rendering is
                # the safe answer rather than guessing how BeautifulSoup would escape it.
                self.failed = True
        return self._shared

    def template(self, furo_html: str) -> tuple[Template, Slots]:
        """The template cut from *furo_html* (Furo's output for the shared tree)."""
        found = self._templates.get(furo_html)
        if found is None:
            template = cut(furo_html, self.shared)
            found = self._templates[furo_html] = (template, Slots.of(template))
        return found

    def render(self, furo_html: str, page_uri: str) -> str:
        """Furo's navigation for the page at *page_uri*, from Furo's output for the shared tree."""
        template, slots = self.template(furo_html)
        folder = posixpath.dirname(page_uri)
        base = self._bases.get((id(template), folder))
        if base is None:
            base = self._bases[id(template), folder] = not_current(template, self.hrefs(page_uri))
        return render(template, slots, self.shared, page_uri, base)

    def hrefs(self, page_uri: str) -> list[str]:
        """Every link of the shared tree as written on a page in the folder of *page_uri*."""
        folder = posixpath.dirname(page_uri)
        hrefs = self._hrefs.get(folder)
        if hrefs is None:
            # Any page of the folder gives the same links, except its own (handled apart).
            base = posixpath.join(folder, NEUTRAL_DOCNAME + ".html")
            hrefs = [
                relative_uri(base, link.uri) + link.anchor or "#" for link in self.shared.links
            ]
            self._hrefs[folder] = hrefs
        return hrefs


class PageToctree:
    """The page's ``toctree`` function, answering Furo's call with the shared tree.

    Installed before any other handler wraps the function; taken out of service once Furo's
    handler has run, so any later call (from a template, say) gets Sphinx's own answer.
    """

    def __init__(self, original: Callable[..., str | None], build: BuildNavigation) -> None:
        self.original = original
        self.build = build
        self.active = True
        self.served = False

    def __call__(self, **kwargs: Any) -> str | None:
        if self.active and kwargs == FURO_TOCTREE_ARGUMENTS:
            shared = self.build.shared
            if not self.build.failed:
                self.served = True
                return shared.html
        return self.original(**kwargs)


def applies(app: Sphinx) -> bool:
    """Whether the optimisation applies: switched on, Furo's handler there, and the ``html``
    builder with Sphinx's own way of making links."""
    builder = app.builder
    return (
        "furo" in app.extensions
        and feature_enabled(app, "furo_navigation")
        and builder.name == "html"
        and isinstance(builder, StandaloneHTMLBuilder)
        and type(builder).get_target_uri is StandaloneHTMLBuilder.get_target_uri
        and type(builder).get_relative_uri is Builder.get_relative_uri
    )


def build_navigation(env: BuildEnvironment) -> BuildNavigation | None:
    """The navigation of the build in progress (or just finished) in *env*, if it made one."""
    navigation = extension_state(env).build.furo_navigation
    return navigation if isinstance(navigation, BuildNavigation) else None


def start_build(app: Sphinx, builder: Builder) -> None:
    """``write-started``: forget the tree of any earlier build by the same application."""
    extension_state(builder.env).build.furo_navigation = None


def before_furo(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Wrap the page's ``toctree`` function (before anything else wraps or replaces it)."""
    toctree = page_toctree(context)
    if toctree is None or not applies(app):
        return
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    build = build_navigation(builder.env)
    if build is None:
        build = extension_state(builder.env).build.furo_navigation = BuildNavigation(builder)
    if build.failed:
        return
    wrapper = PageToctree(toctree, build)
    set_page_toctree(context, wrapper)
    context[CONTEXT_KEY] = wrapper


def after_furo(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Fill in Furo's output for the shared tree for this page."""
    wrapper: PageToctree | None = context.pop(CONTEXT_KEY, None)
    if wrapper is None:
        return
    wrapper.active = False
    if not wrapper.served:
        return  # Furo's tree came from another function (the 404 page's): left as it is
    build = wrapper.build
    furo_html = context.get(FURO_NAVIGATION_KEY, "")
    page_uri = app.builder.get_target_uri(pagename)
    try:
        context[FURO_NAVIGATION_KEY] = build.render(furo_html, page_uri)
    except TemplateError as error:
        logger.info(
            "nhs_assurance: Furo's navigation is computed per page in this build (%s)", error
        )
        build.failed = True
        toctree = page_toctree(context)
        toctree_html = toctree(**FURO_TOCTREE_ARGUMENTS) if toctree is not None else ""
        context[FURO_NAVIGATION_KEY] = furo_navigation_html(toctree_html or "")


def setup_furo_navigation(app: Sphinx) -> None:
    """Register the optimisation."""
    app.connect("write-started", start_build)
    # Before sphinx-notfound-page (400) and the caption repair (450) replace or wrap the
    # toctree function, so that both act on the shared tree as on any page's; Furo then
    # renders it; right after Furo, it is filled in.
    app.connect("html-page-context", before_furo, priority=300)
    app.connect("html-page-context", after_furo, priority=FURO_PAGE_CONTEXT_PRIORITY + 1)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Load the shared navigation on its own, without the rest of nhs_assurance
    (``extensions = ["nhs_assurance.theme.furo_navigation"]``), as the benchmark's peers do."""
    add_setting(app, setting_named(FURO_NAVIGATION))
    setup_features(app)
    setup_furo_navigation(app)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
