"""``python -m cxworkshop``: the same as the ``cxworkshop`` command."""
import sys

from .cli import main

sys.exit(main())
