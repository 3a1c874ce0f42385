"""The commands that keep running while you work: `preview`, `watch` and the counselor's `desk`.

In: a project folder (its book file, the career files in `content/`, its
`styles/`, `templates/` and logo) and the build `Options`. Out: for `watch`, the
PDFs in `output/`, rebuilt on every save; for `preview`, a web page on
127.0.0.1 showing each handout and the booklet as they will print, reloaded on
every save, with a file's problems shown on the page instead of a stale render; for
`desk` (desk/), a web app on 127.0.0.1 to find, print, edit and brand careers.

Modules: `watch` (which files count, the watcher, rebuilding), `pages` (a PDF's
pages as pictures and text runs), `builder` (a worker process that builds under the
time limit), `previewer` (the documents, built and kept), `server` (the HTTP server
and `serve()`); `assets/` holds the pages' templates, script and stylesheet.
"""
