"""`python -m simulator.cli`: the same as the `tiktok-sim` console script."""

import sys

from .parser import main

sys.exit(main())
