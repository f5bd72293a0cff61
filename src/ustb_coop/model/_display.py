"""The hook through which the model's HTML reprs reach the notebook views.

The model sits below every other layer and imports none of them. Jupyter
still asks a `Dataset` or `Partnership` for ``_repr_html_``; the method asks
this hook, and the package root (``ustb_coop/__init__.py``, above every
layer) installs the renderer of the views layer, which is imported only when
a record is first shown. Until a renderer is installed, records render as
their escaped plain repr.
"""

from __future__ import annotations

from collections.abc import Callable

#: Turns a Dataset or Partnership into an HTML fragment.
HtmlRenderer = Callable[[object], str]

_renderer: list[HtmlRenderer] = []


def install_html_renderer(renderer: HtmlRenderer) -> None:
    """Make *renderer* the one that ``_repr_html_`` calls (the package root does this once)."""
    _renderer[:] = [renderer]


def render_html(record: object) -> str:
    """The HTML of *record*, from the installed renderer or, without one, its escaped repr."""
    if not _renderer:
        import html  # noqa: PLC0415 - rarely needed, and html.entities is a large module to import

        return f"<pre>{html.escape(repr(record))}</pre>"
    return _renderer[0](record)
