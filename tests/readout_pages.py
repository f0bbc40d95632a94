"""Reading a page's readouts (the HTML tables and lists under its charts) as a screen reader
does, by role and name, and moving a chart's control as a reader would."""

from __future__ import annotations

# A table as {row header: {column header: cell text}}, read from its HTML.
READ_TABLE = """
(table) => {
  const text = (el) => el.textContent.replace(/\\s+/g, ' ').trim();
  const columns = Array.from(table.querySelectorAll('thead th')).map(text);
  const out = {};
  table.querySelectorAll('tbody tr').forEach((tr) => {
    const row = {};
    tr.querySelectorAll('td').forEach((td, i) => { row[columns[i + 1]] = text(td); });
    out[text(tr.querySelector('th[scope=row]'))] = row;
  });
  return out;
}
"""
READ_TERMS = """
(group) => Object.fromEntries(Array.from(group.querySelectorAll('dt')).map(
  (dt) => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]))
"""
# Set a control as a reader would, and wait for the chart and then its readouts (they are
# written on the next animation frame).
SET_INPUT = """
async ([name, value]) => {
  const input = document.querySelector(`.explainer-chart [name="${name}"]`);
  input.value = String(value);
  input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input',
                                {bubbles: true}));
  await window.explainerViews[input.closest('.explainer-chart').id].runAsync();
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return input.value;
}
"""


def read_table(page, name: str) -> dict[str, dict[str, str]]:
    table = page.get_by_role("table", name=name)
    assert table.count() == 1, name
    return table.evaluate(READ_TABLE)


def read_terms(page, name: str) -> dict[str, str]:
    group = page.get_by_role("group", name=name)
    assert group.count() == 1, name
    return group.evaluate(READ_TERMS)
