"""The browser edition: the course as a static site in which Pyodide runs the course's own Python in each
learner's browser (`make site`, `python -m widgets site`; `--serve` serves it).

Serves: learners with no install, and facilitators who host a room from one laptop or any static host.
May import: every layer below it (content, learner) and the standard library; build tools (voici, jupyterlite)
run as separate processes. Sits in the top layer beside `app`, whose page template it reuses.
"""

from .cli import main

__all__ = ["main"]
