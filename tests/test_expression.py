"""The namespace that lets a formula be written once (`explainer.expression`): the Vega text it
writes, its literals, and the calculate steps. That the text computes what numpy computes is
`tests/test_parity.py`'s work, in a browser."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainer import trends
from explainer.expression import NUMPY, VEGA, Expr, VegaSteps, literal


def _formula(ns, a, b):
    """A small formula with a repeated part, a branch and a function: what the model's are."""
    ratio = ns.let("ratio", a / (b + 1))
    return ns.where(ratio >= 1, ns.log(ratio) * ratio, -ratio)


def test_operators_write_one_parenthesised_operation_each():
    a, b = Expr.of("datum.a"), Expr.of("b")
    assert ((a + 1) * b).text == "((datum.a + 1) * b)"
    assert (2 - a / b).text == "(2 - (datum.a / b))"
    assert (-a).text == "(-datum.a)"
    assert (a <= 0.5).text == "(datum.a <= 0.5)"
    assert VEGA.where(a > b, a, VEGA.null).text == "((datum.a > b) ? datum.a : null)"


def test_an_argument_that_is_not_a_name_stays_one_operand():
    assert Expr.of("1 - d").text == "(1 - d)"
    assert (Expr.of("1 - d") * 2).text == "((1 - d) * 2)"
    assert Expr.of("datum.z_start").text == "datum.z_start"
    assert Expr.of("-2.5e-3").text == "-2.5e-3"


def test_a_python_branch_on_an_expression_is_refused():
    with pytest.raises(TypeError, match=r"ns\.where"):
        if Expr.of("a") > 1:
            pass
    with pytest.raises(TypeError, match=r"Expr\.of"):
        Expr.of("a") + "b"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_literals_read_back_as_the_same_double(x):
    text = literal(x)
    value = math.log(2.0) if text == "LN2" else float(text)  # a constant Vega names
    assert value == x and math.copysign(1, value) == math.copysign(1, x)


def test_ln2_is_written_as_vega_s_constant_of_the_same_value():
    # JavaScript's Math.LN2, which Vega's LN2 is, is 0.6931471805599453: the same double
    assert literal(math.log(2.0)) == "LN2" and repr(math.log(2.0)) == "0.6931471805599453"
    assert (Expr.of("x") / math.log(2.0)).text == "(x / LN2)"


def test_an_element_of_an_array_is_one_operand():
    assert Expr.of("draw_starts[12]").text == "draw_starts[12]"
    assert Expr.of("a[1] + 1").text == "(a[1] + 1)"


def test_whole_numbers_are_written_without_a_point():
    assert literal(1.0) == "1" and literal(-2.0) == "-2" and literal(3) == "3"
    assert literal(-0.0) == "-0.0" and literal(0.1) == "0.1"


def test_numpy_computes_the_formula():
    got = _formula(NUMPY, np.array([3.0, 0.5]), 1.0)
    assert got[0] == pytest.approx(math.log(1.5) * 1.5) and got[1] == -0.25


def test_inline_vega_repeats_a_let_and_steps_compute_it_once():
    inline = _formula(VEGA, Expr.of("datum.a"), Expr.of("datum.b")).text
    assert inline.count("(datum.a / (datum.b + 1))") == 4
    ns = VegaSteps("_f_")
    value = _formula(ns, Expr.of("datum.a"), Expr.of("datum.b"))
    assert ns.steps == [{"calculate": "(datum.a / (datum.b + 1))", "as": "_f_ratio"}]
    assert value.text == (
        "((datum._f_ratio >= 1) ? (log(datum._f_ratio) * datum._f_ratio) : (-datum._f_ratio))"
    )


def test_steps_give_each_let_its_own_field():
    ns = VegaSteps("_p_")
    first = ns.let("u", Expr.of("a") + 1)
    second = ns.let("u", Expr.of("b") + 1)
    assert (first.text, second.text) == ("datum._p_u", "datum._p_u2")
    assert ns.let("u", Expr.of("datum.c")).text == "datum.c"  # a field: nothing to compute
    assert [s["as"] for s in ns.steps] == ["_p_u", "_p_u2"]


def test_the_model_s_steps_end_in_the_field_asked_for_and_read_only_earlier_fields():
    for family in trends.FAMILIES:
        steps = trends.projected_minutes_steps(
            family, "datum.t", "start", "doubling", "accel", "ceiling", as_="minutes"
        )
        assert steps[-1]["as"] == "minutes"
        made = set()
        for step in steps:
            assert set(re.findall(r"datum\.(_\w+)", step["calculate"])) <= made, step
            made.add(step["as"])
        assert len(steps) > 1 or family == trends.EXPONENTIAL
