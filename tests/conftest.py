"""Shared fixtures: the published reference numbers of the classic example."""

import json
from pathlib import Path

import pytest
from hypothesis import settings

from nnlesson import language

# The tests' own verbatim copy of the shared reference (../shared/reference/), kept apart
# from the package's copy in nnlesson/example/data: editing the package data must not move the
# oracle. test_published.py checks that the two copies agree.
REFERENCE = Path(__file__).resolve().parent / "data" / "classic-example.json"


@pytest.fixture(scope="session")
def reference() -> dict:
    return json.loads(REFERENCE.read_text())


# Property tests explore the same examples on every run, so CI is reproducible.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.load_profile("deterministic")


@pytest.fixture(autouse=True)
def language_as_chosen_by_the_environment():
    """A test that switches to Chinese (or imports nnlesson.zh, as the layout test does while
    walking the package) must not leave the tests after it in Chinese."""
    yield
    language._chosen.clear()
