"""Interactive views of the worked example for JupyterLab and Voila (ipywidgets).

Every view is built over one LessonModel (traitlets) kept in the kernel; see
the contract in each class's docstring.
"""

from .bias import BiasExplorer
from .dashboard import Dashboard
from .editor import ParameterEditor
from .exercise import Exercise
from .model import LessonModel
from .stepper import Stepper
from .symbolic_view import SymbolicView
from .trainer import Trainer

__all__ = ["BiasExplorer", "Dashboard", "Exercise", "LessonModel", "ParameterEditor",
           "Stepper", "SymbolicView", "Trainer"]
