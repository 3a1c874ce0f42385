"""The counselor's desk (`careerbook desk`): a local web app to find, print, add, edit and
brand a project's careers, served on 127.0.0.1 only.

app.py makes the Starlette app and its routes; spec.py says which fields a career's form
has, and forms.py turns a career file into their values and back; yaml_edit.py saves a form
into the YAML keeping the author's comments; listing.py lists the careers with their status
and pay; printing.py builds handouts and booklets in the preview's worker process; brand.py
checks colours and logos; guard.py holds the CSRF token and the host and origin checks.
"""
