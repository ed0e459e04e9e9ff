"""The documentation site covers the package and stays true to it.

``make docs`` (run by CI) builds the site with warnings as errors; these tests check,
without Sphinx, that every public module has an API page, that the guide's code parses
and names functions that exist, and that the CLI reference is what ``--help`` prints.
The strict build itself runs in the slow suite when Sphinx is installed.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PACKAGE = ROOT / "src" / "drugtrends"
PAGES = sorted(DOCS.rglob("*.md"))
PAGES = [p for p in PAGES if "_build" not in p.parts and "_generated" not in p.parts]

sys.path.insert(0, str(ROOT / "scripts"))


def _public_modules() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(p.startswith("_") for p in parts) or parts[1:2] == ["cli"]:
            continue
        out.append(".".join(parts))
    return out


def _documented_modules() -> set[str]:
    found = set()
    for page in (DOCS / "api").glob("*.md"):
        found |= set(re.findall(r"\.\. automodule:: (\S+)", page.read_text(encoding="utf-8")))
    return found


def test_every_public_module_has_an_api_page():
    missing = sorted(set(_public_modules()) - _documented_modules())
    assert missing == [], f"add these modules to docs/api/*.md: {missing}"


def test_api_pages_name_only_real_modules():
    for name in _documented_modules():
        importlib.import_module(name)


def test_every_api_page_is_in_the_toctree():
    index = (DOCS / "api" / "index.md").read_text(encoding="utf-8")
    for page in (DOCS / "api").glob("*.md"):
        if page.stem != "index":
            assert re.search(rf"^{page.stem}$", index, re.M), f"{page.name} not in api/index.md"


def _code_blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_python_examples_parse(page):
    for block in _code_blocks(page.read_text(encoding="utf-8"), "python"):
        ast.parse(block)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_cross_references_name_real_objects(page):
    text = page.read_text(encoding="utf-8")
    for role, target in re.findall(r"\{(func|mod|class)\}`([^`]+)`", text):
        if target.startswith(("xarray.", "pandas.", "numpy.")):
            continue
        if role == "mod":
            importlib.import_module(target)
            continue
        module, _, name = target.rpartition(".")
        assert hasattr(importlib.import_module(module), name), f"{page.name}: {target}"


def test_guide_uses_the_public_verbs():
    import drugtrends

    guide = (DOCS / "guide.md").read_text(encoding="utf-8")
    for verb in ("load_dataset", "annualize", "compare", "trend", "undercount", "forecast"):
        assert f"dt.{verb}(" in guide and verb in drugtrends.__all__


def test_cli_reference_is_the_help_text():
    from gen_cli_docs import _help, _subcommands, cli_markdown

    from drugtrends.cli import SUBCOMMANDS, build_parser

    page = cli_markdown()
    parser = build_parser()
    assert _help(parser).strip() in page
    commands = _subcommands(parser)
    assert set(commands) == set(SUBCOMMANDS)
    for name, sub in commands.items():
        assert f"## drugtrends {name}\n" in page
        assert _help(sub).strip() in page
        assert f"usage: drugtrends {name}" in _help(sub)


def test_notebook_pages_are_the_notebooks():
    listed = re.findall(r"_generated/notebooks/(\S+)", (DOCS / "notebooks.md").read_text())
    shipped = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    assert listed == shipped


SPHINX = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]


@pytest.mark.slow
def test_site_builds_with_warnings_as_errors(tmp_path):
    pytest.importorskip("sphinx", reason="pip install '.[docs]'")
    pytest.importorskip("numpydoc", reason="pip install '.[docs]'")
    pytest.importorskip("myst_nb", reason="pip install '.[docs]'")
    run = subprocess.run(
        [*SPHINX, str(DOCS), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    html = (tmp_path / "html" / "api" / "stats.html").read_text(encoding="utf-8")
    assert 'id="drugtrends.stats.trend.trend"' in html
    cli = (tmp_path / "html" / "cli.html").read_text(encoding="utf-8")
    assert "usage: drugtrends forecast" in cli
