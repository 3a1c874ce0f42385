"""careerbook: career profiles in YAML, printed as PDF handouts and booklets.

The folders are the pipeline a career walks, in order: `content/` (YAML in, checked models
out) -> `charts/` (SVG charts) -> `render/` (HTML) -> `pdf/` (a PDF per handout) ->
`booklet/` (one booklet PDF). Beside it: `cli/` (the commands), `live/` (preview, watch
and the counselor's desk), `oews/` (BLS pay data), `lang/` (languages), `scaffold/` (new
files) and `speed/` (what makes it fast). `build.py` runs the stages, one call each;
`errors.py` keeps the user's errors apart from careerbook's bugs.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    # The version is looked up on first use only: importlib.metadata costs tens of
    # milliseconds, which every command (even `--help`) would otherwise pay at start.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("careerbook")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0.0.0"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'careerbook' has no attribute {name!r}")
