"""The content-hash cache: charts drawn once, entries keyed by everything that shapes them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from careerbook.content.validate import load_career
from careerbook.render.templates import chart_jobs, figures
from careerbook.render.theme import load_theme
from careerbook.speed import cache
from careerbook.speed.cache import Cache, DrawnChart, charts_cached, digest

ROOT = Path(__file__).parents[2]
CAREER = ROOT / "content" / "music-producer.yaml"


def test_digest_is_stable_and_sensitive() -> None:
    assert digest("a", [1, 2], {"x": 1}) == digest("a", [1, 2], {"x": 1})
    assert digest("a", [1, 2]) != digest("a", [2, 1])
    assert len(digest()) == 64


def test_without_an_active_cache_every_chart_is_drawn() -> None:
    calls = []

    def draw() -> DrawnChart:
        calls.append(1)
        return DrawnChart(svg="<svg/>", alt="alt")

    assert cache.chart("time_split", ("x",), draw) == DrawnChart(svg="<svg/>", alt="alt")
    assert cache.chart("time_split", ("x",), draw) == DrawnChart(svg="<svg/>", alt="alt")
    assert len(calls) == 2


def test_a_chart_is_drawn_once_then_read_back(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    calls = []

    def draw() -> DrawnChart:
        calls.append(1)
        return DrawnChart(svg="<svg>é</svg>", alt="Time split: A 60%.")

    with charts_cached(store):
        first = cache.chart("time_split", ("A", 60, "en"), draw)
        again = cache.chart("time_split", ("A", 60, "en"), draw)
        other = cache.chart("time_split", ("A", 60, "es"), draw)  # another language: drawn
    assert first == again == other == DrawnChart(svg="<svg>é</svg>", alt="Time split: A 60%.")
    assert len(calls) == 2
    assert store.hits["charts"] == 1 and store.misses["charts"] == 2


def test_the_real_charts_come_back_identical_from_the_cache(tmp_path: Path) -> None:
    career = load_career(CAREER)
    theme = load_theme(None)
    drawn = figures(career, theme, "en")
    store = Cache(tmp_path)
    with charts_cached(store):
        stored = figures(career, theme, "en")
        read = figures(career, theme, "en")
    assert drawn == stored == read
    assert store.hits["charts"] == 2 and store.misses["charts"] == 2
    # Another theme's colours are another drawing.
    with charts_cached(store):
        figures(career, load_theme("ink-saver"), "en")
    assert store.misses["charts"] == 4


def test_chart_keys_ignore_prose_but_follow_the_data() -> None:
    career = load_career(CAREER)
    theme = load_theme(None)
    keys = [job.inputs for job in chart_jobs(career, theme, "en")]
    edited = career.model_copy(update={"summary": "Something else entirely."})
    assert [job.inputs for job in chart_jobs(edited, theme, "en")] == keys
    assert digest(keys) != digest([job.inputs for job in chart_jobs(career, theme, "es")])


def test_a_disabled_or_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    off = Cache(tmp_path / "off", enabled=False)
    assert off.write_text("charts", "ab" * 32, ".json", "{}") is None
    assert off.lookup("charts", "ab" * 32, ".json") is None
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert Cache(blocked).write_text("charts", "ab" * 32, ".json", "{}") is None


def test_prune_removes_the_least_recently_used(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    old = store.write_bytes("parts", "aa" * 32, ".pdf", b"x" * 1000)
    new = store.write_bytes("parts", "bb" * 32, ".pdf", b"y" * 1000)
    assert old and new
    past = time.time() - 3600
    os.utime(old, (past, past))
    assert store.prune(max_bytes=1500) == 1
    assert not old.exists() and new.exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the chart child is forked")
def test_a_handout_never_imports_matplotlib_in_the_main_process(tmp_path: Path) -> None:
    """Cold: the charts are drawn in a forked child; warm: read from the cache. Same PDF."""
    script = (
        "import sys\n"
        "from careerbook.cli.main import main\n"
        "try:\n"
        "    main(['-q', 'handout', sys.argv[1], '-o', sys.argv[2]])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print('matplotlib' in sys.modules)\n"
    )
    env = {**os.environ, "CAREERBOOK_CACHE_DIR": str(tmp_path / "cache")}
    outputs = []
    for name in ("cold.pdf", "warm.pdf"):
        run = subprocess.run(
            [sys.executable, "-c", script, str(CAREER), str(tmp_path / name)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(run.stdout.strip())
    assert outputs == ["False", "False"]
    assert len(list((tmp_path / "cache" / "charts").rglob("*.json"))) == 2
    assert (tmp_path / "cold.pdf").read_bytes() == (tmp_path / "warm.pdf").read_bytes()
