"""`careerbook preview` in a real headless Chromium: the pages, the live reload, the errors."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websocket

from careerbook.cli.main import main
from careerbook.errors import CareerbookError
from careerbook.live.preview import Previewer, PreviewServer
from careerbook.options import Options
from pdftools import read_pdf
from processes import ctrl_c_works

CAREERS = Path(__file__).parents[1] / "data" / "careers"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1000,1300"]


def chromium() -> str:
    assert CHROMIUM.is_file(), "Chromium is missing: run scripts/setup --dev (Debian package chromium)"
    return str(CHROMIUM)


def squash(text: str) -> str:
    return "".join(text.split()).casefold()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("preview")
    (root / "content").mkdir()
    shutil.copy(CAREERS / "minimal.yaml", root / "content" / "beekeeper.yaml")
    shutil.copy(CAREERS / "full.yaml", root / "content" / "wildlife.yaml")
    (root / "careerbook.yaml").write_text("title: Careers Outdoors\ncareers:\n"
                                          "  - beekeeper\n  - wildlife-biologist\n")
    return root


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[PreviewServer]:
    preview = PreviewServer(project, Options(), port=0).start()
    assert preview.wait_ready(), "the file watcher did not start"
    yield preview
    preview.close()


def get(url: str, host: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


class Browser:
    """Headless Chromium driven through the DevTools protocol, one page."""

    def __init__(self, profile: Path) -> None:
        self.process = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().strip()):
            assert self.process.poll() is None, "Chromium exited at start"
            assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            target = next(t for t in json.load(answer) if t["type"] == "page")
        self.ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60,
                                              suppress_origin=True)
        self.ids = 0

    def call(self, method: str, **params: Any) -> dict:
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.ids:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60) -> Any:
        """Poll `expression` in the page until it is truthy (the page may reload meanwhile)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except AssertionError:  # the page was between two documents
                value = None
            if value:
                return value
            assert time.monotonic() < deadline, f"timed out waiting for: {expression}"
            time.sleep(0.2)

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")

    def close(self) -> None:
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    b = Browser(tmp_path / "chromium-profile")
    yield b
    b.close()


PAGE_TEXT = "document.querySelector('.pages') ? document.querySelector('.pages').textContent : ''"
PROBLEMS = "document.getElementById('problems') ? document.getElementById('problems').innerText : ''"
FIRST_PAGE_DRAWN = ("(() => { const i = document.querySelector('.page img');"
                    " return !!i && i.complete && i.naturalWidth > 1000; })()")


def test_the_index_lists_the_careers_and_the_booklet(server: PreviewServer, tmp_path: Path) -> None:
    dom = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", server.url],
        capture_output=True, text=True, timeout=120, check=True).stdout
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
    for sentence in ("If you'd rather count owls at dawn than sit in a meeting",
                     "Expect to spend time on", "Page 1 of 4"):
        assert squash(sentence) in text
    # The text layer sits on the picture: its first run starts inside the page's margins.
    left = browser.evaluate("parseFloat(document.querySelector('.text-layer span').style.left)")
    assert 5 < left < 15


def test_editing_a_career_reloads_the_page_and_errors_show_on_it(
        server: PreviewServer, browser: Browser, project: Path) -> None:
    career = project / "content" / "beekeeper.yaml"
    original = career.read_text()
    try:
        browser.open(server.url + "handout/beekeeper/")
        browser.wait_for(FIRST_PAGE_DRAWN)
        assert squash("You look after colonies of bees") in squash(browser.evaluate(PAGE_TEXT))
        browser.evaluate("window.notReloaded = true")

        # An edit: the open page reloads by itself and shows the new text.
        career.write_text(original.replace("You look after colonies of bees",
                                           "You keep forty hives on a hillside"))
        browser.wait_for("!window.notReloaded && " + PAGE_TEXT + ".replace(/\\s+/g, '')"
                         ".includes('Youkeepfortyhivesonahillside')")
        assert "colonies" not in browser.evaluate(PAGE_TEXT)
        browser.wait_for(FIRST_PAGE_DRAWN)

        # A broken file: its problem, where it is, instead of a stale render.
        browser.evaluate("window.notReloaded = true")
        career.write_text(original + "titel: Oops\n")
        problems = browser.wait_for("!window.notReloaded && " + PROBLEMS)
        assert "content/beekeeper.yaml:11:1: titel: unknown field 'titel'; did you mean 'title'?" \
            in problems
        assert "1 problem to fix" in problems
        assert browser.evaluate("document.querySelectorAll('.page img').length") == 0

        # Two problems at once, every line shown, HTML escaped.
        browser.evaluate("window.notReloaded = true")
        career.write_text(original.replace("title: Beekeeper", "title: Beekeeper\ntitle: Bees")
                          + '"<b>colour</b>": red\n')
        browser.wait_for("!window.notReloaded && " + PROBLEMS + ".includes('2 problems')")
        lines = browser.evaluate("[...document.querySelectorAll('#problems li')].map(l => l.innerText)")
        assert len(lines) == 2
        assert lines[0] == ("content/beekeeper.yaml:3:1: title: duplicate key 'title' "
                            "(first written on line 2); keep only one")
        assert lines[1].startswith("content/beekeeper.yaml:12:1: <b>colour</b>: unknown field "
                                   "'<b>colour</b>'")
        assert browser.evaluate("document.querySelectorAll('#problems b').length") == 0

        # Fixed: the render comes back.
        browser.evaluate("window.notReloaded = true")
        career.write_text(original)
        browser.wait_for("!window.notReloaded && " + PAGE_TEXT + ".includes('colonies')")
        browser.wait_for(FIRST_PAGE_DRAWN)
        assert browser.evaluate("document.getElementById('problems')") is None
    finally:
        career.write_text(original)


def wait_for_new_version(server: PreviewServer, old: bytes) -> None:
    deadline = time.monotonic() + 30
    while get(server.url + "_version")[2] == old:
        assert time.monotonic() < deadline, "the preview did not see the change"
        time.sleep(0.1)


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


def test_print_html_waits_for_a_build_and_nothing_is_forked(project: Path) -> None:
    """Builds run in the server's threads: no forked process, and one drawing at a time."""
    previewer = Previewer(project, Options())
    assert previewer.options.fork is False
    previewer.print_html("handout", "beekeeper")  # imports and charts ready: the next is quick
    done = threading.Event()
    thread = threading.Thread(
        target=lambda: (previewer.print_html("handout", "beekeeper"), done.set()), daemon=True)
    with previewer._build_lock:  # a build is running
        thread.start()
        assert not done.wait(1), "print.html drew its page while a build was running"
    thread.join(30)
    assert done.is_set()


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
    command = subprocess.Popen([sys.executable, "-m", "careerbook", "preview", str(project), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=ctrl_c_works)
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
