"""``python -m cs_framework``: the ``cs-framework`` command line."""

import sys

from ._cli import main

sys.exit(main())
