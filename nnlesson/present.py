"""Classroom presentation: the start-here dashboard as a clean page (`make present`).

`python -m nnlesson.present` serves notebooks/presentation.ipynb with Voila on
127.0.0.1 (code cells hidden, only the stepper, editor and trainer), prints the
address to open and keeps serving until Ctrl-C. Larger fonts for a projector
are one switch away: the Projector button on the page, or `?projector=1` in
the address (`--projector` prints the address with it). The page reads that
setting in its kernel from Voila's QUERY_STRING, through `projector_from_query`.
`--lang zh` (default: NNLESSON_LANG, else English) serves notebooks/zh/presentation.ipynb,
the Chinese page, and says everything on the command line in Chinese.
Taught in lesson 01, "Start here".
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qs

from .cli import Parser, add_language_option, argparse_in_language, language_in, refuse, speaking
from .errors import ParameterError
from .language import _, current_language
from .widgets.view import PROJECTOR_SCALE

__all__ = ["HOST", "NORMAL_SCALE", "NOTEBOOK", "NOTEBOOKS", "OFF", "ON", "TEMPLATE",
           "font_scale_from_query", "free_port", "main", "notebook_for", "page", "page_url",
           "parse_args", "projector_from_query", "voila_command", "voila_environment",
           "wait_until_up", "write_template"]

#: The page Voila serves; it lives beside the lessons, in the repository.
NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "presentation.ipynb"
#: The page in each language: the Chinese one beside the Chinese lessons.
NOTEBOOKS = {"en": NOTEBOOK, "zh": NOTEBOOK.parent / "zh" / NOTEBOOK.name}
HOST = "127.0.0.1"
#: The font scale of projector mode (the contract's Dashboard uses the same).
NORMAL_SCALE = 1.0

#: Voila's "lab" page template links Font Awesome from a CDN although Voila's own
#: bundle already carries it; this template drops the two links, so the page asks
#: nothing of the internet (a classroom may have none), and puts the cells in a
#: <main> landmark. Written to a temporary folder that Voila finds through JUPYTER_PATH.
TEMPLATE = "nnlesson"
_CDN_LINK = ('<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/'
             'fontawesome-free@^5/css/{}.min.css" type="text/css" />')
_TEMPLATE_FILES = {
    "conf.json": '{"base_template": "lab"}\n',
    "index.html.j2": (
        "{%- extends 'voila/templates/lab/index.html.j2' -%}\n"
        "{%- block notebook_css -%}\n"
        "{{ super() | replace('" + _CDN_LINK.format("all") + "', '')"
        " | replace('" + _CDN_LINK.format("v4-shims") + "', '') }}\n"
        "{%- endblock notebook_css -%}\n"
        # The page's content is its main landmark, so a screen reader can jump to it.
        "{%- block body_header -%}\n{{ super() }}\n<main class=\"nnl-main\">\n"
        "{%- endblock body_header -%}\n"
        "{%- block body_footer -%}\n</main>\n{{ super() }}\n{%- endblock body_footer -%}\n"),
}

ON = ("1", "true", "yes", "on")
OFF = ("0", "false", "no", "off")


def projector_from_query(query: str) -> bool:
    """Whether a page address's query string asks for projector mode.

    `projector=1` (or true/yes/on) turns it on; `projector=0` (false/no/off), an
    empty value or no `projector` at all leaves it off. Any other value is refused
    with a ParameterError saying what is allowed, so a typo is noticed, not ignored.
    """
    values = parse_qs(query.lstrip("?"), keep_blank_values=True).get("projector", [])
    if not values:
        return False
    # A repeated key counts as its last value, as a browser's address bar would suggest.
    value = values[-1].strip().lower()
    if value in ON:
        return True
    if value in OFF or value == "":
        return False
    raise ParameterError("projector", values[-1], _("not an on/off value"),
                         _("projector=1 (also true, yes, on) or projector=0 (false, no, off)"))


def font_scale_from_query(query: str) -> float:
    """The dashboard's font scale for a query string: 1.5 in projector mode, else 1.0."""
    return PROJECTOR_SCALE if projector_from_query(query) else NORMAL_SCALE


def page(environ: Mapping[str, str] | None = None):
    """The presentation page's one widget: the dashboard, sized by the page's query string.

    Outside Voila there is no QUERY_STRING and the dashboard has normal fonts. A bad
    `projector=` value shows its message above a normal-size dashboard instead of
    breaking the page in front of a class.
    """
    import ipywidgets as widgets

    from .widgets import Dashboard

    environ = os.environ if environ is None else environ
    try:
        scale, message = font_scale_from_query(environ.get("QUERY_STRING", "")), ""
    except ParameterError as error:
        scale, message = NORMAL_SCALE, str(error)
    dashboard = Dashboard(font_scale=scale)
    if not message:
        return dashboard
    note = widgets.HTML(f'<p class="nnl-query-message" role="alert">{_escape(message)}</p>')
    return widgets.VBox([note, dashboard])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- command line -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line's settings; the words of its help in the current language.

    Without `--notebook`, `notebook` is None: the page of the chosen language (`notebook_for`).
    """
    parser = Parser(
        prog="python -m nnlesson.present",
        description=_("Serve the start-here dashboard as a clean page for a classroom "
                      "projector."))
    parser.add_argument("--port", type=_port, default=0,
                        help=_("port on 127.0.0.1 (default: a free one)"))
    parser.add_argument("--projector", action="store_true",
                        help=_("print the address with ?projector=1 (larger fonts)"))
    parser.add_argument("--open", action="store_true", dest="open_browser",
                        help=_("also open the page in this machine's web browser"))
    add_language_option(parser)
    parser.add_argument("--notebook", type=Path, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("port = {value}: not a whole number. Allowed: 0 (any free port) or 1024 to 65535",
              value=repr(text))) from None
    if port != 0 and not 1024 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            _("port = {value}: out of range. Allowed: 0 (any free port) or 1024 to 65535",
              value=port))
    return port


def notebook_for(language: str) -> Path:
    """The page to serve in `language`: its own when it exists, else the English page."""
    page = NOTEBOOKS.get(language, NOTEBOOK)
    return page if page.is_file() else NOTEBOOK


def write_template(root: Path) -> Path:
    """Write the page template under `root` (a JUPYTER_PATH entry); return `root`."""
    folder = root / "voila" / "templates" / TEMPLATE
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in _TEMPLATE_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return root


def voila_environment(template_root: Path, environ: Mapping[str, str] | None = None,
                      *, language: str | None = None) -> dict[str, str]:
    """The environment Voila runs in: the template folder first on JUPYTER_PATH, and
    NNLESSON_LANG set to `language` (when given), so the page's kernel speaks it."""
    env = dict(os.environ if environ is None else environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(template_root), env.get("JUPYTER_PATH", "")) if p)
    if language is not None:
        env["NNLESSON_LANG"] = language
    return env


def voila_command(notebook: Path, port: int, token: str,
                  python: str = sys.executable) -> list[str]:
    """The Voila command line: loopback only, code cells stripped, no browser of its own.

    `notebook` is the page, or a folder of pages (/voila/render/NAME.ipynb).
    """
    from .server import VOILA_OPTION  # here: a lesson's kernel imports this module too

    return [python, "-m", "voila", "--no-browser", f"--port={port}", f"--Voila.ip={HOST}",
            f"--token={token}", "--strip_sources=True", "--show_tracebacks=False",
            f"--template={TEMPLATE}", VOILA_OPTION, str(notebook)]


def page_url(port: int, token: str, *, projector: bool = False) -> str:
    """The address a teacher opens (a single served notebook is at the root)."""
    query = f"token={token}" + ("&projector=1" if projector else "")
    return f"http://{HOST}:{port}/?{query}"


def wait_until_up(port: int, process, timeout: float = 60.0) -> bool:
    """True once Voila accepts connections; asking for the page itself would run a kernel."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection((HOST, port), timeout=2):
                return True
        except OSError:
            time.sleep(0.25)
    return False


def main(argv: Sequence[str] | None = None, *, popen: Callable = subprocess.Popen,
         out=None) -> int:
    """Run Voila until Ctrl-C; print the page's address once it answers.

    `--lang L` is read first, so that the help and every message are in that language.
    """
    out = sys.stdout if out is None else out
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        chosen = language_in(argv)
    except ParameterError as exc:
        return refuse(exc, PROGRAM)
    with speaking(chosen), argparse_in_language():
        args = parse_args(argv)
        with speaking(getattr(args, "lang", None)):
            return _start(args, popen, out)


#: How the command names itself in its messages.
PROGRAM = "nnlesson.present"


def _start(args: argparse.Namespace, popen: Callable, out) -> int:
    language = current_language()
    notebook = notebook_for(language) if args.notebook is None else args.notebook
    if not notebook.is_file():
        print(_("{program}: {path} not found; run it from a clone of the nnlesson repository "
                "(the page lives in notebooks/)", program=PROGRAM, path=notebook),
              file=sys.stderr)
        return 1
    if args.notebook is None and notebook != NOTEBOOKS.get(language, NOTEBOOK):
        print(_("{program}: {path} not found; serving the English page, with the dashboard "
                "in the chosen language.", program=PROGRAM, path=NOTEBOOKS[language]),
              file=sys.stderr)
    port = args.port or free_port()
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="nnlesson-present-") as folder:
        env = voila_environment(write_template(Path(folder)), language=language)
        return _serve(popen(voila_command(notebook, port, token), env=env), args,
                      port, token, out)


def _serve(process, args: argparse.Namespace, port: int, token: str, out) -> int:
    try:
        url = page_url(port, token, projector=args.projector)
        if not wait_until_up(port, process):
            print(_("{program}: Voila did not start on port {port} (is it installed? "
                    "pip install voila)", program=PROGRAM, port=port), file=sys.stderr)
            return 1
        print(_("The dashboard is served at {url}", url=url), file=out)
        if not args.projector:
            print(_("Projector mode (larger fonts): {url} or the Projector button on the page",
                    url=page_url(port, token, projector=True)), file=out)
        print(_("Press Ctrl-C to stop."), file=out, flush=True)
        if args.open_browser:
            webbrowser.open(url)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
