"""Fixtures for the ranking-engine tests: NHS England's published files, when present."""

from __future__ import annotations

import pytest

from .official_data import DATA_DIR, OfficialData


@pytest.fixture(scope="session")
def official() -> OfficialData:
    if not DATA_DIR.is_dir():
        pytest.skip(
            f"NHS England's published NOF files not found: ../shared/data/nof-official "
            f"({DATA_DIR.resolve()}) is absent, so the reconciliation tests cannot run."
        )
    return OfficialData()
