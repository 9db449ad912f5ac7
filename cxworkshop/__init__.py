"""cxworkshop: an offline desktop app for customer-experience workshops."""

#: The one place the version is written (pyproject.toml reads it from here; the
#: app does not ask importlib.metadata, which costs ~80 ms of every start).
__version__ = "0.1.0"

APP_NAME = "cxworkshop"
