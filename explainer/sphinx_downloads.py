"""Build extension: the download menu offers the page's source (.md) and PDF, not an .ipynb.

The theme offers each chapter as the notebook myst-nb executed: its stored outputs are the
static site's inert chart placeholders, and it imports myst_nb and explainer, which a reader's
fresh Jupyter does not have. The chapters run as notebooks from a clone of the repository
(`make lab`, see the README), so the menu does not offer a download that would not run.
"""

from __future__ import annotations


def _without_ipynb(buttons: list) -> list:
    kept = []
    for button in buttons:
        if isinstance(button, dict) and button.get("text") == ".ipynb":
            continue
        if isinstance(button, dict) and isinstance(button.get("buttons"), list):
            button = {**button, "buttons": _without_ipynb(button["buttons"])}
        kept.append(button)
    return kept


def drop_ipynb_download(app, pagename, templatename, context, doctree) -> None:
    """Remove the `.ipynb` entry the theme adds to its header buttons (after it adds them)."""
    if isinstance(context.get("header_buttons"), list):
        context["header_buttons"] = _without_ipynb(context["header_buttons"])


def setup(app):
    # The theme builds its header buttons at priority 501: run after it.
    app.connect("html-page-context", drop_ipynb_download, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
