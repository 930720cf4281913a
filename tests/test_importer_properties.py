"""Hypothesis-generated hostile Jekyll sites: imported and built, they never break the machine.

Each example writes a site of a few pages whose front matter, sidebar, HTML fragments, file
names and symbolic links are drawn from what attackers try (issue 12), imports it, and builds
the result with the conf.py the import wrote. Whatever the site holds:

- the import and the build end without a traceback;
- the import opens no file outside SRC, DEST and Python's own (an audit hook sees every
  ``open``), and nothing outside SRC reaches DEST or the built site (a canary file);
- nothing outside DEST is written;
- the built HTML holds no ``<script>`` the theme does not ship, no ``on*`` attribute and no
  ``javascript:``/``data:`` URL.

The example count is kept small (each example is a Sphinx build): CI has two cores.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importer_attacks import CANARY, build, scripts_and_urls, snapshot, text_of_tree, write_site
from nhs_assurance.importer import import_site

#: Values attackers put wherever a site has text.
HOSTILE_TEXT = [
    "javascript:alert(1)",
    "javascript://%0aalert(1)",
    "jav&#x61;script:alert(1)",
    " JAVASCRIPT:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "x\n```{raw} html\n<script>alert(1)</script>\n```",
    "x\n:::{raw} html\n<script>alert(1)</script>\n:::",
    '"quoted" # hash',
    "'single",
    "{download}`../../../../secret.txt`",
    "[a](../../../../secret.txt)",
    "![i](../../../secret.png)",
    "<img src=x onerror=alert(1)>",
    "Clinical \u202eksiR\u202c Management",
    "\u200b\u200b",
    "a" * 300,
    "%00",
    "../../etc/passwd",
    "/_static/evil",
    "{{ site.url }}",
    "{% raw %}",
    "line\u2028break",
]
#: Fragments of page bodies.
HOSTILE_BLOCKS = [
    "```{raw} html\n<script>alert('fence')</script>\n```",
    ":::{raw} html\n<script>alert('colon')</script>\n:::",
    "~~~{eval-rst}\n.. raw:: html\n\n   <script>alert('rst')</script>\n~~~",
    '<div onclick="alert(1)">Click</div>',
    '<div class="alert alert-info"><a href="jav&#x61;script:alert(1)">x</a></div>',
    '<p><img src="x"onerror=alert(1)></p>',
    "<script>alert('block')</script>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href=" javascript:alert(1)">inline</a> text',
    '{% include note.html content="a\n```{raw} html\n<script>alert(1)</script>\n```" %}',
    '{% include callout.html content="c" title="t\n:::{raw} html" type="danger" %}',
    '{% include image.html file="../../../secret.png" caption="x" %}',
    "[files](files/spec.pdf) [out](../../../secret.txt) [js](javascript:alert(1))",
    "[ref]: javascript:alert(1)\n\n[text][ref]",
    "<javascript:alert(1)>",
    "{download}`../../../secret.txt` and {raw}`<script>alert(1)</script>`",
    "##### [XYZ0901](javascript:alert(1)) - Title.\nDescription.",
    '##### [XYZ0902](https://example.org/x) - "Quoted" # title\nDescription.',
    "Plain text.",
]
HOSTILE_NAMES = ["page", "a b", "x\ny", "{raw}", "_hidden", "conf", "index", "café", "p.html"]


def _front_matter(draw: st.DrawFn, index: int) -> str:
    kind = draw(st.sampled_from(["values", "values", "bomb", "deep", "broken"]))
    if kind == "bomb":
        return "title: Bomb\n" + "\n".join(
            [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else '1, 1, 1, 1, 1, 1, 1, 1, 1'}]" for i in range(8)]
        ) + "\nkeywords: *l7\n"  # fmt: skip
    if kind == "deep":
        return "title: Deep\nkeywords: " + "[" * 3000 + "]" * 3000 + "\n"
    if kind == "broken":
        return "title: [unclosed\n"
    text = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=12)
    values: dict[str, object] = {"title": draw(text)}
    permalink = draw(st.one_of(st.none(), text, st.just(f"/p{index}.html")))
    if permalink is not None:
        values["permalink"] = permalink
    if draw(st.booleans()):
        values["summary"] = draw(text)
    if draw(st.booleans()):
        values["myst"] = {"disable_syntax": []}
    return yaml.safe_dump(values, allow_unicode=True)


@st.composite
def hostile_sites(draw: st.DrawFn) -> tuple[dict[str, str | bytes], list[tuple[str, str]], bool]:
    """A site's files, the symbolic links to make (link -> target under the canary folder), and
    whether to add a page whose name is not UTF-8."""
    files: dict[str, str | bytes] = {
        "_config.yml": "title: Hostile\nurl: https://hostile.example\n"
    }
    text = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=12)
    count = draw(st.integers(1, 3))
    for index in range(count):
        name = draw(st.sampled_from(HOSTILE_NAMES)) + str(index)
        blocks = draw(st.lists(st.sampled_from(HOSTILE_BLOCKS) | text, min_size=1, max_size=5))
        files[f"pages/{name}.md"] = (
            f"---\n{_front_matter(draw, index)}---\n\n" + "\n\n".join(blocks) + "\n"
        )
    items = [
        {"title": draw(text), draw(st.sampled_from(["url", "external_url"])): draw(text), "output": "web"}
        for _item in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    sidebar = {
        "entries": [{"folders": [{"title": draw(text), "output": "web", "folderitems": items}]}]
    }
    files["_data/sidebars/main.yml"] = yaml.safe_dump(sidebar, allow_unicode=True)
    files["_data/extra.yml"] = draw(
        st.sampled_from(["name: Widget\n", "deep: " + "[" * 3000 + "]" * 3000, "- a\n- *nope\n"])
    )
    links = draw(
        st.lists(
            st.sampled_from(
                [("files/spec.pdf", "secret.txt"), ("pages/linked.md", "secret_page.md"),
                 ("images/x.png", "secret.png"), ("pages/dir", "."), ("_data/linked.yml", "secret.txt")]
            ),
            unique=True,
            max_size=3,
        )
    )  # fmt: skip
    return files, links, draw(st.booleans())


OPENED: list[str] = []
RECORDING = [False]


def _audit(event: str, args: tuple[object, ...]) -> None:
    if RECORDING[0] and event == "open" and isinstance(args[0], str | bytes):
        OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)
COUNTER = itertools.count()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hypothesis-sites")


@pytest.mark.build
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(site=hostile_sites())
def test_a_hostile_site_imports_and_builds_safely(
    site: tuple[dict[str, str | bytes], list[tuple[str, str]], bool], workspace: Path
) -> None:
    files, links, bad_name = site
    root = workspace / f"example{next(COUNTER)}"
    outside = root / "outside"
    outside.mkdir(parents=True)
    for name in ("secret.txt", "secret.png"):
        (outside / name).write_text(CANARY, "utf-8")
    (outside / "secret_page.md").write_text(f"---\ntitle: S\n---\n\n{CANARY}\n", "utf-8")
    src = write_site(root / "site", files)
    for link, target in links:
        (src / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(outside / target, src / link)
    if bad_name:
        os.close(os.open(bytes(src / "pages") + b"/\xff.md", os.O_CREAT | os.O_WRONLY, 0o644))
    dest, html = root / "dest", root / "html"
    before = snapshot(root)

    OPENED.clear()
    RECORDING[0] = True
    try:
        result = import_site(src, dest)
    finally:
        RECORDING[0] = False
    assert [p.skipped for p in result.skipped if "the importer failed" in p.skipped] == []
    allowed = [Path(os.path.realpath(p)) for p in (src, dest, sys.prefix, sys.base_prefix)]
    allowed.append(Path(__file__).resolve().parents[1])  # the extension's own modules
    for path in OPENED:
        real = Path(os.path.realpath(path))
        assert not real.is_relative_to(outside.resolve()), f"read outside SRC: {path}"
        assert any(real.is_relative_to(folder) for folder in allowed), f"opened {path}"

    status, stderr = build(dest, html)
    assert status == 0, stderr
    assert "Traceback" not in stderr and "Exception occurred" not in stderr
    assert CANARY not in text_of_tree(dest)
    assert CANARY not in text_of_tree(html)
    after = snapshot(root)
    assert {k: v for k, v in after.items() if not k.startswith(("dest/", "html"))} == before

    _scripts, dangers = scripts_and_urls(html)
    assert dangers == []
    shipped = _shipped_scripts(workspace)
    scripts, _dangers = scripts_and_urls(html)
    assert scripts <= shipped


SHIPPED: dict[str, set[str]] = {}


def _shipped_scripts(workspace: Path) -> set[str]:
    """The scripts the theme puts on every page: those of a site with one harmless page."""
    if "scripts" not in SHIPPED:
        clean = write_site(
            workspace / "clean",
            {"_config.yml": "title: Clean\n", "index.md": "---\ntitle: Home\n---\n\nText.\n"},
        )
        import_site(clean, workspace / "clean-dest")
        assert build(workspace / "clean-dest", workspace / "clean-html")[0] == 0
        SHIPPED["scripts"], _dangers = scripts_and_urls(workspace / "clean-html")
    return SHIPPED["scripts"]
