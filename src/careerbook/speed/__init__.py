"""What makes careerbook fast on a 2-core laptop, and never changes what it makes.

In: work another stage asks for. Out: the same result, sooner. Each module says what it
saves and where it steps aside (another WeasyPrint than the one tested, no fork):

- `cache`: content-hash caches on disk (charts, booklet parts), private and checked;
- `forking`: forked children, the pool of render workers, WeasyPrint imported once;
- `collector`: when Python's cycle collector runs;
- `stylesheets`: style sheets parsed once in a worker; `svg_text`: SVG text drawn a string
  at a time.
"""
