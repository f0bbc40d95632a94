"""What a page's first (hidden) cell calls: glue the page's numbers, and show them in a notebook.

In the book, myst-nb's `glue` puts each number into the prose (`{glue:text}` roles). JupyterLab,
VS Code and plain Jupyter do not render those roles: a reader running a chapter as a notebook
sees `{glue:text}` followed by the number's name where the book prints the number. So, in a
notebook session (see `explainer.render.in_notebook_session`), the same cell also shows a table
of every name with its value, and says how the book's other roles read there. In a book build
the table is not shown (the cell is removed from the page anyway).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

from explainer.render import in_notebook_session

HOW_TO_READ = (
    "Where the book prints a number, this notebook's prose shows "
    "<code>{glue:text}`name`</code>: the table gives each name's value, computed from the data "
    "when this cell ran. <code>{cite}`key`</code> names a source in <code>references.bib</code>; "
    "<code>{numref}`fig-…`</code> names the figure whose cell carries that name; "
    "<code>```{note}</code> blocks are the book's side notes."
)


def format_value(value: object) -> str:
    """A glued value as a reader wants it in a table: whole numbers as they are (years stay
    2036), large floats with thousands separators, others to 4 significant digits."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def numbers_table_html(numbers: Mapping[str, object]) -> str:
    """The page's numbers as an HTML table (name, value), under a line on how to read roles."""
    rows = "".join(
        f"<tr><td><code>{html.escape(name)}</code></td>"
        f"<td>{html.escape(format_value(value))}</td></tr>"
        for name, value in numbers.items()
    )
    return (
        f'<details class="explainer-numbers" open><summary>'
        f"Numbers in this chapter's prose ({len(numbers)})</summary>"
        f"<p>{HOW_TO_READ}</p>"
        f"<table><thead><tr><th>Name</th><th>Value</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def glue_numbers(numbers: Mapping[str, object]) -> None:
    """Glue every number for the book's prose; in a notebook session, also show them all."""
    if in_notebook_session():
        from IPython.display import HTML, display

        # First: each glue is an output of its own, and JupyterLab folds a cell's outputs after
        # the 50th behind "Show more outputs" (a chapter glues more than 50 numbers).
        display(HTML(numbers_table_html(numbers)))
    try:
        from myst_nb import glue
    except ImportError:  # a notebook outside the book's environment: the table still shows
        return
    for name, value in numbers.items():
        glue(name, value, display=False)
