"""careerbook: career profiles in YAML, printed as PDF handouts and booklets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("careerbook")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
