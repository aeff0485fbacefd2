"""`python -m nnlesson`: see nnlesson.cli."""

import sys

from .cli import main

sys.exit(main())
