"""The learner app: the course in Voilà, with no code on show, a home page with progress, module navigation,
Quick exit and support on every page. Start it with `make app` (or `python -m widgets app`)."""

from .cli import main

__all__ = ["main"]
