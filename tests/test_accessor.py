"""The ``ds.drugtrends`` accessor: each verb has its library function's signature, documents
every parameter, and passes every argument through unchanged."""

from __future__ import annotations

import importlib
import inspect
import pydoc
import re

import pytest
import xarray as xr

import drugtrends  # registers the accessor
from drugtrends.accessor import VERBS, DrugtrendsAccessor


def _library(verb: str):
    module, name = VERBS[verb]
    return getattr(importlib.import_module(module), name)


def _params(func, skip: int) -> list[inspect.Parameter]:
    return list(inspect.signature(func).parameters.values())[skip:]


def _spell(params: list[inspect.Parameter]) -> str:
    return "(" + ", ".join(str(p) for p in params) + ")"


def test_every_public_method_is_a_known_verb():
    public = {
        name
        for name, value in vars(DrugtrendsAccessor).items()
        if not name.startswith("_") and callable(value)
    }
    assert public == set(VERBS)


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_signature_matches_the_library_function(verb):
    lib = _library(verb)
    method = getattr(DrugtrendsAccessor, verb)
    mine, theirs = _params(method, 1), _params(lib, 1)  # self / the Dataset
    assert [(p.name, p.kind, p.default, p.annotation) for p in mine] == [
        (p.name, p.kind, p.default, p.annotation) for p in theirs
    ], (
        f"ds.drugtrends.{verb}{_spell(mine)} differs from {lib.__module__}.{lib.__name__}: "
        f"copy its signature {_spell(theirs)}"
    )
    ret = inspect.signature(lib).return_annotation
    assert inspect.signature(method).return_annotation == ret


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_docstring_documents_every_parameter(verb):
    method = getattr(DrugtrendsAccessor, verb)
    doc = inspect.getdoc(method) or ""
    assert "Parameters\n----------" in doc and "Returns\n-------" in doc
    section = doc.split("Parameters\n----------")[1].split("Returns\n-------")[0]
    documented = set()
    for line in section.splitlines():
        head = re.match(r"^([A-Za-z_][\w, ]*?) :", line)
        if head:
            documented |= {n.strip() for n in head[1].split(",")}
    wanted = {p.name for p in _params(method, 1)}
    assert wanted == documented, f"ds.drugtrends.{verb}: document {sorted(wanted - documented)}"
    # no *args/**kwargs anywhere
    kinds = {p.kind for p in _params(method, 1)}
    assert not kinds & {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD}


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_every_argument_is_passed_through(verb, monkeypatch):
    module, name = VERBS[verb]
    lib = _library(verb)
    sig = inspect.signature(lib)
    seen = {}

    def spy(*args, **kwargs):
        seen.update(sig.bind(*args, **kwargs).arguments)
        return "result"

    monkeypatch.setattr(importlib.import_module(module), name, spy)
    ds = xr.Dataset()
    sentinels = {p.name: object() for p in _params(lib, 1)}
    positional = [
        sentinels[p.name]
        for p in _params(lib, 1)
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]
    keywords = {
        p.name: sentinels[p.name]
        for p in _params(lib, 1)
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    assert getattr(ds.drugtrends, verb)(*positional, **keywords) == "result"
    first = next(iter(sig.parameters))
    assert seen.pop(first) is ds
    assert seen.keys() == sentinels.keys()
    for key, value in seen.items():
        assert value is sentinels[key], f"ds.drugtrends.{verb} does not pass {key!r} through"


def test_help_shows_the_parameters():
    text = pydoc.render_doc(xr.Dataset().drugtrends.trend, renderer=pydoc.plaintext)
    assert "n_boot: 'int' = 499" in text  # the signature line
    assert "min_points : int" in text and "drugtrends.stats.trend.trend" in text


def test_structure_verbs_on_a_real_dataset(tmp_path):
    ds = drugtrends.load_dataset("KAZ")
    assert "heroin_seizures" in ds.drugtrends.indicators
    assert set(ds.drugtrends.companions("heroin_seizures")) >= {"lower", "upper", "months"}
    assert len(ds.drugtrends.conflicts(threshold=0.5)) <= len(ds.drugtrends.conflicts())
    path = ds.drugtrends.to_netcdf(tmp_path / "kaz.nc")
    xr.testing.assert_identical(drugtrends.open_dataset(path), ds)
