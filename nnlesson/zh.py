"""`import nnlesson.zh`: from here on, every message of nnlesson is in Simplified Chinese.

The one line a Chinese lesson (notebooks/zh/) adds to its English twin's code;
the same as `nnlesson.language.set_language("zh")`.
"""

from .language import set_language

__all__: list[str] = []

set_language("zh")
