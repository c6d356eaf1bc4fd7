"""`pbxctl`, the incident CLI: observe a site, move its calls, and record who did what.

`app` (Typer) and `render` (rich) talk to the person; `views` and `actions` decide and act
through a `session` that `context` builds from the config and the environment.
"""
