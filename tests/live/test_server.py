"""`careerbook preview`'s server in a real headless Chromium: the pages, the live reload, the errors."""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from previewing import FLAGS, Browser, chromium, get, squash, wait_for_new_version

from careerbook.cli.main import main
from careerbook.errors import CareerbookError
from careerbook.live.server import PreviewServer
from careerbook.options import Options
from pdftools import read_pdf
from processes import ctrl_c_works

CAREERS = Path(__file__).parents[1] / "data" / "careers"

PAGE_TEXT = "document.querySelector('.pages') ? document.querySelector('.pages').textContent : ''"
PROBLEMS = "document.getElementById('problems') ? document.getElementById('problems').innerText : ''"
FIRST_PAGE_DRAWN = (
    "(() => { const i = document.querySelector('.page img');"
    " return !!i && i.complete && i.naturalWidth > 1000; })()"
)


def test_the_index_lists_the_careers_and_the_booklet(server: PreviewServer, tmp_path: Path) -> None:
    dom = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", server.url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "<h1>Careers Outdoors</h1>" in dom
    assert '<a href="/handout/beekeeper/">Beekeeper</a>' in dom
    assert '<a href="/handout/wildlife/">Wildlife Biologist</a>' in dom
    assert '<a href="/booklet/">Booklet</a>' in dom


def test_a_handout_shows_its_printed_pages(server: PreviewServer, browser: Browser) -> None:
    browser.open(server.url + "handout/wildlife/")
    assert browser.evaluate("document.title").startswith("Wildlife Biologist")
    assert browser.wait_for(FIRST_PAGE_DRAWN)
    # Four letter-size pages (since full.yaml has how_to_get_there and an OEWS range), each
    # drawn from the PDF, with its text laid over it.
    assert browser.evaluate("document.querySelectorAll('.page img').length") == 4
    assert browser.evaluate("document.querySelector('.page img').naturalWidth") == 1224
    text = squash(browser.evaluate(PAGE_TEXT))
    for sentence in (
        "If you'd rather count owls at dawn than sit in a meeting",
        "Expect to spend time on",
        "Page 1 of 4",
    ):
        assert squash(sentence) in text
    # The text layer sits on the picture: its first run starts inside the page's margins.
    left = browser.evaluate("parseFloat(document.querySelector('.text-layer span').style.left)")
    assert 5 < left < 15


def test_editing_a_career_reloads_the_page_and_errors_show_on_it(
    server: PreviewServer, browser: Browser, project: Path
) -> None:
    career = project / "content" / "beekeeper.yaml"
    original = career.read_text()
    try:
        browser.open(server.url + "handout/beekeeper/")
        browser.wait_for(FIRST_PAGE_DRAWN)
        assert squash("You look after colonies of bees") in squash(browser.evaluate(PAGE_TEXT))
        browser.evaluate("window.notReloaded = true")

        # An edit: the open page reloads by itself and shows the new text.
        career.write_text(
            original.replace("You look after colonies of bees", "You keep forty hives on a hillside")
        )
        browser.wait_for(
            "!window.notReloaded && " + PAGE_TEXT + ".replace(/\\s+/g, '')"
            ".includes('Youkeepfortyhivesonahillside')"
        )
        assert "colonies" not in browser.evaluate(PAGE_TEXT)
        browser.wait_for(FIRST_PAGE_DRAWN)

        # A broken file: its problem, where it is, instead of a stale render.
        browser.evaluate("window.notReloaded = true")
        career.write_text(original + "titel: Oops\n")
        problems = browser.wait_for("!window.notReloaded && " + PROBLEMS)
        assert "content/beekeeper.yaml:11:1: titel: unknown field 'titel'; did you mean 'title'?" in problems
        assert "1 problem to fix" in problems
        assert browser.evaluate("document.querySelectorAll('.page img').length") == 0

        # Two problems at once, every line shown, HTML escaped.
        browser.evaluate("window.notReloaded = true")
        career.write_text(
            original.replace("title: Beekeeper", "title: Beekeeper\ntitle: Bees") + '"<b>colour</b>": red\n'
        )
        browser.wait_for("!window.notReloaded && " + PROBLEMS + ".includes('2 problems')")
        lines = browser.evaluate("[...document.querySelectorAll('#problems li')].map(l => l.innerText)")
        assert len(lines) == 2
        assert lines[0] == (
            "content/beekeeper.yaml:3:1: title: duplicate key 'title' "
            "(first written on line 2); keep only one"
        )
        assert lines[1].startswith(
            "content/beekeeper.yaml:12:1: <b>colour</b>: unknown field '<b>colour</b>'"
        )
        assert browser.evaluate("document.querySelectorAll('#problems b').length") == 0

        # Fixed: the render comes back.
        browser.evaluate("window.notReloaded = true")
        career.write_text(original)
        browser.wait_for("!window.notReloaded && " + PAGE_TEXT + ".includes('colonies')")
        browser.wait_for(FIRST_PAGE_DRAWN)
        assert browser.evaluate("document.getElementById('problems')") is None
    finally:
        career.write_text(original)


def test_a_template_error_shows_on_the_page(server: PreviewServer, project: Path) -> None:
    templates = project / "templates" / "sections"
    version = get(server.url + "_version")[2]
    try:
        templates.mkdir(parents=True)
        (templates / "closing.html").write_text("<p>{{ career.closing </p>\n")
        wait_for_new_version(server, version)
        status, _, body = get(server.url + "handout/wildlife/")
        page = body.decode()
        assert status == 200  # the page keeps polling, and reloads when it is fixed
        assert "error: templates/sections/closing.html:1: template error: " in page
        assert "<img" not in page
    finally:
        version = get(server.url + "_version")[2]
        shutil.rmtree(project / "templates")
    wait_for_new_version(server, version)
    assert '<figure class="page"' in get(server.url + "handout/wildlife/")[2].decode()


def test_only_files_the_build_reads_reload_the_page(server: PreviewServer, project: Path) -> None:
    version = get(server.url + "_version")[2]
    (project / "screenshot.png").write_bytes(b"\x89PNG a picture saved beside the book file")
    (project / "content" / "todo.txt").write_text("ask the beekeeper\n")
    (project / "content" / ".wildlife.yaml.swp").write_bytes(b"vim")
    (project / "output").mkdir(exist_ok=True)
    (project / "output" / "wildlife.pdf").write_bytes(b"%PDF-1.7")
    time.sleep(2)
    assert get(server.url + "_version")[2] == version
    career = project / "content" / "wildlife.yaml"
    career.write_text(career.read_text())
    wait_for_new_version(server, version)


def test_a_broken_book_file_shows_on_a_document_page(server: PreviewServer, project: Path) -> None:
    book = project / "careerbook.yaml"
    original = book.read_text()
    version = get(server.url + "_version")[2]
    try:
        book.write_text(original + "titel: Oops\n")
        wait_for_new_version(server, version)
        problem = "careerbook.yaml:5:1: titel: unknown field &#39;titel&#39;; did you mean &#39;title&#39;?"
        status, _, body = get(server.url + "handout/beekeeper/")  # dropped the connection
        assert status == 200 and problem in body.decode()
        status, _, body = get(server.url + "handout/beekeeper/beekeeper.pdf")  # back to the page
        assert status == 200 and problem in body.decode()
    finally:
        version = get(server.url + "_version")[2]
        book.write_text(original)
    wait_for_new_version(server, version)
    assert '<figure class="page"' in get(server.url + "handout/beekeeper/")[2].decode()


def test_the_booklet_page_pdf_and_html(server: PreviewServer, tmp_path: Path) -> None:
    status, kind, body = get(server.url + "booklet/")
    assert status == 200 and kind.startswith("text/html")
    page = body.decode()
    pages = page.count('<figure class="page"')
    assert pages >= 5  # cover, contents, two careers, sources
    status, kind, pdf = get(server.url + "booklet/booklet.pdf")
    assert (status, kind) == (200, "application/pdf") and pdf.startswith(b"%PDF")
    (tmp_path / "booklet.pdf").write_bytes(pdf)
    printed = read_pdf(tmp_path / "booklet.pdf")
    assert len(printed.pages) == pages
    assert "Careers Outdoors" in printed.pages[0]
    assert "Beekeeper" in printed.text and "Wildlife Biologist" in printed.text
    status, kind, html = get(server.url + "booklet/print.html")
    assert status == 200 and b"Wildlife Biologist" in html and b"Beekeeper" in html
    status, kind, font = get(server.url + "booklet/fonts/Inter-Regular.otf")
    assert status == 200 and len(font) > 10_000  # what print.html's stylesheet asks for
    assert get(server.url + "booklet/../../etc/passwd")[0] == 404
    assert get(server.url + "handout/nobody/")[0] == 404


def test_it_listens_on_127_0_0_1_only(server: PreviewServer, project: Path) -> None:
    assert server.httpd.socket.getsockname()[0] == "127.0.0.1"
    for host in ("0.0.0.0", "", "::", "localhost", "192.168.1.10"):
        with pytest.raises(CareerbookError, match=r"127\.0\.0\.1 only"):
            PreviewServer(project, Options(), host=host, port=0)
    # Another name for this machine (a web page rebinding its DNS name) gets nothing.
    port = server.httpd.server_address[1]
    assert get(server.url, host=f"attacker.example:{port}")[0] == 403
    assert get(server.url, host=f"localhost:{port}")[0] == 200


def test_a_busy_port_is_a_plain_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as done:
            main(["preview", str(project), "--port", str(port)])
    assert done.value.code == 1
    assert f"port {port} is already in use" in capsys.readouterr().err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_stops_the_command_cleanly(project: Path, stop: signal.Signals) -> None:
    command = subprocess.Popen(
        [sys.executable, "-m", "careerbook", "preview", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_works,
    )
    try:
        first = command.stdout.readline() if command.stdout else ""
        url = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert url, f"no address printed; stderr: {command.communicate(timeout=30)[1]}"
        assert get(url[0])[0] == 200
        command.send_signal(stop)
        _, err = command.communicate(timeout=30)
    finally:
        command.kill()
    assert command.returncode == 0, err
    assert "Traceback" not in err
    assert "Stopped the preview" in err


def a_project(root: Path, closing: str) -> Path:
    """A project of one career whose closing section is `closing` (a project's own template)."""
    (root / "content").mkdir(parents=True)
    shutil.copy(CAREERS / "full.yaml", root / "content" / "wildlife.yaml")
    (root / "careerbook.yaml").write_text("title: Careers Outdoors\n")
    (root / "templates" / "sections").mkdir(parents=True)
    (root / "templates" / "sections" / "closing.html").write_text(closing)
    return root


def test_no_script_of_the_project_runs_in_the_preview(tmp_path: Path, browser: Browser) -> None:
    root = a_project(
        tmp_path / "project",
        (
            '<p id="closing" onclick="document.title = \'a handler ran\'">The end</p>'
            '<script>document.title = "a script ran"</script>'
        ),
    )
    preview = PreviewServer(root, Options(), port=0).start()
    try:
        status, _, page = get(preview.url + "handout/wildlife/")
        assert status == 200 and b'<figure class="page"' in page
        status, _, html = get(preview.url + "handout/wildlife/print.html")
        assert status == 200 and b'<script>document.title = "a script ran"</script>' in html
        browser.open(preview.url + "handout/wildlife/print.html")
        browser.wait_for("document.getElementById('closing') !== null")
        browser.evaluate("document.getElementById('closing').click()")
        time.sleep(0.5)
        assert browser.evaluate("document.title") != "a script ran"
        assert browser.evaluate("document.title") != "a handler ran"
        # The preview's own pages run their own script, and only it.
        browser.open(preview.url + "handout/wildlife/")
        browser.wait_for(FIRST_PAGE_DRAWN)
        browser.evaluate("window.notReloaded = true")
        (root / "careerbook.yaml").write_text("title: Careers Outside\n")
        browser.wait_for("!window.notReloaded")  # preview.js polled and reloaded the page
    finally:
        preview.close()


def headers(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=60) as answer:
        answer.read()
        return dict(answer.headers)


def test_every_page_carries_a_content_security_policy(server: PreviewServer) -> None:
    for path in ("", "handout/wildlife/", "booklet/", "_assets/preview.js", "_version"):
        policy = headers(server.url + path)["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "object-src 'none'" in policy, path
        assert "frame-src 'none'" in policy and "base-uri 'none'" in policy, path
    policy = headers(server.url + "handout/wildlife/print.html")["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert get(server.url + "nowhere")[0] == 404


ODD_PATHS = [
    "/_assets/%00",
    "/_assets/..",
    "/_assets/../server.py",
    "/_assets/..%2F..%2Fbuild.py",
    "/_assets/%2e%2e/%2e%2e/build.py",
    "/_assets/" + "a" * 300,
    "/_assets/" + "a/" * 500,
    "/" + "x" * 5000,
    "/handout/%00/",
    "/handout/..%2F/",
    "/handout/wildlife/%00",
    "/booklet/page-" + "9" * 1500 + ".png",
    "/_logo/%00",
    "/_logo/..%2Fcareerbook.yaml",
    "/_styles/fonts/%00",
    "/%ff%fe",
    "/_assets/%5C..%5Cx",
    "//etc/passwd",
    "/handout/wildlife/page-0.png",
    "/handout/wildlife/page-99.png",
]


def test_odd_paths_get_a_4xx_and_no_traceback(
    server: PreviewServer, capfd: pytest.CaptureFixture[str]
) -> None:
    port = server.httpd.server_address[1]
    for path in ODD_PATHS:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        connection.close()
        assert 400 <= answer.status < 500, (path[:80], answer.status)
    assert "Traceback" not in capfd.readouterr().err


ENDLESS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


def test_the_time_limit_holds_in_the_preview(tmp_path: Path) -> None:
    root = a_project(tmp_path / "project", ENDLESS)
    preview = PreviewServer(root, Options(time_limit=1), port=0).start()
    try:
        started = time.monotonic()
        status, _, page = get(preview.url + "handout/wildlife/")
        assert time.monotonic() - started < 20
        assert status == 200
        assert "rendering took longer than the time limit of 1 s" in page.decode()
        assert "<img" not in page.decode()
        # Still answering, and a fixed template builds again.
        (root / "templates" / "sections" / "closing.html").write_text("<p>The end</p>\n")
        preview.previewer.changed()
        assert b'<figure class="page"' in get(preview.url + "handout/wildlife/")[2]
    finally:
        preview.close()
