"""Fixtures for tests that read the public site through Datasette's in-process client.

A test module defines its own ``db_path`` fixture (the archive it needs) and imports
these: ``from tests.site_client import ds, get, loop  # noqa: F401``.
"""
import asyncio

import pytest

from archive.site.serve import make_datasette


@pytest.fixture(scope="module")
def ds(db_path):
    return make_datasette(db_path)


@pytest.fixture(scope="module")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def get(ds, loop):
    """``get(path)`` answers the site's response; ``datasette=`` reads another instance."""
    def get(path, datasette=None):
        return loop.run_until_complete((datasette or ds).client.get(path))

    return get
