"""The general feed-forward network: any layer sizes, m examples at once, float32 or float64.

- `network`: the shape and choices (`Network`) and the numbers (`Parameters`, `init`);
- `checks`: what the passes accept; `workspace`: the passes in buffers allocated once;
- `passes`: forward, cost, gradients, predictions; `gradcheck`: against central differences;
- `training`: full-batch and mini-batch descent; `datasets`: two circles, three spirals;
- `matrix_form`: the 2-2-2 worked example as matrices, entry by entry.

These `forward`, `gradients`, `train` and `History` are the general network's;
the worked example's, with the post's names, are in `nnlesson.example`.
"""

from . import checks, datasets, gradcheck, matrix_form, network, passes, training, workspace
from .datasets import Dataset, circles, one_hot, spirals
from .gradcheck import GradientCheck, gradient_check
from .matrix_form import correspondence, from_params, prove_matrix_form, to_params
from .network import INITS, Network, Parameters, init
from .passes import Forward, Gradients, accuracy, cost, forward, gradients, predict
from .training import Descent, History, batch_count, train

__all__ = [
    "INITS", "Dataset", "Descent", "Forward", "GradientCheck", "Gradients", "History", "Network",
    "Parameters", "accuracy", "batch_count", "checks", "circles", "correspondence", "cost",
    "datasets", "forward", "from_params", "gradcheck", "gradient_check", "gradients", "init",
    "matrix_form", "network", "one_hot", "passes", "predict", "prove_matrix_form", "spirals",
    "to_params", "train", "training", "workspace",
]
