"""careerbook: career profiles in YAML, printed as PDF handouts and booklets."""

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
