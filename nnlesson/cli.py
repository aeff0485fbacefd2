"""The command line: an answer sheet for a teacher's own numbers.

    python -m nnlesson trace [--params FILE] [options] [--engine E] [--format F]
    python -m nnlesson train --steps N [--params FILE] [options] [--engine E] [--format F]

FILE is JSON with any of the keys i1, i2, w1..w8, b1, b2, target_o1, target_o2,
learning_rate; missing keys keep the classic values. No options at all gives
the classic example. Errors say which input was wrong and what is allowed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import NumericError, ParameterError
from .example.params import CLASSIC, DEFAULT, ENGINES, Options, Params
from .example.steps import trace
from .example.training import train
from .report import FORMATS, render, render_training

__all__ = ["UsageError", "main"]


class UsageError(Exception):
    """A problem with the command line itself (a file that cannot be read, say)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nnlesson",
        description="The 2-2-2 backpropagation worked example, for your own numbers.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{trace,train}")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--params", metavar="FILE",
                         help="JSON file of numbers (missing keys keep the classic values)")
        for name, choices in Options.CHOICES.items():
            sub.add_argument("--" + name.replace("_", "-"), choices=choices,
                             default=getattr(DEFAULT, name))
        sub.add_argument("--engine", choices=ENGINES, default="numeric")

    one = commands.add_parser("trace", help="every step of one forward pass, backward pass "
                                            "and update")
    common(one)
    one.add_argument("--format", choices=FORMATS, default="text")
    many = commands.add_parser("train", help="many updates in a row")
    common(many)
    many.add_argument("--steps", type=int, required=True, metavar="N")
    many.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _load(path: str | None) -> Params:
    if path is None:
        return CLASSIC
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--params {path}: cannot read the file ({exc.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--params {path}: not valid JSON (line {exc.lineno}, column "
                         f"{exc.colno}: {exc.msg})") from None
    return Params.from_mapping(data)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        params = _load(args.params)
        options = Options(**{name: getattr(args, name) for name in Options.CHOICES})
        if args.command == "trace":
            output = render(trace(params, engine=args.engine, options=options), args.format)
        else:
            output = render_training(train(params, steps=args.steps, options=options,
                                           engine=args.engine), args.format)
    except (ParameterError, NumericError, UsageError) as exc:
        print(f"nnlesson: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(output)
    return 0
