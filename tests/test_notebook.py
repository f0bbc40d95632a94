"""What a page's first cell shows in a notebook: every glued number, readable, in a table."""

from __future__ import annotations

import html
import re

from explainer import notebook
from explainer.numbers import scenarios


def test_values_read_as_in_prose():
    assert notebook.format_value(2036) == "2036"  # a year, not "2,036"
    assert notebook.format_value(7.454545) == "7.455"
    assert notebook.format_value(123456.7) == "123,457"
    assert notebook.format_value("March 2026") == "March 2026"


def test_table_lists_every_number_of_a_page():
    numbers = scenarios.numbers()
    markup = notebook.numbers_table_html(numbers)
    names = re.findall(r"<tr><td><code>([^<]+)</code></td>", markup)
    assert [html.unescape(n) for n in names] == list(numbers)
    assert "{glue:text}" in html.unescape(markup)


def test_table_shows_only_in_a_notebook_session(monkeypatch, capsys):
    shown = []

    def display(*objects, raw=False, **options):
        if not raw:  # glue(display=False) sends its raw, hidden bundle through display too
            shown.extend(objects)

    monkeypatch.setattr("IPython.display.display", display)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    notebook.glue_numbers({"a_year": 2036})
    assert shown == []
    monkeypatch.setenv("JPY_SESSION_NAME", "chapters/scenarios.md")
    notebook.glue_numbers({"a_year": 2036})
    assert len(shown) == 1 and "2036" in shown[0].data
