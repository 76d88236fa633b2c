"""quizrnn grade: scores identical to practice, item statistics as Moodle defines them, messy CSVs."""

from __future__ import annotations

import csv
import json
import math
import random
import statistics
from pathlib import Path

import pytest

from quizrnn import bank as bank_module
from quizrnn import grading
from quizrnn.errors import InputError
from quizrnn.grade import grade, report_data, results_csv, write_feedback


from quizrnn.paper import Request, make
from quizrnn.render.values import answer as written
from quizrnn.select import Selection

ROOT = Path(__file__).resolve().parent.parent
BANK = bank_module.load()


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grade")
    files = make(Selection(ids=("params-lstm-textbook", "lstm-one-step-gates", "lstm-forget-gate-history",
                                "lstm-sigmoid-quantities", "gru-reset-gate-purpose", "params-formula",
                                "keras-bidirectional-output-shape"), seed=3), (),
                 Request(str(folder / "exam.json"), variants=2))
    return files["key.json"], json.loads(files["key.json"].read_text())


def _write_csv(path: Path, header: list[str], rows: list[list[str]], **options) -> Path:
    with open(path, "w", newline="", encoding=options.pop("encoding", "utf-8")) as fh:
        csv.writer(fh, **options).writerows([header] + rows)
    return path


def _spec(q):
    from quizrnn.bank import AnswerSpec

    a = q["answer"]
    return AnswerSpec(a["kind"], a["rtol"], a["atol"], symbols=tuple(a["symbols"]), choices=tuple(a["choices"]))


def _value(q, value):
    return tuple(value) if q["answer"]["kind"] == "shape" else value


def _perturbed(q, rng):
    """The right value moved a little, still within tolerance (reals and vectors)."""
    kind, value = q["answer"]["kind"], q["answer"]["value"]
    if kind == "real":
        return f"{value * (1 + 2e-4):.6f}"
    if kind == "vector":
        return "[" + ", ".join(f"{v + 3e-4:.6f}" for v in value) + "]"
    return q["answer_text"]


def test_a_class_of_200_gets_exactly_the_expected_scores(paper, tmp_path):
    """Each student answers every question one way: right, a declared mistake, within tolerance,
    blank or garbage; the expected score is worked out here, independently of the grader's cache."""
    key_path, key = paper
    rng = random.Random(5)
    header = ["student", "variant"] + [f"q{n}" for n in range(1, 8)]
    rows, expected = [], {}
    for s in range(200):
        variant = key["variants"][s % 2]
        cells, total = [], 0.0
        for q in variant["questions"]:
            how = rng.choice(["right", "mistake", "tolerance", "blank", "garbage"])
            if q["kind"] == "interview":
                mark = rng.choice(["", "0", "2", str(q["points"]), "1.5"])
                cells.append(mark)
                total += float(mark) if mark else 0
                continue
            if how == "mistake" and q["kind"] == "numeric" and q["mistakes"]:
                m = rng.choice(q["mistakes"])
                cells.append(written(q["answer"]["kind"], _value(q, m["value"]), _spec(q)))
                # a vector mistake may share components with the answer: partial credit per component
                g = grading.grade_numeric(_spec(q), cells[-1], _value(q, q["answer"]["value"]))
                total += g.score * q["points"]
            elif how == "mistake" and q["kind"] == "mcq":
                wrong = [k for k in range(len(q["choices"])) if k not in q["answers"]]
                cells.append("ABCD"[wrong[0]])
            elif how == "tolerance" and q["kind"] == "numeric":
                cells.append(_perturbed(q, rng))
                total += q["points"]
            elif how in ("right", "tolerance", "mistake"):
                cells.append(q["answer_text"].lower() if q["kind"] == "mcq" else q["answer_text"])
                total += q["points"]
            elif how == "blank":
                cells.append("")
            else:
                cells.append("¯\\_(ツ)_/¯")
        rows.append([f"s{s:03d}", variant["code"]] + cells)
        expected[f"s{s:03d}"] = total
    report = grade(str(key_path), str(_write_csv(tmp_path / "class.csv", header, rows)))
    assert len(report.results) == 200 and report.ungradable == 0
    for result in report.results:
        assert math.isclose(result.total, expected[result.student], abs_tol=1e-6), result.student


def test_a_score_is_the_one_practice_gives(paper, tmp_path):
    from quizrnn import templates

    key_path, key = paper
    variant = key["variants"][1]
    q = next(q for q in variant["questions"] if q["item"] == "lstm-one-step-gates")
    mistake = q["mistakes"][0]
    typed = written("vector", mistake["value"], _spec(q))
    item = BANK.by_id[q["item"]]
    v = templates.instantiate(item, q["seed"])
    practice_grade = grading.grade_numeric(item.answer, typed, v.expected, v.mistakes)
    header = ["student", "variant", f"q{q['number']}"]
    report = grade(str(key_path), str(_write_csv(tmp_path / "a.csv", header, [["x", variant["code"], typed]])))
    cell = next(c for c in report.results[0].cells if c.number == q["number"])
    assert cell.score == practice_grade.score * q["points"] and cell.mistake == practice_grade.mistake == mistake["name"]


def test_item_statistics_match_a_hand_computation(tmp_path):
    """Four students, three one-point MCQs; the numbers below are worked out by hand."""
    files = make(Selection(ids=("lstm-forget-gate-history", "gru-origin", "rnn-basics-unrolling"), seed=1), (),
                 Request(str(tmp_path / "s.json")))
    key = json.loads(files["key.json"].read_text())
    qs = key["variants"][0]["questions"]
    right = [q["answer_text"] for q in qs]
    wrong = ["ABCD"[next(k for k in range(4) if k not in q["answers"])] for q in qs]
    # scores (q1, q2, q3): s1 1 1 1 · s2 1 1 0 · s3 1 0 0 · s4 0 0 0
    pattern = [(1, 1, 1), (1, 1, 0), (1, 0, 0), (0, 0, 0)]
    rows = [[f"s{k}", key["variants"][0]["code"]] + [right[j] if p[j] else wrong[j] for j in range(3)]
            for k, p in enumerate(pattern, 1)]
    report = grade(str(files["key.json"]), str(_write_csv(tmp_path / "s.csv", ["student", "variant", "q1", "q2",
                                                                                 "q3"], rows)))
    by_number = {s.numbers[0]: s for s in report.items}
    # facility: 3/4, 2/4, 1/4
    assert [by_number[n].facility for n in (1, 2, 3)] == [75.0, 50.0, 25.0]
    # SD (sample) of [1,1,1,0] is 0.5; of [1,1,0,0] is 0.5774
    assert by_number[1].sd == pytest.approx(50.0) and by_number[2].sd == pytest.approx(57.735, abs=1e-3)
    # discrimination of q1: r([1,1,1,0], rest [2,1,0,0]) = 0.75 / √(0.75 · 2.75) = 0.5222
    rest = [2, 1, 0, 0]
    assert by_number[1].discrimination == pytest.approx(100 * statistics.correlation([1, 1, 1, 0], rest))
    assert by_number[1].discrimination == pytest.approx(52.22, abs=0.01)
    # totals 3,2,1,0: mean 50%, median 50%, SD 43.03%; KR-20 = 3/2·(1 − (0.25+1/3+0.25)/(5/3)) = 0.75
    assert report.test.mean == 50.0 and report.test.median == 50.0
    assert report.test.sd == pytest.approx(43.033, abs=1e-3)
    assert report.test.alpha_name == "KR-20" and report.test.alpha == pytest.approx(0.75)
    assert by_number[3].flags == [] and by_number[1].choices and sum(c["count"] for c in by_number[1].choices) == 4


def test_flags_for_too_easy_too_hard_and_weak_discrimination(tmp_path):
    files = make(Selection(ids=("lstm-forget-gate-history", "gru-origin", "rnn-basics-unrolling"), seed=1), (),
                 Request(str(tmp_path / "s.json")))
    key = json.loads(files["key.json"].read_text())
    code, qs = key["variants"][0]["code"], key["variants"][0]["questions"]
    right = [q["answer_text"] for q in qs]
    wrong = ["ABCD"[next(k for k in range(4) if k not in q["answers"])] for q in qs]
    rows = []
    for k in range(20):  # q3 is right for half the class, but wrong for the one student who got q2
        rows.append([f"s{k}", code, right[0], right[1] if k == 0 else wrong[1],
                     right[2] if k % 2 else wrong[2]])
    report = grade(str(files["key.json"]), str(_write_csv(tmp_path / "s.csv", ["student", "variant", "q1", "q2", "q3"],
                                                         rows)))
    flags = {s.numbers[0]: s.flags for s in report.items}
    assert "too easy" in flags[1] and "too hard" in flags[2] and "weak discrimination" in flags[3]


def test_messy_csv_is_normal(paper, tmp_path):
    key_path, key = paper
    v1, v2 = key["variants"][0], key["variants"][1]
    right1 = [q["answer_text"] for q in v1["questions"]]
    text = ("\ufeff Student ; q2;VARIANT ; q1 ;q3;q4;q5;q6;q7;comment\r\n"
            f'Ana;"{right1[1]}";{v1["code"].lower()};{right1[0]};{right1[2]};{right1[3]};{right1[4]};'
            f'"{right1[5]}";"{right1[6]}";hi\r\n'
            f"Bo ; ; {v2['code']} ;;;;;;\r\n"
            "\r\n"
            f"Cy;1;NOPE;1;1;1;1;1;1;\r\n"
            f"Ana;1;{v1['code']};1;1;1;1;1;1;\r\n"
            f";1;{v1['code']};1;1;1;1;1;1;\r\n"
            f"Di;1;{v1['code']};1\r\n")
    path = tmp_path / "messy.csv"
    path.write_bytes(text.encode("utf-8"))
    report = grade(str(key_path), str(path))
    names = [r.student for r in report.results]
    assert names == ["Ana", "Bo", "Di"] and report.ungradable == 3
    ana = report.results[0]
    assert ana.total == ana.points and ana.complete  # every answer right, the interview marked in full
    assert [c.verdict for c in report.results[1].cells if c.verdict != "unmarked"] == ["blank"] * 6
    messages = "\n".join(report.problems)
    assert f"{path}:1, column 10: 'comment' is not a column quizrnn reads; ignored" in messages
    # line numbers count the file's lines, the blank line 4 included, as a spreadsheet shows them
    assert f"{path}:5, column variant: NOPE is not a variant of this paper" in messages
    assert f"{path}:6, column student: Ana is already at line 2; row not graded" in messages
    assert f"{path}:7, column student: no student name or id; row not graded" in messages
    assert f"{path}:8: 4 cells but the header has 10 columns" in messages


def test_a_spreadsheet_in_windows_1252_is_read(paper, tmp_path):
    key_path, key = paper
    v = key["variants"][0]
    path = _write_csv(tmp_path / "w.csv", ["student", "variant", "q1"], [["Zoë Müller", v["code"], v["questions"][0]
                                                                         ["answer_text"]]], encoding="cp1252")
    report = grade(str(key_path), str(path))
    assert report.results[0].student == "Zoë Müller" and report.results[0].cells[0].verdict == "correct"
    assert any("read as Windows-1252" in p for p in report.problems)
    assert any("no column for q2, q3, q4, q5, q6, q7" in p for p in report.problems) and report.missing


def test_unreadable_cells_score_zero_but_the_row_is_graded(paper, tmp_path):
    key_path, key = paper
    v = key["variants"][0]
    rows = [["x", v["code"]] + ["Z", "[1, 2, 3, 4, 5]", "Q", "A, Q", "seven", "n + ", "(None,"]]
    report = grade(str(key_path), str(_write_csv(tmp_path / "u.csv", ["student", "variant"] +
                                                 [f"q{n}" for n in range(1, 8)], rows)))
    cells = report.results[0].cells
    assert report.ungradable == 0
    for cell in cells:
        if cell.verdict != "unmarked":
            assert cell.score == 0 and cell.verdict == "unreadable" and cell.message, cell


def test_a_huge_formula_answer_is_refused_quickly(paper, tmp_path):
    import time

    key_path, key = paper
    v = key["variants"][0]
    number = next(q["number"] for q in v["questions"] if q["item"] == "params-formula")
    path = _write_csv(tmp_path / "f.csv", ["student", "variant", f"q{number}"],
                      [["x", v["code"], "((((((((9^10)^10)^10)^10)^10)^10)^10)^10)"],
                       ["y", v["code"], "(" * 5000 + "n" + ")" * 5000]])
    start = time.process_time()
    report = grade(str(key_path), str(path))
    assert time.process_time() - start < 2
    assert all(next(c for c in r.cells if c.number == number).verdict == "unreadable" for r in report.results)


def test_a_tampered_or_newer_key_is_refused(paper, tmp_path):
    key_path, key = paper
    answers = _write_csv(tmp_path / "a.csv", ["student", "q1"], [["x", "1"]])
    tampered = json.loads(key_path.read_text())
    tampered["variants"][0]["questions"][0]["item"] = "made-up-item"
    (tmp_path / "t.json").write_text(json.dumps(tampered))
    with pytest.raises(InputError, match="question 1: item 'made-up-item' is not in the bank"):
        grade(str(tmp_path / "t.json"), str(answers))
    newer = json.loads(key_path.read_text())
    newer["format"] = 99
    newer["quizrnn"] = "9.0"
    (tmp_path / "n.json").write_text(json.dumps(newer))
    with pytest.raises(InputError, match=r"written by quizrnn 9.0 \(key format 99\); this quizrnn reads format 1"):
        grade(str(tmp_path / "n.json"), str(answers))
    (tmp_path / "x.json").write_text("{not json")
    with pytest.raises(InputError, match=r"x.json:1:2: not a quizrnn key"):
        grade(str(tmp_path / "x.json"), str(answers))


def test_feedback_files_name_the_mistakes(paper, tmp_path):
    key_path, key = paper
    v = key["variants"][0]
    q = next(q for q in v["questions"] if q["item"] == "lstm-one-step-gates")
    mistake = q["mistakes"][0]
    typed = written("vector", mistake["value"], _spec(q))
    header = ["student", "variant", f"q{q['number']}", "q1"]
    path = _write_csv(tmp_path / "f.csv", header, [["Ana Lopez", v["code"], typed, "1"],
                                                   ["Ben", v["code"], q["answer_text"], ""]])
    report = grade(str(key_path), str(path))
    assert write_feedback(report, tmp_path / "feedback") == 2
    ana = (tmp_path / "feedback" / "Ana_Lopez.md").read_text()
    assert f"**Mistake: {mistake['name']}.**" in ana and mistake["feedback"] in ana and "**Worked solution**" in ana
    ben = (tmp_path / "feedback" / "Ben.md").read_text()
    assert "Mistake:" not in ben.split("### Question 2")[0] if "### Question 2" in ben else True
    assert write_feedback(report, tmp_path / "pdf", "pdf") == 2
    import pypdf

    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "pdf" / "Ana_Lopez.pdf").pages)
    assert mistake["name"] in text and "Ana Lopez" in text


def test_outputs_csv_json_and_exit_code(paper, tmp_path, run):
    key_path, key = paper
    v = key["variants"][0]
    path = _write_csv(tmp_path / "a.csv", ["student", "variant", "q1"], [["x", v["code"], v["questions"][0]
                                                                          ["answer_text"]], ["y", "NOPE", "1"]])
    res = run("grade", str(key_path), str(path), "--format", "json")
    data = json.loads(res.out)
    assert res.code == 1 and [s["student"] for s in data["students"]] == ["x"]
    assert data["students"][0]["questions"][0]["verdict"] == "correct" and "items" in data["stats"]
    res = run("grade", str(key_path), str(path), "--format", "csv")
    rows = list(csv.reader(res.out.splitlines()))
    assert rows[0][:6] == ["student", "variant", "total", "points", "percent", "fully_marked"]
    assert rows[1][:2] == ["x", v["code"]] and "q1_verdict" in rows[0]
    res = run("grade", str(key_path), str(path), "--stats")
    assert "Item analysis" in res.out and "Test statistics" in res.out and "NOPE is not a variant" in res.err


def test_example_class(run, tmp_path):
    res = run("grade", str(ROOT / "examples/class/exam-key.json"),
              str(ROOT / "examples/class/class-with-problems.csv"), "--stats", "--feedback", str(tmp_path / "fb"))
    assert res.code == 1  # the example has an unknown variant and a duplicate student
    assert "30 students graded, 2 rows set aside" in res.out and "too easy" in res.out
    assert len(list((tmp_path / "fb").glob("*.md"))) == 30


def test_report_data_and_csv_agree(paper, tmp_path):
    key_path, key = paper
    v = key["variants"][1]
    path = _write_csv(tmp_path / "a.csv", ["student", "variant"] + [f"q{n}" for n in range(1, 8)],
                      [["x", v["code"]] + [q["answer_text"] for q in v["questions"]]])
    report = grade(str(key_path), str(path))
    data = report_data(report)
    assert data["students"][0]["fully_marked"] and data["students"][0]["percent"] == 100.0
    assert results_csv(report).splitlines()[1].startswith(f"x,{v['code']},")


def test_item_statistics_survive_shuffled_questions(tmp_path):
    files = make(Selection(topics=("gru",), types=("mcq",), count=4, seed=2), (),
                 Request(str(tmp_path / "p.json"), variants=2, shuffle_questions=True))
    key = json.loads(files["key.json"].read_text())
    rows = []
    for k in range(6):
        v = key["variants"][k % 2]
        rows.append([f"s{k}", v["code"]] + [q["answer_text"] if (k + j) % 3 else "A" for j, q in
                                            enumerate(v["questions"])])
    report = grade(str(files["key.json"]), str(_write_csv(tmp_path / "s.csv", ["student", "variant", "q1", "q2",
                                                                                "q3", "q4"], rows)))
    assert len(report.items) == 4 and all(sum(c["count"] for c in s.choices) == 6 for s in report.items)
    assert report.test.alpha is not None or report.test.complete < 2

