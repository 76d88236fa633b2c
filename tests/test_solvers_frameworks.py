"""Template answers agree with PyTorch, Keras and scikit-learn (fixtures from scripts/make_template_fixtures.py).

Each fixture row holds a seed, the parameter values quizrnn drew for it and the answer a
framework computed from those values alone. The variant is rebuilt here through the
template and its solver; a template whose draws changed makes the fixture stale, and the
test says so rather than comparing different problems.
"""

from __future__ import annotations

import math

import pytest

from conftest import load_fixture
from quizrnn import bank
from quizrnn.templates import instantiate

DATA = load_fixture("templates.json")
BANK = bank.load()
ROWS = [(item_id, row) for item_id, rows in DATA["cases"].items() for row in rows]


def _same(kind: str, got, want) -> bool:
    if kind in ("integer", "shape"):
        return list(got) == list(want) if kind == "shape" else got == want
    flat_got = [x for r in got for x in r] if kind == "matrix" else (got if isinstance(got, list) else [got])
    flat_want = [x for r in want for x in r] if kind == "matrix" else (want if isinstance(want, list) else [want])
    return len(flat_got) == len(flat_want) and all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) for a, b in zip(flat_got, flat_want))


def test_fixtures_cover_every_kind_of_check():
    kinds = {BANK.by_id[item_id].answer.kind for item_id in DATA["cases"]}
    assert {"integer", "shape", "vector", "real", "matrix"} <= kinds
    assert DATA["generated_with"]["torch"].startswith("2.13.0")
    assert len(DATA["cases"]) >= 30
    assert all(len(rows) == DATA["seeds"] for rows in DATA["cases"].values())


@pytest.mark.parametrize("item_id, row", ROWS, ids=[f"{i}-{r['seed']}" for i, r in ROWS])
def test_template_answer_matches_framework(item_id, row):
    item = BANK.by_id[item_id]
    variant = instantiate(item, row["seed"])
    assert variant.values == row["values"], (
        f"{item_id} seed {row['seed']} now draws other values; regenerate tests/fixtures/templates.json")
    assert _same(item.answer.kind, variant.expected, row["expected"]), (variant.expected, row["expected"])


FORMULA_TEMPLATES = {"params-formula": "textbook", "params-formula-pytorch": "pytorch",
                     "params-formula-keras-gru": "keras"}


@pytest.mark.parametrize("item_id", sorted(FORMULA_TEMPLATES))
def test_formula_templates_count_like_the_frameworks(item_id):
    """Every variant's formula, evaluated at several sizes, equals the framework's count."""
    from quizrnn import arith

    item = BANK.by_id[item_id]
    convention = FORMULA_TEMPLATES[item_id]
    seen = set()
    for seed in range(30):
        variant = instantiate(item, seed)
        cell = variant.solution.details.get("cell") or item.args["cell"]
        if isinstance(cell, str) and cell.startswith("$"):
            cell = variant.values["layer"]["cell"]
        seen.add(cell)
        points = [p for p in DATA["formulas"] if p["cell"] == cell and p["convention"] == convention]
        assert points
        for p in points:
            value = arith.parse_expression(variant.expected, {"n": p["n"], "d": p["d"]})
            assert value == p["count"], (item_id, cell, variant.expected, p)
    assert seen == ({"gru"} if convention == "keras" else {"rnn", "lstm", "gru"})
