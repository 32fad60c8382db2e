from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """NHS England's published files and the trust register, read where they lie (never copied).

    A fresh checkout without `../shared/data` skips the tests that need them.
    """
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is not present: tests on NHS England's published data skipped")
    return SHARED_DATA
