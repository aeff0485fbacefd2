"""Root pytest configuration: pins nbval's sanitize file, whatever folder pytest runs in."""

from pathlib import Path

ROOT = Path(__file__).parent


def pytest_configure(config):
    if getattr(config.option, "nbval_sanitize_with", "missing") is None:
        config.option.nbval_sanitize_with = str(ROOT / "notebooks" / "nbval_sanitize.cfg")
