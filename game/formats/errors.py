"""Errors for bad files: each names the file and the problem."""

from __future__ import annotations

from pathlib import Path


class BadFileError(Exception):
    """A file that cannot be used, with its path and what is wrong with it."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ChartError(BadFileError):
    """A chart or song folder that cannot be played."""


class ReplayError(BadFileError):
    """A replay file that cannot be read."""
