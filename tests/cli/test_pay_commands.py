"""The official pay commands end to end: `data`, `data update`, `occupations`, `new --soc`,
`validate` of codes, and a real handout whose printed figures are BLS's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careerbook.cli.main import main
from careerbook.content.validate import load_career
from careerbook.lang.formatting import exact_money
from careerbook.oews import wages
from pdftools import read_pdf, squash

ROOT = Path(__file__).parents[2]
FLAT = ROOT / "tests" / "oews" / "data" / "flat"
CAREERS = ROOT / "tests" / "data" / "careers"


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


@pytest.fixture(autouse=True)
def own_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's OEWS data."""
    folder = tmp_path / "careerbook-data"
    monkeypatch.setenv("CAREERBOOK_DATA_DIR", str(folder))
    return folder


def test_data_says_the_release_and_where_it_came_from(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("data") == 0
    out = capsys.readouterr().out
    assert "OEWS release: May 2025 (bundled with careerbook)" in out
    assert "oe.data.0.Current: sha256" in out


def test_data_update_installs_a_folder_and_refuses_a_bad_one(
    tmp_path: Path, own_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "oe.area").write_text("nonsense\n", encoding="utf-8")
    assert run("data", "update", str(bad)) == 1
    assert "careerbook: error:" in capsys.readouterr().err
    assert not (own_data / "oews.dat").exists()
    assert run("-q", "data", "update", str(FLAT)) == 0
    assert (own_data / "oews.dat").is_file()
    assert run("data") == 0
    assert "installed with `careerbook data update`" in capsys.readouterr().out


def test_occupations_lists_code_title_median_and_employment(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("occupations", "electricians", "--area", "Oregon") == 0
    out = capsys.readouterr().out
    oregon = wages("47-2111", "Oregon").wages
    assert oregon is not None and oregon.employment.value and oregon.annual.median.value
    line = next(line for line in out.splitlines() if line.startswith("47-2111"))
    assert "Electricians" in line
    assert f"${oregon.annual.median.value:,.0f}" in line
    assert f"{oregon.employment.value:,.0f}" in line
    assert "Oregon" in out


def test_occupations_imports_neither_weasyprint_nor_matplotlib() -> None:
    code = (
        "import sys; from careerbook.cli.main import main\n"
        "try:\n    main(['-q', 'occupations', 'nurse'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'matplotlib')))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_new_with_soc_fills_soc_an_oews_range_and_the_source(tmp_path: Path) -> None:
    assert run("-q", "init", str(tmp_path / "guide")) == 0
    assert (
        run(
            "-q",
            "new",
            "Electrician",
            "--soc",
            "47-2111",
            "--area",
            "Oregon",
            "--project",
            str(tmp_path / "guide"),
        )
        == 0
    )
    career_file = tmp_path / "guide" / "content" / "electrician.yaml"
    career = load_career(career_file)
    assert career.soc == "47-2111"
    assert career.pay and [r.oews for r in career.pay.oews_ranges] == ["47-2111"]
    # The source is not typed: the build adds it for the area it prints, whatever it is then.
    assert not any("oes472111" in (s.url or "") for s in career.sources or [])
    for area, name in (("Oregon", "Oregon"), ("Georgia", "Georgia")):
        pdf = tmp_path / f"{area}.pdf"
        assert run("-q", "handout", str(career_file), "-o", str(pdf), "--area", area) == 0
        text = squash(" ".join(read_pdf(pdf).pages))
        assert squash(f"Electricians (47-2111), {name}") in text
        assert squash("https://www.bls.gov/oes/current/oes472111.htm") in text
    assert run("-q", "new", "Nobody", "--soc", "47-9999", "--project", str(tmp_path / "guide")) == 1


def test_validate_refuses_an_unknown_code_and_warns_about_typed_figures_beside_soc(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = (
        "title: Electrician\nsummary: s\nwork:\n  summary: w\n  time_split:\n"
        "    - {activity: a, percent: 50}\n    - {activity: b, percent: 50}\nsources: [x]\n"
    )
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(base + 'soc: "47-2112"\n', encoding="utf-8")
    assert run("validate", str(unknown)) == 1
    err = capsys.readouterr().out
    assert (
        "soc: '47-2112' is not an occupation in BLS's wage data; did you mean 47-2111 (Electricians)" in err
    )
    typed = tmp_path / "typed.yaml"
    typed.write_text(
        base + 'soc: "47-2111"\npay:\n  ranges:\n    - {label: a, low: 1, high: 2}\n', encoding="utf-8"
    )
    assert run("validate", str(typed)) == 0
    assert "warning: pay.ranges: typed pay figures, while soc gives" in capsys.readouterr().out
    assert run("validate", "--strict", str(typed)) == 1


def test_a_handout_prints_blss_figures_for_the_area_and_the_nation(tmp_path: Path) -> None:
    out = tmp_path / "full.pdf"
    assert run("-q", "handout", str(CAREERS / "full.yaml"), "-o", str(out), "--area", "Savannah, GA") == 0
    text = squash(read_pdf(out).text)
    georgia, nation = wages("19-1023", "Georgia").wages, wages("19-1023").wages
    assert georgia is not None and nation is not None
    for scale in (georgia.annual, nation.annual):
        for figure in (scale.p10, scale.median, scale.p90):
            assert figure.value is not None
            assert squash(exact_money(figure.value, "USD", "en")) in text
    assert squash("no BLS estimate for Savannah, GA; the figures are Georgia’s") in text
    assert squash("U.S., for comparison") in text
    assert squash("Zoologists and Wildlife Biologists (19-1023), Georgia") in text
    assert squash("https://www.bls.gov/oes/current/oes191023.htm") in text


def test_a_top_coded_figure_prints_as_or_more(tmp_path: Path) -> None:
    career = tmp_path / "doctor.yaml"
    career.write_text(
        "title: Family Doctor\nsummary: s\nwork:\n  summary: w\n  time_split:\n"
        "    - {activity: a, percent: 50}\n    - {activity: b, percent: 50}\n"
        'pay:\n  ranges:\n    - {oews: "29-1215"}\nsources: [x]\n',
        encoding="utf-8",
    )
    out = tmp_path / "doctor.pdf"
    assert run("-q", "handout", str(career), "-o", str(out), "--area", "Albany, OR") == 0
    assert squash("$239,200 or more") in squash(read_pdf(out).text)


def test_an_unknown_area_stops_the_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert run("handout", str(CAREERS / "full.yaml"), "-o", str(out), "--area", "Savanah") == 1
    assert "Close: Savannah, GA" in capsys.readouterr().err
    assert not out.exists()
