"""Entry script of the packaged app: the same as the ``cxworkshop`` command.

PyInstaller runs its entry as a plain script, so this uses an absolute import
(``cxworkshop/__main__.py`` uses a relative one).
"""
import sys

from cxworkshop.cli import main

if __name__ == "__main__":
    sys.exit(main())
