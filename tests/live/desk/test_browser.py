"""The desk end to end in a real browser: Playwright driving Debian's Chromium
(/usr/bin/chromium, never a downloaded one), with axe-core (axe-playwright-python) checking
every page against WCAG 2.1 AA.

The tests share one project and one server (module scope) and run in order, as a counselor
would: find, create from an occupation, edit with a mistake, print, a booklet for a student.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from desking import COMMENT, DeskServer

from browsers import CHROMIUM, FLAGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.fail("Chromium is missing: run scripts/setup --dev (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: object) -> Iterator[object]:
    context = chromium.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(45_000)
    yield page
    context.close()


def axe_clean(page: object, what: str) -> None:
    """No violation of WCAG 2.1 A or AA on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert result.violations_count == 0, f"{what}:\n{result.generate_report()}"


class Captured:
    """The bytes of the answers to requests the page makes to `url` (Chromium's PDF viewer
    takes over a PDF's navigation, and hands the page only a stub): the request goes through
    the route, which fetches the real answer, keeps its bytes and passes it on."""

    def __init__(self, page: object, url: str) -> None:
        self.bodies: list[tuple[int, str, bytes]] = []

        def handle(route: object) -> None:
            answer = route.fetch()  # type: ignore[attr-defined]
            self.bodies.append((answer.status, answer.headers.get("content-type", ""), answer.body()))
            route.fulfill(response=answer)  # type: ignore[attr-defined]

        page.route(url, handle)  # type: ignore[attr-defined]

    def wait(self, page: object) -> tuple[int, str, bytes]:
        page.wait_for_function("true")  # type: ignore[attr-defined]
        for _ in range(600):
            if self.bodies:
                return self.bodies[-1]
            page.wait_for_timeout(100)  # type: ignore[attr-defined]
        raise AssertionError("no answer")


def pdf_text(data: bytes) -> list[str]:
    """Each page's text, by poppler's pdftotext (it reads the stamped page numbers too)."""
    import tempfile

    from pdftools import pdftotext

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "document.pdf"
        path.write_bytes(data)
        return pdftotext(path)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_find_search_filter_and_open(page, desk: DeskServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(desk.url + "/")
    axe_clean(page, "the list")
    assert page.locator("tbody tr").count() == 12
    page.fill("#q", "sound")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=sound*")
    assert page.locator("tbody tr").count() == 1
    page.goto(desk.url + "/")
    page.select_option("#cluster", "Arts, Audio/Video Technology & Communications")
    page.click("button:has-text('Search')")
    assert page.locator("tbody tr").count() == 4
    page.click("th a:has-text('Music Producer')")
    page.wait_for_url("**/career/music-producer")
    images = page.locator(".pages img")
    assert images.count() >= 2
    page.wait_for_function(
        "[...document.querySelectorAll('.pages img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    axe_clean(page, "a career's pages")


def test_create_a_career_from_an_occupation(page, desk: DeskServer, desk_project: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(desk.url + "/add")
    axe_clean(page, "the add page")
    page.fill("#q", "electrician")
    page.fill("#area", "Oregon")
    page.click("button:has-text('Search occupations')")
    page.wait_for_selector("text=47-2111")
    axe_clean(page, "the add page with results")
    page.click("button:has-text('Create from Electricians')")
    page.wait_for_url("**/career/electricians/edit?saved=new")
    assert page.input_value("#f-soc") == "47-2111"
    assert page.input_value("#f-pay-ranges-0-oews") == "47-2111"
    text = (desk_project / "content" / "electricians.yaml").read_text()
    # The code and its BLS range; the source is the build's to add, for the area it prints.
    assert 'soc: "47-2111"' in text and 'oews: "47-2111"' in text


def test_edit_with_a_mistake_then_fix_and_save(page, desk: DeskServer, desk_project: Path) -> None:  # type: ignore[no-untyped-def]
    path = desk_project / "content" / "music-producer.yaml"
    page.goto(desk.url + "/career/music-producer/edit")
    page.fill("#f-work-time_split-2-percent", "lots")
    page.fill("#f-summary", "Shaping how a song sounds.")
    page.click(".save-bar >> nth=0 >> button:has-text('Save')")
    page.wait_for_selector("text=Not saved")
    box = page.locator("#f-work-time_split-2-percent")
    assert box.get_attribute("aria-invalid") == "true"
    described = box.get_attribute("aria-describedby") or ""
    error = page.locator(f"#{described.split()[-1]}")
    assert "Problem" in error.inner_text()
    # beside its field: in the same field's container
    assert box.locator("xpath=..").locator(".error").count() == 1
    assert page.input_value("#f-summary") == "Shaping how a song sounds."  # nothing typed is lost
    assert page.locator("[role=alert] .problems").count() == 1
    axe_clean(page, "the edit form with a problem")
    assert "Shaping how" not in path.read_text()  # not saved
    # Fix it, by keyboard: focus the field from the summary's link, type, press Enter.
    page.click("[role=alert] a[href='#f-work-time_split-2-percent']")
    page.keyboard.press("Control+A")
    page.keyboard.type("15")
    page.keyboard.press("Enter")
    page.wait_for_url("**/edit?saved=yes")
    text = path.read_text()
    assert text.startswith(COMMENT) and "lang: en  # US English" in text
    assert "Shaping how a song sounds." in text and "percent: 15" in text


def test_a_list_grows_without_script(chromium, desk: DeskServer) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(desk.url + "/career/music-producer/edit")
        before = page.locator("input[name^='related[']").count()
        page.click("button:has-text('Add a related career')")
        assert page.locator("input[name^='related[']").count() == before + 1
    finally:
        context.close()


def test_print_the_handout(page, desk: DeskServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(desk.url + "/career/music-producer?area=Oregon")
    captured = Captured(page, "**/handout.pdf*")
    page.click("text=Print: the handout PDF")
    status, kind, body = captured.wait(page)
    assert status == 200 and kind == "application/pdf"
    text = flat(" ".join(pdf_text(body)))
    assert "Music Producer" in text and "Shaping how a song sounds." in text


def test_a_booklet_for_a_named_student(page, desk: DeskServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(desk.url + "/")
    for stem in ("sound-designer", "music-producer", "filmmaker"):
        page.check(f"#pick-{stem}")
    page.fill("#b-title", "Careers to explore")
    page.fill("#b-student", "Maya R., grade 10, by Ms. Ortiz")
    captured = Captured(page, "**/booklet")
    page.click("button:has-text('Make the booklet')")
    status, _, body = captured.wait(page)
    assert status == 200, body[:2000]
    pages = pdf_text(body)
    assert len(pages) % 4 == 0  # duplex: padded to a multiple of 4
    cover = flat(pages[0])
    assert "Careers to explore" in cover and "Prepared for Maya R., grade 10, by Ms. Ortiz" in cover
    contents = flat(pages[1])  # three careers: one page of contents
    for title in ("Filmmaker", "Music Producer", "Sound Designer"):
        assert title in contents
    assert "Content Creator" not in contents  # not chosen
    # The contents' page numbers are where each career starts, and so are the cross-references'.
    import re

    for title in ("Filmmaker", "Music Producer", "Sound Designer"):
        found = re.search(re.escape(title) + r"(?: DRAFT)? (\d+)", contents)
        assert found, title
        start = int(found.group(1))
        assert flat(pages[start - 1]).removeprefix("DRAFT ").startswith(title), (title, start)
    designer = re.search(r"Sound Designer (?:DRAFT )?(\d+)", contents)
    assert designer
    assert any(f"Sound Designer, p. {designer.group(1)}" in flat(p) for p in pages)


def test_a_change_on_disk_is_not_overwritten(page, desk: DeskServer, desk_project: Path) -> None:  # type: ignore[no-untyped-def]
    path = desk_project / "content" / "filmmaker.yaml"
    page.goto(desk.url + "/career/filmmaker/edit")
    page.fill("#f-cluster", "Film")
    path.write_text(path.read_text() + "# edited in another window\n")
    page.click(".save-bar >> nth=0 >> button:has-text('Save')")
    page.wait_for_selector("text=The file changed on disk")
    assert path.read_text().endswith("# edited in another window\n")
    assert "Film\n" not in path.read_text()
    assert page.input_value("#f-cluster") == "Film"  # what was typed is still there
    axe_clean(page, "the edit form after a conflict")


def test_no_write_from_another_origin_or_without_the_token(
    page,
    desk: DeskServer,  # type: ignore[no-untyped-def]
    desk_project: Path,
) -> None:
    path = desk_project / "content" / "sound-designer.yaml"
    before = path.read_bytes()
    # A page elsewhere (here a data: page, origin "null") posting a form to the desk.
    form = (
        f"<form method=post action='{desk.url}/career/sound-designer/edit'>"
        "<input name=summary value=pwned><input name=_csrf value=guess></form>"
        "<script>document.forms[0].submit()</script>"
    )
    with page.expect_response(lambda r: "/career/sound-designer/edit" in r.url) as answer:
        page.goto("data:text/html," + form)
    assert answer.value.status == 403
    # The desk's own origin, but no token (a script that cannot read the page).
    page.goto(desk.url + "/")
    status = page.evaluate("""async () => (await fetch('/career/sound-designer/edit',
        {method: 'POST', body: new URLSearchParams({summary: 'pwned'})})).status""")
    assert status == 403
    assert path.read_bytes() == before


def test_brand_contrast_and_logo(page, desk: DeskServer, desk_project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(desk.url + "/brand")
    axe_clean(page, "the brand page")
    page.fill("#f-colors-accent", "#999999")
    page.fill("#f-organization", "Lincoln High School")
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="9"/></svg>'
    )
    page.set_input_files("#logo_file", str(logo))
    page.click(".save-bar >> nth=0 >> button:has-text('Save')")
    page.wait_for_url("**/brand?saved=yes")
    assert "fails WCAG AA" in page.inner_text("#f-colors-accent-contrast")
    book = (desk_project / "careerbook.yaml").read_text()
    assert book.startswith("# The school's book file.")
    assert "logo: assets/logo.svg" in book and "organization: Lincoln High School" in book
    assert (desk_project / "assets" / "logo.svg").read_bytes() == logo.read_bytes()
    axe_clean(page, "the brand page with a contrast warning")
    # A file that is not an image: said on the page, nothing stored.
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"this is not a picture")
    page.set_input_files("#logo_file", str(bad))
    page.click(".save-bar >> nth=0 >> button:has-text('Save')")
    page.wait_for_selector("text=not an SVG or PNG")
    assert not (desk_project / "assets" / "logo.png").exists()
    axe_clean(page, "the brand page with a refused logo")


def test_typing_asks_for_problems(page, desk: DeskServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(desk.url + "/career/sound-designer/edit")
    page.fill("#f-title", "")
    page.wait_for_selector("#live-check:has-text('problem')")
    said = page.inner_text("#live-check")
    assert json.dumps(said) and "not saved yet" in said


def test_a_class_set(page, desk: DeskServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(desk.url + "/")
    for stem in ("welder", "electrician"):
        page.check(f"#pick-{stem}")
    captured = Captured(page, "**/booklet")
    page.click("button:has-text('Make a class set')")
    status, kind, body = captured.wait(page)
    assert status == 200 and kind == "application/pdf", body[:2000]
    pages = [flat(p) for p in pdf_text(body)]
    heads = [p[:80] for p in pages]  # a handout's first page: its cluster, then its title
    electrician = next(i for i, h in enumerate(heads) if "Electrician If you" in h)
    welder = next(i for i, h in enumerate(heads) if "Welder " in h and "Related" not in h)
    assert electrician == 0 < welder  # the book's order, one handout after the other
    assert not any("Prepared for" in p for p in pages)  # no cover
