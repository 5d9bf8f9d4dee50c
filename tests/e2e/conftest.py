"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def render_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A render cache folder shared by every end-to-end test of the session: each test runs the
    game in a home of its own, and `tests.helpers.shared_renders` links that home's render
    cache here, so a backing several tests play is rendered once."""
    return tmp_path_factory.mktemp("renders")
