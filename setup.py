"""Build-time layout: the repository's top-level ``resources/`` and ``sample_sessions/``
folders ship inside the package as ``cxworkshop/assets`` and ``cxworkshop/sample_sessions``.

Everything else (name, version, dependencies) is in ``pyproject.toml``;
``cxworkshop.resources`` finds the files in a source tree, a wheel and a bundle alike.
"""
from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

# package inside cxworkshop -> folder of the repository
DATA_PACKAGES = {"cxworkshop.assets": "resources",
                 "cxworkshop.sample_sessions": "sample_sessions"}


class BuildPy(build_py):
    """Copy the data folders' files only: ``sample_sessions/build.py`` is a tool, not code."""

    def find_package_modules(self, package, package_dir):
        if package in DATA_PACKAGES:
            return []
        return super().find_package_modules(package, package_dir)


setup(
    packages=find_packages(include=["cxworkshop", "cxworkshop.*"]) + list(DATA_PACKAGES),
    package_dir=DATA_PACKAGES,
    package_data={
        "cxworkshop.assets": ["fonts/*.ttf", "fonts/*.txt", "prompts/*.json",
                              "icons/*.svg", "icons/*.png", "icons/*.ico", "icons/*.icns",
                              "screenshots/*.png", "i18n/*.po", "i18n/*.pot"],
        "cxworkshop.sample_sessions": ["*.cxw", "*.json"],
        "cxworkshop.roomlink": ["static/*"],   # the phone page
    },
    include_package_data=False,
    cmdclass={"build_py": BuildPy},
)
