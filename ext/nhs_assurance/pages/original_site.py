"""Links written the original site's way, ``[text](page.html)``, keep working.

Pages ported from the Jekyll site link to each other by output file name. A link to a page this
project has becomes an internal reference to it; a link to a page it does not carry (yet) goes
to that page on the original site, ``nhs_assurance_original_site`` + the page name, instead of
breaking. When a linked page is later added or removed, the pages linking to it are rewritten,
so an incremental build never keeps a stale link.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from nhs_assurance._compat import builder_of
from nhs_assurance.config import settings
from nhs_assurance.state import PerDocumentCollector, extension_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: A relative link to a page by its output name: ``page.html`` or ``dir/page.html#anchor``.
PAGE_LINK = re.compile(r"(?P<page>(?:[\w.-]+/)*[\w.-]+)\.html(?:#(?P<anchor>[^\s#]*))?")


def linked_page(node: addnodes.pending_xref, fromdocname: str) -> tuple[str, str] | None:
    """The (docname, anchor) a MyST link like ``page.html#anchor`` points at, else ``None``."""
    if node.get("reftype") != "myst" or node.get("refdomain") == "doc":
        return None
    match = PAGE_LINK.fullmatch(node.get("reftarget", ""))
    if match is None:
        return None
    docname = posixpath.normpath(posixpath.join(posixpath.dirname(fromdocname), match["page"]))
    if docname.startswith("../"):
        return None
    return docname, match["anchor"] or ""


class PageLinkResolver(SphinxPostTransform):
    """Resolve ``page.html`` links to this project's page, or to the original site."""

    default_priority = 8  # before MyST's resolver (9), which would warn "target not found"

    def run(self, **kwargs: Any) -> None:
        base = settings(self.config).original_site
        fromdocname = self.env.docname
        for node in list(self.document.findall(addnodes.pending_xref)):
            target = linked_page(node, fromdocname)
            if target is None:
                continue
            docname, anchor = target
            content = node[0].deepcopy() if node.children else nodes.Text(node["reftarget"])
            if docname in self.env.all_docs:
                new = make_refnode(builder_of(self.env), fromdocname, docname, anchor, content)
            elif base:
                uri = base.rstrip("/") + f"/{docname}.html" + (f"#{anchor}" if anchor else "")
                new = nodes.reference("", "", content, refuri=uri, internal=False)
                new["classes"].append("nhs-original-site")
                logger.verbose("%s: %s.html links to the original site", fromdocname, docname)
            else:
                continue  # MyST reports it as a missing target
            new.source, new.line = node.source, node.line
            node.replace_self(new)


class PageLinkCollector(PerDocumentCollector):
    """Remember which pages link to which page names, to rewrite them when one comes or goes."""

    name = "page_links"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        docname = app.env.docname
        targets = {
            target[0]
            for node in doctree.findall(addnodes.pending_xref)
            if (target := linked_page(node, docname)) is not None
        }
        if targets:
            self.store(app.env)[docname] = frozenset(targets)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        # The pages the last build knew are kept from one build to the next.
        site = extension_state(env).site
        known = set(env.all_docs)
        previous: set[str] = site.get("page_link_known_docs", known)
        site["page_link_known_docs"] = known
        appeared_or_gone = known ^ previous
        return sorted(
            docname
            for docname, targets in self.store(env).items()
            if targets & appeared_or_gone and docname in known
        )


def setup_original_site(app: Sphinx) -> None:
    """Resolve links by page name, and keep the pages holding them up to date."""
    app.add_post_transform(PageLinkResolver)
    app.add_env_collector(PageLinkCollector)
