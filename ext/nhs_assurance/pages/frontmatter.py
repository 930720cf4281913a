"""Jekyll-style front matter, honoured the way the original documentation-theme-jekyll site did.

- ``title``: the page title (MyST's ``myst_title_to_header`` makes it the page's heading);
- ``summary``: a lead paragraph under the title, and ``<meta name="description">``;
- ``keywords``: ``<meta name="keywords">``;
- ``toc: false``: hides Furo's "On this page" panel;
- ``permalink``: must agree with the URL the page is published at (a warning if not);
- ``search: exclude``: keeps the page out of the search index;
- ``sidebar``: accepted and ignored (the navigation comes from the toctree);
- ``redirect_from``: old addresses of the page, redirected to it (see ``pages/redirects.py``).

Values of the wrong type and unknown keys get a warning that names the file and line; the page
still builds, without the bad value.

Front matter is read once per page, as soon as its source is (``source-read``), by THE YAML
reader with its limits (``core.frontmatter.read_front_matter``). Front matter it refuses (YAML
that is malformed, over a limit, or no mapping) is blanked out of the source before MyST parses
it, so that no other YAML parser meets it: the page builds without it, with one located warning.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from nhs_assurance.config import settings
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.frontmatter import (
    JEKYLL_KEYS,
    KNOWN_TOOL_KEYS,
    FrontMatter,
    is_valid_value,
    keywords_text,
    read_front_matter,
    type_names,
)
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.pages.source import keep_source, page_source

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where the page being read keeps its parsed front matter (``env.current_document``).
CURRENT_DOCUMENT_KEY = "nhs_assurance:front_matter"
#: Where it keeps its front matter as read from the source, before it is checked.
READ_KEY = "nhs_assurance:front_matter_read"


def read_page_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``, after ``clean_source``: read the page's front matter, once.

    Front matter that cannot be read is blanked out of a Markdown page (its lines kept, empty,
    so every line number stays right): MyST would otherwise read it again with a YAML parser
    that has no limits. The warning is given when the page is parsed (``FrontMatterTransform``).
    """
    front_matter = read_front_matter(source[0])
    if front_matter is None:
        return
    app.env.current_document[READ_KEY] = front_matter
    if front_matter.error is None or not _is_markdown(app, docname):
        return
    lines = source[0].split("\n")
    source[0] = "\n" * front_matter.length + "\n".join(lines[front_matter.length :])
    keep_source(app.env, docname, source[0])


def _is_markdown(app: Sphinx, docname: str) -> bool:
    suffix = app.env.doc2path(docname).suffix
    return bool(app.config.source_suffix.get(suffix) == "markdown")


def current_front_matter(env: Any) -> FrontMatter | None:
    """The front matter of the page being read, as ``FrontMatterTransform`` parsed and checked it:
    only the values of the right type."""
    front_matter: FrontMatter | None = env.current_document.get(CURRENT_DOCUMENT_KEY)
    return front_matter


class FrontMatterTransform(SphinxTransform):
    """Check a page's front matter and apply it to the doctree and the page's metadata."""

    # After docutils' DocInfo (340), so the front matter is already the page's docinfo.
    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        source = self.document.get("source")
        if not source or Path(source) != Path(self.env.doc2path(docname)):
            return  # a fragment parsed into another document
        front_matter = self.env.current_document.get(READ_KEY)
        if front_matter is None:
            return  # none, or a page not read from its source file (no `source-read`)
        if front_matter.error is not None:
            # Blanked out of the page before MyST read it: the page builds without it.
            warn(
                Subtype.FRONTMATTER,
                f"front matter: {front_matter.error}; the page is built without its front matter",
                (docname, front_matter.error_line),
            )
            return
        for key, line in front_matter.repeated:
            warn(
                Subtype.FRONTMATTER,
                f"front matter: {excerpt(key)} is given more than once; "
                "only the last value is used",
                (docname, line),
            )
        values = self._validated(docname, front_matter)
        # Parsed and checked once per page: other parts of the extension read it from here while
        # the page is being read (for instance `redirects`), with only the values of right type.
        self.env.current_document[CURRENT_DOCUMENT_KEY] = replace(front_matter, data=values)

        metadata = self.env.metadata[docname]
        if summary := " ".join(values.get("summary", "").split()):
            self._add_summary(summary)
            self._add_meta("description", summary)
            # Open Graph (sphinxext-opengraph reads `og:` page metadata) describes the page with
            # the very text of its meta description, not with the first paragraph it would pick.
            metadata.setdefault("og:description", self._meta_content("description"))
        if keywords := keywords_text(values.get("keywords", "")):
            self._add_meta("keywords", keywords)
        if values.get("toc") is False:
            metadata["hide-toc"] = ""
        if values.get("search") == "exclude":
            metadata["nosearch"] = ""

    def _validated(self, docname: str, front_matter: FrontMatter) -> dict[str, Any]:
        allowed = KNOWN_TOOL_KEYS | set(settings(self.config).frontmatter_keys)
        values: dict[str, Any] = {}
        for key, value in front_matter.data.items():
            location = (docname, front_matter.line(key))
            if key in JEKYLL_KEYS:
                if is_valid_value(key, value):
                    values[key] = value
                else:
                    warn(
                        Subtype.FRONTMATTER,
                        f"front matter: {excerpt(key)} must be {type_names(JEKYLL_KEYS[key])}, "
                        f"not {excerpt(value)}; it is ignored",
                        location,
                    )
            elif key not in allowed and not key.startswith("og:"):
                warn(
                    Subtype.FRONTMATTER,
                    f"front matter: unknown key {excerpt(key)} is ignored (known keys: "
                    f"{', '.join(JEKYLL_KEYS)}; add others to nhs_assurance_frontmatter_keys)",
                    location,
                )
        if values.get("search", "exclude") != "exclude":
            warn(
                Subtype.FRONTMATTER,
                "front matter: 'search' can only be 'exclude', "
                f"not {excerpt(values.pop('search'))}",
                (docname, front_matter.line("search")),
            )
        return values

    def _add_summary(self, summary: str) -> None:
        lead = nodes.paragraph("", "", classes=["nhs-summary"])
        lead += nodes.strong("Summary:", "Summary:")
        lead += nodes.Text(" " + summary)
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            section.insert(1, lead)
        else:
            # docutils' stubs do not count its mix-in PreBibliographic as a node class.
            index = self.document.first_child_not_matching_class(nodes.PreBibliographic)  # type: ignore[arg-type]
            self.document.insert(len(self.document) if index is None else index, lead)

    def _add_meta(self, name: str, content: str) -> None:
        if self._meta_content(name) is not None:
            return  # the author's own html_meta wins
        self.document.insert(0, nodes.meta("", name=name, content=content))

    def _meta_content(self, name: str) -> str | None:
        """The content of the page's ``<meta name=...>``, if it has one."""
        return next(
            (m["content"] for m in self.document.findall(nodes.meta) if m.get("name") == name),
            None,
        )


def check_permalink(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Warn when a page's ``permalink`` is not the URL the page is actually published at."""
    permalink = (context.get("meta") or {}).get("permalink")
    if doctree is None or not permalink:
        return
    published = app.builder.get_target_uri(pagename)
    if permalink.strip().lstrip("/") == published:
        return
    text = page_source(app.env, app.env.doc2path(pagename))
    front_matter = read_front_matter(text) if text is not None else None
    if front_matter is not None and not is_valid_value(
        "permalink", front_matter.data.get("permalink")
    ):
        return  # not text (MyST made it text): its type was warned about when the page was read
    line = front_matter.line("permalink") if front_matter else 1
    warn(
        Subtype.PERMALINK,
        f"front matter: permalink {excerpt(permalink)} does not match the page's URL "
        f"'/{published}'; "
        "readers following the old link will not find this page (rename the file or fix the "
        "permalink)",
        (pagename, line),
    )


def setup_frontmatter(app: Sphinx) -> None:
    """Apply every page's front matter, and check its permalink when the page is written."""
    # After `pages/source.clean_source` (priority 500): front matter is read from the cleaned text.
    app.connect("source-read", read_page_front_matter, priority=510)
    app.add_transform(FrontMatterTransform)
    app.connect("html-page-context", check_permalink)
