"""What the classic post published, and where it is inconsistent (lessons 08 and 09).

The numbers are data, not code: they come from nnlesson/example/data/classic-example.json,
the project's copy of the shared reference, so a lesson can show the post's
figure beside nnlesson's without anyone typing it into a cell.
"""

from __future__ import annotations

import json
from importlib.resources import files
from types import MappingProxyType

__all__ = ["EXACT", "NOTES", "PARAMETERS", "PUBLISHED", "as_printed", "decimals"]

_DATA = json.loads(files(__package__).joinpath("data", "classic-example.json").read_text())

#: The post's printed values, rounded as printed.
PUBLISHED = MappingProxyType(_DATA["published"])
#: float64 values of the post's stated method, checked against 30-digit arithmetic.
EXACT = MappingProxyType(_DATA["exact"])
#: Where the post and its stated method disagree, and why.
NOTES: tuple[str, ...] = tuple(_DATA["notes"])
#: The classic example's numbers, as the post gives them.
PARAMETERS = MappingProxyType(_DATA["parameters"])


def decimals(name: str) -> int:
    """How many decimals the post printed for `name` (0.75136507 has 8)."""
    text = f"{PUBLISHED[name]:.12f}".rstrip("0")
    return len(text.split(".")[1])


def as_printed(name: str, value: float) -> float:
    """`value` rounded the way the post rounded `name`, for a like-for-like comparison."""
    return round(value, decimals(name))
