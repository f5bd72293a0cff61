"""Notebook views, beside the exports: HTML reprs, pandas DataFrames, timeline plots.

`_html` renders `Dataset` and `Partnership` for Jupyter, `_frames` turns
the exports' tables into typed DataFrames (extra ``pandas``) and `_plot`
draws the timeline (extra ``plot``). It may import the model, reading and
writing and the exports' tables; never the command line. pandas and
matplotlib are imported on first use only.
"""
