"""The installed tool works outside the repository: templates, styles and fonts ship inside."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_carries_templates_styles_fonts_and_builds_a_handout_elsewhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("careerbook-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "careerbook/templates/career.html",
        "careerbook/templates/sections/pay.html",
        "careerbook/styles/base.css",
        "careerbook/styles/default/theme.yaml",
        "careerbook/styles/fonts/Inter-Regular.otf",
        "careerbook/styles/fonts/LICENSE-Inter.txt",
        "careerbook/lang/locale/es/LC_MESSAGES/careerbook.mo",
        "careerbook/cli/help.txt",
    ):
        assert name in names, name

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    career = elsewhere / "beekeeper.yaml"
    career.write_text((ROOT / "tests" / "data" / "careers" / "minimal.yaml").read_text())
    code = (
        "import careerbook, careerbook.resources as r, sys; "
        "assert str(r.templates_dir()).startswith(sys.argv[1]), r.templates_dir(); "
        "from careerbook.cli.main import main; main(['-q', 'handout', 'beekeeper.yaml'])"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(site)], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "output" / "beekeeper.pdf").read_bytes().startswith(b"%PDF-")


def test_each_dependency_is_listed_once() -> None:
    import re
    import tomllib

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]
    listed = [
        *project["dependencies"],
        *(d for extra in project["optional-dependencies"].values() for d in extra),
    ]
    names = [re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0].lower() for d in listed]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
