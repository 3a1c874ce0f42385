"""The confined fetcher: every way a page can pull in a file or reach the network.

A project whose templates and logo try each way in (tests/data/hostile/probes:
`<img>`, CSS `url()`, `@import`, `@font-face`, `<link>`, `<object>`, SVG
`<image>` and `@import` inside an SVG logo, XML entities, attachment links) is
built next to a secret folder. Each build either fails with a clear message and
writes nothing, or gives a PDF with no embedded file and not one byte of the
secret — looked for in the raw file and in every decompressed stream.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from careerbook.build import booklet, handout
from careerbook.cli.main import main
from careerbook.content.project import open_project
from careerbook.errors import RenderError
from careerbook.options import Options
from careerbook.pdf.document import _fetcher_class
from careerbook.resources import styles_dir

HOSTILE = Path(__file__).parents[1] / "data" / "hostile"
MINIMAL = Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml"
MARKER = b"TOPSECRET-c4r33rb00k"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A folder beside the project holding files nobody may read into a PDF."""
    folder = tmp_path / "secret"
    folder.mkdir()
    for name in ("secret.txt", "secret.css", "secret.png", "secret.otf"):
        (folder / name).write_bytes(MARKER + b" " + name.encode())
    # A real PNG too, so that a refusal cannot be blamed on a broken image.
    shutil.copy(HOSTILE / "marker.png", folder / "secret.png")
    return folder


def _fill(text: str, project: Path, secret: Path) -> str:
    return text.replace("@SECRET@", str(secret)).replace("@PROJECT@", str(project))


@pytest.fixture
def project(tmp_path: Path, secret: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "templates" / "sections").mkdir(parents=True)
    (root / "careerbook.yaml").write_text("title: Probe\n")
    shutil.copy(MINIMAL, root / "content" / "bee.yaml")
    (root / "assets").symlink_to(secret)
    for svg in ("probe.svg", "xxe.svg", "svg-style-import.svg"):
        (root / svg).write_text(_fill((HOSTILE / svg).read_text(), root, secret))
    return root


def assert_clean(pdf: Path) -> None:
    """No embedded file, no file-attachment annotation, no byte of the secret anywhere."""
    raw = pdf.read_bytes()
    assert MARKER not in raw
    with pikepdf.open(pdf) as doc:
        names = doc.Root.get("/Names")
        assert names is None or "/EmbeddedFiles" not in names
        for page in doc.pages:
            for annot in page.get("/Annots") or []:
                assert annot.get("/Subtype") != "/FileAttachment"
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream):
                assert MARKER not in obj.read_bytes()
            if isinstance(obj, pikepdf.Dictionary):
                assert obj.get("/Type") != "/EmbeddedFile"
                assert obj.get("/Type") != "/Filespec"


# Every probe is refused, with these words in the message.
REFUSED = {
    "img.html": "outside the project",
    "img-dotdot.html": "outside the project",
    "img-percent-dotdot.html": "outside the project",
    "img-localhost.html": "never the network",
    "img-symlink.html": "outside the project",
    "img-http.html": "never the network",
    "img-https.html": "never the network",
    "img-ftp.html": "never the network",
    "css-url.html": "outside the project",
    "css-import.html": "outside the project",
    "css-font-face.html": "outside the project",
    "link-stylesheet.html": "outside the project",
    "object.html": "outside the project",
    "svg-image.html": "outside the project",
    "a-attachment.html": "carry no attachments",
    "a-attachment-inside.html": "carry no attachments",
    "link-attachment.html": "carry no attachments",
    "a-javascript.html": "links may lead to https:, http: or mailto: addresses only",
    "a-file.html": "links may lead to https:, http: or mailto: addresses only",
}


def test_every_probe_is_listed() -> None:
    on_disk = {p.name for p in (HOSTILE / "probes").glob("*.html")}
    assert on_disk == set(REFUSED) | {"iframe.html"}


@pytest.mark.parametrize("probe", sorted(REFUSED))
def test_a_probe_in_a_project_template_stops_the_build(project: Path, secret: Path, probe: str) -> None:
    template = _fill((HOSTILE / "probes" / probe).read_text(), project, secret)
    (project / "templates" / "sections" / "closing.html").write_text(template)
    out = project / "output" / "bee.pdf"
    with pytest.raises(RenderError) as info:
        handout(project / "content" / "bee.yaml", out, Options())
    assert REFUSED[probe] in str(info.value)
    assert MARKER.decode() not in str(info.value)
    assert not out.exists()
    assert not (project / "output").exists() or not any((project / "output").iterdir())


def test_the_user_sees_the_refusal_without_a_traceback(
    project: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _fill((HOSTILE / "probes" / "a-attachment.html").read_text(), project, secret)
    (project / "templates" / "sections" / "closing.html").write_text(template)
    out = project / "output" / "bee.pdf"
    with pytest.raises(SystemExit) as done:
        main(["-q", "handout", str(project / "content" / "bee.yaml"), "-o", str(out)])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"careerbook: error: the page asks to embed file://{secret}/secret.txt")
    assert "Traceback" not in err
    assert not out.exists()


def test_an_ignored_element_renders_harmlessly(project: Path, secret: Path) -> None:
    template = _fill((HOSTILE / "probes" / "iframe.html").read_text(), project, secret)
    (project / "templates" / "sections" / "closing.html").write_text(template)
    out = project / "output" / "bee.pdf"
    handout(project / "content" / "bee.yaml", out, Options())
    assert_clean(out)


@pytest.mark.parametrize(
    ("logo", "says"),
    [
        ("probe.svg", "outside the project"),  # SVG <image> inside the logo
        ("svg-style-import.svg", "outside the project"),  # @import and @font-face inside the logo
    ],
)
def test_an_svg_logo_cannot_reach_outside(project: Path, logo: str, says: str) -> None:
    (project / "careerbook.yaml").write_text(f"title: Probe\nlogo: {logo}\n")
    out = project / "output" / "booklet.pdf"
    with pytest.raises(RenderError) as info:
        booklet(open_project(project), out, Options())
    assert says in str(info.value)
    assert not out.exists()


def test_an_svg_logo_with_an_external_entity_leaks_nothing(project: Path) -> None:
    (project / "careerbook.yaml").write_text("title: Probe\nlogo: xxe.svg\n")
    out = project / "output" / "booklet.pdf"
    try:
        booklet(open_project(project), out, Options())
    except RenderError as exc:
        assert MARKER.decode() not in str(exc)
        assert not out.exists()
    else:
        assert_clean(out)


def test_a_clean_build_passes_the_leak_check(project: Path) -> None:
    """The check itself: a PDF with the marker printed in it is caught."""
    (project / "content" / "bee.yaml").write_text(
        MINIMAL.read_text().replace("title: Beekeeper", f"title: {MARKER.decode()}")
    )
    out = project / "output" / "bee.pdf"
    handout(project / "content" / "bee.yaml", out, Options(pdf_variant="plain"))
    with pytest.raises(AssertionError):
        assert_clean(out)


# --- the fetcher on its own ----------------------------------------------------------------


@pytest.fixture
def fetcher(project: Path) -> object:
    return _fetcher_class()([project, styles_dir()])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.org/x",
        "ftp://example.org/x",
        "gopher://x/",
        "file://localhost@SECRET@/secret.txt",
        "file://example.org@SECRET@/secret.txt",
        "file://@SECRET@/secret.txt",
        "file://@PROJECT@/../secret/secret.txt",
        "file://@PROJECT@/%2e%2e/secret/secret.txt",
        "file://@PROJECT@/%2E%2E/secret/secret.txt",
        "file://@PROJECT@/assets/secret.txt",
        "file://@PROJECT@/content/%00bee.yaml",
        "file://@PROJECT@/content/missing.png",
        "file://@PROJECT@/content",
        "file:///dev/zero",
        "file:///proc/self/environ",
        "jar:file://@SECRET@/x!/y",
    ],
)
def test_the_fetcher_refuses(fetcher: object, project: Path, secret: Path, url: str) -> None:
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(_fill(url, project, secret))  # type: ignore[attr-defined]


def test_the_fetcher_refuses_an_image_bomb(fetcher: object, project: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    # A PNG header claiming 100,000 × 100,000 pixels.
    header = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + (100_000).to_bytes(4, "big") * 2
    (project / "bomb.png").write_bytes(header + b"\0" * 64)
    with pytest.raises(FatalURLFetchingError, match="pixels"):
        fetcher.fetch((project / "bomb.png").as_uri())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url",
    [
        "file://@PROJECT@/content/bee.yaml",
        "file://@PROJECT@/content/./bee.yaml",
        "file://@PROJECT@/content/../content/bee.yaml",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_serves_the_project_and_data(
    fetcher: object, project: Path, secret: Path, url: str
) -> None:
    response = fetcher.fetch(_fill(url, project, secret))  # type: ignore[attr-defined]
    assert response.read()
    response.close()


def test_the_fetcher_serves_careerbooks_own_fonts(fetcher: object) -> None:
    font = next((styles_dir() / "fonts").glob("*.otf"))
    response = fetcher.fetch(font.as_uri())  # type: ignore[attr-defined]
    assert response.read(4) == b"OTTO"
    response.close()


# --- image bombs, whatever their name and wherever they are embedded -------------------------------


def big_png(side: int = 13_000) -> bytes:
    """A real PNG of side × side black-and-white pixels: it compresses to a few kilobytes, and
    decoding it took 1.36 GB."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    packer = zlib.compressobj(9)
    row = b"\0" * (1 + (side + 7) // 8)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def big_gif(side: int = 20_000) -> bytes:
    """A GIF of side × side pixels in a few dozen bytes (its pixels are left out)."""
    import struct

    return (
        b"GIF89a"
        + struct.pack("<HHBBB", side, side, 0x80, 0, 0)
        + b"\0\0\0\xff\xff\xff"
        + b","
        + struct.pack("<HHHHB", 0, 0, side, side, 0)
        + b"\x02\x02\x44\x01\x00;"
    )


def test_a_gif_named_png_is_checked_as_the_gif_it_is(fetcher: object, project: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    (project / "logo.png").write_bytes(big_gif())
    with pytest.raises(FatalURLFetchingError, match="larger than 25,000,000 pixels"):
        fetcher.fetch((project / "logo.png").as_uri())  # type: ignore[attr-defined]


def test_a_data_uri_image_is_checked(fetcher: object) -> None:
    import base64

    from weasyprint.urls import FatalURLFetchingError

    uri = "data:image/png;base64," + base64.b64encode(big_png()).decode("ascii")
    with pytest.raises(FatalURLFetchingError, match="13,000 × 13,000 pixels"):
        fetcher.fetch(uri)  # type: ignore[attr-defined]
    small = "data:image/png;base64," + base64.b64encode(big_png(100)).decode("ascii")
    assert fetcher.fetch(small).read()[:4] == b"\x89PNG"  # type: ignore[attr-defined]


@pytest.mark.parametrize("logo", ["svg", "gif"])
def test_an_image_bomb_as_the_logo_stops_the_build(project: Path, logo: str) -> None:
    import base64

    if logo == "svg":
        png = base64.b64encode(big_png()).decode("ascii")
        (project / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'width="100" height="100"><image width="100" height="100" '
            f'xlink:href="data:image/png;base64,{png}"/></svg>'
        )
    else:
        (project / "logo.png").write_bytes(big_gif())
    name = "logo.svg" if logo == "svg" else "logo.png"
    (project / "careerbook.yaml").write_text(f"title: Probe\nlogo: {name}\n")
    out = project / "output" / "bee.pdf"
    with pytest.raises(RenderError, match=r"the image is .*25,000,000 pixels"):
        handout(project / "content" / "bee.yaml", out, Options(pdf_variant="plain"))
    assert not out.exists()
