"""`make linkcheck` with this project's settings, against a web server on 127.0.0.1.

The settings are read from conf.py, so the test checks what authors run; the server answers
for one good page, one missing page and one page that fails twice before it answers.
"""

from __future__ import annotations

import json
import runpy
from collections import Counter
from collections.abc import Iterator

import pytest
from helpers import REPO_ROOT, QuietRequests, Site, bypass_proxies, page_with, serving

pytestmark = pytest.mark.build


class LinkServer(QuietRequests):
    """Answers HEAD and GET: 200 for /good.html, 404 for anything unknown, and for /flaky.html
    500 to the first two requests (one try of both methods), then 200."""

    requests: Counter[str]

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, *, body: bool) -> None:
        self.requests[self.path] += 1
        if self.path == "/good.html":
            status = 200
        elif self.path == "/flaky.html":
            status = 500 if self.requests[self.path] <= 2 else 200
        else:
            status = 404
        content = b"<html><body>A page.</body></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Counter[str]]]:
    """The server's base URL and the count of requests per path."""
    bypass_proxies(monkeypatch)  # never send the check through a proxy
    requests: Counter[str] = Counter()
    with serving(type("Handler", (LinkServer,), {"requests": requests})) as url:
        yield url, requests


def project_linkcheck_settings() -> str:
    """The ``linkcheck_*`` settings of the project's conf.py, as conf.py lines."""
    settings = runpy.run_path(str(REPO_ROOT / "conf.py"))
    lines = [
        f"{name} = {value!r}" for name, value in settings.items() if name.startswith("linkcheck_")
    ]
    assert lines, "conf.py has no linkcheck settings"
    return "\n".join(lines) + "\n"


def test_linkcheck_reports_the_broken_link_and_tolerates_a_flaky_one(
    site: Site, server: tuple[str, Counter[str]]
) -> None:
    base, requests = server
    site.conf += project_linkcheck_settings()
    site.write_pages(
        {
            "page": page_with(
                f"""
                A [good link]({base}/good.html).

                A [broken link]({base}/missing.html).

                A [flaky link]({base}/flaky.html).
                """
            )
        }
    )
    result = site.build("linkcheck")

    report = {
        entry["uri"]: entry
        for entry in map(
            json.loads, (result.outdir / "output.json").read_text("utf-8").splitlines()
        )
    }
    assert report[f"{base}/good.html"]["status"] == "working"
    assert report[f"{base}/flaky.html"]["status"] == "working"
    broken = report[f"{base}/missing.html"]
    assert (broken["status"], broken["filename"], broken["lineno"]) == ("broken", "page.md", 5)
    assert "404" in broken["info"]

    # The broken link fails the check (`make linkcheck` exits non-zero), and the report an
    # author reads names the page, the line and the link, and only that link.
    assert result.app.statuscode == 1
    text_report = (result.outdir / "output.txt").read_text("utf-8").splitlines()
    assert len(text_report) == 1
    assert text_report[0].startswith(f"page.md:5: [broken] {base}/missing.html: 404 Client Error")
    # Three tries, each a HEAD then a GET, before it is called broken.
    assert requests["/missing.html"] == 6


def test_linkcheck_passes_when_every_link_works(
    site: Site, server: tuple[str, Counter[str]]
) -> None:
    base, _requests = server
    site.conf += project_linkcheck_settings()
    site.write_pages({"page": page_with(f"A [good link]({base}/good.html).")})
    result = site.build("linkcheck")
    assert result.app.statuscode == 0
    assert result.warning_lines() == []
