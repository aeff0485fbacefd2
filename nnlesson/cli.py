"""The command line: an answer sheet for a teacher's own numbers, and a class's sheets.

    python -m nnlesson trace [--params FILE] [options] [--engine E] [--format F]
    python -m nnlesson train --steps N [--params FILE] [options] [--engine E] [--format F]
    python -m nnlesson sheet --students ROSTER.csv --out DIR [--seed N] [--format md,html,pdf]
    python -m nnlesson grade --key DIR/answer-key.json --answers ANSWERS.csv [--format F]

FILE is JSON with any of the keys i1, i2, w1..w8, b1, b2, target_o1, target_o2,
learning_rate; missing keys keep the classic values. No options at all gives
the classic example. Errors say which input was wrong and what is allowed.
`sheet` and `grade` are nnlesson.classroom's (lesson 11's exercises, for a class).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import NumericError, ParameterError
from .example.params import CLASSIC, DEFAULT, ENGINES, Options, Params
from .example.steps import trace
from .example.training import train
from .language import _
from .report import FORMATS, render, render_training

#: What `sheet --format` may list (nnlesson.classroom.SHEET_FORMATS; kept here so that
#: `trace` and `train` do not load the classroom module).
SHEET_FORMATS = ("md", "html", "pdf")

__all__ = ["UsageError", "main"]


class UsageError(Exception):
    """A problem with the command line itself (a file that cannot be read, say)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nnlesson",
        description="The 2-2-2 backpropagation worked example, for your own numbers.")
    commands = parser.add_subparsers(dest="command", required=True,
                                     metavar="{trace,train,sheet,grade}")

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
    sheet = commands.add_parser("sheet", help=_("a sheet of exercises per student, with their "
                                                "own numbers, and an answer key"))
    sheet.add_argument("--students", required=True, metavar="ROSTER.csv",
                       help=_("CSV file with the columns id,name"))
    sheet.add_argument("--out", required=True, metavar="DIR",
                       help=_("folder for the sheets and answer-key.json"))
    sheet.add_argument("--seed", type=_seed, default=None, metavar="N",
                       help=_("whole number the numbers are drawn from (default 1)"))
    sheet.add_argument("--format", type=_formats, default=",".join(SHEET_FORMATS),
                       metavar="md,html,pdf", help=_("which files to write for each student"))
    marks = commands.add_parser("grade", help=_("grade a class's answers with an answer key"))
    marks.add_argument("--key", required=True, metavar="DIR/answer-key.json")
    marks.add_argument("--answers", required=True, metavar="ANSWERS.csv",
                       help=_("CSV file with the columns id,question,answer"))
    marks.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _seed(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(_("{text} is not a whole number from 0 up", text=text))
    return int(text)


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(p.strip().lower() for p in text.split(",") if p.strip()))
    wrong = [p for p in chosen if p not in SHEET_FORMATS]
    if wrong or not chosen:
        raise argparse.ArgumentTypeError(_("{text}: choose from {formats}, separated by commas",
                                           text=text, formats=",".join(SHEET_FORMATS)))
    return chosen


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
    if args.command in ("sheet", "grade"):
        return _classroom(args)
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


def _classroom(args: argparse.Namespace) -> int:
    # Loaded here: `trace` and `train` need neither the widgets nor the browser.
    from . import classroom

    try:
        if args.command == "sheet":
            return _sheet(classroom, args)
        key = classroom.read_key(args.key)
        result = classroom.grade(key, classroom.read_answers(args.answers))
    except (classroom.ClassroomError, ParameterError, NumericError) as exc:
        print(f"nnlesson: error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(classroom.grade_text(result, key))
    return 0


def _sheet(classroom, args: argparse.Namespace) -> int:
    students = classroom.read_roster(args.students)
    seed = classroom.DEFAULT_SEED if args.seed is None else args.seed
    formats = args.format
    chromium = classroom.find_chromium() if "pdf" in formats else None
    if "pdf" in formats and chromium is None:
        named = os.environ.get("CHROMIUM", "").strip()
        said = (_("CHROMIUM={path} is not an executable file: PDF sheets skipped.", path=named)
                if named else
                _("no Chromium found ($CHROMIUM, /usr/bin/chromium or chromium on the PATH): "
                  "PDF sheets skipped."))
        print("nnlesson: " + said, file=sys.stderr)
        formats = tuple(f for f in formats if f != "pdf")
    classroom.write_sheets(students, args.out, seed=seed, formats=formats, chromium=chromium)
    if formats:
        print(_("Wrote {count} sheets ({formats}) and {key} in {folder}, numbers from seed "
                "{seed}.", count=len(students), formats=", ".join(formats),
                key=classroom.KEY_NAME, folder=args.out, seed=seed))
    else:
        print(_("Wrote {key} in {folder}, numbers from seed {seed}; no sheets.",
                key=classroom.KEY_NAME, folder=args.out, seed=seed))
    return 0
