"""The desk's booklet for one student, timed as the desk makes it: in its worker process
(warm), from the parts already in the cache, under a cover of its own.

    python -m benchmarks.desk PROJECT   # prints JSON: {"first": s, "second": s, "pages": n}

The project's own booklet must have been built with the same cache (XDG_CACHE_HOME) first:
its chapters are the cached parts. "first" is the first student's booklet (its cover is
new); "second" another student's (the measure: what a counselor waits for each time). The
worker is warmed first with one handout, as after a career page was opened.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    from careerbook.content.project import open_project
    from careerbook.live.builder import Failed
    from careerbook.live.desk.printing import Printer, Selection
    from careerbook.options import Options

    root = Path(sys.argv[1]).resolve()
    project = open_project(root)
    slugs = tuple(c.stem for c in project.career_files())
    printer = Printer(root, Options())
    printer.start()
    try:
        printer.handout(slugs[0])  # the worker warm, as after the counselor opened a career
        times = []
        made = None
        for student in ("Maya R., grade 10, by Ms. Ortiz", "Leo T., grade 11, by Ms. Ortiz"):
            started = time.perf_counter()
            made = printer.booklet(Selection(slugs, "Careers to explore", f"Prepared for {student}"))
            times.append(time.perf_counter() - started)
            if isinstance(made, Failed):
                raise SystemExit("\n".join(made.lines))
    finally:
        printer.close()
    assert made is not None and not isinstance(made, Failed)
    print(json.dumps({"first": times[0], "second": times[1], "bytes": len(made.data)}))


if __name__ == "__main__":
    main()
