"""The one message layer: every sentence a learner or teacher reads, in English or Chinese.

Code writes the English sentence, whole, with named slots, and passes it
through `_`:

    _("{name} = {value}: not a number.", name=name, value=value)

The English text is the key of the catalog (as in gettext); each other
language has a catalog folder beside this module (`locales/zh/`, one JSON
file per layer of the package) mapping the English sentence to the whole
translated sentence, slots included, so a translation may put them in any
order. Sentences are never glued together
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

__all__ = ["LANGUAGES", "_", "clauses", "current_language", "join", "set_language"]

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
    merged: dict[str, str] = {}
    folder = files(__package__).joinpath("locales", language)
    for part in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not part.name.endswith(".json"):
            continue
        for key, value in json.loads(part.read_text("utf-8")).items():
            if key.startswith("#"):
                continue
            if key in merged and merged[key] != value:
                # Two translations of one sentence: the catalog test names both files.
                raise ValueError(f"{part.name}: {key!r} is translated twice, differently.")
            merged[key] = value
    return merged


def _(message: str, /, **slots: object) -> str:
    """`message` in the current language, its {slots} filled in."""
    language = current_language()
    template = catalog(language).get(message, message) if language != "en" else message
    return template.format(**slots) if slots else template


def join(items: Iterable[str]) -> str:
    """A list as the current language writes one: "a, b, c" or "a、b、c"."""
    return ("、" if current_language() == "zh" else ", ").join(items)


def clauses(items: Iterable[str]) -> str:
    """Whole clauses one after the other: "a; b" or "a；b"."""
    return ("；" if current_language() == "zh" else "; ").join(items)
