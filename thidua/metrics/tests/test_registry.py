import pytest

from thidua.metrics.registry import Measure, Metric, MetricRequest, get, measure, register, roll_up


def test_it_rolls_unit_rows_up_into_each_requested_subtree():
    rows = [("/1/2/", 3, 10), ("/1/2/5/", 1, 4), ("/1/3/", 2, 2), ("/9/", 7, 7)]
    totals = roll_up(rows, ["/1/", "/1/2/", "/1/3/"])
    assert totals["/1/"] == Measure(6, 16)
    assert totals["/1/2/"] == Measure(4, 14)
    assert totals["/1/3/"] == Measure(2, 2)


def test_a_measure_without_denominator_has_no_ratio():
    assert Measure(0, 0).ratio is None
    assert Measure(1, 4).ratio == 0.25


def test_it_refuses_two_functions_under_one_key():
    def one(request):
        return {}

    def other(request):
        return {}

    register(Metric(key="tests.dup", label="x", compute=one))
    register(Metric(key="tests.dup", label="x", compute=one))  # same function again: harmless
    with pytest.raises(ValueError, match="already registered"):
        register(Metric(key="tests.dup", label="x", compute=other))
    assert measure("tests.dup", MetricRequest(unit_paths=("/1/",))) == {}
    with pytest.raises(KeyError, match=r"tests\.unknown"):
        get("tests.unknown")


def test_subtree_filters_collapse_nested_and_many_paths():
    from thidua.metrics.registry import MAX_PREFIXES_IN_FILTER, subtree_q

    assert subtree_q(["/1/4/", "/1/2/3/", "/1/2/"]).children == [
        ("unit__path__startswith", "/1/2/"),
        ("unit__path__startswith", "/1/4/"),
    ]
    many = [f"/1/5/{i}/" for i in range(MAX_PREFIXES_IN_FILTER + 1)]
    assert subtree_q(many, "path").children == [("path__startswith", "/1/5/")]
    assert subtree_q(["/1/", "/2/", *many], "path").children == [
        ("path__startswith", "/1/"),
        ("path__startswith", "/2/"),
    ]
    roots = [f"/{i}/" for i in range(MAX_PREFIXES_IN_FILTER + 1)]
    assert subtree_q(roots, "path").children == [("path__startswith", "/")]
