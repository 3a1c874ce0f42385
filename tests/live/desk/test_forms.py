"""Forms ↔ YAML: every field of the format round-trips; lists grow and shrink; problems
find their input; saving keeps comments, order and quoting; colours' contrast; logos."""

from __future__ import annotations

from pathlib import Path

import pytest
from desking import REPO

from careerbook.live.desk import forms, spec, yaml_edit
from careerbook.live.desk.brand import LogoRefused, contrast_with_white, logo_kind, store_logo


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "content").glob("*.yaml")) + sorted((REPO / "tests" / "data" / "careers").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_a_file_through_the_form_unchanged_is_the_same_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = forms.data_of(forms.values_of(yaml_edit.load(text)))
    assert yaml_edit.updated(text, data) == text


def test_every_field_of_the_format_has_an_input() -> None:
    from careerbook.content.models import Career

    assert {n.key for n in spec.CAREER} == set(Career.model_fields)


def test_values_and_data() -> None:
    values = {
        "title": " Welder ",
        "work.summary": "Hot.\r\n\r\nLoud.",
        "work.time_split[0].activity": "Welding",
        "work.time_split[0].percent": "60",
        "work.time_split[1].activity": "Grinding",
        "work.time_split[1].percent": "40.5",
        "pay.ranges[0].kind": "oews",
        "pay.ranges[0].oews": "51-4121",
        "pay.ranges[0].low": "9",
        "sources[0].text": "BLS",
        "sources[1].text": "OOH",
        "sources[1].url": "https://bls.gov",
        "draft": "true",
        "fit.worth_it_if": "  ",
    }
    data = forms.data_of(values)
    assert data == {
        "title": "Welder",
        "work": {
            "summary": "Hot.\n\nLoud.",
            "time_split": [{"activity": "Welding", "percent": 60}, {"activity": "Grinding", "percent": 40.5}],
        },
        "pay": {"ranges": [{"oews": "51-4121"}]},
        "sources": ["BLS", {"text": "OOH", "url": "https://bls.gov"}],
        "draft": True,
    }


def test_lists_grow_and_shrink() -> None:
    values = {"related[0]": "A", "related[1]": "B", "related[2]": "C"}
    assert forms.removed(values, "related[1]") == {"related[0]": "A", "related[1]": "C"}
    grown = forms.added(values, "work.time_split")
    assert grown["work.time_split[0].activity"] == "" and grown["work.time_split[0].percent"] == ""
    assert forms.added({}, "pay.ranges")["pay.ranges[0].kind"] == "typed"


def test_a_problem_finds_its_input() -> None:
    values = {"work.time_split[0].activity": "A", "work.time_split[0].percent": "1"}
    names = forms.names_of(values)
    assert forms.place("work.time_split[0].percent", names) == "work.time_split[0].percent"
    assert forms.place("work.time_split", names) == "work.time_split"
    assert forms.place("work.time_split[5].percent", names) == "work.time_split"
    assert forms.place("titel", names) is None
    assert spec.input_id("work.time_split[2].percent") == "f-work-time_split-2-percent"


def test_saving_keeps_comments_order_quoting_and_unknown_keys() -> None:
    text = (
        '# top comment\ntitle: "Welder"  # quoted\ntitel: typo\nsummary: >-\n  Long\n  text.\n'
        "work:\n  summary: Hot.  # why\n  time_split:\n    - activity: A\n      percent: 50\n"
        "    - activity: B\n      percent: 50\n"
    )
    data = forms.data_of(
        forms.values_of(yaml_edit.load(text)) | {"work.summary": "Hotter.", "cluster": "Manufacturing"}
    )
    out = yaml_edit.updated(text, data)
    # A new key goes after the last one before it in the format's order; `titel` stays.
    assert out.startswith(
        '# top comment\ntitle: "Welder"  # quoted\ncluster: Manufacturing\n'
        "titel: typo\nsummary: >-\n  Long\n  text.\n"
    )
    assert "  summary: Hotter. # why\n" in out


def test_save_refuses_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("title: A\n")
    with pytest.raises(yaml_edit.ChangedOnDisk):
        yaml_edit.save(path, "title: B\n", yaml_edit.sha256(b"title: old\n"))
    yaml_edit.save(path, "title: B\n", yaml_edit.sha256(b"title: A\n"))
    assert path.read_text() == "title: B\n"


def test_contrast_with_white() -> None:
    assert contrast_with_white("#000") == pytest.approx(21.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)
    assert contrast_with_white("#0f6e6e") > 4.5
    assert contrast_with_white("teal") is None


def test_logo_kind_by_bytes(tmp_path: Path) -> None:
    assert logo_kind(b"\x89PNG\r\n\x1a\n....") == ".png"
    assert logo_kind(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>') == ".svg"
    assert logo_kind(b"GIF89a") is None and logo_kind(b"<html><svg") is None
    with pytest.raises(LogoRefused, match="at most"):
        store_logo(tmp_path, b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(LogoRefused, match=r"outside the project|refused"):
        store_logo(
            tmp_path, b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'
        )
    assert not list((tmp_path / "assets").iterdir())
