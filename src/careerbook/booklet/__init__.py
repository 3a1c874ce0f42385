"""The fifth stage: a project's careers in; one booklet PDF out, with a cover, contents,
cross-references, page numbers and an index.

In: the careers (content/), their book, theme and page setup. Out: `output/booklet.pdf`.
`book` says what a booklet holds (order, contents, index) and lays it out as one document
(`--single`); the rest is the fast booklet, which lays out each career on its own, in
parallel and cached, and then puts the parts together:

- `parts`: the records a worker hands back, and the `Setting` it works from;
- `plan`: where each part's pages go and what each part's cache key is made of;
- `workers`: what a worker process does with a part; `stamps`: the page numbers and the
  numbers links show, stamped once the pages are counted;
- `assemble`: the driver (`fast_booklet`); `merge`, `copier`, `pdf_writer`, `font_subset`:
  the parts merged into one PDF, written as they are read, one font program for the book.
"""
