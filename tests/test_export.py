"""`python -m nnlesson html`: one self-contained page of the stepper for given numbers."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from nnlesson import CLASSIC, trace
from nnlesson.cli import _parser, main
from nnlesson.export import run_html


def parse(*argv: str) -> argparse.Namespace:
    return _parser().parse_args(["html", *argv])


def test_the_command_line_writes_the_page(tmp_path):
    out = tmp_path / "stepper.html"
    assert main(["html", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def frames_in(page: str) -> dict:
    data = re.search(r'<script type="application/json">(.*?)</script>', page, re.S)[1]
    return json.loads(data.replace("<\\/", "</"))


def test_writes_one_page_with_every_step_and_nothing_to_fetch(tmp_path):
    out = tmp_path / "stepper.html"
    assert run_html(parse("--out", str(out))) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and "<main>" in page
    # Scripts, styles and math inline: no address the browser would load.
    assert not re.search(r"\b(src|href)=|url\(|@import|fetch\(|<link", page)
    frames = frames_in(page)
    expected = trace()
    assert [s[1] for s in frames["card"]["steps"]] == [s.name for s in expected]


def test_the_numbers_and_options_of_trace(tmp_path):
    numbers = tmp_path / "mine.json"
    numbers.write_text(json.dumps({"w5": 0.3, "learning_rate": 0.1}))
    out = tmp_path / "mine.html"
    assert run_html(parse("--out", str(out), "--params", str(numbers),
                          "--order", "output-first", "--loss", "squared")) == 0
    frames = frames_in(out.read_text(encoding="utf-8"))
    expected = trace(CLASSIC.replace(w5=0.3, learning_rate=0.1), order="output-first",
                     loss="squared")
    assert [s[1] for s in frames["card"]["steps"]] == [s.name for s in expected]


@pytest.mark.parametrize("argv, says", [
    (("--params", "missing.json"), "cannot read the file"),
    (("--hidden-activation", "relu", "--loss", "cross-entropy", "--output-activation", "relu"),
     "cross-entropy"),
])
def test_a_bad_input_says_what_was_wrong(tmp_path, capsys, argv, says):
    out = tmp_path / "bad.html"
    assert run_html(parse("--out", str(out), *argv)) == 2
    assert says in capsys.readouterr().err and not out.exists()
