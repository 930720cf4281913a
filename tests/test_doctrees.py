"""Doctree snapshots: what every directive and role of nhs_assurance gives the builders.

Each page below uses one directive or role (with each of its options); its doctree, resolved as
the HTML builder writes it, is compared with the snapshot stored beside this file in
``test_doctrees/`` (pytest-regressions' ``file_regression``, as sphinx-design and MyST test
theirs). The site uses Sphinx's ``basic`` theme and no sphinx_design, so these tests do not
depend on Furo's markup. A change to a directive's output fails here with the difference; when
the change is meant, ``make test PYTESTOPTS="-k test_doctrees --force-regen"`` rewrites the
snapshots, and the diff of ``test_doctrees/`` shows the change for review.

All standards are fictional.
"""

from __future__ import annotations

import pytest
from helpers import BuildResult, Site, page_with
from pytest_regressions.file_regression import FileRegressionFixture

pytestmark = pytest.mark.build

#: The extension alone, as a project that does not use Furo or sphinx-design would load it.
CONF = """\
extensions = ["myst_parser", "nhs_assurance"]
myst_enable_extensions = ["colon_fence", "fieldlist"]
html_theme = "basic"
"""

#: One page per directive or role, each option used; docname -> MyST body.
PAGES: dict[str, str] = {
    "standard": """
        :::{standard} ABC0042 Amd 7/2031
        :title: Fictional Standard for Snapshots
        :url: https://example.org/standards/abc0042
        :status: Recommended
        :applies-to: makers of   fictional systems
        :class: wide highlighted

        The body, with **strong** text.

        A second paragraph.
        :::

        :::{standard} XYZ0001
        :title: A Minimal Fictional Standard
        :url: https://example.org/standards/xyz0001
        :::

        :::{standard} XYZ0003
        :title: A Mandatory Fictional Standard
        :url: https://example.org/standards/xyz0003
        :status: mandatory
        :::
        """,
    "standard_no_index": """
        :::{standard} XYZ0002
        :title: A Fictional Standard Kept Off the Register
        :url: https://example.org/standards/xyz0002
        :no-index:

        Shown, but listed nowhere.
        :::
        """,
    "mandatory": """
        :::{mandatory}
        Compliance with {standard}`XYZ0001` is mandatory in this fictional example.
        :::
        """,
    "mandatory_options": """
        :::{mandatory} A *fictional* legal requirement
        :class: strict
        :name: fictional-requirement

        Keep this fictional rule.
        :::

        See {ref}`the requirement <fictional-requirement>`.
        """,
    "mandatory_no_index": """
        :::{mandatory}
        :no-index:

        A fictional note kept off the compliance register.
        :::
        """,
    "standard_list": """
        :::{standard-list}
        :::

        :::{standard-list}
        :status: mandatory, recommended
        :class: filtered
        :::
        """,
    "mandatory_list": """
        :::{mandatory-list}
        :class: register
        :::
        """,
    "example": """
        ::::{nhs-example}
        Follow {standard}`XYZ0001`, **always**.
        ::::
        """,
    "hazard": """
        :::{hazard} HAZ-901
        :title: A referral is sent to a fictional service that has closed
        :severity: Major
        :likelihood: Low
        :residual-severity: major
        :residual-likelihood: very low
        :status: Closed
        :owner: Fictional Clinical Safety Officer
        :standards: XYZ0001, ABC0042 Amd 7/2031
        :class: wide

        The description, with **strong** text.

        :Harm: Delayed treatment.
        :Causes:
          - The fictional directory lists the service.
          - A cached result.
        :Additional controls: Design: only open services are listed.
        :::

        :::{hazard} H12
        :title: A fictional hazard with its initial assessment only
        :severity: Catastrophic
        :likelihood: Medium
        :::

        :::{hazard} HAZ-902
        :title: A fictional hazard kept off the log
        :severity: Minor
        :likelihood: Very low
        :status: transferred
        :no-index:
        :::

        Links: {hazard}`HAZ-901`, {hazard}`the second <h12>`, {nhs:hazard}`haz-901`.
        """,
    "hazard_log": """
        :::{hazard-log}
        :::

        :::{hazard-log}
        :status: open transferred
        :class: filtered
        :::
        """,
    "control": """
        :::{control} CTL-901
        :title: Only open fictional services are listed
        :type: design
        :verified-by: tests/test_search.py::test_closed_hidden, Fictional test report TR-901

        The search leaves out **closed** services.
        :::

        :::{control} CTL-902
        :title: Fictional referrers are trained
        :type: Business process
        :owner: deployer
        :::

        :::{hazard} HAZ-903
        :title: A fictional referral goes to a closed service
        :severity: Major
        :likelihood: Low
        :existing-controls: CTL-901
        :additional-controls: ctl-902
        :raised: 2026-01-05
        :next-review: 2099-01-05

        :Initial justification: The fictional directory is updated weekly.
        :Residual justification: Referrers check the service's status.
        :::

        :::{control-list}
        :::

        Links: {control}`CTL-901`, {control}`the second <ctl-902>`.
        """,
    "role": """
        - Plain: {standard}`XYZ0001`
        - With an amendment: {standard}`ABC0042`
        - With its own text: {standard}`the minimal standard <XYZ0001>`
        - In another case: {standard}`xyz0001`
        - Through the domain: {nhs:standard}`XYZ0003`
        """,
}


def normalised(result: BuildResult, docname: str) -> str:
    """The resolved doctree of *docname*, as text, without the build's temporary folder."""
    app = result.app
    doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.tags)
    return doctree.pformat().replace(str(app.srcdir), "<srcdir>")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The site of every page above, built once for the module."""
    site = Site(tmp_path_factory.mktemp("doctrees"), conf=CONF)
    site.write_pages({name: page_with(body, title=name) for name, body in PAGES.items()})
    return site.build()


def test_good_input_gives_no_warning(built: BuildResult) -> None:
    assert built.warnings == ""


@pytest.mark.parametrize("docname", PAGES)
def test_doctree(built: BuildResult, docname: str, file_regression: FileRegressionFixture) -> None:
    file_regression.check(normalised(built, docname), basename=docname, extension=".xml")


def test_unknown_id_warns_and_renders_plain_text(
    site: Site, file_regression: FileRegressionFixture
) -> None:
    site.conf = CONF
    site.write_pages({"page": page_with("See {standard}`QQQ9999` here.")})
    result = site.build()
    assert result.warning_lines() == [
        f"{site.srcdir}/page.md:3: WARNING: standard: no page declares 'QQQ9999'; the reference "
        "is shown as plain text [nhs_assurance.unknown_standard]"
    ]
    file_regression.check(normalised(result, "page"), basename="role_unknown", extension=".xml")
