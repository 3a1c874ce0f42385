"""SVG logos for the tests that check `validate` and the build agree on them."""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).parent / "data"
MARKER_PNG = DATA / "hostile" / "marker.png"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="40" height="40">{}</svg>\n'
)

# An SVG logo's inside, and the words of the refusal (None: the build takes it).
LOGOS: dict[str, tuple[str, str | None]] = {
    "plain": ('<rect width="20" height="20" fill="#0f6e6e"/>', None),
    "inside": ('<image href="images/dot.png" width="9" height="9"/>', None),
    "internal": (
        '<defs><linearGradient id="g"/></defs><rect id="r" fill="url(#g)" width="9" '
        'height="9"/><use xlink:href="#r"/>',
        None,
    ),
    "data": ('<image href="data:image/png;base64,iVBORw0KGgo=" width="9" height="9"/>', None),
    "http": ('<image xlink:href="http://127.0.0.1:9/x.png" width="9" height="9"/>', "never the network"),
    "https": ('<image href="https://example.org/x.png" width="9" height="9"/>', "never the network"),
    "file": ('<image href="file:///etc/hostname" width="9" height="9"/>', "outside the project"),
    "dotdot": ('<image href="../outside.png" width="9" height="9"/>', "outside the project"),
    "import": (
        '<style>@import "https://example.org/a.css";</style><rect width="9" height="9"/>',
        "never the network",
    ),
    "font": (
        "<style>@font-face { font-family: P; src: local(P), url(../outside.otf) }</style><text>logo</text>",
        "outside the project",
    ),
    # A paint's url() names a part of an SVG: nothing is read, by validate or the build.
    "paint": (
        '<style>rect { fill: url("https://example.org/p.svg#x") }</style><rect width="9" height="9"/>',
        None,
    ),
    "missing": ('<image href="images/none.png" width="9" height="9"/>', "missing file"),
    # <use>s of groups of ten <use>s, five deep: 100,000 shapes from a few hundred bytes.
    "nested": (
        '<defs><rect id="a0" width="1" height="1"/>'
        + "".join(f'<g id="a{k}">' + f'<use xlink:href="#a{k - 1}"/>' * 10 + "</g>" for k in range(1, 6))
        + '</defs><use xlink:href="#a5"/>',
        "more than 20,000 shapes",
    ),
    "self": ('<g id="s"><rect width="9" height="9"/><use href="#s"/></g>', "refer to themselves"),
    # A detailed real logo: a few thousand shapes, some reused.
    "detailed": (
        '<defs><g id="d">' + '<circle r="1" cx="2" cy="2"/>' * 500 + "</g></defs>" + '<use href="#d"/>' * 4,
        None,
    ),
}


def logo_project(root: Path, inside: str) -> Path:
    (root / "content").mkdir(parents=True)
    shutil.copy(DATA / "careers" / "minimal.yaml", root / "content" / "bee.yaml")
    (root / "images").mkdir()
    shutil.copy(MARKER_PNG, root / "images" / "dot.png")
    shutil.copy(MARKER_PNG, root.parent / "outside.png")
    (root.parent / "outside.otf").write_bytes(b"not a font")
    (root / "logo.svg").write_text(SVG.format(inside), encoding="utf-8")
    (root / "careerbook.yaml").write_text("title: Probe\nlogo: logo.svg\n", encoding="utf-8")
    return root
