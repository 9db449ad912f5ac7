"""``python -m cxworkshop``: the same as the ``cxworkshop`` command.

Also the entry script of the PyInstaller bundle (build.spec), which runs it as
a plain script: hence the absolute import.
"""
import sys

from cxworkshop.cli import main

if __name__ == "__main__":
    sys.exit(main())
