"""The fourth stage: HTML in; a PDF out, written whole or not at all.

In: the HTML of a handout or a booklet (render/), its stylesheets and the project's folders
it may read from. Out: a PDF (plain, PDF/UA-1 tagged, or PDF/A-3b) laid out by WeasyPrint,
and what goes with it: an HTML version, a 2-up imposition, a class set of handouts.

- `document`: the WeasyPrint document, its confined fetcher and the time limit, and how it
  is written (`WriteOptions`); `variant`: the kinds of PDF, named before anything heavy loads.
- `flow`: charts that shrink rather than leave a page half empty.
- `tagging`, `joining`: PDF/UA fix-ups made as the file is written; `marks`: crop marks.
- `svg_stop`: the time limit inside SVG drawings.
- `html_export`, `impose`, `class_set`: the web page, the 2-up booklet, many handouts in one.
"""
