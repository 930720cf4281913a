"""The importer against hostile Jekyll sites (issue 12): one test per class of attack.

A site holding every attack is imported and built once (with the conf.py the import writes);
each test looks at one attack in the result, the report or the built HTML. The file-system
contract (DEST, names, modes, all or nothing) has tests of its own.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import soup
from importer_attacks import (
    CANARY,
    build,
    scripts_and_urls,
    snapshot,
    symlink,
    text_of_tree,
    write_site,
)
from importer_support import FIXTURE_SITE, article, run_importer, text_of
from nhs_assurance.importer import ImportResult, import_site
from nhs_assurance.importer import output as output_module

BOMB = "\n".join(
    ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]" for i in range(1, 9)]
)

HOSTILE = {
    "_config.yml": "title: Hostile site\nurl: https://hostile.example\n",
    "_data/sidebars/main.yml": """\
entries:
- title: sidebar
  folders:
  - title: "Guides\\n```{raw} html\\n<script>alert('caption')</script>\\n```"
    output: web
    folderitems:
    - title: Home
      url: /index.html
      output: web
    - title: "Evil\\n```{raw} html\\n<script>alert('title')</script>\\n```"
      external_url: "javascript://%0aalert(1)"
      output: web
    - title: Data scheme
      url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
      output: web
    - title: Pages
      url: /pages.html
      output: web
""",
    "_data/bomb.yml": BOMB + "\nall: *lol8\n",
    "_data/deep.yml": "deep: " + "[" * 3000 + "]" * 3000 + "\n",
    "_data/deep.json": "[" * 100_000 + "]" * 100_000,
    "_data/halves.json": '{"name": "\\ud83d"}',
    "index.md": """\
---
title: Home
permalink: /index.html
---

Welcome.
""",
    "pages/pages.md": """\
---
title: "Pages\\n```{raw} html\\n<script>alert('front matter')</script>\\n```"
permalink: /pages.html
myst:
  disable_syntax: []
html_meta:
  "http-equiv=refresh": "0;url=javascript:alert(1)"
---

See [the spec](files/spec.pdf), [the secret]({{ site.url }}/../../secret.txt) and
[outside](../../../../secret.txt), ![an image](../../../secret.png) and {download}`../../../secret.txt`.

<a href="jav&#x61;script:alert('entity')">an entity link</a> and <img src="x" onerror="alert('img')"> inline.

<div class="box"><img src="x"onerror=alert('block')><a href="jav&#x61;script:alert('block')">a block link</a><p>Kept text.</p></div>

<script>alert('script block')</script>

{% include note.html content="First line
```{raw} html
<script>alert('include')</script>
```
Last line" %}

```{raw} html
<script>alert('fence')</script>
```

:::{raw} html
<script>alert('colon fence')</script>
:::

##### [XYZ0901](https://example.org/xyz0901) - "Quoted" title # with a hash.
A fictional standard whose title starts with a quote and holds a hash.
""",
    "pages/bomb.md": "---\ntitle: Bomb\npermalink: /bomb.html\n"
    + BOMB
    + "\nkeywords: *lol8\n---\n\nText.\n",
    "pages/deep.md": "---\ntitle: Deep\npermalink: /deep.html\nkeywords: "
    + "[" * 3000
    + "]" * 3000
    + "\n---\n\nText.\n",
    "pages/nul.md": '---\ntitle: NUL\npermalink: "/a\\0b.html"\n---\n\nText.\n',
    "pages/long.md": "---\ntitle: Long\npermalink: /" + "x" * 300 + ".html\n---\n\nText.\n",
    "pages/clash_file.md": "---\ntitle: A file\npermalink: /clash.html\n---\n\nText.\n",
    "pages/clash_folder.md": "---\ntitle: Its folder\npermalink: /clash.md/inner.html\n---\n\nText.\n",
}


@dataclass
class Hostile:
    root: Path
    src: Path
    dest: Path
    html: Path
    result: ImportResult
    build: tuple[int, str]
    outside_before: dict[str, tuple[int, int]]

    def skipped(self) -> dict[str, str]:
        return {page.source: page.skipped for page in self.result.skipped}

    def flags(self, source: str) -> list[tuple[int, str, str]]:
        found = next((p.flags for p in self.result.pages if p.source == source), None)
        if found is None:
            found = self.result.site_flags[source]
        return [(flag.line, flag.kind, flag.message) for flag in found.sorted()]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    root = tmp_path_factory.mktemp("hostile")
    (root / "secret.txt").write_text(CANARY, "utf-8")
    (root / "secret.png").write_text(CANARY, "utf-8")
    (root / "secret_page.md").write_text(
        f"---\ntitle: Secret\npermalink: /secret.html\n---\n\n{CANARY}\n", "utf-8"
    )
    src = write_site(root / "site", HOSTILE)
    symlink(src / "files" / "spec.pdf", root / "secret.txt")  # an asset leaving SRC
    symlink(src / "pages" / "secret.md", root / "secret_page.md")  # a page leaving SRC
    symlink(src / "pages" / "etc", Path("/etc"))  # a folder leaving SRC
    (src / "pages" / "fifo.md").parent.mkdir(exist_ok=True)
    os.mkfifo(src / "pages" / "fifo.md")  # opening it for reading would wait for ever
    os.close(os.open(bytes(src / "pages") + b"/\xff\xfe.md", os.O_CREAT | os.O_WRONLY, 0o644))
    before = snapshot(root)
    result = import_site(src, root / "dest")
    html = root / "html"
    return Hostile(root, src, root / "dest", html, result, build(root / "dest", html), before)


@pytest.mark.build
def test_the_import_ends_and_the_site_builds_without_a_traceback(hostile: Hostile) -> None:
    status, stderr = hostile.build
    assert status == 0, stderr
    assert "Traceback" not in stderr and "Exception occurred" not in stderr
    assert not any("the importer failed" in why for why in hostile.skipped().values())


@pytest.mark.build
def test_nothing_outside_src_is_read_and_nothing_outside_dest_written(hostile: Hostile) -> None:
    assert CANARY not in text_of_tree(hostile.dest)
    assert CANARY not in text_of_tree(hostile.html)
    after = snapshot(hostile.root, skip=hostile.dest)
    written = {name for name in after if not name.startswith(("html", "dest"))}
    assert written == set(hostile.outside_before)
    assert {name: after[name] for name in written} == hostile.outside_before


@pytest.mark.build
def test_no_script_reaches_the_built_html(hostile: Hostile, tmp_path: Path) -> None:
    clean = write_site(
        tmp_path / "clean",
        {"_config.yml": "title: Clean\n", "index.md": "---\ntitle: Home\n---\n\nText.\n"},
    )
    import_site(clean, tmp_path / "clean-dest")
    assert build(tmp_path / "clean-dest", tmp_path / "clean-html")[0] == 0
    shipped, _none = scripts_and_urls(tmp_path / "clean-html")
    scripts, dangers = scripts_and_urls(hostile.html)
    assert scripts <= shipped, "a <script> the theme does not ship"
    assert dangers == []


@pytest.mark.build
def test_a_symlink_leaving_src_is_flagged_and_skipped(hostile: Hostile) -> None:
    skipped = hostile.skipped()
    assert skipped["pages/secret.md"] == (
        "the file is a link to a file outside the site; it is not read"
    )
    assert skipped["pages/fifo.md"] == "the file is not a regular file; it is not read"
    assert [m for _l, kind, m in hostile.flags("pages/pages.md") if "files/spec.pdf" in m] == [
        "Link to the file `files/spec.pdf` is not copied: the file is a link to a file outside the site; "
        "it is not read; it now points at the original site, https://hostile.example/files/spec.pdf"
    ]
    assert not (hostile.dest / "files").exists()


@pytest.mark.build
def test_a_file_name_that_is_not_utf8_is_skipped(hostile: Hostile) -> None:
    (name,) = [
        source for source in hostile.skipped() if source.endswith(".md") and "\udcff" in source
    ]
    assert hostile.skipped()[name] == "the file its name is not UTF-8; it is not read"
    report = (hostile.dest / "import-report.md").read_text("utf-8")
    assert "pages/\\udcff\\udcfe.md" in report


@pytest.mark.build
def test_sidebar_addresses_that_run_script_are_left_out(hostile: Hostile) -> None:
    index = (hostile.dest / "index.md").read_text("utf-8")
    assert "javascript" not in index and "data:" not in index
    messages = [m for _l, _k, m in hostile.flags("_data/sidebars/main.yml")]
    assert any(
        "javascript://%0aalert(1)" in m and "uses the scheme 'javascript'" in m for m in messages
    )
    assert any("uses the scheme 'data'" in m for m in messages)


@pytest.mark.build
def test_a_sidebar_title_with_a_fence_stays_a_caption(hostile: Hostile) -> None:
    index = (hostile.dest / "index.md").read_text("utf-8")
    assert ":caption: Guides ```{raw} html <script>alert('caption')</script> ```\n" in index
    captions = [text_of(c) for c in soup(hostile.html / "index.html").select(".caption-text")]
    assert "Guides ```{raw} html <script>alert('caption')</script> ```" in captions


@pytest.mark.build
def test_a_multiline_include_stays_text_in_its_note(hostile: Hostile) -> None:
    note = article(hostile.html / "pages.html").select_one("div.admonition.note")
    assert "First line" in text_of(note) and "Last line" in text_of(note)
    # Text, its tags removed (and its quotes made typographic: \u2018 \u2019).
    assert "```{raw} html alert(\u2018include\u2019) ```" in text_of(note)
    assert note.select("script") == []


@pytest.mark.build
def test_fences_and_directives_in_a_page_stay_code_or_text(hostile: Hostile) -> None:
    page = article(hostile.html / "pages.html")
    assert page.select("script") == []
    text = text_of(page)
    assert "<script>alert('fence')</script>" in text  # a code block, shown
    assert ":::{raw} html ::: XYZ0901" in text  # text; the <script> line, an HTML block, removed


@pytest.mark.build
def test_html_that_runs_script_is_cleaned(hostile: Hostile) -> None:
    page = article(hostile.html / "pages.html")
    assert page.select("[onerror]") == [] and page.select("[onclick]") == []
    assert "Kept text." in text_of(page)
    assert "an entity link" in text_of(page) and "a block link" in text_of(page)
    assert [a for a in page.select("a") if "javascript" in (a.get("href") or "").lower()] == []
    messages = [
        m
        for _l, kind, m in hostile.flags("pages/pages.md")
        if kind in ("html", "link", "inline-html")
    ]
    assert any("HTML link to `javascript:alert('entity')` uses the scheme" in m for m in messages)
    assert any("onerror on <img> removed" in m for m in messages)


@pytest.mark.build
def test_links_leaving_the_site_are_removed(hostile: Hostile) -> None:
    page = article(hostile.html / "pages.html")
    assert "outside" in text_of(page) and "an image" in text_of(page)
    assert not (hostile.html / "_downloads").exists()
    assert "{download}../../../secret.txt" in text_of(page)  # Jekyll had no roles: text, code
    messages = [m for _l, _k, m in hostile.flags("pages/pages.md")]
    assert any("`../../../../secret.txt` leaves the site" in m for m in messages)
    assert any("`../../../secret.png` leaves the site" in m for m in messages)


@pytest.mark.build
def test_yaml_bombs_and_deep_nesting_are_refused_with_their_line(hostile: Hostile) -> None:
    # Refused at once, never expanded: the page is published without its front matter, as
    # Jekyll publishes a page whose front matter it cannot read, and the YAML kept as a comment.
    for page, line, reason in (
        ("bomb", 9, "more than 100000 values once its aliases are expanded"),
        ("deep", 4, "nesting deeper than 50 levels"),
    ):
        (flag,) = [f for f in hostile.flags(f"pages/{page}.md") if f[1] == "frontmatter"]
        assert flag[0] == line
        assert flag[2].startswith(f"The front matter is not valid YAML (line {line}): {reason}.")
        written = (hostile.dest / "pages" / f"{page}.md").read_text("utf-8")
        front, body = written.split("\n---\n", 1)[0], written.split("\n---\n", 1)[1]
        assert front.splitlines()[1:] == [f"title: {page.capitalize()}", "orphan: true"]
        assert body.lstrip().startswith("% ---\n% title:") and body.rstrip().endswith("Text.")
        assert "lol" not in front and len(written) < 10_000  # nothing expanded
    assert hostile.flags("_data/bomb.yml") == [
        (
            6,
            "liquid",
            "Unreadable data file, its values unknown: more than 100000 values once its aliases are expanded",
        )
    ]
    assert hostile.flags("_data/deep.yml")[0][:2] == (1, "liquid")
    assert hostile.flags("_data/deep.json")[0][1] == "liquid"
    # Half of a character, which no page could hold
    (flag,) = hostile.flags("_data/halves.json")
    assert "a \\u escape for half of a character (U+D83D" in flag[2]


@pytest.mark.build
def test_a_permalink_no_file_system_takes_falls_back_to_the_path(hostile: Hostile) -> None:
    assert (hostile.dest / "pages" / "nul.md").is_file()
    assert (hostile.dest / "pages" / "long.md").is_file()
    (nul,) = [m for _l, kind, m in hostile.flags("pages/nul.md") if kind == "permalink"]
    assert nul.startswith("Permalink `/a\\x00b.html` may only contain letters")
    (long,) = [m for _l, kind, m in hostile.flags("pages/long.md") if kind == "permalink"]
    assert "has a part longer than 250 characters" in long


@pytest.mark.build
def test_a_file_and_a_folder_of_one_name_are_not_both_written(hostile: Hostile) -> None:
    assert (hostile.dest / "clash.md").is_file()
    assert hostile.skipped()["pages/clash_folder.md"].startswith(
        "its file `clash.md/inner.md` and `clash.md` (from `pages/clash_file.md`) cannot both"
    )


@pytest.mark.build
def test_front_matter_cannot_change_how_a_page_is_read(hostile: Hostile) -> None:
    front = (hostile.dest / "pages.md").read_text("utf-8").split("---\n", 2)[1]
    assert "myst" not in front and "html_meta" not in front
    heading = article(hostile.html / "pages.html").select_one("h1")
    assert text_of(heading).startswith("Pages ```{raw} html <script>alert(")
    assert heading.select("script") == []
    kinds = [(line, kind) for line, kind, _m in hostile.flags("pages/pages.md")]
    assert (4, "frontmatter-key") in kinds and (6, "frontmatter-key") in kinds


@pytest.mark.build
def test_a_standard_title_with_a_quote_and_a_hash_is_kept(hostile: Hostile) -> None:
    title = article(hostile.html / "pages.html").select_one(".nhs-standard-title")
    assert text_of(title) == '"Quoted" title # with a hash'


# -- The file-system contract --------------------------------------------------------------


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path / "site",
        {
            "_config.yml": "title: Small\n",
            "index.md": "---\ntitle: Home\n---\n\nText.\n",
            "pages/guide/one.md": "---\ntitle: One\npermalink: /guide/one.html\n---\n\nText.\n",
        },
    )


def test_dest_that_is_src_or_inside_it_is_refused(small_site: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    for dest, why in [
        (small_site, "DEST is SRC"),
        (small_site / "out", "DEST is inside SRC"),
        (small_site.parent, "SRC is inside DEST"),
    ]:
        process = run_importer(small_site, dest)
        assert process.returncode == 2, process.stdout
        assert process.stderr.startswith(f"nhs-import-jekyll: {why}")
    assert snapshot(tmp_path) == before


def test_dest_below_a_file_is_refused(small_site: Path, tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("x", "utf-8")
    process = run_importer(small_site, tmp_path / "a_file" / "dest")
    assert process.returncode == 2
    assert "a_file is not a folder, so DEST cannot be made in it" in process.stderr


def test_a_link_or_a_file_in_the_way_in_dest_blocks_the_import(
    small_site: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "guide").write_text("a file where a folder is needed", "utf-8")
    symlink(dest / "index.md", tmp_path / "elsewhere.md")
    before = snapshot(tmp_path)
    process = run_importer(small_site, dest, "--force")
    assert process.returncode == 3
    assert f"  {dest / 'guide/one.md'}: guide is a file where a folder is needed" in process.stderr
    assert f"  {dest / 'index.md'}: is a link; the importer does not replace it" in process.stderr
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "elsewhere.md").exists()


def test_files_take_the_permissions_of_the_umask(small_site: Path, tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        import_site(small_site, tmp_path / "dest")
    finally:
        os.umask(previous)
    modes = {
        path.relative_to(tmp_path / "dest").as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in (tmp_path / "dest").rglob("*")
    }
    assert modes == {
        "conf.py": 0o644, "import-report.md": 0o644, "index.md": 0o644,
        "guide": 0o755, "guide/one.md": 0o644,
    }  # fmt: skip


def test_a_failure_while_writing_leaves_dest_as_it_was(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "dest"
    import_site(small_site, dest)
    (small_site / "index.md").write_text("---\ntitle: Home again\n---\n\nNew text.\n", "utf-8")
    (small_site / "pages" / "two.md").write_text("---\ntitle: Two\n---\n\nText.\n", "utf-8")
    before = {name: (dest / name).read_bytes() for name in snapshot(dest)}
    replace = os.replace
    calls = []

    def failing(source: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(output_module.os, "replace", failing)
    with pytest.raises(output_module.WriteError, match="No space left on device"):
        import_site(small_site, dest, force=True)
    assert {name: (dest / name).read_bytes() for name in snapshot(dest)} == before
    assert [p.name for p in dest.iterdir() if p.name.startswith(".")] == []


# -- The project the import gives -----------------------------------------------------------


@pytest.mark.build
def test_the_import_writes_a_conf_py_that_builds_strictly(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    process = run_importer(FIXTURE_SITE, dest)
    assert process.returncode == 0, process.stderr
    conf = (dest / "conf.py").read_text("utf-8")
    assert "project = 'Fictional Widget API'" in conf
    assert "nhs_assurance_original_site = 'https://docs.example.org/widget-api/'" in conf
    status, stderr = build(dest, tmp_path / "html", "-W", "--keep-going", "-n")
    assert (status, stderr) == (0, "")
    assert not (tmp_path / "html" / "import-report.html").exists()


def test_a_conf_py_already_in_dest_is_left_alone(small_site: Path, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "conf.py").write_text("# the project's own\n", "utf-8")
    import_site(small_site, dest)
    assert (dest / "conf.py").read_text("utf-8") == "# the project's own\n"


def test_a_title_from_the_site_cannot_become_code_in_conf_py(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "_config.yml": "title: \"x'\\nimport os; os.system('touch pwned')\\n#\"\n",
            "index.md": "---\ntitle: Home\n---\n\nText.\n",
        },
    )
    import_site(site, tmp_path / "dest")
    namespace: dict[str, object] = {}
    exec((tmp_path / "dest" / "conf.py").read_text("utf-8"), namespace)  # as Sphinx runs it
    assert namespace["project"] == "x' import os; os.system('touch pwned') #"
    assert not Path("pwned").exists()
