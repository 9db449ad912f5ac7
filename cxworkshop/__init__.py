"""cxworkshop: an offline desktop app for customer-experience workshops."""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("cxworkshop")
except _metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"

APP_NAME = "cxworkshop"
