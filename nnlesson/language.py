"""The one message layer: every sentence a learner or teacher reads, in English or Chinese.

Code writes the English sentence, whole, with named slots, and passes it
through `_`:

    _("{name} = {value}: not a number.", name=name, value=value)

The English text is the key of the catalog (as in gettext); each other
language has a catalog file beside this module (`locales/zh.json`) mapping
the English sentence to the whole translated sentence, slots included, so a
translation may put them in any order. Sentences are never glued together
from translated fragments. The language is chosen once per kernel or process:
`set_language("zh")`, or the environment variable NNLESSON_LANG.
tests/test_language.py fails when a sentence in the package has no entry.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

__all__ = ["LANGUAGES", "_", "current_language", "join", "set_language"]

#: The languages with a catalog; English needs none, its sentences are the keys.
LANGUAGES = ("en", "zh")

_chosen: list[str] = []


def set_language(language: str) -> None:
    """Show every message from now on in `language` ("en" or "zh")."""
    if language not in LANGUAGES:
        raise ValueError(f"language = {language!r}: not a known language. "
                         f"Allowed: one of {', '.join(LANGUAGES)}.")
    _chosen[:] = [language]


def current_language() -> str:
    """The language chosen by set_language, else NNLESSON_LANG, else English."""
    if _chosen:
        return _chosen[0]
    wanted = os.environ.get("NNLESSON_LANG", "en").split("_")[0].split("-")[0].lower()
    return wanted if wanted in LANGUAGES else "en"


@cache
def catalog(language: str) -> dict[str, str]:
    """English sentence -> translated sentence, for `language` (empty for English)."""
    if language == "en":
        return {}
    text = files(__package__).joinpath("locales", f"{language}.json").read_text("utf-8")
    entries = json.loads(text)
    return {key: value for key, value in entries.items() if not key.startswith("#")}


def _(message: str, /, **slots: object) -> str:
    """`message` in the current language, its {slots} filled in."""
    language = current_language()
    template = catalog(language).get(message, message) if language != "en" else message
    return template.format(**slots) if slots else template


def join(items: Iterable[str]) -> str:
    """A list as the current language writes one: "a, b, c" or "a、b、c"."""
    return ("、" if current_language() == "zh" else ", ").join(items)
