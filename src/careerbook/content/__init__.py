"""The first stage: a project's YAML files in; typed, checked careers and a book out.

In: career files (`content/*.yaml`) and the book file (`careerbook.yaml`), as authors wrote
them. Out: `Career` and `Book` models (docs/FORMAT.md, version 1.1), or every problem of
every file, each at a file, line, column and field (`ContentError`), and the warnings.

- `reader`, `syntax`: YAML read into data that remembers where each value was written; a
  YAML syntax error said in an author's words.
- `kinds`, `models`, `validate`: the kinds of value, the models, `load_career` and
  `load_book`, which say in an author's words what is wrong.
- `checks`, `lint`, `oews_checks`: what `careerbook validate` adds (warnings, a project's
  problems, the official pay fields); `schema`: the JSON Schemas for editors.
- `project`: the project folder; `selection`: which careers a build takes;
  `pay`: a career's pay as printed, typed ranges or BLS's figures (oews/).
"""
