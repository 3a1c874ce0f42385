"""The `careerbook` command: arguments in, a call into build/, live/ or content/ out.

Commands only: `main.py` is the entry point (`--help` from help.txt without importing Typer),
`app.py` the options the commands share and the guard that turns a user's error into a
message and a bug into "this is a bug in careerbook"; one module per group of commands.
Heavy modules are imported inside the command that needs them, so `--help` stays instant.
"""
