"""Package discovery that pyproject.toml cannot express on its own.

The top-level ``web/``, ``ontology/``, ``shapes/`` and ``data/`` folders ship inside the
``pcgraph`` package (see ``[tool.setuptools.package-dir]`` in pyproject.toml); every
subpackage of ``pcgraph`` and ``web`` is found here so none is left out of the wheel.
"""

from setuptools import find_packages, setup

packages = find_packages(include=["pcgraph", "pcgraph.*"])
packages += ["pcgraph.web"] + [f"pcgraph.web.{name}" for name in find_packages(where="web")]
# The data folders are not Python packages; their files (subfolders included) ship as
# package data through the recursive globs in pyproject.toml.
packages += ["pcgraph.bundled.ontology", "pcgraph.bundled.shapes", "pcgraph.bundled.data"]
setup(packages=packages)
