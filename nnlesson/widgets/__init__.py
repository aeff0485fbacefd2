"""Every interactive view of the lessons (ipywidgets), one convention for all of them.

Each view is built over a traitlets model kept in the kernel (see `view.View`):
tests drive it by setting traits or clicking, with no browser. The worked
example's views share one `LessonModel`; each explorer of lessons 13 to 20
has a small model of its own.
"""

from __future__ import annotations

from ..lazy import discover, namespace

#: Each view and model by the module that defines it, read from the modules' own `__all__`.
#: They load on first use (PEP 562), so opening the stepper does not load matplotlib.
#: Only the views and their models (CamelCase); helpers stay in their modules.
_WHERE = {name: module for name, module in discover(__file__).items()
          if not module or (name[:1].isupper() and not name.isupper())}

__all__ = sorted(name for name, module in _WHERE.items() if module)
__getattr__, __dir__ = namespace(__name__, _WHERE)
