"""Themes: a folder under styles/ with a stylesheet and the chart colours.

A project's own `styles/` and `templates/` folders are searched before the
bundled ones, one file at a time, so a school can change a single file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from careerbook.content.models import Colors, Model
from careerbook.content.reader import read_yaml
from careerbook.content.validate import validate
from careerbook.errors import CareerbookError, TemplateError
from careerbook.resources import styles_dir, templates_dir

if TYPE_CHECKING:  # matplotlib is imported only when a chart is drawn
    from careerbook.charts.style import ChartStyle

DEFAULT_THEME = "default"
# What the page and the charts cannot do without; a theme leaves out what the default gives.
REQUIRED_COLORS = ("ink", "muted", "accent", "chart")
SOFT_MIX = 0.1  # a soft accent is this much of the accent on white


class ThemeFile(Model):
    """`styles/<theme>/theme.yaml`: what the stylesheet cannot tell the charts."""

    description: str = ""
    colors: Colors = Colors()
    patterns: bool = False


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    colors: Colors
    patterns: bool
    style_dirs: tuple[Path, ...]
    template_dirs: tuple[Path, ...]

    def find_style(self, name: str) -> Path:
        """The first `name` in the theme folders, then in the shared styles folders."""
        for folder in self.style_dirs:
            for candidate in (folder / self.name / name, folder / name):
                if candidate.is_file():
                    return candidate
        raise TemplateError(
            f"stylesheet '{name}' not found in: " + ", ".join(str(d) for d in self.style_dirs)
        )

    def stylesheets(self) -> list[Path]:
        """Base layout first, then the theme's own look."""
        return [self.find_style("base.css"), self.find_style("theme.css")]

    def chart_style(self) -> ChartStyle:
        from careerbook.charts.style import ChartStyle

        c = self.colors
        assert c.ink and c.muted and c.accent and c.chart  # load_theme made sure of it
        return ChartStyle(
            palette=tuple(c.chart), ink=c.ink, muted=c.muted, accent=c.accent, patterns=self.patterns
        )

    def css_variables(self) -> str:
        """The colours as CSS custom properties, so one book file key recolours everything."""
        values = self.colors.model_dump(exclude_none=True, exclude={"chart"})
        body = "; ".join(f"--{k.replace('_', '-')}: {v}" for k, v in values.items())
        return f":root {{ {body} }}"


def available_themes(project: Path | None = None) -> dict[str, Path]:
    """Theme name -> folder, the project's first."""
    found: dict[str, Path] = {}
    for root in _style_roots(project):
        for folder in sorted(root.iterdir()) if root.is_dir() else []:
            if (folder / "theme.yaml").is_file():
                found.setdefault(folder.name, folder)
    return found


def _style_roots(project: Path | None) -> list[Path]:
    roots = [project / "styles"] if project else []
    return [*roots, styles_dir()]


def load_theme(name: str | None, project: Path | None = None, colors: Colors | None = None) -> Theme:
    """Load a theme by name: its colours over the default theme's, the book file's on top."""
    name = name or DEFAULT_THEME
    themes = available_themes(project)
    if name not in themes:
        raise TemplateError(f"unknown theme '{name}'; available: {', '.join(sorted(themes))}")
    spec = _theme_file(themes[name])
    # A theme's colours are laid over the default theme's, so it may give only an accent.
    base = _theme_file(themes[DEFAULT_THEME]).colors if name != DEFAULT_THEME else Colors()
    merged = base.model_copy(update=overrides(spec.colors)).model_copy(update=overrides(colors))
    missing = [key for key in REQUIRED_COLORS if getattr(merged, key) is None]
    if missing:
        raise TemplateError(
            f"{themes[name] / 'theme.yaml'}: colors: give {', '.join(missing)} "
            f"(neither this theme nor the '{DEFAULT_THEME}' theme does)"
        )
    roots = _style_roots(project)
    template_roots = [project / "templates"] if project else []
    return Theme(
        name=name,
        description=spec.description,
        colors=merged,
        patterns=spec.patterns,
        style_dirs=tuple(r for r in roots if r.is_dir()),
        template_dirs=tuple(d for d in (*template_roots, templates_dir()) if d.is_dir()),
    )


def _theme_file(folder: Path) -> ThemeFile:
    return validate(read_yaml(folder / "theme.yaml", [folder.parent]), ThemeFile)


def overrides(colors: Colors | None) -> dict[str, object]:
    """The book file's colours; a new accent without a soft accent brings its own soft tint."""
    if not colors:
        return {}
    if colors.chart is not None and not colors.chart:
        raise CareerbookError(
            "careerbook.yaml: colors.chart: give at least one colour, "
            "or leave the key out to keep the theme's"
        )
    update: dict[str, object] = colors.model_dump(exclude_none=True)
    if colors.accent and not colors.accent_soft:
        update["accent_soft"] = soften(colors.accent)
    return update


def soften(color: str) -> str:
    """A hex colour mixed into white (for the background of boxes): `#0f6e6e` -> `#e7f0f0`."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    mixed = (SOFT_MIX * c + (1 - SOFT_MIX) for c in channels)
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)
