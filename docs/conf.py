"""Sphinx configuration of the ustb-coop documentation site.

Build it with ``sphinx-build -W -n --keep-going -b html docs docs/_build/html``
after ``pip install -e ".[docs]"``. Nothing is fetched from the internet: no
intersphinx inventories, and the notebook runs in a local kernel.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # docs._ext, the generated reference pages

project = "ustb-coop"
author = "ustb-coop developers"
copyright = "2026, ustb-coop developers"  # noqa: A001 - Sphinx's name for it
release = version = "0.1.0"

extensions = [
    "myst_nb",  # MyST Markdown pages and the executed notebook
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinxarg.ext",
]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/.ipynb_checkpoints"]

html_theme = "furo"
html_title = "ustb-coop"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_theme_options = {
    "sidebar_hide_name": False,
    "navigation_with_keys": True,
}

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]

# The notebook is executed at every build, in a fresh kernel, with its outputs rendered.
nb_execution_mode = "force"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_merge_streams = True

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
# An Attributes section becomes a field list of the class, so attrs fields are described once.
napoleon_use_ivar = True
python_use_unqualified_type_names = True
add_module_names = False

nitpicky = True
# Targets outside this site. Without network access there are no intersphinx
# inventories for the standard library and the dependencies, so these names
# are shown as code instead of links.
nitpick_ignore_regex = [
    ("py:class", r"(datetime|pathlib|collections\.abc|typing|enum|os|io|argparse|re)\..*"),
    ("py:class", r"(attrs|attr|cattrs|dateutil|pandas|matplotlib|numpy)\..*"),
    ("py:class", r"(date|datetime|Path|PathLike|Iterator|Iterable|Mapping|Sequence|Callable|Enum)"),
    ("py:class", r"(DataFrame|Axes|Figure|StrPath|Literal|TypeAlias|pd\.DataFrame)"),
    # Type variables of generic helpers, which have no page of their own.
    ("py:class", r"ustb_coop\..*\._T"),
    ("py:exc", r"(ValueError|KeyError|TypeError|OSError|LookupError)"),
]


def _copy_notebook(_app: object, _config: object) -> None:
    """Copy examples/analysis.ipynb into the source tree, where myst-nb executes it."""
    target = DOCS / "_generated" / "analysis.ipynb"
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "examples" / "analysis.ipynb", target)


def _check_generated(_app: object, _config: object) -> None:
    """Refuse to build while a generated reference page is older than the model or data."""
    from docs._ext import reference  # noqa: PLC0415 - needs the path set above

    stale = reference.stale()
    if stale:
        msg = f"generated pages are out of date: {', '.join(stale)}; run `python -m docs._ext.reference`"
        raise RuntimeError(msg)


def setup(app: object) -> None:
    """Copy the notebook and check the generated pages before Sphinx reads the sources."""
    app.connect("config-inited", _copy_notebook)  # type: ignore[attr-defined]
    app.connect("config-inited", _check_generated)  # type: ignore[attr-defined]
