"""Package layout that pyproject.toml cannot express alone.

The shipped records live in ``data/`` at the top of the repository, the source of truth
that analysts edit and review; they are installed inside the package as
``drugtrends._data`` so that ``drugtrends.load_dataset()`` works from a wheel too.
Everything else (metadata, dependencies) is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    package_dir={"": "src", "drugtrends._data": "data"},
    packages=[*find_packages("src"), "drugtrends._data", "drugtrends._data.records"],
)
