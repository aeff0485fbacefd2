"""What the classic post published, and where it is inconsistent (lessons 08 and 09).

The numbers are data, not code: they come from nnlesson/example/data/classic-example.json,
the project's copy of the shared reference, so a lesson can show the post's
figure beside nnlesson's without anyone typing it into a cell.
"""

from __future__ import annotations

import json
from importlib.resources import files
from types import MappingProxyType

from ..language import _

__all__ = ["EXACT", "NOTES", "PARAMETERS", "PUBLISHED", "as_printed", "decimals", "notes"]

_DATA = json.loads(files(__package__).joinpath("data", "classic-example.json").read_text())

#: The post's printed values, rounded as printed.
PUBLISHED = MappingProxyType(_DATA["published"])
#: float64 values of the post's stated method, checked against 30-digit arithmetic.
EXACT = MappingProxyType(_DATA["exact"])
#: Where the post and its stated method disagree, and why (in English, as the data file
#: has them; `notes()` gives them in the current language).
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


def notes() -> tuple[str, ...]:
    """NOTES in the current language: where the post and its stated method disagree, and why.

    Each note is written out here as the data file has it, so that it can be translated;
    tests check that the two stay the same.
    """
    return (
        _("Every published forward value, gradient factor and updated weight agrees with "
          "'exact' to the digits printed, except dE_o2_dout_h1: -0.0190491183 rounds to "
          "-0.019049118, not -0.019049119."),
        _("E_total_after_1_update: the post prints 0.291027924, but its stated method "
          "gives 0.2910277737. The printed value comes out exactly (0.2910279239) when "
          "w5..w8 are updated BEFORE the hidden-layer gradients are computed ('output "
          "layer first' order), which is what the post's companion script did in its "
          "first version."),
        _("out_o1/out_o2 after 10,000 updates (0.015912196 / 0.984065734) likewise match "
          "only the 'output layer first' order (0.0159121963 / 0.9840657345)."),
        _("E_total_after_10000_updates 0.0000351085 matches neither order after 10,000 "
          "updates (simultaneous: 3.510188e-05; output layer first: 3.508479e-05); it "
          "equals the simultaneous order after 9,999 updates (3.510855e-05)."),
        _("The post's hidden-layer section writes net_h1 = w1*i1 + w3*i2 + b1; its "
          "forward pass (and the wiring above) uses w2. Re-implementations differ on "
          "weight layout because of it."),
        _("The post never updates b1 or b2. Readers repeatedly ask for bias updates. With"
          " biases updated too (simultaneous order): shared biases give E_total "
          "0.285750887 after one update; one bias per neuron (each hidden neuron starting"
          " at b1, each output at b2) gives 0.280471447."),
    )
