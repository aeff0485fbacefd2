"""Print the path of a Chromium the browser tests can drive (`make chromium`, `make test`).

Looked for in this order: the environment variable CHROMIUM, Debian's
/usr/bin/chromium, then the browser Playwright installed. With --install, when
none is found, `python -m playwright install chromium` is tried once; if that
fails too, one line says how to get a browser and the exit status is 1.
Playwright's own download does not work on every machine, which is why the
distribution's package comes first. The browser tests import `find` from here.
Usage: python tools/find_chromium.py [--install]
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DEBIAN = Path("/usr/bin/chromium")
HOW_TO_INSTALL = ("no Chromium for the browser tests: install one with "
                  "`apt-get install -y chromium` (Debian/Ubuntu, as root) or "
                  "`python -m playwright install chromium`, or set CHROMIUM=/path/to/chromium")


class NoChromium(RuntimeError):
    """No usable Chromium; the message is the one line to show."""


def _usable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def playwright_chromium() -> Path | None:
    """The Chromium that `playwright install chromium` put in its cache, if it is there."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = Path(p.chromium.executable_path)
    except Exception:  # a broken driver means: no Playwright browser here
        return None
    return path if _usable(path) else None


def find(environ: os._Environ | dict | None = None, *, debian: Path = DEBIAN,
         playwright=playwright_chromium) -> Path:
    """The Chromium to use, or NoChromium with the one line that says how to get one.

    CHROMIUM, when set, is taken at its word: a wrong path is an error, not a
    reason to quietly test with some other browser.
    """
    environ = os.environ if environ is None else environ
    named = environ.get("CHROMIUM", "").strip()
    if named:
        path = Path(named)
        if _usable(path):
            return path
        raise NoChromium(f"CHROMIUM={named} is not an executable file: point it at a "
                         "Chromium binary, or unset it to use /usr/bin/chromium")
    if _usable(debian):
        return debian
    found = playwright()
    if found is not None:
        return found
    raise NoChromium(HOW_TO_INSTALL)


def _install() -> bool:
    """Try Playwright's installer once; True when it says it succeeded."""
    try:
        done = subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def main(argv: list[str]) -> int:
    if any(a not in ("--install",) for a in argv):
        print("usage: python tools/find_chromium.py [--install]", file=sys.stderr)
        return 2
    try:
        print(find())
        return 0
    except NoChromium as error:
        if "--install" not in argv or os.environ.get("CHROMIUM", "").strip():
            print(error, file=sys.stderr)
            return 1
    if _install():
        try:
            print(find())
            return 0
        except NoChromium:
            pass
    print(HOW_TO_INSTALL, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
