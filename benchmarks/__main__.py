"""The benchmark: careerbook against a straightforward reference build, on synthetic careers.

    .venv/bin/python -m benchmarks                 # N = 25 and 100; about 5 minutes on 2 cores
    .venv/bin/python -m benchmarks --sizes 2 --repeat 1   # a smoke run

Every measured command is a whole new process (benchmarks/child.py), timed
from outside; the reference (benchmarks/reference.py) builds the same careers
in the same invocation, and each figure is printed as a ratio to it, since
absolute times drift on a shared machine. Prints a table and writes it as
JSON to benchmarks/results/latest.json (or --json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from benchmarks.generate import write_project

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).resolve().parent / "child.py"
CLI = Path(sys.executable).parent / "careerbook"
MIB = 1024  # ru_maxrss is in KiB on Linux


@dataclass
class Run:
    wall: float  # seconds, the whole process
    cpu: float  # user + system seconds of the process and its children
    rss_parent: float  # MiB
    rss_worker: float  # MiB, the largest child process (0 if none)


@dataclass
class Row:
    name: str
    fast: Run | None
    reference: Run | None = None
    target: float | None = None  # the ratio to stay at or under
    absolute_target: float | None = None  # seconds, for --help
    note: str = ""
    ratio: float | None = field(default=None)
    met: bool | None = field(default=None)

    def judge(self) -> None:
        if self.fast and self.reference:
            self.ratio = self.fast.wall / self.reference.wall
            self.met = self.ratio <= self.target if self.target is not None else None
        elif self.fast and self.absolute_target is not None:
            self.met = self.fast.wall < self.absolute_target


def snapshot(work: Path) -> Path:
    """A copy of careerbook's code, templates and styles as they are now: every run measures
    the same tree, even while someone edits the checkout (which would also empty the cache,
    whose keys include careerbook's own code)."""
    import compileall

    tree = work / "tree"
    for name in ("src", "templates", "styles"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    compileall.compile_dir(tree / "src", quiet=1)  # as an installed package is: compiled
    return tree


class Bench:
    def __init__(self, work: Path, jobs: int | None) -> None:
        self.work = work
        self.jobs = jobs
        tree = snapshot(work)
        self.env = {
            **os.environ,
            "PYTHONPATH": f"{tree / 'src'}{os.pathsep}{ROOT}",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.env.pop("SOURCE_DATE_EPOCH", None)
        self.caches = 0

    def new_cache(self) -> Path:
        """An empty cache folder: the run starts cold."""
        self.caches += 1
        path = self.work / "caches" / str(self.caches)
        path.mkdir(parents=True)
        return path

    def run(self, which: str, args: list[str], cache: Path | None = None) -> Run:
        """One whole process, timed from outside; its own and its workers' peak memory."""
        rusage = self.work / "rusage.txt"
        rusage.unlink(missing_ok=True)
        env = {**self.env, "BENCH_RUSAGE": str(rusage), "XDG_CACHE_HOME": str(cache or self.new_cache())}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), which, *args],
            env=env,
            cwd=self.work,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out = (proc.stdout.read() if proc.stdout else b"") + (proc.stderr.read() if proc.stderr else b"")
        if proc.returncode != 0:
            raise SystemExit(
                f"benchmark: {which} {' '.join(args)} failed "
                f"({proc.returncode}):\n{out.decode(errors='replace')}"
            )
        own, children = (int(v) for v in rusage.read_text().split())
        return Run(wall, usage.ru_utime + usage.ru_stime, own / MIB, children / MIB)

    def help(self) -> Run:
        """`careerbook --help`, the installed command, as a user types it."""
        start = time.perf_counter()
        proc = subprocess.Popen([str(CLI), "--help"], env=self.env, stdout=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        return Run(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / MIB, 0.0)

    def booklet_args(self, project: Path, target: Path) -> list[str]:
        jobs = ["--jobs", str(self.jobs)] if self.jobs else []
        return ["-q", "booklet", str(project), "-o", str(target), *jobs]


def median(runs: list[Run]) -> Run:
    """The run of median wall time, with the highest memory seen over all runs."""
    ordered = sorted(runs, key=lambda r: r.wall)
    mid = ordered[len(ordered) // 2]
    return Run(
        mid.wall,
        statistics.median(r.cpu for r in runs),
        max(r.rss_parent for r in runs),
        max(r.rss_worker for r in runs),
    )


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return next((int(line.split()[-1]) for line in out.splitlines() if line.startswith("Pages:")), 0)


def edit_one_career(project: Path, n: int) -> Path:
    """An author's edit: one more sentence in the summary of the career in the middle."""
    path = project / "content" / f"career-{n // 2:03d}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] += " This sentence was added by the benchmark's edit."
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def run_bench(sizes: list[int], repeat: int, work: Path, jobs: int | None, log: bool = True) -> dict:
    bench = Bench(work, jobs)
    say = (lambda m: print(m, file=sys.stderr, flush=True)) if log else (lambda m: None)
    rows: list[Row] = []
    pages: dict[str, int] = {}
    projects = {n: write_project(work / f"n{n}", n) for n in sizes}
    out = work / "out"
    out.mkdir(exist_ok=True)

    # One handout, cold process: empty cache, warm cache (charts cached), reference.
    career = projects[sizes[0]] / "content" / "career-001.yaml"
    warm = bench.new_cache()
    bench.run("careerbook", ["-q", "handout", str(career), "-o", str(out / "warmup.pdf")], warm)
    # The same career with its pay ranges named by BLS occupation instead of typed: what
    # reading the bundled OEWS data and resolving the ranges adds to a cold handout.
    with_oews = career.with_name("career-oews.yaml")
    data = yaml.safe_load(career.read_text(encoding="utf-8"))
    data["pay"]["ranges"] = [
        {"label": r["label"], "oews": code}
        for r, code in zip(data["pay"]["ranges"], ("47-2111", "29-1141", "15-1252"), strict=False)
    ]
    data["pay"]["currency"] = "USD"
    with_oews.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cold_runs, warm_runs, ref_runs, oews_runs = [], [], [], []
    for i in range(repeat):
        say(f"handout, run {i + 1} of {repeat}")
        cold_runs.append(
            bench.run("careerbook", ["-q", "handout", str(career), "-o", str(out / "handout.pdf")])
        )
        oews_runs.append(
            bench.run("careerbook", ["-q", "handout", str(with_oews), "-o", str(out / "handout-oews.pdf")])
        )
        warm_runs.append(
            bench.run("careerbook", ["-q", "handout", str(career), "-o", str(out / "handout.pdf")], warm)
        )
        ref_runs.append(bench.run("reference", ["handout", str(career), "-o", str(out / "handout-ref.pdf")]))
    reference_handout = median(ref_runs)
    rows.append(Row("one handout, cold process, empty cache", median(cold_runs), reference_handout, 0.75))
    rows.append(Row("one handout, cold process, warm cache", median(warm_runs), reference_handout, 0.75))
    rows.append(
        Row(
            "the same with BLS (OEWS) pay ranges, cold process, empty cache",
            median(oews_runs),
            reference_handout,
            0.75,
            note="vs typed ranges: the OEWS data read and the ranges resolved",
        )
    )
    pages["handout"] = pdf_pages(out / "handout.pdf")
    pages["handout (reference)"] = pdf_pages(out / "handout-ref.pdf")

    help_runs = [bench.help() for _ in range(max(5, repeat))]
    rows.append(Row("careerbook --help", median(help_runs), absolute_target=0.2))

    reference_full: dict[int, Run] = {}
    caches: dict[int, Path] = {}
    for n in sizes:
        project = projects[n]
        say(f"booklet of {n} careers: reference")
        ref = bench.run("reference", ["booklet", str(project), "-o", str(out / f"booklet-{n}-ref.pdf")])
        reference_full[n] = ref
        say(f"booklet of {n} careers: careerbook, empty cache")
        caches[n] = bench.new_cache()
        fast = bench.run("careerbook", bench.booklet_args(project, out / f"booklet-{n}.pdf"), caches[n])
        rows.append(
            Row(
                f"booklet of {n} careers, full build (empty cache)",
                fast,
                ref,
                0.35 if n == max(sizes) else None,
            )
        )
        pages[f"booklet {n}"] = pdf_pages(out / f"booklet-{n}.pdf")
        pages[f"booklet {n} (reference)"] = pdf_pages(out / f"booklet-{n}-ref.pdf")

    n = max(sizes)
    project = projects[n]
    say(f"booklet of {n} careers: nothing changed")
    same = bench.run("careerbook", bench.booklet_args(project, out / f"booklet-{n}-same.pdf"), caches[n])
    rows.append(Row(f"booklet of {n} careers, rebuild, nothing changed", same, reference_full[n]))
    edited = edit_one_career(project, n)
    say(f"booklet of {n} careers: after editing {edited.name}")
    rebuild = bench.run("careerbook", bench.booklet_args(project, out / f"booklet-{n}-edit.pdf"), caches[n])
    say(f"booklet of {n} careers: full build of the edited careers, to compare")
    full = bench.run("careerbook", bench.booklet_args(project, out / f"booklet-{n}-edit-full.pdf"))
    identical = (out / f"booklet-{n}-edit.pdf").read_bytes() == (
        out / f"booklet-{n}-edit-full.pdf"
    ).read_bytes()
    rows.append(
        Row(
            f"booklet of {n} careers, rebuild after editing one career",
            rebuild,
            reference_full[n],
            0.06,
            note="identical to a full build" if identical else "DIFFERS from a full build",
        )
    )
    rows.append(Row(f"booklet of {n} careers, full build of the edited careers", full, reference_full[n]))
    rows.append(desk_booklet(bench, work, say))
    for row in rows:
        row.judge()
    return {"rows": rows, "pages": pages, "identical_after_edit": identical}


DESK_CAREERS = 12


def desk_booklet(bench: Bench, work: Path, say: Callable[[str], None]) -> Row:
    """The desk's booklet of 12 careers for a named student, from the parts the project's
    booklet left in the cache: timed in the desk's warm worker (benchmarks/desk.py)."""
    project = write_project(work / f"desk{DESK_CAREERS}", DESK_CAREERS)
    cache = bench.new_cache()
    say(f"desk booklet of {DESK_CAREERS}: the project's booklet, to fill the cache")
    bench.run("careerbook", bench.booklet_args(project, work / "out" / "desk-warm.pdf"), cache)
    say(f"desk booklet of {DESK_CAREERS}: for two students, from the cached parts")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.desk", str(project)],
        env={**bench.env, "XDG_CACHE_HOME": str(cache)},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark: the desk's booklet failed:\n{done.stdout}{done.stderr}")
    said = json.loads(done.stdout.splitlines()[-1])
    return Row(
        f"desk booklet of {DESK_CAREERS} from cached parts (warm worker; first student "
        f"{said['first']:.2f} s)",
        Run(said["second"], 0.0, 0.0, 0.0),
        absolute_target=2.0,
    )


def table(result: dict) -> str:
    lines = [
        "| measure | careerbook s (cpu s) | reference s (cpu s) | ratio | target | "
        "peak RSS MiB: main / largest worker | reference RSS MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        f, r = row.fast, row.reference
        assert f is not None
        target = (
            f"≤ {row.target:.2f}×"
            if row.target is not None
            else f"< {row.absolute_target} s"
            if row.absolute_target is not None
            else ""
        )
        mark = "" if row.met is None else (" ✓" if row.met else " ✗")
        lines.append(
            f"| {row.name}{' — ' + row.note if row.note else ''} "
            f"| {f.wall:.2f} ({f.cpu:.2f}) "
            f"| {f'{r.wall:.2f} ({r.cpu:.2f})' if r else ''} "
            f"| {f'{row.ratio:.3f}×' if row.ratio is not None else ''} "
            f"| {target}{mark} "
            f"| {f.rss_parent:.0f} / {f.rss_worker:.0f} "
            f"| {f'{max(r.rss_parent, r.rss_worker):.0f}' if r else ''} |"
        )
    pages = ", ".join(f"{k}: {v}" for k, v in result["pages"].items())
    lines.append("")
    lines.append(f"Pages: {pages}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[25, 100],
        help="numbers of careers for the booklets (default 25 100)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each handout measure")
    parser.add_argument("--jobs", type=int, default=None, help="passed to careerbook booklet")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="work in this folder and keep it (default: a temporary folder)",
    )
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="careerbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        result = run_bench(sizes, args.repeat, work, args.jobs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - started
    print(table(result))
    print(
        f"\nThe benchmark took {took:.0f} s (load average at the end: "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})."
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg(),
                "seconds": round(took, 1),
                "sizes": sizes,
                "repeat": args.repeat,
                "pages": result["pages"],
                "identical_after_edit": result["identical_after_edit"],
                "rows": [asdict(row) for row in result["rows"]],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
