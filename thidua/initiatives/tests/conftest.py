import pytest

from thidua.initiatives.similarity import store


@pytest.fixture(autouse=True)
def _similarity_index_in_tmp(settings, tmp_path):
    """Each test starts with no persisted index of its own and nothing in this process's memory (ids are reused
    after each test's rollback)."""
    settings.THIDUA_INITIATIVE_INDEX_DIR = str(tmp_path / "initiative-index")
    store.reset()
    yield
    store.reset()
