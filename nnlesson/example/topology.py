"""The drawing of the 2-2-2 network: its nodes, its edges, and which of them a quantity touches.

Taught in lesson 02, "The network and its notation". The diagram highlights
what `parts` returns for the current step of the trace.
"""

from __future__ import annotations

import re

__all__ = ["EDGES", "NODES", "parts"]

#: Nodes: inputs, the two bias units, hidden and output neurons, and the error.
NODES = ("i1", "i2", "b1", "h1", "h2", "b2", "o1", "o2", "E")

#: Edges by name: the weights, the bias connections (named after the
#: per-neuron bias they carry) and the two errors flowing into E_total.
EDGES: dict[str, tuple[str, str]] = {
    "w1": ("i1", "h1"), "w2": ("i2", "h1"), "w3": ("i1", "h2"), "w4": ("i2", "h2"),
    "w5": ("h1", "o1"), "w6": ("h2", "o1"), "w7": ("h1", "o2"), "w8": ("h2", "o2"),
    "b_h1": ("b1", "h1"), "b_h2": ("b1", "h2"), "b_o1": ("b2", "o1"), "b_o2": ("b2", "o2"),
    "e_o1": ("o1", "E"), "e_o2": ("o2", "E"),
}

_BIAS_EDGES = {"b1": ("b_h1", "b_h2"), "b2": ("b_o1", "b_o2")}


def _between(a: str, b: str) -> str:
    return next(name for name, ends in EDGES.items() if set(ends) == {a, b})


def parts(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The nodes and edges that the quantity or parameter `name` lives on."""
    nodes: set[str] = set()
    edges: set[str] = set()
    base = re.sub(r"_(new|plus)$", "", name)
    if base in ("i1", "i2"):
        nodes.add(base)
    elif base in _BIAS_EDGES:
        nodes.add(base)
        edges.update(_BIAS_EDGES[base])
    elif base in EDGES and base.startswith(("w", "b_")):
        edges.add(base)
        if base.startswith("b_"):
            nodes.add(EDGES[base][0])
    elif m := re.fullmatch(r"(?:net|out|delta)_([ho]\d)", base):
        nodes.add(m[1])
    elif m := re.fullmatch(r"(?:E|target)_(o\d)", base):
        nodes.update({m[1], "E"})
        edges.add(f"e_{m[1]}")
    elif base == "E_total":
        nodes.add("E")
    elif m := re.fullmatch(r"dE_total_dout_(o\d)", base):
        nodes.update({m[1], "E"})
        edges.add(f"e_{m[1]}")
    elif m := re.fullmatch(r"dE_total_dout_(h\d)", base):
        nodes.add(m[1])
    elif m := re.fullmatch(r"dE_(o\d)_dout_(h\d)", base):
        nodes.update({m[1], m[2]})
        edges.add(_between(m[1], m[2]))
    elif m := re.fullmatch(r"dout_([ho]\d)_dnet_\1", base):
        nodes.add(m[1])
    elif m := re.fullmatch(r"dnet_([ho]\d)_d(\w+)", base):
        nodes.add(m[1])
        more_nodes, more_edges = parts(m[2])
        nodes |= more_nodes
        edges |= more_edges
    elif m := re.fullmatch(r"dE_d(\w+)", base):
        return parts(m[1])
    return frozenset(nodes), frozenset(edges)
