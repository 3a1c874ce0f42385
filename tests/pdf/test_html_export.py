"""--html: an accessible web page beside each PDF, with the same content and a screen stylesheet."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import tinyhtml5
import yaml

from careerbook.resources import fonts_dir
from commands import run
from pdfua import read_structure

CAREERS = Path(__file__).parents[1] / "data" / "careers"
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A handout and an English booklet with a Spanish career, each with its HTML version."""
    root = tmp_path_factory.mktemp("web")
    (root / "content").mkdir()
    for name in ("full", "spanish"):
        shutil.copy(CAREERS / f"{name}.yaml", root / "content")
    (root / "careerbook.yaml").write_text(yaml.safe_dump({"title": "Two careers", "lang": "en"}))
    run("booklet", str(root), "--html")
    run("handout", str(root / "content" / "full.yaml"), "-o", str(root / "output" / "full.pdf"), "--html")
    return root / "output"


def parse(path: Path) -> ET.Element:
    return tinyhtml5.parse(path.read_text(encoding="utf-8"), namespace_html_elements=False)


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_an_html_file_beside_each_pdf(output: Path) -> None:
    assert sorted(p.name for p in output.iterdir() if p.is_file()) == [
        "booklet.html",
        "booklet.pdf",
        "full.html",
        "full.pdf",
    ]


def test_self_contained_fonts_copied_and_referenced_relatively(output: Path) -> None:
    for page in ("full.html", "booklet.html"):
        html = (output / page).read_text(encoding="utf-8")
        assert "file:" not in html and str(output.parent) not in html
        urls = re.findall(r"url\(([^)]+)\)", html)
        assert urls and all(u.startswith("assets/") for u in urls)
        for url in urls:
            copy = output / url
            assert copy.read_bytes() == (fonts_dir() / copy.name).read_bytes()
        for img in parse(output / page).iter("img"):
            assert img.get("src", "").startswith("data:image/svg+xml;base64,")


def test_a_screen_stylesheet_without_page_rules(output: Path) -> None:
    tree = parse(output / "full.html")
    styles = [s.text or "" for s in tree.iter("style")]
    assert len(styles) == 1
    assert "@page" not in styles[0] and "max-width" in styles[0]
    assert not any("break-before" in (e.get("style") or "") for e in tree.iter())
    viewport = [m for m in tree.iter("meta") if m.get("name") == "viewport"]
    assert viewport


def test_title_and_languages(output: Path) -> None:
    handout = parse(output / "full.html")
    assert handout.get("lang") == "en-US"
    assert text(handout.find("head/title")) == "Wildlife Biologist"
    booklet = parse(output / "booklet.html")
    assert booklet.get("lang") == "en" and text(booklet.find("head/title")) == "Two careers"
    langs = {a.get("lang"): text(a.find(".//h1")) for a in booklet.iter("article")}
    assert langs == {"en-US": "Wildlife Biologist", "es": "Panadero artesano"}
    assert all(LANG_TAG.match(e.get("lang", "")) for e in booklet.iter() if "lang" in e.attrib)


def test_same_content_as_the_pdf(output: Path) -> None:
    pdf = read_structure(output / "booklet.pdf")
    html = parse(output / "booklet.html")
    body = html.find("body")
    assert body is not None
    # Headings in the same order, at the same levels.
    pdf_headings = [
        (n.type.lower(), " ".join(n.text.split())) for n in pdf.walk() if n.type in ("H1", "H2", "H3")
    ]
    html_headings = [(e.tag, text(e)) for e in body.iter() if e.tag in ("h1", "h2", "h3")]
    assert [h for h, _ in html_headings] == [h for h, _ in pdf_headings]
    for (_, ours), (_, theirs) in zip(html_headings, pdf_headings, strict=True):
        assert ours.replace(" ", "").casefold() == theirs.replace(" ", "").casefold()
    # The charts, as images with the same alt text; the data tables with header cells.
    pdf_alts = [n.alt for n in pdf.all("Figure")]
    html_alts = [i.get("alt") for i in body.iter("img")]
    assert html_alts == pdf_alts and all(html_alts)
    assert any(a.startswith("Time split:") for a in html_alts)
    tables = list(body.iter("table"))
    assert tables and all(th.get("scope") in ("col", "row") for t in tables for th in t.iter("th"))


def test_links_work_on_the_page(output: Path) -> None:
    booklet = parse(output / "booklet.html")
    ids = {e.get("id") for e in booklet.iter() if e.get("id")}
    internal = [a.get("href", "")[1:] for a in booklet.iter("a") if a.get("href", "").startswith("#")]
    assert internal and set(internal) <= ids
    external = [a.get("href") for a in parse(output / "full.html").iter("a")]
    assert any(h and h.startswith("https://") for h in external)


def test_a_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    from careerbook.errors import RenderError
    from careerbook.pdf.html_export import write_html
    from careerbook.render.theme import load_theme

    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG")
    html = f'<html lang="en"><head><title>x</title></head><body><img src="{outside.as_uri()}" alt="x">'
    with pytest.raises(RenderError, match="not a file inside the project"):
        write_html(html, tmp_path / "site" / "x.html", load_theme(None), [tmp_path / "site"])
    assert not (tmp_path / "site" / "x.html").exists()


def test_files_of_the_same_name_get_names_of_their_own(tmp_path: Path) -> None:
    import signal

    from careerbook.pdf.html_export import write_html
    from careerbook.render.theme import load_theme

    def page(images: list[Path], folder: str) -> Path:
        tags = "".join(f'<img src="{p.as_uri()}" alt="{i}">' for i, p in enumerate(images))
        html = f'<html lang="en"><head><title>x</title></head><body>{tags}'
        return write_html(html, tmp_path / folder / "x.html", load_theme(None), [tmp_path])

    fonts = len(list((page([], "fonts-only").parent / "assets").iterdir()))
    # Three logos called logo.png, and a file called what the third one used to be renamed
    # to (the count of files so far): two clashes in a row, which looped forever.
    sources = [
        tmp_path / "a" / "logo.png",
        tmp_path / "b" / f"{fonts + 2}-logo.png",
        tmp_path / "c" / "logo.png",
        tmp_path / "d" / "logo.png",
    ]
    for number, path in enumerate(sources):
        path.parent.mkdir()
        path.write_bytes(b"\x89PNG" + bytes([number]))

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("naming the copies in assets/ did not finish")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        written = page(sources, "site")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    srcs = [img.get("src") for img in parse(written).iter("img")]
    assert len(set(srcs)) == 4 and all(s and s.startswith("assets/") for s in srcs)
    for source, src in zip(sources, srcs, strict=True):
        assert (written.parent / str(src)).read_bytes() == source.read_bytes()


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_link_in_the_output_folder_is_not_written_through(tmp_path: Path, link: str) -> None:
    from careerbook.errors import OutputError
    from careerbook.pdf.html_export import write_html
    from careerbook.render.theme import load_theme

    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (project / "site" / "assets").mkdir(parents=True)
    elsewhere.mkdir()
    victim = elsewhere / "logo.svg"
    victim.write_text("precious")
    logo = project / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    if link == "file":
        (project / "site" / "assets" / "logo.svg").symlink_to(victim)
    else:
        (project / "site" / "assets").rmdir()
        (project / "site" / "assets").symlink_to(elsewhere)
    html = f'<html lang="en"><head><title>x</title></head><body><img src="{logo.as_uri()}" alt="x">'
    with pytest.raises(OutputError, match="symbolic link"):
        write_html(html, project / "site" / "x.html", load_theme(None), [project])
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["logo.svg"]
    assert not (project / "site" / "x.html").exists()


def test_what_would_run_in_a_browser_is_not_written(tmp_path: Path) -> None:
    # A project's templates travel between schools; the web page is put on a school's site.
    # (The PDF refuses a javascript: link and never runs a script; the page must not either.)
    from careerbook.pdf.html_export import write_html
    from careerbook.render.theme import load_theme

    html = (
        '<html lang="en"><head><title>x</title><base href="https://x.example/">'
        '<meta http-equiv="refresh" content="0; url=https://x.example"></head><body>'
        '<p onclick="steal()" ONMOUSEOVER="steal()" id="end">The end '
        '<a href=" JavaScript:steal()">here</a> <a href="https://ok.example">ok</a></p>'
        '<script>steal()</script><iframe src="https://x.example"></iframe>'
        '<object data="x.swf"></object><embed src="x.swf"></body></html>'
    )
    written = write_html(html, tmp_path / "site" / "x.html", load_theme(None), [tmp_path])
    text = written.read_text(encoding="utf-8").lower()
    assert "the end" in text and 'href="https://ok.example"' in text  # the page's own stays
    for active in (
        "<script",
        "onclick",
        "onmouseover",
        "javascript:",
        "<iframe",
        "<object",
        "<embed",
        "<base",
        "http-equiv",
    ):
        assert active not in text, active


@pytest.mark.parametrize(("name", "word"), [("minimal", "Draft"), ("spanish", "Borrador")])
def test_a_draft_says_so_on_the_web_page_as_on_paper(tmp_path: Path, name: str, word: str) -> None:
    """The PDF marks a draft's every page; the web page shows the same word, seen (the screen
    CSS displays it) at the top of the article, in the career's language."""
    data = yaml.safe_load((CAREERS / f"{name}.yaml").read_text(encoding="utf-8"))
    data["draft"] = True
    career = tmp_path / f"{name}.yaml"
    career.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run("handout", str(career), "-o", str(tmp_path / "out.pdf"), "--html")
    page = tmp_path / "out.html"
    marks = [e for e in parse(page).iter() if "draft-mark" in (e.get("class") or "").split()]
    assert [text(e) for e in marks] == [word]
    article = next(parse(page).iter("article"))
    assert word in text(article)
    css = re.findall(r"\.draft-mark\s*\{[^}]*\}", page.read_text(encoding="utf-8"))
    assert "display: block" in css[-1]  # the last rule wins: shown on screen
    from pdftools import read_pdf

    assert all(word.upper() in p.upper() for p in read_pdf(tmp_path / "out.pdf").pages)
