"""The examples in the docstrings of the models package run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "drugtrends.models",
    "drugtrends.models.base",
    "drugtrends.models.batch",
    "drugtrends.models.calibration",
    "drugtrends.models.combination",
    "drugtrends.models.engine",
    "drugtrends.models.simple",
    "drugtrends.models.wrapper",
    "drugtrends.backtesting",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    mod = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(mod, optionflags=flags)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
