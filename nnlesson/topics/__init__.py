"""What learners ask next, one module per topic, each computed with the general network.

- `linearity` (lesson 11): without a non-linearity, layers collapse into one;
- `vanishing` (lesson 12): gradient size per layer in a deep network;
- `classifier` (lesson 14): two circles, and three spirals;
- `convolution` (lesson 16): weights, biases and connections of a convolutional layer.
"""

from . import classifier, convolution, linearity, vanishing

__all__ = ["classifier", "convolution", "linearity", "vanishing"]
