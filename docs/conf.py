"""Sphinx configuration of the drugtrends documentation site (``make docs``).

Sphinx with numpydoc, not mkdocs: the docstrings are numpydoc and cross-reference with
Sphinx roles (``:func:`drugtrends.build```), which Sphinx resolves into links and mkdocs
would print as text. Pages are Markdown (MyST); the notebooks are rendered by myst-nb from
the jupytext scripts in ``notebooks/``; the CLI reference is generated from argparse.
Warnings are errors (``sphinx-build -W``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import drugtrends  # noqa: E402

project = "drugtrends"
author = "drugtrends developers"
copyright = "drugtrends developers, MIT licence"
version = release = drugtrends.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
# _generated/cli.md is included by cli.md, not a page of its own
exclude_patterns = ["_build", "**.ipynb_checkpoints", "report_page.png", "_generated/cli.md"]
root_doc = "index"

# -- autodoc / numpydoc -----------------------------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"  # the numpydoc "Parameters" section states the types
autodoc_mock_imports: list[str] = []
numpydoc_show_class_members = False  # members are documented by autodoc itself
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = False
numpydoc_validation_checks: set[str] = set()  # style is checked by review, not the build
add_module_names = False

# -- MyST / notebooks -------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# the notebooks are executed by the test suite (tests/test_notebooks.py); the site shows
# their code and text. DRUGTRENDS_DOCS_EXECUTE=1 runs them for the page (slower).
nb_execution_mode = "force" if os.environ.get("DRUGTRENDS_DOCS_EXECUTE") == "1" else "off"
nb_execution_timeout = 600
nb_execution_raise_on_error = True

# -- HTML -------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"drugtrends {release}"
html_static_path: list[str] = []
html_theme_options = {
    "description": "Statistics and forecasts of yearly drug-control indicators",
    "fixed_sidebar": True,
}

# Sphinx cannot tell ":mod:`.periods`" in drugtrends.extract.core (extract.periods) from
# stats.periods; the ambiguity picks the right one in practice (the first, same package).
suppress_warnings = ["ref.python"]

GENERATED = HERE / "_generated"


def _module_sections_as_rubrics(app, what, name, obj, options, lines) -> None:
    """Module docstrings use numpydoc section headings ("Examples" underlined with dashes);
    several modules on one page would give several sections with the same id. Turn the
    headings of module docstrings into rubrics, as numpydoc does for functions."""
    if what != "module":
        return
    out: list[str] = []
    i = 0
    while i < len(lines):
        title = lines[i].strip()
        under = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if (
            title
            and len(under) >= len(title)
            and len(set(under)) == 1
            and under[0] in "-=~^"
            and not lines[i].startswith(" ")
        ):
            out += [f".. rubric:: {title}", ""]
            i += 2
            continue
        out.append(lines[i])
        i += 1
    lines[:] = out


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _generate(app) -> None:
    """The pages made from other sources: the CLI reference and the notebooks."""
    import jupytext
    from gen_cli_docs import cli_markdown

    _write_if_changed(GENERATED / "cli.md", cli_markdown())
    for script in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py")):
        notebook = jupytext.read(script)
        notebook.metadata.pop("jupytext", None)
        _write_if_changed(
            GENERATED / "notebooks" / f"{script.stem}.ipynb", jupytext.writes(notebook, "ipynb")
        )


def setup(app):
    app.connect("config-inited", lambda app, config: _generate(app))
    app.connect("autodoc-process-docstring", _module_sections_as_rubrics, priority=400)
    return {"parallel_read_safe": True}
