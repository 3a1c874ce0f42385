"""Reproducible, offline, well-formed: the bundled content built twice in separate processes.

Both builds run with SOURCE_DATE_EPOCH set, in different folders, with
different hash seeds, and with the network blocked by a sitecustomize that
records any attempt. Their handouts and booklets must be byte-identical, every
PDF must pass `qpdf --check`, none may hold an embedded file, and no request
may have been tried.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from careerbook.build import handout
from careerbook.content.models import Career
from careerbook.options import Options
from careerbook.render import templates as render
from careerbook.render.templates import PageSetup
from careerbook.render.theme import load_theme

ROOT = Path(__file__).parents[2]
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
BUNDLED = sorted(p.stem for p in (ROOT / "content").glob("*.yaml"))

# Loaded first by every Python process that has this folder on its PYTHONPATH.
BLOCK_NETWORK = """
import os, socket

LOG = os.environ["CAREERBOOK_NETWORK_LOG"]
open(LOG, "a").close()  # proof that the block was in place

def _refuse(what):
    def refuse(*args, **kwargs):
        with open(LOG, "a") as log:
            log.write(f"{what} {args[1:2]!r}\\n")
        raise OSError(101, "network blocked by the careerbook tests")
    return refuse

_connect = socket.socket.connect
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        return _refuse("connect")(self, address)
    return _connect(self, address)

socket.socket.connect = connect
socket.socket.connect_ex = lambda self, address: connect(self, address)
socket.create_connection = _refuse("create_connection")
socket.getaddrinfo = _refuse("getaddrinfo")
socket.gethostbyname = _refuse("gethostbyname")
"""


def _copy_project(where: Path) -> Path:
    where.mkdir(parents=True)
    shutil.copytree(ROOT / "content", where / "content")
    shutil.copy(ROOT / "careerbook.yaml", where / "careerbook.yaml")
    return where


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    """The bundled project built twice at once, offline; the output folders and network logs."""
    base = tmp_path_factory.mktemp("reproducible")
    site = base / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCK_NETWORK)
    projects = [
        _copy_project(base / "a" / "project"),
        _copy_project(base / "b" / "somewhere" / "else" / "named-differently"),
    ]
    logs = [base / "network-a.log", base / "network-b.log"]
    procs = []
    for seed, project, log in zip(("1", "2"), projects, logs, strict=True):
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": str(EPOCH),
            "PYTHONHASHSEED": seed,
            "PYTHONPATH": str(site),
            "CAREERBOOK_NETWORK_LOG": str(log),
            "TMPDIR": str(project.parent),
        }
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "careerbook", "-q", "build", str(project)],
                env=env,
                cwd=project.parent,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    return projects[0] / "output", projects[1] / "output", logs


def _pdfs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.pdf"))


def test_both_builds_wrote_every_handout_and_the_booklet(two_builds: tuple[Path, Path, list[Path]]) -> None:
    first, second, _ = two_builds
    expected = sorted([f"{slug}.pdf" for slug in BUNDLED] + ["booklet.pdf"])
    assert [n for n in _pdfs(first) if n in expected] == expected
    assert _pdfs(first) == _pdfs(second)


@pytest.mark.parametrize("name", [*BUNDLED, "booklet"])
def test_builds_with_source_date_epoch_are_byte_identical(
    two_builds: tuple[Path, Path, list[Path]], name: str
) -> None:
    first, second, _ = two_builds
    a, b = (first / f"{name}.pdf").read_bytes(), (second / f"{name}.pdf").read_bytes()
    assert a == b, f"{name}.pdf differs between two builds ({len(a)} and {len(b)} bytes)"


def test_the_build_made_no_network_request(two_builds: tuple[Path, Path, list[Path]]) -> None:
    for log in two_builds[2]:
        assert log.exists(), "the network block was not loaded"
        assert log.read_text() == ""


def test_the_network_block_catches_a_request(tmp_path: Path) -> None:
    """The check above can fail: a request made under the same block is recorded."""
    (tmp_path / "sitecustomize.py").write_text(BLOCK_NETWORK)
    log = tmp_path / "network.log"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "CAREERBOOK_NETWORK_LOG": str(log)}
    code = (
        "import urllib.request\n"
        "try: urllib.request.urlopen('http://127.0.0.1:9/', timeout=5)\n"
        "except OSError: pass"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert log.read_text().strip()


@pytest.mark.parametrize("name", [*BUNDLED, "booklet"])
def test_every_pdf_passes_qpdf_check(two_builds: tuple[Path, Path, list[Path]], name: str) -> None:
    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is missing: run scripts/setup --dev"
    result = subprocess.run(
        [qpdf, "--check", str(two_builds[0] / f"{name}.pdf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


@pytest.mark.parametrize("name", [*BUNDLED, "booklet"])
def test_the_pdf_dates_follow_source_date_epoch(two_builds: tuple[Path, Path, list[Path]], name: str) -> None:
    with pikepdf.open(two_builds[0] / f"{name}.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20231114221320")
        assert "/EmbeddedFiles" not in (pdf.Root.get("/Names") or {})


def test_without_source_date_epoch_the_pdf_carries_no_clock_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "bee.pdf"
    handout(Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml", out, Options())
    with pikepdf.open(out) as pdf:
        assert "/CreationDate" not in pdf.docinfo
        assert "/ModDate" not in pdf.docinfo
        assert b"CreateDate" not in pdf.Root.Metadata.read_bytes() if "/Metadata" in pdf.Root else True


# --- the date printed on a handout ----------------------------------------------------------


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


def test_the_handout_prints_the_careers_date_not_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(render, "build_date", lambda: dt.date(1999, 12, 31))
    dated = render.render_handout(_career(dated="2026-06"), load_theme(None), PageSetup())
    assert "Dated June 2026" in dated
    assert "1999" not in dated
    # The clock is only the fallback for a career with no `dated`.
    undated = render.render_handout(_career(), load_theme(None), PageSetup())
    assert "December 31, 1999" in undated


def test_source_date_epoch_sets_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert render.build_date() == dt.date(2023, 11, 14)
