"""quizrnn paper: variants, keys that agree with practice, Typst and Markdown output, clean failures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from quizrnn import bank as bank_module
from quizrnn import grading, templates
from quizrnn.errors import InputError
from quizrnn.paper import Request, make
from quizrnn.paper.blueprint import load as load_blueprint
from quizrnn.paper.build import build
from quizrnn.select import Selection

ROOT = Path(__file__).resolve().parent.parent
BANK = bank_module.load()


def _pdf_text(path: Path) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module")
def midterm(tmp_path_factory):
    folder = tmp_path_factory.mktemp("paper")
    selection = Selection(topics=("lstm", "gru"), count=8, seed=1)
    files = make(selection, (), Request(str(folder / "midterm.pdf"), variants=3))
    return files, json.loads(files["key.json"].read_text())


def test_the_issue_example_writes_three_files_with_three_variants(midterm):
    files, key = midterm
    assert {p.name for p in files.values()} == {"midterm.pdf", "midterm-key.pdf", "midterm-key.json"}
    pages = _pdf_text(files["paper"])
    codes = [v["code"] for v in key["variants"]]
    assert len(codes) == len(set(codes)) == 3
    text = "\n".join(pages)
    for code in codes:
        assert f"Variant {code}" in text
    for variant in key["variants"]:
        mine = "\n".join(p for p in pages if f"Variant {variant['code']}" in p)
        for q in variant["questions"]:
            assert f"{q['number']}." in mine
    assert "Recurrent networks: lstm, gru" in text
    # each variant starts on its own page and numbers its pages "x of y"
    starts = [k for k, page in enumerate(pages) if "Name:" in page]
    assert len(starts) == 3 and all("Page 1 of" in pages[k] for k in starts)
    key_text = "\n".join(_pdf_text(files["key"]))
    assert all(f"Variant {code}" in key_text for code in codes) and "Worked answers" in key_text


def test_the_same_seed_gives_the_same_paper(tmp_path, midterm):
    files, _ = midterm
    again = make(Selection(topics=("lstm", "gru"), count=8, seed=1), (), Request(str(tmp_path / "m.pdf"), variants=3))
    assert again["key.json"].read_bytes() == files["key.json"].read_bytes()
    assert _pdf_text(again["paper"]) == _pdf_text(files["paper"])
    assert again["paper"].read_bytes() == files["paper"].read_bytes()
    md1 = make(Selection(topics=("lstm",), count=5, seed=4), (), Request(str(tmp_path / "a.md"), variants=2))
    md2 = make(Selection(topics=("lstm",), count=5, seed=4), (), Request(str(tmp_path / "b.md"), variants=2))
    assert md1["paper"].read_bytes() == md2["paper"].read_bytes()
    assert md1["key"].read_bytes() == md2["key"].read_bytes()
    assert md1["key.json"].read_bytes() == md2["key.json"].read_bytes()


def test_variants_share_items_but_not_numbers(midterm):
    _, key = midterm
    variants = key["variants"]
    items = [[q["item"] for q in v["questions"]] for v in variants]
    assert items[0] == items[1] == items[2]
    for k, first in enumerate(variants[0]["questions"]):
        others = [v["questions"][k] for v in variants[1:]]
        if first["kind"] == "numeric" and BANK.by_id[first["item"]].params:
            assert all(o["values"] != first["values"] for o in others), first["item"]
        if first["kind"] == "mcq":
            orders = {tuple(first["order"])} | {tuple(o["order"]) for o in others}
            assert len(orders) > 1 or len(first["order"]) < 3


def test_every_key_answer_is_what_practice_accepts(midterm):
    _, key = midterm
    for variant in key["variants"]:
        for q in variant["questions"]:
            item = BANK.by_id[q["item"]]
            if q["kind"] == "numeric":
                v = templates.instantiate(item, q["seed"])
                grade = grading.grade_numeric(item.answer, q["answer_text"], v.expected, v.mistakes)
                assert grade.verdict == grading.CORRECT, (q["item"], q["answer_text"])
                assert v.values == q["values"] or json.loads(json.dumps(v.values)) == q["values"]
            elif q["kind"] == "mcq":
                from dataclasses import replace

                shown = replace(item, choices=tuple(item.choices[k] for k in q["order"]),
                                answers=tuple(q["answers"]))
                assert grading.grade_mcq(shown, q["answer_text"]).verdict == grading.CORRECT
                assert [c["text"] for c in q["choices"]] == [item.choices[k].text for k in q["order"]]
            else:
                assert float(q["answer_text"]) == q["points"]


def test_blueprint_is_followed(tmp_path):
    files = make(Selection(seed=7), (), Request(str(tmp_path / "exam.pdf"), blueprint=str(ROOT / "examples/midterm.yaml"),
                                                 variants=2))
    key = json.loads(files["key.json"].read_text())
    questions = key["variants"][0]["questions"]
    sections = [q["section"] for q in questions]
    assert sections == ["Part A, multiple choice"] * 6 + ["Part B, calculations"] * 2 + \
        ["Part C, gradients"] + ["Part D, explain"]
    assert [q["item"] for q in questions[6:8]] == ["params-lstm-textbook", "lstm-one-step-gates"]
    assert all(q["kind"] == "mcq" and q["points"] == 1 and BANK.by_id[q["item"]].topic in ("rnn-basics", "lstm", "gru")
               and BANK.by_id[q["item"]].difficulty in (1, 2) for q in questions[:6])
    assert questions[8]["points"] == 3 and questions[9]["kind"] == "interview" and questions[9]["points"] == 6
    text = "\n".join(_pdf_text(files["paper"]))
    assert "Midterm, recurrent neural networks" in text and "75 minutes" in text and "Part D, explain" in text


def test_shuffle_questions_keeps_each_section_together(tmp_path):
    plan = load_blueprint(ROOT / "examples/midterm.yaml")
    paper = build(BANK, plan, 3, variants=4, shuffle_questions=True)
    firsts = [[q.item.id for q in v.sections[0].questions] for v in paper.variants]
    assert len({tuple(f) for f in firsts}) > 1 and all(sorted(f) == sorted(firsts[0]) for f in firsts)
    assert all([q.number for q in v.questions] == list(range(1, 11)) for v in paper.variants)


def test_inline_solutions_make_a_study_sheet(tmp_path):
    files = make(Selection(topics=("lstm",), types=("numeric",), count=3, seed=2), (),
                 Request(str(tmp_path / "sheet.pdf"), solutions="inline"))
    text = "\n".join(_pdf_text(files["paper"]))
    assert text.count("Solution.") == 3 and "Answer:" in text


def test_solutions_none_keeps_only_the_answer_tables(tmp_path):
    files = make(Selection(topics=("gru",), count=3, seed=2), (), Request(str(tmp_path / "s.md"), solutions="none"))
    assert "Worked answers" not in files["key"].read_text() and "| No. | Answer |" in files["key"].read_text()


@pytest.mark.parametrize("setup, message", [
    (lambda tmp: Request(str(tmp / "missing" / "x.pdf")), "the folder"),
    (lambda tmp: Request(str(tmp / "x.docx")), "choose a .pdf, .md or .json file"),
])
def test_output_errors(tmp_path, setup, message):
    with pytest.raises(InputError, match=message):
        make(Selection(count=2, seed=1), (), setup(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_unknown_item_and_too_few_matches(tmp_path):
    with pytest.raises(InputError) as info:
        make(Selection(ids=("lstm-forget-gate-rol",), seed=1), (), Request(str(tmp_path / "x.pdf")))
    assert info.value.message.startswith("--item: no item 'lstm-forget-gate-rol' in the bank; did you mean")
    plan = tmp_path / "plan.yaml"
    plan.write_text("title: T\nsections:\n  - title: Lots\n    draw: {topic: esn, type: numeric, count: 40}\n")
    with pytest.raises(InputError) as info:
        make(Selection(seed=1), (), Request(str(tmp_path / "x.pdf"), blueprint=str(plan)))
    assert info.value.message.startswith(f"{plan}:4: section 'Lots' asks for 40 items but only ")
    assert "match topic esn and type numeric" in info.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


@pytest.mark.parametrize("text, message", [
    ("title: T\n", ":1: sections must be a list"),
    ("title: T\nsections:\n  - title: A\n    draw: {topic: lstmm, count: 2}\n", ":4: section 1: unknown topic 'lstmm'"),
    ("title: T\nsections:\n  - title: A\n    pionts: 2\n    items: [x]\n", ":4: section 1: unknown key 'pionts'"),
    ("title: T\nsections:\n  - title: A\n    draw: {type: mcq}\n", ":4: section 1: draw needs a count"),
    ("title: T\nsections:\n  - title: A\n    points: -1\n    items: [x]\n", ":4: section 1: points must be"),
    ("sections: [1\n", ":2:1:"),
    ("title: T\nsections:\n  - title: A\n", ":3: section 1: give items"),
])
def test_bad_blueprints_name_file_and_line(tmp_path, text, message):
    plan = tmp_path / "plan.yaml"
    plan.write_text(text)
    with pytest.raises(InputError) as info:
        load_blueprint(plan)
    assert message in info.value.message and info.value.message.startswith(str(plan))


def test_a_typst_failure_names_the_question_and_writes_nothing(tmp_path, monkeypatch):
    from quizrnn.render import typst

    real = typst.question

    def broken(q, inline=False):
        out = real(q, inline)
        return out + "#unknown-function()" if q.number == 2 else out

    monkeypatch.setattr(typst, "question", broken)
    with pytest.raises(InputError) as info:
        make(Selection(topics=("lstm",), count=3, seed=1), (), Request(str(tmp_path / "x.pdf")))
    assert info.value.message.startswith("the paper could not be typeset at question 2 (")
    assert "run with --debug" in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_cli_paper(run, tmp_path):
    res = run("paper", "--topic", "lstm", "--count", "3", "--seed", "2", "-o", str(tmp_path / "p.md"))
    assert res.code == 0 and res.out.splitlines() == [f"wrote {tmp_path / 'p.md'}", f"wrote {tmp_path / 'p-key.md'}",
                                                       f"wrote {tmp_path / 'p-key.json'}"]
    res = run("paper", "--count", "2")
    assert res.code == 2 and "Missing option '--output'" in res.err
    res = run("paper", "--item", "nope", "-o", str(tmp_path / "q.pdf"))
    assert res.code == 1 and res.err.startswith("Error: --item: no item 'nope'")


def test_no_progress_bar_when_not_a_terminal(run, tmp_path):
    res = run("paper", "--count", "2", "--variants", "5", "--seed", "1", "-o", str(tmp_path / "p.pdf"))
    assert res.code == 0 and "Building" not in res.err and res.err == ""


def test_the_json_format_has_no_answers(tmp_path):
    files = make(Selection(topics=("gru",), count=4, seed=5), (), Request(str(tmp_path / "p.json"), variants=2))
    data = json.loads(files["paper"].read_text())
    assert set(files) == {"paper", "key.json"}
    text = json.dumps(data)
    assert "answer_text" not in text and "mistakes" not in text and len(data["variants"]) == 2


# ----------------------------------------------------------------------------- math for every step


def _every_working_line():
    lines = set()
    for item in (i for i in BANK.items if i.type == "numeric"):
        for seed in range(100):
            solution = templates.instantiate(item, seed).solution
            for step in solution.steps:
                for part in (step.title, step.formula, step.substitution, step.name, step.note):
                    lines.update(line for line in (part or "").split("\n") if line.strip())
    return sorted(lines)


def test_every_step_of_every_template_typesets():
    """100 seeds of every template: every formula, substitution and result line compiles in Typst."""
    from quizrnn.render import typst

    lines = _every_working_line()
    assert len(lines) > 2000
    source = "\n\n".join(typst.math(line) for line in lines)
    typst.compile_pdf(source)  # raises on the first line Typst cannot read


def test_every_solve_form_typesets(tmp_path):
    from quizrnn import forwardspec, solve
    from quizrnn.render import typst

    solutions = [solve.params("lstm", 128, 64), solve.params("gru", 128, 64, convention="keras"),
                 solve.params("lstm", 64, 32, layers=2, bidirectional=True, convention="pytorch", proj_size=16),
                 solve.model("Embedding(1000, 64), GRU(256, return_sequences=True), SimpleRNN(128), Dense(10)"),
                 solve.model("nn.Embedding(5000, 100), nn.LSTM(100, 128, batch_first=True), nn.Linear(128, 2)"),
                 solve.model(str(ROOT / "examples/models/imdb_bidirectional_lstm.py"))]
    solutions += [forwardspec.solve(p) for p in sorted((ROOT / "examples").glob("*.y*ml"))
                  if p.name != "midterm.yaml"] + [forwardspec.solve(ROOT / "examples/bilstm_pytorch.json")]
    source = typst._preamble("t", "") + "\n\n".join(typst.solution(s) for s in solutions)
    assert typst.compile_pdf(source).startswith(b"%PDF")


@pytest.mark.parametrize("text", ["a # b $c$ *d* _e_ `f` <g> @h [i] ~j // k /* l", "= heading", "- list", "+ item",
                                  "1. numbered", "\\ backslash", "h_(t−1) and W_hh", "\x1b[31mred"])
def test_bank_text_is_escaped_for_typst(text):
    from quizrnn.render import typst

    source = typst.prose(text)
    pdf = typst.compile_pdf(source)
    import pypdf

    extracted = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for word in ("heading", "list", "item", "numbered", "backslash", "red"):
        if word in text:
            assert word in extracted
