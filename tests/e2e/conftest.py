"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def render_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A render cache folder shared by every end-to-end test of the session (see renders.py)."""
    return tmp_path_factory.mktemp("renders")
