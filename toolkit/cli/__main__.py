"""``python -m toolkit.cli``: the same as the ``reelkit`` console script."""

import sys

from toolkit.cli import main

sys.exit(main())
