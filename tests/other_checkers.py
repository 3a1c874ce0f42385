"""A PDF/UA checker that is not ours, run beside pdfua.py (as WeasyPrint's CI runs veraPDF).

The `pdfua` package from PyPI (pikepdf-based; in the dev extra) checks the machine-checkable
subset of PDF/UA-1 and WCAG 2.1. Its import name is the name of our own tests/pdfua.py,
which is first on the tests' sys.path, so it runs in a child process (`python -m pdfua`) from
the PDFs' folder, with the tests folder off its path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Rules the checker itself cannot run here: UA-14-001 (empty headings) asks a pikepdf Array
# for `is_integer`, which pikepdf 10 reads as a dictionary key, and so is skipped on every
# tagged PDF. Our checker covers headings (14-002 – 14-007).
BROKEN = {"UA-14-001"}


def pdfua_findings(paths: list[Path]) -> dict[str, list[str]]:
    """Each PDF's findings (errors, warnings and info) and the rules skipped beyond BROKEN, as
    "RULE severity page N: message" lines; a PDF with none is left out."""
    tests = str(Path(__file__).parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and Path(p).resolve() != Path(tests)
    )
    done = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", *map(str, paths)],
        cwd=paths[0].parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1, 2, 3):
        raise RuntimeError(f"pdfua failed ({done.returncode}): {done.stderr.strip()}")
    found: dict[str, list[str]] = {}
    decoder, text, at = json.JSONDecoder(), done.stdout, 0
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        report, at = decoder.raw_decode(text, at)
        lines = [
            f"{f['rule_id']} {f['severity']} page {f.get('page')}: {f['message']}" for f in report["findings"]
        ]
        lines += [
            f"{s['rule_id']} skipped: {s['reason']}"
            for s in report.get("skipped", [])
            if s["rule_id"] not in BROKEN
        ]
        if lines:
            found[Path(report["file"]).name] = lines
    if not found and done.returncode != 0:
        raise RuntimeError(f"pdfua said {done.returncode} with no finding: {done.stderr.strip()}")
    return found
