"""Drive a notebook in JupyterLab the way a teacher does, and read back what it shows.

Every wait here is for something JupyterLab or the kernel has rendered (a cell's
execution count, the kernel's status, a data attribute of a widget), never for
a fixed time: widget messages are throttled, so only the kernel's echo tells
that a value arrived.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
VIEWPORT = {"width": 1280, "height": 800}
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RUN_TIMEOUT = 120.0  # seconds for Restart & Run All of one lesson on a busy 2-core machine

# Raw TeX a reader must never see: a formula that MathJax did not typeset.
RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\\(frac|cdot|partial|left|right|sigma|sum|mathrm|text)\b")

_FIND_PANEL = """
function findPanel(path) {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path) return w;
  }
  return null;
}
"""

_STATE = """(path) => {""" + _FIND_PANEL + """
  const panel = findPanel(path);
  if (!panel || !panel.context.isReady) return null;
  const session = panel.sessionContext.session;
  const kernel = session ? session.kernel : null;
  const cells = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const m = cell.model;
    cells.push({
      index,
      count: m.executionCount,
      state: m.executionState === undefined ? null : m.executionState,
      empty: m.sharedModel.getSource().trim() === '',
      prompt: cell.promptNode ? cell.promptNode.textContent : '',
      tags: m.getMetadata('tags') || [],
      source: m.sharedModel.getSource().slice(0, 200),
      outputs: m.outputs.toJSON().map(o => ({
        type: o.output_type, name: o.name || null, ename: o.ename || null,
        evalue: o.evalue || null, text: o.text ? String(o.text).slice(0, 500) : null,
        widget: !!(o.data && o.data['@WIDGET_MIME@'])})),
    });
  });
  return {kernel: kernel ? kernel.status : null,
          busy: panel.sessionContext.kernelDisplayStatus || null, cells};
}
""".replace("@WIDGET_MIME@", WIDGET_MIME)

_WIDGETS = """(path) => {""" + _FIND_PANEL + """
  const panel = findPanel(path);
  if (!panel) return null;
  // A widget view is the one output renderer that sets no data-mime-type.
  const nodes = panel.content.node.querySelectorAll('.jp-OutputArea-output:not([data-mime-type])');
  const out = [];
  nodes.forEach(node => out.push({
    text: node.textContent.slice(0, 200),
    rendered: !!node.querySelector('.jupyter-widgets, .lm-Widget'),
  }));
  return out;
}
"""

# Text a reader sees where formulas live: rendered Markdown, rich outputs and widgets;
# not code, not printed streams (a lesson may print LaTeX source on purpose).
_RENDERED_TEXT = """(path) => {""" + _FIND_PANEL + """
  const panel = findPanel(path);
  if (!panel) return null;
  const texts = [];
  const strip = (node) => {
    const copy = node.cloneNode(true);
    copy.querySelectorAll('mjx-container, .MathJax, script, style, code, pre')
        .forEach(n => n.remove());
    return copy.textContent;
  };
  panel.content.node.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown').forEach(
      n => texts.push(['markdown', strip(n)]));
  panel.content.node.querySelectorAll('.jp-OutputArea-output').forEach(n => {
    const mime = n.getAttribute('data-mime-type') || '';
    if (mime === 'application/vnd.jupyter.stdout' || mime === 'text/plain') return;
    texts.push([mime, strip(n)]);
  });
  return texts;
}
"""


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return parts.hostname in LOOPBACK


class GuardedPage:
    """A 1280x800 page whose requests beyond loopback are aborted and written down."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        self.offsite: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("websocket", self._websocket)

    def _guard(self, route):
        if _is_loopback(route.request.url):
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort("blockedbyclient")

    def _websocket(self, ws):
        if not _is_loopback(ws.url):
            self.offsite.append(ws.url)

    def check_offsite(self, since: int = 0) -> None:
        tried = self.offsite[since:]
        assert not tried, f"the page tried to reach beyond loopback: {tried}"

    def close(self) -> None:
        self.context.close()


@dataclass(frozen=True)
class CellProblem:
    index: int
    what: str

    def __str__(self) -> str:
        return f"cell {self.index}: {self.what}"


def make_notebook(path: Path, *cells) -> Path:
    """A notebook for a test: each cell is code (a str) or an nbformat cell."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) if isinstance(c, str) else c for c in cells]
    nbformat.write(nb, path)
    return path


class Lab:
    """One JupyterLab page showing one notebook."""

    def __init__(self, page, server, errors: list[str] | None = None):
        self.page, self.server, self.path = page, server, None
        self._errors = errors if errors is not None else []
        self._errors_before = len(self._errors)

    def page_errors(self) -> list[str]:
        """Uncaught JavaScript errors in the page since this driver was made.

        Left out: JupyterLab 4.6 sends widget comms over kernel subshells and does not
        catch the cancelled subshell request when the kernel restarts before it is
        answered ("Canceled future for create_subshell_request ..."). Restart & Run
        All right after opening a notebook does that; nothing on the page changes.
        """
        return [e for e in self._errors[self._errors_before:]
                if "Canceled future for create_subshell_request" not in e]

    # ---- opening and running -------------------------------------------------------------
    def start(self) -> Lab:
        """Make sure the JupyterLab app is loaded in the page, with no dialog open."""
        loaded = self.page.url.startswith(self.server.url) and self.page.evaluate(
            "() => !!(window.jupyterapp && window.jupyterapp.shell)")
        if not loaded:
            self.page.goto(f"{self.server.url}/lab?reset&token={self.server.token}")
            self.page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)")
            # The file browser would take a quarter of every screenshot: a notebook gets
            # the whole width, as in JupyterLab's own "simple" presentation.
            self.page.evaluate("""async () => { const app = window.jupyterapp;
              await app.restored; app.shell.collapseLeft(); app.shell.collapseRight(); }""")
        self.dismiss_dialogs()
        return self

    def dismiss_dialogs(self) -> None:
        while self.page.locator(".jp-Dialog").count():
            self.page.keyboard.press("Escape")
            self.page.wait_for_timeout(100)

    def open(self, name: str) -> Lab:
        """Open a notebook from the served folder, as a double click in the file browser does.

        A kernel left running by an earlier test is given to it (as "Change Kernel" to a
        running kernel would): every test starts with Restart & Run All, which gives it a
        fresh process, and starting one more kernel first would cost seconds per notebook.
        """
        self.path = name
        self.page.evaluate("""async (path) => {
          const app = window.jupyterapp;
          const running = Array.from(app.serviceManager.kernels.running());
          const kernel = running.length ? {id: running[0].id, name: running[0].name} : undefined;
          await app.commands.execute('docmanager:open', {path, factory: 'Notebook', kernel});
        }""", name)
        self.wait(lambda s: s is not None and s["kernel"] == "idle", "kernel idle after opening")
        return self

    def close_all(self) -> None:
        """Close every tab without saving: the copy on disk stays as the test found it."""
        self.dismiss_dialogs()
        self.page.evaluate("""async () => {
          const app = window.jupyterapp;
          for (const w of Array.from(app.shell.widgets('main'))) {
            if (w.context) { w.context.model.dirty = false; }
          }
          await app.commands.execute('application:close-all');
        }""")
        self.dismiss_dialogs()

    def state(self) -> dict | None:
        return self.page.evaluate(_STATE, self.path)

    def wait(self, condition, what: str, timeout: float = RUN_TIMEOUT, probe=None):
        """Poll `probe()` (the notebook's state) until `condition` holds; fail saying `what`."""
        probe = probe or self.state
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = probe()
            if condition(value):
                return value
            self.page.wait_for_timeout(150)
        raise AssertionError(f"{self.path}: timed out after {timeout:.0f} s waiting for "
                             f"{what}; last state: {json.dumps(value)[:2000]}")

    def command(self, name: str, args: dict | None = None) -> None:
        self.page.evaluate("([n, a]) => { window.jupyterapp.commands.execute(n, a); }",
                           [name, args or {}])

    def restart_run_all(self) -> dict:
        """Restart & Run All, as from the Kernel menu; return the state once it finished.

        Outputs are cleared first, so a stored execution count cannot pass for a new one.
        """
        self.command("notebook:clear-all-cell-outputs")
        self.wait(lambda s: s and all(c["count"] is None and not c["outputs"]
                                      for c in s["cells"]), "outputs cleared")
        self.command("notebook:restart-run-all")
        return self.wait(_finished, "Restart & Run All to finish")

    # ---- what the notebook shows ---------------------------------------------------------
    def problems(self, state: dict) -> list[CellProblem]:
        """Errors, warnings and cells that never ran, except cells tagged raises-exception."""
        found = []
        for cell in state["cells"]:
            expected_error = "raises-exception" in cell["tags"]
            if not cell["empty"] and cell["count"] is None:
                found.append(CellProblem(cell["index"], "did not run"))
            for out in cell["outputs"]:
                if out["type"] == "error" and not expected_error:
                    found.append(CellProblem(cell["index"],
                                             f"error {out['ename']}: {out['evalue']}"))
                if out["type"] == "stream" and out["name"] == "stderr" and not expected_error:
                    found.append(CellProblem(cell["index"], f"stderr: {out['text']}"))
        return found

    def widget_count(self, state: dict) -> int:
        return sum(o["widget"] for c in state["cells"] for o in c["outputs"])

    def wait_widgets_rendered(self, expected: int) -> list[dict]:
        """Wait until each of the `expected` widget outputs shows a rendered view."""

        def done(views):
            return (views is not None and len(views) == expected
                    and all(v["rendered"] and "Loading widget" not in v["text"]
                            and "Error displaying widget" not in v["text"] for v in views))

        try:
            return self.wait(done, f"{expected} widgets to render", timeout=60,
                             probe=lambda: self.page.evaluate(_WIDGETS, self.path))
        except AssertionError:
            return self.page.evaluate(_WIDGETS, self.path)

    def raw_tex(self) -> list[tuple[str, str]]:
        """Places where TeX was left untypeset: (mime type or 'markdown', the raw text)."""
        found = []
        for kind, text in self.page.evaluate(_RENDERED_TEXT, self.path):
            for match in RAW_TEX.finditer(text):
                found.append((kind, text[max(0, match.start() - 40):match.end() + 40]))
        return found

    def wait_typeset(self, timeout: float = 30) -> list[tuple[str, str]]:
        try:
            self.wait(lambda raw: raw == [], "formulas to be typeset", timeout=timeout,
                      probe=self.raw_tex)
        except AssertionError:
            pass
        return self.raw_tex()

    def scroll(self, position: float | None = None) -> dict:
        """Scroll the notebook to `position` pixels (None: leave it); return the geometry."""
        return self.page.evaluate("""([path, position]) => {""" + _FIND_PANEL + """
          const panel = findPanel(path);
          const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer')
                        || panel.content.node;
          if (position !== null) outer.scrollTop = position;
          // The notebook scrolls past its last cell; "total" ends at that cell's bottom.
          const cells = panel.content.node.querySelectorAll('.jp-Cell');
          const last = cells[cells.length - 1];
          const box = outer.getBoundingClientRect();
          const end = last ? last.getBoundingClientRect().bottom - box.top + outer.scrollTop
                           : outer.scrollHeight;
          return new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(
            () => resolve({top: outer.scrollTop, height: outer.clientHeight,
                           total: Math.min(outer.scrollHeight, Math.ceil(end))}))));
        }""", [self.path, position])

    def screenshots(self, folder: Path, stem: str, *, max_screens: int = 30) -> list[Path]:
        """The whole notebook, one 1280x800 screen at a time, with a little overlap."""
        # The pointer rests on the status bar, so no table row or link shows a hover style.
        self.page.mouse.move(VIEWPORT["width"] - 2, VIEWPORT["height"] - 2)
        paths = []
        geometry = self.scroll(0)
        step = max(1, int(geometry["height"] * 0.9))
        for k in range(max_screens):
            geometry = self.scroll(k * step)
            paths.append(self.screenshot(folder / f"{stem}-{k + 1:02d}.png"))
            if geometry["top"] + geometry["height"] >= geometry["total"] - 1:
                break
        self.scroll(0)
        return paths

    def screenshot(self, path: Path) -> Path:
        self.page.screenshot(path=str(path))
        return path


def _finished(state: dict | None) -> bool:
    """Run All is over: every cell ran, or a cell failed that was not expected to.

    A cell tagged raises-exception does not stop Run All; right after its error the
    kernel reports idle for a moment before the next cell starts, so that error must
    not count as the end (it did once in a full run: "cell 2: did not run", ...).
    """
    if state is None or state["kernel"] != "idle":
        return False
    cells = [c for c in state["cells"] if not c["empty"]]
    if any(c["state"] == "running" or "*" in c["prompt"] for c in cells):
        return False
    ran = all(c["count"] is not None for c in cells)
    stopped = any(o["type"] == "error" and "raises-exception" not in c["tags"]
                  for c in cells for o in c["outputs"])
    return ran or stopped


# ---- reading the widgets back (JupyterLab and Voila alike) ---------------------------------

CARD = ".nnl-card [data-step]"

# The card is MathML (typeset by the browser itself): a row's numbers are its <mn> elements.
_READ_CARD = """(selector) => {
  const body = document.querySelector(selector);
  if (!body) return null;
  const rows = [];
  body.querySelectorAll('.nnl-row').forEach(div => {
    const label = div.querySelector('.nnl-row-label');
    rows.push({label: label ? label.textContent.trim() : '',
               text: div.textContent,
               numbers: Array.from(div.querySelectorAll('math mn')).map(n => n.textContent)});
  });
  return {step: Number(body.dataset.step), name: body.dataset.name,
          phase: body.dataset.phase || null, rows,
          formulas: body.querySelectorAll('math').length,
          untypeset: /\\$|\\\\(frac|cdot|partial|left|right)/.test(body.textContent),
          uses: Array.from(body.querySelectorAll('[data-uses]')).map(
              r => ({name: r.dataset.uses, text: r.textContent}))};
}"""

# A number as the card writes it: digits with at most one decimal point (signs are
# separate symbols in the formula).
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def read_card(page, selector: str = CARD) -> dict | None:
    return page.evaluate(_READ_CARD, selector)


def wait_card(page, index: int, *, value: str | None = None, selector: str = CARD,
              timeout: float = 60) -> dict:
    """Wait until the card shows step `index` (and `value`); return what it shows.

    `value` (fmt of the expected value) waits for a redraw that keeps the step, e.g.
    after an edit: the card must read "... = value" before it is returned.
    """
    page.wait_for_function(
        """([selector, index, value]) => {
             const body = document.querySelector(selector);
             if (!body || Number(body.dataset.step) !== index) return false;
             if (body.querySelectorAll('math').length === 0) return false;
             if (value === null) return true;
             const plain = body.textContent.replace(/\u2212/g, '-').replace(/\\s/g, '');
             return plain.includes('=' + value);
           }""", arg=[selector, index, value], timeout=timeout * 1000, polling=50)
    return read_card(page, selector)


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """Whether `needle` occurs in `haystack` as consecutive items."""
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def card_mismatches(card: dict, trace, index: int, fmt) -> list[str]:
    """How the card differs from step `index` of the engine's `trace`: [] when it agrees.

    It must show the step's substituted numbers in order (read from the card's
    MathML, what the browser drew), its value through fmt, and each earlier
    quantity the step uses (the chain-rule factors) with that one's value.
    """
    step = trace[index]
    problems = []
    if card["step"] != step.index or card["name"] != step.name:
        problems.append(f"card shows step {card['step']} {card['name']!r}, "
                        f"expected {step.index} {step.name!r}")
    if card["untypeset"]:
        problems.append("raw TeX left in the card")
    rows = {row["label"]: row for row in card["rows"]}
    numbers = NUMBER.findall(step.substituted)
    if step.substituted != step.formula:
        row = rows.get("With the numbers")
        if row is None:
            problems.append(f"no 'With the numbers' row; rows: {list(rows)}")
        elif not contains_run(row["numbers"], numbers):
            problems.append(f"substituted numbers {numbers} not shown in order; the card's "
                            f"numbers are {row['numbers']}")
    value = rows.get("Value")
    shown = "=" + fmt(step.value)
    if value is None:
        problems.append(f"no 'Value' row; rows: {list(rows)}")
    elif not _plain(value["text"]).endswith(shown):
        problems.append(f"value row reads {value['text']!r}, expected it to end in {shown!r}")
    listed = {u["name"]: _plain(u["text"]) for u in card["uses"]}
    for name in step.uses:
        if name not in listed:
            problems.append(f"{name}, used by {step.name}, is not listed on the card")
        elif "=" + fmt(trace[name].value) not in listed[name]:
            problems.append(f"{name} is listed as {listed[name]!r}, expected "
                            f"= {fmt(trace[name].value)}")
    return problems


def _plain(text: str) -> str:
    """Typeset text compared as typed: MathML's minus sign as '-', no spaces."""
    return text.replace("\u2212", "-").replace("\xa0", "").replace(" ", "")
