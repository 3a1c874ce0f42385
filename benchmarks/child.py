"""Run careerbook's CLI or the reference build in this process, then report its peak memory.

The benchmark starts every measured command through this file, so a run is a
whole, cold process (interpreter start, imports, work, exit) like the real
`careerbook` command; at exit it writes "<own peak RSS KiB> <largest child's
peak RSS KiB>" to the file named by $BENCH_RUSAGE, so the parent process and
its worker processes are told apart.

    python benchmarks/child.py careerbook booklet PROJECT
    python benchmarks/child.py reference booklet PROJECT -o out.pdf
"""

import os
import resource
import sys


def _report() -> None:
    path = os.environ.get("BENCH_RUSAGE")
    if path:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        with open(path, "w") as out:
            out.write(f"{own} {children}\n")


def run() -> None:
    which, args = sys.argv[1], sys.argv[2:]
    sys.argv = [which, *args]
    try:
        if which == "careerbook":
            from careerbook.cli.main import main

            main()  # reads sys.argv, as the installed command does
        else:
            from benchmarks.reference import main as reference

            reference(args)
    finally:
        _report()


if __name__ == "__main__":
    run()
