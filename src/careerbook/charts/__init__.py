"""Charts of a career: its time split and pay ranges, and a chart style, in; print-ready
SVG (labels as real text in Inter, byte-identical for the same input) and alt text out.

- `style`: `ChartStyle`, the default and ink-saving styles, fills and colour contrast.
- `measure`: the type (Inter taught to matplotlib), measuring and wrapping text, `Canvas`.
- `donut`: `time_split_svg`, `time_split_alt`, the laid-out labels.
- `pay`: `pay_svg`, `pay_alt`.
- `svg_tidy`: matplotlib's SVG in fewer nodes, without CSS, for WeasyPrint.

Import the module you need (`from careerbook.charts.pay import pay_svg`); this package
imports nothing, so that loading it does not load matplotlib.
"""
