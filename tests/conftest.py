"""Shared fixtures: the published reference numbers of the classic example."""

import json
from pathlib import Path

import pytest
from hypothesis import settings

# A copy of ../shared/reference/classic-example.json, so a clean clone has it.
REFERENCE = Path(__file__).parent / "data" / "classic-example.json"


@pytest.fixture(scope="session")
def reference() -> dict:
    return json.loads(REFERENCE.read_text())


# Property tests explore the same examples on every run, so CI is reproducible.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.load_profile("deterministic")
