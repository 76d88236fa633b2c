"""Bank loading: every validation error stops with file:line and a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizrnn import bank
from quizrnn.bank import BankError

GOOD_MCQ = """\
- id: my-mcq
  type: mcq
  topic: lstm
  difficulty: 1
  source: notes
  question: Which gate scales the old cell?
  choices: [input, forget, output, reset]
  answer: B
  explanation: f multiplies C_(t-1).
"""

GOOD_NUMERIC = """\
- id: my-numeric
  type: numeric
  topic: lstm
  difficulty: 1
  source: notes
  params:
    n: {choice: [8, 16]}
    d: {range: [1, 4]}
  prompt: An LSTM has n = {n}, d = {d}. Parameters?
  solver: params
  args: {cell: lstm, hidden: $n, input_size: $d}
  answer: {kind: integer}
  explanation: 4n(n + d + 1).
"""


def _load(tmp_path: Path, text: str, name: str = "items.yaml"):
    folder = tmp_path / "bank"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return bank.load([folder], builtin=False), folder / name


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(BankError) as info:
        _load(tmp_path, text)
    return str(info.value.message)


def test_builtin_bank_loads_and_is_valid():
    loaded = bank.load()
    assert len(loaded.items) > 100
    assert len({i.id for i in loaded.items}) == len(loaded.items)


def test_good_items_load(tmp_path):
    loaded, _ = _load(tmp_path, GOOD_MCQ + GOOD_NUMERIC)
    mcq, numeric = loaded.items
    assert mcq.answers == (1,) and [c.text for c in mcq.choices] == ["input", "forget", "output", "reset"]
    assert numeric.solver == "params" and [r.name for r in numeric.params] == ["n", "d"]


def _swap(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize("text, line, message", [
    (_swap(GOOD_MCQ, "  source: notes\n", "  source: notes\n  colour: red\n"), 6, "unknown key 'colour' for a mcq item"),
    (_swap(GOOD_MCQ, "  source: notes\n", ""), 1, "missing key 'source'"),
    (_swap(GOOD_MCQ, "answer: B", "answer: E"), 8, "answer E is out of range: there are 4 choices"),
    (_swap(GOOD_MCQ, "answer: B", "answer: 4"), 8, "answer index 4 is out of range"),
    (_swap(GOOD_MCQ, "answer: B", "answers: [A, A]"), 8, "answers lists a choice twice"),
    (_swap(GOOD_MCQ, "  answer: B\n", ""), 1, "give either answer"),
    (_swap(GOOD_MCQ, "[input, forget, output, reset]", "[input, forget, Input, reset]"), 7,
     "choice C repeats choice A"),
    (_swap(GOOD_MCQ, "topic: lstm", "topic: transformers"), 3, "unknown topic 'transformers'"),
    (_swap(GOOD_MCQ, "difficulty: 1", "difficulty: 5"), 4, "difficulty must be 1, 2 or 3"),
    (_swap(GOOD_MCQ, "type: mcq", "type: essay"), 2, "unknown type 'essay'"),
    (_swap(GOOD_MCQ, "id: my-mcq", "id: My MCQ"), 1, "must be kebab-case"),
    (_swap(GOOD_NUMERIC, "solver: params", "solver: magic"), 10, "unknown solver 'magic'"),
    (_swap(GOOD_NUMERIC, "d = {d}", "d = {depth}"), 9, "placeholder {depth} has no parameter"),
    (_swap(GOOD_NUMERIC, "d = {d}", "d = {d.__class__}"), 9, "placeholder {d.__class__} must be a parameter name"),
    (_swap(GOOD_NUMERIC, "d = {d}", "d = {d!r}"), 9, "conversions are not allowed"),
    (_swap(GOOD_NUMERIC, "{range: [1, 4]}", "{range: [4, 1]}"), 8, "range [4, 1] is empty"),
    (_swap(GOOD_NUMERIC, "{range: [1, 4]}", "{range: [1, 4], step: 0}"), 8, "step must be at least 1"),
    (_swap(GOOD_NUMERIC, "{choice: [8, 16]}", "{choice: []}"), 7, "choice needs a non-empty list"),
    (_swap(GOOD_NUMERIC, "{choice: [8, 16]}", "{gaussian: [0, 1]}"), 7, "give exactly one of choice"),
    (_swap(GOOD_NUMERIC, "{range: [1, 4]}", "{range: [1, $m]}"), 8, "$m names no earlier parameter"),
    (_swap(GOOD_NUMERIC, "{range: [1, 4]}", "{expr: 'n ** 2'}"), 8, "only numbers, names"),
    (_swap(GOOD_NUMERIC, "{range: [1, 4]}", "{vector: {size: 40}}"), 8, "size 40 is above 16"),
    (_swap(GOOD_NUMERIC, "hidden: $n", "hiden: $n"), 11, "solver params has no argument 'hiden'"),
    (_swap(GOOD_NUMERIC, "input_size: $d", "input_size: $q"), 11, "$q names no parameter"),
    (_swap(GOOD_NUMERIC, "{kind: integer}", "{kind: essay}"), 12, "answer kind must be one of"),
    (_swap(GOOD_NUMERIC, "  explanation", "  mistakes:\n    - {name: oops, feedback: x}\n  explanation"), 14,
     "mistake 'oops' changes nothing"),
    (_swap(GOOD_NUMERIC, "  explanation", "  mistakes:\n    - {name: oops, feedback: x, args: {cells: gru}}\n"
                                          "  explanation"), 14, "has no argument 'cells'"),
    ("- id: a\n  type: mcq\n  question: [unclosed\n", 4, "did not find expected"),
    ("id: not-a-list\n", 1, "a bank file is a list of items"),
    ("- &x {id: a}\n- *x\n", 2, "aliases (*name) are not supported"),
])
def test_validation_errors_name_file_and_line(tmp_path, text, line, message):
    error = _error(tmp_path, text)
    path = tmp_path / "bank" / "items.yaml"
    assert error.startswith(f"{path}:{line}:"), error
    assert message in error
    assert "\n" not in error


def test_duplicate_ids_across_files(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD_MCQ)
    (folder / "b.yaml").write_text(GOOD_MCQ)
    with pytest.raises(BankError, match=r"b.yaml:1: duplicate id 'my-mcq' \(first at .*a.yaml:1\)"):
        bank.load([folder], builtin=False)


def test_an_authors_item_may_not_reuse_a_builtin_id(tmp_path):
    taken = bank.load().items[0].id
    with pytest.raises(BankError, match=f"duplicate id '{taken}'"):
        _load_with_builtin(tmp_path, _swap(GOOD_MCQ, "my-mcq", taken))


def _load_with_builtin(tmp_path, text):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "items.yaml").write_text(text)
    return bank.load([folder])


def test_bank_folder_errors(tmp_path):
    from quizrnn.errors import InputError

    with pytest.raises(InputError, match="no such folder"):
        bank.load([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .yaml files"):
        bank.load([tmp_path / "empty"])


def test_check_collects_every_problem(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "a.yaml").write_text(_swap(GOOD_MCQ, "answer: B", "answer: Z"))
    (folder / "b.yaml").write_text(_swap(GOOD_NUMERIC, "solver: params", "solver: magic"))
    _, errors = bank.check([folder], builtin=False)
    assert len(errors) == 2


def test_yes_and_no_stay_text(tmp_path):
    loaded, _ = _load(tmp_path, _swap(GOOD_MCQ, "[input, forget, output, reset]", "[yes, no, on, off]"))
    assert [c.text for c in loaded.items[0].choices] == ["yes", "no", "on", "off"]


def test_bank_is_shipped_with_the_package():
    folder = bank.builtin_dir()
    assert (folder / "__init__.py").exists()
    assert list(folder.glob("*.yaml")) and list((folder / "templates").glob("*.yaml"))


def test_cli_bank_check_passes_on_the_shipped_bank(run):
    res = run("bank", "check", "--seeds", "5")
    assert res.code == 0, res.out
    assert res.out.strip().endswith("all good")


def test_cli_bank_check_reports_every_problem(run, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.yaml").write_text(_swap(_swap(GOOD_MCQ, "answer: B", "answer: Z"), "my-mcq", "my-bad"))
    (folder / "d.yaml").write_text(GOOD_MCQ)
    (folder / "b.yaml").write_text(_swap(GOOD_NUMERIC, "  explanation", "  mistakes:\n    - {name: keras count, "
                                         "args: {convention: keras}, feedback: f}\n  explanation"))
    (folder / "c.yaml").write_text(_swap(_swap(GOOD_MCQ, "my-mcq", "my-copy"), "Which gate scales the old cell?",
                                         "Which gate scales the old cell state?"))
    res = run("bank", "check", "--bank", str(folder), "--no-builtin", "--seeds", "3")
    assert res.code == 1
    lines = res.out.strip().splitlines()
    assert any(line.startswith(f"{folder / 'a.yaml'}:8: answer Z is out of range") for line in lines)
    assert any(line.startswith(f"{folder / 'b.yaml'}:1: my-numeric: seed 0: mistake 'keras count' gives the "
                               "right answer") for line in lines)
    assert any("nearly repeats" in line and "my-copy" in line and "my-mcq" in line for line in lines)
    assert lines[-1].endswith("3 problems")


def test_every_problem_of_one_item_is_reported_in_one_pass(tmp_path):
    """Newcomer review m19: one pass lists every problem, not just the first of each item."""
    text = _swap(_swap(_swap(GOOD_MCQ, "topic: lstm", "topic: lstmm"), "difficulty: 1", "difficulty: 5"),
                 "answer: B", "answer: Z")
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "items.yaml").write_text(text)
    _, errors = bank.check([folder], builtin=False)
    messages = [e.problem for e in errors]
    assert any(m.startswith("unknown topic 'lstmm'") for m in messages)
    assert any(m.startswith("difficulty must be 1, 2 or 3, got 5") for m in messages)
    assert any(m.startswith("answer Z is out of range") for m in messages)


def test_cli_bank_stats_json(run):
    import json

    data = json.loads(run("bank", "stats", "--json").out)
    assert {"total", "by_type", "by_topic", "by_difficulty", "by_topic_and_type"} <= set(data)
    assert data["total"] == sum(data["by_type"].values()) == sum(data["by_topic"].values())
    assert data["by_type"]["mcq"] >= 200 and data["by_type"]["interview"] >= 60 and data["by_type"]["numeric"] >= 30
    assert min(data["by_topic"].values()) >= 10


def test_cli_bank_solvers_lists_the_registry(run):
    import json

    names = {row["name"] for row in json.loads(run("bank", "solvers", "--json").out)}
    assert {"params", "lstm_forward", "clip_by_norm", "attention"} <= names


def test_quality_gate_counts_topics_and_difficulties(tmp_path):
    from quizrnn.bank import quality

    thin = bank.load([TEST_BANK], builtin=False)
    problems = quality.content(thin)
    assert any("topic esn has 0 items; at least 8 are needed" in p for p in problems)
    assert any("topic lstm has 4 items" in p for p in problems)


TEST_BANK = Path(__file__).parent / "bank"


def _count_parses(monkeypatch):
    from quizrnn import yamlio

    calls = []
    real_parse = yamlio.parse

    def counting(*args, **kwargs):
        calls.append(1)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(yamlio, "parse", counting)
    return calls


def test_parsed_files_are_cached_and_the_cache_follows_edits(tmp_path, monkeypatch):
    loaded, path = _load(tmp_path, GOOD_MCQ)
    calls = _count_parses(monkeypatch)
    again = bank.load([path.parent], builtin=False)
    assert calls == [] and again.items[0].question == loaded.items[0].question  # read from the cache
    path.write_text(_swap(GOOD_MCQ, "Which gate scales the old cell?", "Which gate keeps the old cell?"))
    edited = bank.load([path.parent], builtin=False)
    assert calls == [1] and edited.items[0].question == "Which gate keeps the old cell?"


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path):
    """Reliability F5: the cache was keyed by size and mtime, so such an edit served old items."""
    import os

    _, path = _load(tmp_path, GOOD_MCQ)
    stat = path.stat()
    edited = _swap(GOOD_MCQ, "answer: B", "answer: C")
    assert len(edited) == len(GOOD_MCQ)
    path.write_text(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert bank.load([path.parent], builtin=False).items[0].answers == (2,)


@pytest.mark.parametrize("payload", [
    b"\x80\x04\x95 not json at all",
    b'{"key": 1}',
    b"[" * 100_000,
    b'{"key": "K", "path": "P", "data": {"s": [[{"m": [["id", 1, 1]], "l": 1}, 1]], "l": 1}}',
    b'{"key": "K", "path": "P", "data": {"s": [[{"m": [["answers", 99, 1]], "l": 1}, 1]], "l": 1}}',
])
def test_a_damaged_or_forged_cache_is_rebuilt_never_trusted(tmp_path, payload):
    """Reliability F5: bad types or out-of-range values in a cache crashed every command."""
    from quizrnn.bank import cache

    _, path = _load(tmp_path, GOOD_MCQ)
    key = cache.key_for(path.read_bytes())
    target = cache.path_for(path)
    target.write_bytes(payload.replace(b'"K"', f'"{key}"'.encode()).replace(b'"P"', f'"{path}"'.encode()))
    loaded = bank.load([path.parent], builtin=False)
    assert [i.id for i in loaded.items] == ["my-mcq"] and loaded.items[0].answers == (1,)


def test_a_pickle_planted_as_the_cache_runs_nothing(tmp_path):
    import pickle

    from quizrnn.bank import cache

    _, path = _load(tmp_path, GOOD_MCQ)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (__import__("os").system, (f"touch {marker}",))

    cache.path_for(path).write_bytes(pickle.dumps(Payload()))
    loaded = bank.load([path.parent], builtin=False)
    assert not marker.exists()
    assert loaded.items[0].id == "my-mcq"


def test_the_cache_is_plain_json(tmp_path):
    import json

    from quizrnn.bank import cache

    _, path = _load(tmp_path, GOOD_MCQ)
    stored = json.loads(cache.path_for(path).read_text())
    assert stored["key"] == cache.key_for(path.read_bytes()) and stored["path"] == str(path)


def test_a_file_that_is_not_text_is_one_clear_line(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "items.yaml").write_bytes(b"- id: x\n  question: \xff\xfe\n")
    with pytest.raises(BankError) as info:
        bank.load([folder], builtin=False)
    assert info.value.message == f"{folder / 'items.yaml'}: not UTF-8 text (byte 20)"
