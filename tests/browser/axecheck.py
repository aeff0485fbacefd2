"""axe-core in the page: find or install it, run it on the project's own content.

axe.min.js comes from the npm package axe-core, installed once with the machine's
npm into a cache folder this module creates (NNLESSON_CACHE, else
~/.cache/nnlesson), or from the PyPI package axe-playwright-python when that is
installed (it bundles the same file). JupyterLab's own chrome has violations of
its own (cell editors, toolbar buttons): the checks are scoped to what nnlesson
renders, lesson outputs and Markdown, or a page nnlesson built.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

#: The version the checks were written against; any 4.x finds the same kinds of fault.
AXE_VERSION = "4.11"

#: Where a lesson's own content is: its outputs and its rendered Markdown.
LESSON_CONTENT = [".jp-OutputArea-output", ".jp-RenderedMarkdown"]


class NoAxe(RuntimeError):
    """axe-core could not be found or installed; the message says how to get it."""


def axe_script() -> Path:
    """The path of axe.min.js, installing axe-core with npm on first use."""
    try:
        import axe_playwright_python  # type: ignore[import-not-found]

        bundled = Path(axe_playwright_python.__file__).parent / "axe.min.js"
        if bundled.is_file():
            return bundled
    except ImportError:
        pass
    cache = Path(os.environ.get("NNLESSON_CACHE", Path.home() / ".cache" / "nnlesson")) / "axe"
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        raise NoAxe("no axe-core for the accessibility tests: install Node.js and npm "
                    "(apt-get install -y npm) or `pip install axe-playwright-python`")
    cache.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(cache),
                             f"axe-core@{AXE_VERSION}"], capture_output=True, text=True,
                            timeout=300)
    if result.returncode != 0 or not script.is_file():
        raise NoAxe(f"npm could not install axe-core: {result.stderr.strip()[-500:]}")
    return script


_RUN = """async ([include, exclude]) => {
  const context = {include: include.map(s => [s])};
  if (exclude.length) context.exclude = exclude.map(s => [s]);
  if (!document.querySelector(include.join(','))) return [];
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                              summary: (n.failureSummary || '').slice(0, 300)}))}));
}"""


def violations(page, include: list[str] = LESSON_CONTENT,
               exclude: list[str] | None = None) -> list[dict]:
    """axe's violations in the elements matching `include` (every rule, every impact)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    return page.evaluate(_RUN, [include, exclude or []])


def describe(found: list[dict]) -> str:
    """Violations as lines a reader can act on: rule, impact, where, what to fix."""
    lines = []
    for v in found:
        for node in v["nodes"][:4]:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: "
                         f"{node['html']}")
    return "\n".join(lines)
