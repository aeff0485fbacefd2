"""What learners ask next, one module per topic, each computed with the general network.

- `linearity` (lesson 13): without a non-linearity, layers collapse into one;
- `vanishing` (lesson 14): gradient size per layer in a deep network;
- `classifier` (lesson 18): two circles, and three spirals;
- `dead_relus` (lesson 18): ReLU units that stop learning, and what keeps them alive;
- `optimizers` (lesson 19): a bowl with a floor, momentum and Adam, batch sizes;
- `convolution` (lesson 20): weights, biases and connections of a convolutional layer.
"""

from . import classifier, convolution, dead_relus, linearity, optimizers, vanishing

__all__ = ["classifier", "convolution", "dead_relus", "linearity", "optimizers", "vanishing"]
