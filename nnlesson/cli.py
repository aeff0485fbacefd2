"""The command line: an answer sheet for a teacher's own numbers, and a class's sheets.

    python -m nnlesson trace [--params FILE] [options] [--engine E] [--format F]
    python -m nnlesson train --steps N [--params FILE] [options] [--engine E] [--format F]
    python -m nnlesson sheet --students ROSTER.csv --out DIR [--seed N] [--format md,html,pdf]
    python -m nnlesson grade --key DIR/answer-key.json --answers ANSWERS.csv [--format F]

FILE is JSON with any of the keys i1, i2, w1..w8, b1, b2, target_o1, target_o2,
learning_rate; missing keys keep the classic values. No options at all gives
the classic example. Errors say which input was wrong and what is allowed.
`sheet` and `grade` are nnlesson.classroom's (lesson 11's exercises, for a class).

Every command takes `--lang en` or `--lang zh` (default: the environment variable
NNLESSON_LANG, else English): the help, the messages and the Markdown, LaTeX, HTML and
PDF sheets come out in that language; JSON is the same in every language.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from . import language as _layer
from .errors import NumericError, ParameterError
from .example.params import CLASSIC, DEFAULT, ENGINES, Options, Params
from .example.steps import trace
from .example.training import train
from .language import LANGUAGES, _, join, set_language
from .report import FORMATS, render, render_training

#: What `sheet --format` may list (nnlesson.classroom.SHEET_FORMATS; kept here so that
#: `trace` and `train` do not load the classroom module).
SHEET_FORMATS = ("md", "html", "pdf")

__all__ = ["Parser", "UsageError", "add_example_options", "add_language_option",
           "argparse_in_language", "language_in", "main", "refuse", "speaking"]


class UsageError(Exception):
    """A problem with the command line itself (a file that cannot be read, say)."""


# ---- the language of a command ----------------------------------------------------------

def language_in(argv: Sequence[str]) -> str | None:
    """The language `--lang L` or `--lang=L` asks for in `argv`, or None when it asks none.

    Read before the parser is built, so that its help is in that language. A value that
    is not a language with a catalog is refused with a ParameterError naming the allowed ones.
    """
    chosen = None
    for k, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and k + 1 < len(argv):
            chosen = argv[k + 1]
        elif word.startswith("--lang="):
            chosen = word.partition("=")[2]
    if chosen is not None and chosen not in LANGUAGES:
        raise ParameterError("--lang", chosen, _("not a known language"),
                             _("one of {choices}", choices=join(LANGUAGES)))
    return chosen


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Every message in `language` inside the block (None: as before); as before afterwards."""
    saved = list(_layer._chosen)
    if language is not None:
        set_language(language)
    try:
        yield
    finally:
        _layer._chosen[:] = saved


def add_language_option(parser: argparse.ArgumentParser) -> None:
    """`--lang {en,zh}` in `parser`'s help (main has read it before the parser was built)."""
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=_("language: en (English) or zh (Simplified Chinese); default: the "
                               "environment variable NNLESSON_LANG, else en"))


def _argparse_sentences() -> dict[str, str]:
    """argparse's own sentences (its gettext messages), in the current language.

    argparse fills its messages with %-formatting; the slots here are filled with those
    %-fields, so argparse gets back the template it expects.
    """
    return {
        "usage: ": _("usage: "),
        "positional arguments": _("positional arguments"),
        "options": _("options"),
        "show this help message and exit": _("show this help message and exit"),
        "%(prog)s: error: %(message)s\n": _("{program}: error: {message}", program="%(prog)s",
                                            message="%(message)s") + "\n",
        "argument %(argument_name)s: %(message)s": _(
            "argument {argument}: {message}", argument="%(argument_name)s",
            message="%(message)s"),
        "invalid choice: %(value)r (choose from %(choices)s)": _(
            "invalid choice: {value} (choose from {choices})", value="%(value)r",
            choices="%(choices)s"),
        "the following arguments are required: %s": _(
            "the following arguments are required: {names}", names="%s"),
        "unrecognized arguments: %s": _("unrecognized arguments: {arguments}",
                                        arguments="%s"),
        "expected one argument": _("expected one argument"),
        "invalid %(type)s value: %(value)r": _("invalid {type} value: {value}",
                                               type="%(type)s", value="%(value)r"),
        "ambiguous option: %(option)s could match %(matches)s": _(
            "ambiguous option: {option} could match {matches}", option="%(option)s",
            matches="%(matches)s"),
    }


@contextmanager
def argparse_in_language() -> Iterator[None]:
    """argparse's headings ("usage:", "options") and refusals in the current language,
    while a parser is built and used; English needs no change."""
    if _layer.current_language() == "en":
        yield
        return
    said = _argparse_sentences()
    module = vars(argparse)   # argparse looks its gettext function up as the global `_`
    english: Callable[[str], str] = module["_"]
    module["_"] = lambda message: said.get(message, english(message))
    try:
        yield
    finally:
        module["_"] = english


#: A heading of argparse's help ("选项:") that ends with Latin punctuation after Chinese.
_CHINESE_HEADING = re.compile(r"^(\S.*[\u3400-\u9fff]):$", re.M)
#: Characters a terminal shows two columns wide: Chinese and full-width punctuation.
_WIDE = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
#: What a line of Chinese help is broken between: a wide character, a word, a space.
_TOKENS = re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+|\\s+")
#: Punctuation that never starts a line, and punctuation that never ends one.
_CLOSING = set("，。、；：！？）》”")
_OPENING = set("（《“")


def _columns(text: str) -> int:
    return sum(2 if re.match(f"[{_WIDE}]", c) else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of about `width` terminal columns; a Chinese character takes two."""
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if token == " ":
            line += " " if line else ""
        elif line.strip() and _columns(line + token) > width and token not in _CLOSING:
            carried = line[-1] if line[-1] in _OPENING else ""
            lines.append(line[:len(line) - len(carried)].rstrip())
            line = carried + token
        else:
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with Chinese wrapped by the columns a terminal gives it."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if not re.search(f"[{_WIDE}]", text):
            return super()._split_lines(text, width)
        return _wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not re.search(f"[{_WIDE}]", text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap(text, width - len(indent)))


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose help wraps Chinese by its width and ends a Chinese heading
    with a Chinese colon; its subcommands' parsers are Parsers too."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def format_help(self) -> str:
        text = super().format_help()
        return _CHINESE_HEADING.sub("\\1：", text) if _layer.current_language() == "zh" \
            else text


# ---- the commands -----------------------------------------------------------------------

def _option_help() -> dict[str, str]:
    return {"hidden_activation": _("activation function of the hidden layer"),
            "output_activation": _("activation function of the output layer"),
            "loss": _("loss function"),
            "bias": _("biases: frozen as in the post, one per layer (shared) or one per "
                      "neuron (per-neuron), updated with the weights"),
            "order": _("update order: every gradient from the original weights "
                       "(simultaneous), or the output layer updated first (output-first)")}


def add_example_options(sub: argparse.ArgumentParser) -> None:
    """--params and the options of the example (as `trace`, `train` and `html` take them)."""
    sub.add_argument("--params", metavar="FILE",
                     help=_("JSON file of numbers (missing keys keep the classic values)"))
    helps = _option_help()
    for name, choices in Options.CHOICES.items():
        sub.add_argument("--" + name.replace("_", "-"), choices=choices,
                         default=getattr(DEFAULT, name), help=helps.get(name))


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m nnlesson",
        description=_("The 2-2-2 backpropagation worked example, for your own numbers."))
    add_language_option(parser)
    commands = parser.add_subparsers(dest="command", required=True,
                                     metavar="{trace,train,sheet,grade,html}")

    def common(sub: argparse.ArgumentParser) -> None:
        add_example_options(sub)
        sub.add_argument("--engine", choices=ENGINES, default="numeric",
                         help=_("numeric: the chain rule in floating point; symbolic: "
                                "sympy's exact expressions"))
        add_language_option(sub)

    one = commands.add_parser("trace", help=_("every step of one forward pass, backward pass "
                                              "and update"))
    common(one)
    one.add_argument("--format", choices=FORMATS, default="text",
                     help=_("how to write the answer sheet"))
    many = commands.add_parser("train", help=_("many updates in a row"))
    common(many)
    many.add_argument("--steps", type=int, required=True, metavar="N",
                      help=_("how many updates"))
    many.add_argument("--format", choices=("text", "json"), default="text",
                      help=_("how to write the result"))
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
    add_language_option(sheet)
    marks = commands.add_parser("grade", help=_("grade a class's answers with an answer key"))
    marks.add_argument("--key", required=True, metavar="DIR/answer-key.json",
                       help=_("the answer key that the sheet command wrote"))
    marks.add_argument("--answers", required=True, metavar="ANSWERS.csv",
                       help=_("CSV file with the columns id,question,answer"))
    marks.add_argument("--format", choices=("text", "json"), default="text",
                       help=_("how to write the grades"))
    add_language_option(marks)
    page = commands.add_parser("html", help=_("the stepper as one self-contained web page"))
    page.add_argument("--out", required=True, metavar="FILE.html",
                      help=_("where to write the page"))
    add_example_options(page)
    add_language_option(page)
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
        raise UsageError(_("--params {path}: cannot read the file ({reason})", path=path,
                           reason=exc.strerror)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(_("--params {path}: not valid JSON (line {line}, column {column}: "
                           "{reason})", path=path, line=exc.lineno, column=exc.colno,
                           reason=exc.msg)) from None
    return Params.from_mapping(data)


def refuse(exc: Exception, program: str = "nnlesson") -> int:
    """Say on stderr, in one line, what was wrong; the exit status 2 of a usage error."""
    print(_("{program}: error: {message}", program=program, message=exc), file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        chosen = language_in(argv)
    except ParameterError as exc:
        return refuse(exc)
    with speaking(chosen), argparse_in_language():
        args = _parser().parse_args(argv)
        # An abbreviation (`--la zh`) that argparse understood but the first reading did not.
        with speaking(getattr(args, "lang", None)):
            return _run(args)


def _run(args: argparse.Namespace) -> int:
    if args.command in ("sheet", "grade"):
        return _classroom(args)
    if args.command == "html":
        # Loaded here: the page is drawn by the stepper's renderer, which `trace` never needs.
        from .export import run_html

        return run_html(args)
    try:
        params = _load(args.params)
        options = Options(**{name: getattr(args, name) for name in Options.CHOICES})
        if args.command == "trace":
            output = render(trace(params, engine=args.engine, options=options), args.format)
        else:
            output = render_training(train(params, steps=args.steps, options=options,
                                           engine=args.engine), args.format)
    except (ParameterError, NumericError, UsageError) as exc:
        return refuse(exc)
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
        return refuse(exc)
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
        print(_("{program}: {message}", program="nnlesson", message=said), file=sys.stderr)
        formats = tuple(f for f in formats if f != "pdf")
    classroom.write_sheets(students, args.out, seed=seed, formats=formats, chromium=chromium)
    if formats:
        print(_("Wrote {count} sheets ({formats}) and {key} in {folder}, numbers from seed "
                "{seed}.", count=len(students), formats=join(formats),
                key=classroom.KEY_NAME, folder=args.out, seed=seed))
    else:
        print(_("Wrote {key} in {folder}, numbers from seed {seed}; no sheets.",
                key=classroom.KEY_NAME, folder=args.out, seed=seed))
    return 0
