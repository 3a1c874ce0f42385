"""What a project's template may build: no text or list past MAX_TEMPLATE_SEQUENCE, however made."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError

from careerbook.content.validate import load_career
from careerbook.errors import TemplateError
from careerbook.limits import MAX_TEMPLATE_SEQUENCE
from careerbook.render.sandbox import TemplateSandbox
from careerbook.render.templates import PageSetup, render_handout
from careerbook.render.theme import load_theme

CAREERS = Path(__file__).parents[1] / "data" / "careers"

GROWING = [
    "{{ 'a'.ljust(3000000000)|length }}",
    "{{ 'a'.rjust(200000) }}",
    "{{ 'a'.center(200000) }}",
    "{{ 'a'.zfill(3000000000) }}",
    "{{ 'a\tb'.expandtabs(300000) }}",
    "{{ ('a' * 50000).replace('a', 'xxxx') }}",
    "{{ 'x'.join(['a' * 60000, 'b' * 60000]) }}",
    "{{ '{:>300000}'.format(1) }}",
    "{{ '{:{}}'.format('a', 3000000) }}",
    "{{ '{:.300000f}'.format(1.0) }}",
    "{{ '%300000s' % 'a' }}",
    "{{ '%*s' % (300000, 'a') }}",
    "{{ '%.300000f' % 1.0 }}",
    "{{ 'a'|center(300000) }}",
    "{{ ('a\n' * 50000)|indent(10) }}",
    "{{ ('a' * 90000)|wordwrap(1, wrapstring='xx') }}",
    "{{ '%300000s'|format('a') }}",
    "{{ ['a' * 60000, 'b' * 60000]|join }}",
    "{{ ('a' * 50000)|replace('a', 'bbb') }}",
]


@pytest.mark.parametrize("source", GROWING)
def test_a_template_cannot_build_a_huge_text(source: str) -> None:
    with pytest.raises(SecurityError, match=f"at most {MAX_TEMPLATE_SEQUENCE:,}"):
        TemplateSandbox().from_string(source).render()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 'a'.ljust(4) }}|", "a   |"),
        ("{{ '{:,}'.format(1500000) }}", "1,500,000"),
        ("{{ 'ID 1234567: %s' % 'x' }}", "ID 1234567: x"),
        ("{{ '%.1f%%'|format(12.345) }}", "12.3%"),
        ("{{ ['a', 'b']|join(', ') }} {{ ', '.join(['c', 'd']) }}", "a, b c, d"),
        ("{{ 'abc'|replace('b', 'x') }} {{ 'x'|indent(4) }} {{ 'x'|center(3) }}", "axc x  x "),
        ("{{ 7 % 3 }} {{ 2 ** 10 }} {{ 'ab' * 3 }}", "1 1024 ababab"),
    ],
)
def test_ordinary_templates_still_work(source: str, expected: str) -> None:
    assert TemplateSandbox().from_string(source).render() == expected


def test_the_error_names_the_template(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "handout.html").write_text("{{ 'a'.ljust(3000000000)|length }}")
    career = load_career(CAREERS / "minimal.yaml")
    with pytest.raises(
        TemplateError,
        match=r"template 'handout\.html': str\.ljust\(\) would make "
        r"a text of 3,000,000,000 characters",
    ):
        render_handout(career, load_theme(None, tmp_path), PageSetup())


def test_the_capped_filters_keep_markup_as_markup() -> None:
    from markupsafe import Markup

    env = TemplateSandbox(autoescape=True)
    html = Markup("<b>bold</b>")
    source = "{{ m|replace('bold', 'strong') }} {{ m|center(14) }} {{ [m, m]|join(' ') }}"
    assert env.from_string(source).render(m=html) == ("<b>strong</b>  <b>bold</b>   <b>bold</b> <b>bold</b>")
