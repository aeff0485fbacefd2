"""Shared fixtures: the published reference numbers of the classic example."""

import json
from pathlib import Path

import pytest
from hypothesis import settings

# The project's copy of ../shared/reference/classic-example.json (package data, so
# lessons can show the post's figures too); the tests read the file itself.
REFERENCE = Path(__file__).resolve().parent.parent / "nnlesson" / "data" / "classic-example.json"


@pytest.fixture(scope="session")
def reference() -> dict:
    return json.loads(REFERENCE.read_text())


# Property tests explore the same examples on every run, so CI is reproducible.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.load_profile("deterministic")
