"""Chinese labels render: every character of the Chinese catalog has a glyph in the figures."""

from __future__ import annotations

import warnings

from matplotlib import font_manager

from nnlesson.language import catalog
from nnlesson.show import plots


def test_a_cjk_font_is_installed_and_first_after_dejavu():
    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = [name for name in plots.CJK_FONTS if name in installed]
    assert found, ("no CJK font: install Debian's fonts-noto-cjk (the CI does), or one of "
                   f"{plots.CJK_FONTS}")
    from matplotlib import rcParams
    assert rcParams["font.family"][:2] == ["DejaVu Sans", found[0]]


def test_every_character_of_the_catalog_is_drawn_without_a_missing_glyph():
    characters = sorted({c for text in catalog("zh").values() for c in text if ord(c) > 0x2000})
    assert len(characters) > 100, "the Chinese catalog is nearly empty"
    fig, (ax,) = plots.figure(8, 8)
    for row in range(0, len(characters), 40):
        ax.text(0, 1 - row / len(characters), "".join(characters[row:row + 40]), fontsize=8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plots.png(fig).startswith(b"\x89PNG")
