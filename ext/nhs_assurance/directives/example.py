"""The ``nhs-example`` directive: MyST markup shown beside what it renders to.

The authoring guide documents every directive this way, so an example can never drift from
its result: both come from the same source lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class ExampleDirective(SphinxDirective):
    """Show the content as a Markdown code block, and beside it, the content rendered."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content)
        code = nodes.literal_block(source, source, language="markdown")
        self.set_source_info(code)

        markup = nodes.container(classes=["nhs-example-markup"])
        markup += nodes.rubric("", "Markup", classes=["nhs-example-label"])
        markup += code
        result = nodes.container(classes=["nhs-example-result"])
        result += nodes.rubric("", "Result", classes=["nhs-example-label"])
        result += self.parse_content_to_nodes()

        example = nodes.container(classes=["nhs-example"])
        self.set_source_info(example)
        example += [markup, result]
        return [example]
