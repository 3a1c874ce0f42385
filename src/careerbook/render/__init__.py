"""The third stage: careers, a theme and their charts in; HTML out, ready for the pdf/ stage.

In: `Career` models (content/), a theme (a folder under `styles/`: a stylesheet and chart
colours) and the charts' SVG (charts/). Out: the HTML of a handout or of a booklet part,
made by Jinja2 from the templates, the user's own `templates/` first.

- `templates`: `prepare`, `render_handout`, `render_booklet`, the page setup (`PageSetup`).
- `theme`: themes, the user's `styles/` first; `sandbox`: templates and stylesheets
  treated as untrusted (a sandbox, confined reads, caps on repetition).
- `markdown`: the format's small, safe Markdown; `footer`: the handout's one-line footer.
- `chart_drawer`: a handout's charts drawn in a forked child while WeasyPrint loads.
"""
