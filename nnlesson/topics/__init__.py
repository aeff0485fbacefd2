"""What learners ask next, one module per topic, each computed with the general network.

- `linearity` (lesson 13): without a non-linearity, layers collapse into one;
- `vanishing` (lesson 14): gradient size per layer in a deep network;
- `classifier` (lesson 18): two circles, and three spirals;
- `convolution` (lesson 20): weights, biases and connections of a convolutional layer.
"""

from . import classifier, convolution, linearity, vanishing

__all__ = ["classifier", "convolution", "linearity", "vanishing"]
