"""Hostile content: YAML tricks, HTML in text, templates, schema fields, absurd sizes, old libraries.

Every test here would fail if the guard it names were removed. Builds that
fetch resources are in test_fetcher.py; interrupted builds in test_atomic.py.
"""

from __future__ import annotations

import os
import shutil
import time
import tomllib
from importlib.metadata import version
from pathlib import Path

import jinja2.sandbox
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from careerbook.build import handout
from careerbook.cli.main import main
from careerbook.content.models import Book, Career
from careerbook.content.project import open_project
from careerbook.content.validate import load_career
from careerbook.errors import ContentError, RenderError, TemplateError
from careerbook.files import NOT_REGULAR
from careerbook.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_PROBLEMS
from careerbook.options import Options
from careerbook.render import templates as render
from careerbook.render.markdown import block, inline
from careerbook.render.templates import PageSetup
from careerbook.render.theme import load_theme
from pdftools import read_pdf, squash
from refusals import BASE

ROOT = Path(__file__).parents[2]
HOSTILE = Path(__file__).parents[1] / "data" / "hostile"
MINIMAL = Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml"


def refused(path: Path) -> list[str]:
    """The problems of a file careerbook must refuse, as printed."""
    with pytest.raises(ContentError) as info:
        load_career(path)
    assert info.value.problems
    return [str(p) for p in info.value.problems]


# --- YAML ------------------------------------------------------------------------------


def test_billion_laughs_fails_fast_with_its_place() -> None:
    path = HOSTILE / "billion-laughs.yaml"
    start = time.perf_counter()
    found = refused(path)
    assert time.perf_counter() - start < 1.0
    assert found[0] == (
        f"{path}:2:4: a: anchors (&a) are not part of the career format; write the value out in full"
    )
    assert any(":3:8: b[0]: aliases (*a) are not part of the career format" in p for p in found)


def test_duplicate_keys_at_any_depth_name_both_lines() -> None:
    path = HOSTILE / "duplicate-deep.yaml"
    found = refused(path)
    assert (
        f"{path}:8:7: work.time_split[0].activity: duplicate key 'activity' "
        "(first written on line 6); keep only one"
    ) in found
    assert (
        f"{path}:15:3: pay.ranges: duplicate key 'ranges' (first written on line 11); keep only one"
    ) in found


DEEP = 100_000  # far past Python's recursion limit and the format's cap


@pytest.mark.parametrize(
    "value",
    [
        "[" * DEEP + "]" * DEEP,
        "{a: " * DEEP + "x" + "}" * DEEP,
        "\n" + "".join(" " * (i + 1) + "-\n" for i in range(300)) + " " * 301 + "x\n",
    ],
    ids=["flow-lists", "flow-mappings", "block-lists"],
)
def test_nesting_that_would_blow_the_stack_is_a_content_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(BASE + "related: " + value + "\n")
    found = refused(path)
    assert len(found) == 1
    assert f"nested deeper than {MAX_DEPTH} levels" in found[0]


def test_a_file_of_nothing_but_problems_stops_after_a_hundred(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text("".join(f"k{i}: &a{i} x\n" for i in range(50_000)))
    start = time.perf_counter()
    found = refused(path)
    assert time.perf_counter() - start < 2.0
    assert len(found) == MAX_PROBLEMS + 1
    assert f"{path}:{MAX_PROBLEMS}:6: stopped reading after {MAX_PROBLEMS} problems" in found


def test_a_10_mb_text_field_is_refused_by_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(BASE + "closing: " + "blah " * 2_000_000 + "\n")
    size = path.stat().st_size
    assert size > 10_000_000
    start = time.perf_counter()
    found = refused(path)
    assert time.perf_counter() - start < 1.0
    assert found == [
        f"{path}:1:1: file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (split the text or trim it)"
    ]


def test_a_pipe_named_like_a_career_file_does_not_hang_the_build(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    assert refused(path) == [f"{path}:1:1: {NOT_REGULAR}"]


def test_a_device_behind_a_link_is_not_read_forever(tmp_path: Path) -> None:
    path = tmp_path / "zero.yaml"
    path.symlink_to("/dev/zero")
    assert "not a regular file" in refused(path)[0]


def test_scalars_stay_as_written_in_text_fields(tmp_path: Path) -> None:
    path = tmp_path / "career.yaml"
    path.write_text(
        BASE.replace("title: Beekeeper", "title: NO").replace("Bees.", "on")
        + "cluster: 1.10\nrelated: ['012345', 11:00, off]\n"
        + "typical_day:\n  steps:\n    - {time: 11:00, title: yes, text: 012345}\n"
    )
    career = load_career(path)
    assert (career.title, career.summary, career.cluster) == ("NO", "on", "1.10")
    assert career.related == ["012345", "11:00", "off"]
    assert career.typical_day is not None
    step = career.typical_day.steps[0]
    assert (step.time, step.title, step.text) == ("11:00", "yes", "012345")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ("pay:\n  ranges:\n    - {label: A, low: 0, high: 1e300}\n", "pay.ranges[0].high"),
        (
            "pay:\n  ranges:\n    - {label: A, low: 1, high: 2}\n  growth: {low: -1e300, high: 1}\n",
            "pay.growth.low",
        ),
        (
            "pay:\n  ranges:\n    - {label: A, low: 1, high: 2}\n  growth: {low: 1, high: 1e999}\n",
            "pay.growth.high",
        ),
    ],
)
def test_absurd_figures_are_content_errors(tmp_path: Path, extra: str, field: str) -> None:
    # Unbounded, these crashed the money and percent formatting with a traceback.
    path = tmp_path / "career.yaml"
    path.write_text(BASE + extra)
    assert any(f": {field}: " in p for p in refused(path))


def test_characters_no_font_has_still_make_a_handout(tmp_path: Path) -> None:
    """Only failed resources stop the PDF writing; a missing glyph is drawn as a box."""
    path = tmp_path / "career.yaml"
    path.write_text(BASE.replace("title: Beekeeper", 'title: "Beekeeper 🐝 蜂 \\a \\u202eevil"'))
    out = tmp_path / "out.pdf"
    handout(path, out, Options())
    assert "Beekeeper" in read_pdf(out).text


# --- text: Markdown, escaping, no template from content ---------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "&#106;avascript:alert(1)",
        " javascript:x",
        "data:text/html;base64,PHNjcmlwdD4=",
        "http://example.org",
        "file:///etc/passwd",
        "//example.org",
        "../secret.txt",
        "vbscript:x",
        "ftp://example.org",
    ],
)
def test_markdown_keeps_no_link_but_https_and_mailto(target: str) -> None:
    html = str(block(f"see [this]({target}) now"))
    assert "<a" not in html
    assert "this" in html


@pytest.mark.parametrize("target", ["https://example.org/a?b=c", "mailto:someone@example.org"])
def test_markdown_keeps_https_and_mailto_links(target: str) -> None:
    assert str(inline(f"[this]({target})")) == f'<a href="{target}">this</a>'


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src="file:///etc/passwd">', "&lt;img src=&quot;file:///etc/passwd&quot;&gt;"),
        ("<https://example.org>", "&lt;https://example.org&gt;"),
        ("</style><style>*{display:none}", "&lt;/style&gt;&lt;style&gt;*{display:none}"),
    ],
)
def test_markdown_prints_raw_html_as_text(text: str, shown: str) -> None:
    assert shown in str(block(text)) or shown.replace("&quot;", '"') in str(block(text))
    assert "<script" not in str(block(text)) and "<img" not in str(block(text))


def test_markdown_allows_no_images() -> None:
    html = str(block("![logo](https://example.org/logo.png)"))
    assert "<img" not in html
    assert "!" in html


def _career(**fields: object) -> Career:
    data: dict[str, object] = {
        "title": "Beekeeper",
        "slug": "beekeeper",
        "summary": "Bees.",
        "work": {
            "summary": "Outdoors.",
            "time_split": [{"activity": "Hives", "percent": 60}, {"activity": "Sales", "percent": 40}],
        },
    }
    data.update(fields)
    return Career.model_validate(data)


def test_yaml_text_is_never_compiled_as_a_template() -> None:
    career = _career(
        title="{{ 7*7 }} {% if true %}x{% endif %}",
        summary="{{ 7*7 }} and {# c #}",
        closing="{{ career.title }} {{ page }}",
    )
    html = render.render_handout(career, load_theme(None), PageSetup())
    assert "{{ 7*7 }} {% if true %}x{% endif %}" in html
    assert "{{ 7*7 }} and {# c #}" in html
    assert "{{ career.title }} {{ page }}" in html
    assert "49" not in html.replace("#49", "")


def test_yaml_text_prints_as_typed_and_links_only_to_https_and_mailto_in_the_pdf(tmp_path: Path) -> None:
    path = tmp_path / "career.yaml"
    links = [
        "javascript:alert(1)",
        "data:text/html,hi",
        "http://example.org/plain",
        "file:///etc/passwd",
        "https://example.org/safe",
        "mailto:someone@example.org",
    ]
    closing = " ".join(f"[link {i}]({target})" for i, target in enumerate(links))
    path.write_text(BASE.replace("Bees.", "'{{ 7*7 }} <b>bold?</b> & more'") + f"closing: '{closing}'\n")
    out = tmp_path / "out.pdf"
    handout(path, out, Options())
    pdf = read_pdf(out)
    assert squash("{{ 7*7 }} <b>bold?</b> & more") in squash(pdf.text)
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in pdf.reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    ]
    assert sorted(uris) == ["https://example.org/safe", "mailto:someone@example.org"]
    # The refused ones still print, as the text the author typed.
    assert squash("[link 0](javascript:alert(1))") in squash(pdf.text)


def _project_with_template(tmp_path: Path, name: str, body: str) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "careerbook.yaml").write_text("title: Probe\n")
    shutil.copy(MINIMAL, root / "content" / "bee.yaml")
    target = root / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body)
    return root


@pytest.mark.parametrize("name", ["probe.css", "probe.txt", "probe.xml", "probe"])
def test_templates_autoescape_whatever_their_extension(tmp_path: Path, name: str) -> None:
    root = _project_with_template(tmp_path, name, "[{{ career.title }}]")
    env = render.environment(load_theme(None, root), "en")
    out = env.get_template(name).render(career=_career(title="</style><script>x</script> & co"))
    assert out == "[&lt;/style&gt;&lt;script&gt;x&lt;/script&gt; &amp; co]"


def test_a_project_template_named_css_is_escaped_in_the_handout(tmp_path: Path) -> None:
    """An override of a .css template: a title that tries to close <style> is only text."""
    root = _project_with_template(tmp_path, "sections/closing.html", "{% include 'probe.css' %}")
    (root / "templates" / "probe.css").write_text("<p class=probe>{{ career.title }}</p>")
    (root / "content" / "bee.yaml").write_text(
        MINIMAL.read_text().replace("title: Beekeeper", "title: '<img src=x>'")
    )
    theme = load_theme(None, root)
    html = render.render_handout(load_career(root / "content" / "bee.yaml"), theme, PageSetup())
    assert "<p class=probe>&lt;img src=x&gt;</p>" in html


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
        ("{{ career.__init__.__globals__ }}", "unsafe"),
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "unsafe"),
        ("{{ 'x' * 100000000 }}", "repeated text"),
        ("{{ 9 ** 999999 }}", "power"),
        ("{% for i in range(10**9) %}{% endfor %}", "range"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
    ],
)
def test_project_templates_run_in_a_sandbox(tmp_path: Path, body: str, says: str) -> None:
    root = _project_with_template(tmp_path, "sections/closing.html", body)
    with pytest.raises(TemplateError) as info:
        render.render_handout(_career(), load_theme(None, root), PageSetup())
    assert says in str(info.value)


def test_a_project_template_linked_outside_the_project_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("TOPSECRET")
    root = _project_with_template(tmp_path, "sections/fit.html", "")
    (root / "templates" / "sections" / "closing.html").symlink_to(secret)
    with pytest.raises(TemplateError) as info:
        render.render_handout(_career(), load_theme(None, root), PageSetup())
    assert "leads outside its folder" in str(info.value)


def test_a_project_stylesheet_linked_outside_the_project_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("/* TOPSECRET */")
    root = _project_with_template(tmp_path, "sections/fit.html", "")
    (root / "styles" / "default").mkdir(parents=True)
    (root / "styles" / "default" / "theme.css").symlink_to(secret)
    with pytest.raises(TemplateError) as info:
        render.render_handout(_career(), load_theme(None, root), PageSetup())
    assert "leads outside its folder" in str(info.value)


def test_a_project_stylesheet_cannot_close_the_style_element(tmp_path: Path) -> None:
    root = _project_with_template(tmp_path, "sections/fit.html", "")
    (root / "styles" / "default").mkdir(parents=True)
    (root / "styles" / "default" / "theme.css").write_text(
        "p { color: red } </style><img src='file:///etc/passwd'><style>"
    )
    html = render.render_handout(_career(), load_theme(None, root), PageSetup())
    # Still inside the theme's <style> element (the first of the two: the theme's, the
    # page's), as harmless (invalid) CSS.
    assert html.count("</style>") == 2
    assert html.index("<\\/style><img") < html.index("</style>")
    assert "<img" not in html[: html.index("<body")].replace("<\\/style><img", "")


# --- schema: URLs, logo, colours ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "ftp://example.org/x",
        "https://",
        "https:///path",
        "https://user:pass@example.org/",
        "https://exa mple.org",
        "https://example.org/\x00",
        "//example.org",
        "https://[::1/",
        "https://example.org/" + "a" * 2000,
    ],
)
def test_source_urls_are_validated(url: str) -> None:
    with pytest.raises(ValueError, match="sources"):
        _career(sources=[{"text": "A source", "url": url}])


@pytest.mark.parametrize("url", ["https://www.bls.gov/ooh/", "http://example.org/a?b=c#d"])
def test_good_source_urls_are_kept(url: str) -> None:
    career = _career(sources=[{"text": "A source", "url": url}])
    assert career.sources is not None and career.sources[0].url == url


@pytest.mark.parametrize(
    "logo",
    [
        "/etc/passwd.svg",
        "../logo.svg",
        "images/../../logo.png",
        "file:///x.svg",
        "https://example.org/logo.png",
        "C:\\logo.png",
        "logo.gif",
        "logo.svg.exe",
        "\\\\server\\logo.png",
    ],
)
def test_the_logo_must_be_an_svg_or_png_inside_the_project(logo: str) -> None:
    with pytest.raises(ValueError, match="logo"):
        Book.model_validate({"logo": logo})


@pytest.mark.parametrize("logo", ["logo.svg", "images/Logo.PNG", "./brand/logo.png"])
def test_good_logos_are_kept(logo: str) -> None:
    assert Book.model_validate({"logo": logo}).logo == logo


def test_a_logo_linked_outside_the_project_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    root = _project_with_template(tmp_path, "sections/fit.html", "")
    (root / "careerbook.yaml").write_text("logo: logo.svg\n")
    (root / "logo.svg").symlink_to(secret)
    with pytest.raises(ContentError) as info:
        open_project(root).logo()
    assert "outside the project" in str(info.value)


@pytest.mark.parametrize(
    "color",
    [
        "red; } </style><script>",
        "url(file:///etc/passwd)",
        "#12345",
        "expression(alert(1))",
        "var(--x)",
        "#0f6e6e; background: url(x)",
    ],
)
def test_book_colours_are_hex_colours(color: str) -> None:
    with pytest.raises(ValueError, match="colors"):
        Book.model_validate({"colors": {"accent": color}})
    with pytest.raises(ValueError, match="colors"):
        Book.model_validate({"colors": {"chart": ["#000", color]}})


# --- limits ----------------------------------------------------------------------------


def _theme_project(tmp_path: Path, css: str) -> Path:
    root = _project_with_template(tmp_path, "sections/fit.html", "")
    (root / "styles" / "default").mkdir(parents=True)
    (root / "styles" / "default" / "theme.css").write_text(css)
    return root


@pytest.mark.parametrize(
    "css",
    [
        "body, p, h1 { font-size: 1e9px }",
        "p { letter-spacing: 1e9px }",
    ],
)
def test_absurd_css_in_a_project_theme_fails_cleanly(
    tmp_path: Path, css: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _theme_project(tmp_path, css)
    out = root / "output" / "bee.pdf"
    start = time.perf_counter()
    with pytest.raises(SystemExit) as done:
        main(["-q", "handout", str(root / "content" / "bee.yaml"), "-o", str(out)])
    assert done.value.code == 1
    assert time.perf_counter() - start < 60
    err = capsys.readouterr().err
    assert "careerbook: error: WeasyPrint could not render the page" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert not list(out.parent.glob(".*.tmp")) if out.parent.exists() else True


def test_rendering_stops_at_the_time_limit_and_keeps_the_old_pdf(tmp_path: Path) -> None:
    root = _theme_project(tmp_path, "")
    out = root / "output" / "bee.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF-1.7 the previous handout")
    # A template that would loop for hours: only the time limit stops it.
    (root / "templates" / "sections" / "closing.html").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    start = time.perf_counter()
    with pytest.raises(RenderError) as info:
        handout(root / "content" / "bee.yaml", out, Options(time_limit=1.5))
    assert time.perf_counter() - start < 10
    assert "took longer than the time limit of 1.5 s" in str(info.value)
    assert out.read_bytes() == b"%PDF-1.7 the previous handout"
    assert sorted(p.name for p in out.parent.iterdir()) == ["bee.pdf"]


def test_a_long_text_under_the_size_cap_is_refused_before_any_layout(tmp_path: Path) -> None:
    from careerbook.content.kinds import MAX_TEXT_CHARS
    from careerbook.errors import ContentError

    path = tmp_path / "long.yaml"
    path.write_text(BASE + "closing: '" + "Words that go on and on. " * 36_000 + "'\n")
    assert path.stat().st_size < MAX_FILE_BYTES
    out = tmp_path / "long.pdf"
    with pytest.raises(ContentError, match=f"the limit is {MAX_TEXT_CHARS}"):
        handout(path, out, Options(time_limit=3))
    assert not out.exists()
    assert not list(tmp_path.glob(".*.tmp"))


# --- dependency floors -------------------------------------------------------------------

FLOORS = {"weasyprint": Version("70"), "jinja2": Version("3.1.6")}
JUST_BELOW = {"weasyprint": "69.9", "jinja2": "3.1.5"}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_installed_dependencies_carry_their_security_fixes(name: str) -> None:
    assert Version(version(name)) >= FLOORS[name], f"{name} {version(name)} is older than the floor"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_pyproject_declares_the_security_floors(name: str) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = {Requirement(r).name.lower(): Requirement(r).specifier for r in project["dependencies"]}
    spec = specs[name]
    assert spec.contains(FLOORS[name])
    assert not spec.contains(JUST_BELOW[name]), f"{name}: {spec} would accept {JUST_BELOW[name]}"


def test_jinja2_sandbox_is_what_renders_templates() -> None:
    env = render.environment(load_theme(None), "en")
    assert isinstance(env, jinja2.sandbox.SandboxedEnvironment)
