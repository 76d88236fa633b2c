"""quizrnn export: Moodle XML, GIFT, QTI 1.2 and Anki, read back and checked against the solver.

The items of tests/bank-export hold every character the formats treat specially; each file
is parsed again (XML with defusedxml, GIFT with a small reader that follows Moodle's own
parser, the QTI zip and the Anki collection) and the texts, answers and grades are compared
with what the bank and the solver say.
"""

from __future__ import annotations

import html
import io
import re
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from quizrnn.bank.files import BankSource
from quizrnn.export import collect, write
from quizrnn.render import lms
from quizrnn.select import Selection

EXPORT_BANK = Path(__file__).parent / "bank-export"
SOURCE = BankSource((str(EXPORT_BANK),), False)
ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "pre", "ol", "ul", "li", "table", "tr", "td", "th", "div", "hr"}
MOODLE_FRACTIONS = {"100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30", "25",
                    "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0"}


@pytest.fixture(scope="module")
def export():
    return collect(Selection(count=None), SOURCE, variants=3)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def html_text(fragment: str) -> tuple[set[str], str]:
    """The tags an HTML fragment uses and its text (entities decoded)."""
    parser = Tags()
    parser.feed(fragment)
    return parser.tags, "".join(parser.text)


def plain(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- Moodle XML


@pytest.fixture(scope="module")
def moodle(export):
    data, left = write("moodle", export)
    return SafeET.fromstring(data), left


def _questions(root):
    category = None
    for q in root.findall("question"):
        if q.get("type") == "category":
            category = q.find("category/text").text
            continue
        yield category, q


def test_moodle_categories_and_types(moodle, export):
    root, left = moodle
    assert left == []
    seen = {}
    for category, q in _questions(root):
        seen[q.find("idnumber").text] = (category, q.get("type"))
    assert seen["export-mcq-specials"] == ("$course$/top/quizrnn/rnn-basics", "multichoice")
    assert seen["export-interview-specials"] == ("$course$/top/quizrnn/lstm", "essay")
    kinds = {idn.split("@")[0]: (cat, kind) for idn, (cat, kind) in seen.items() if "@" in idn}
    assert kinds["export-numeric-integer"] == ("$course$/top/quizrnn/lstm/export-numeric-integer", "numerical")
    assert kinds["export-numeric-real"][1] == "numerical"
    assert kinds["export-numeric-vector"] == ("$course$/top/quizrnn/training/export-numeric-vector", "cloze")
    assert kinds["export-numeric-formula"][1] == "shortanswer"
    assert len(seen) == 3 + 4 * 3  # MCQs and the interview once, each template three times
    assert len(set(seen)) == len(seen), "idnumbers must be unique"


def test_moodle_fractions_are_ones_moodle_accepts_and_add_up(moodle):
    root, _ = moodle
    for _, q in _questions(root):
        if q.get("type") != "multichoice":
            continue
        fractions = [a.get("fraction") for a in q.findall("answer")]
        assert {f.lstrip("-") for f in fractions} <= MOODLE_FRACTIONS, fractions
        positive = sum(float(f) for f in fractions if float(f) > 0)
        assert abs(positive - 100) < 1e-3
        if q.find("single").text == "false":  # each wrong choice takes away what a right one gives
            assert {f for f in fractions if f.startswith("-")} == {"-33.33333"}
        assert q.find("shuffleanswers").text == "true"


def test_moodle_numbers_are_the_solvers_with_the_items_tolerance(moodle, export):
    from quizrnn.templates import instantiate

    root, _ = moodle
    by_uid = {export.uid(q): q for q in export.questions}
    checked = 0
    for _, node in _questions(root):
        if node.get("type") != "numerical":
            continue
        q = by_uid[node.find("idnumber").text]
        again = instantiate(q.item, q.seed)  # recomputed from the seed, not read from the export
        answers = node.findall("answer")
        right = answers[0]
        assert right.get("fraction") == "100"
        assert float(right.find("text").text) == pytest.approx(float(again.expected), rel=1e-9)
        spec = q.item.answer
        expected_tol = 0 if spec.kind == "integer" else max(spec.atol, spec.rtol * abs(float(again.expected)))
        assert float(right.find("tolerance").text) == pytest.approx(expected_tol, rel=1e-5)
        mistakes = answers[1:]
        assert mistakes and all(m.get("fraction") == "0" for m in mistakes)
        names = [html_text(m.find("feedback/text").text)[1] for m in mistakes]
        assert any(mistake.name in name for mistake, _ in again.mistakes for name in names)
        checked += 1
    assert checked == 6


def test_moodle_cloze_has_one_blank_per_component(moodle, export):
    root, _ = moodle
    by_uid = {export.uid(q): q for q in export.questions}
    for _, node in _questions(root):
        if node.get("type") != "cloze":
            continue
        q = by_uid[node.find("idnumber").text]
        text = node.find("questiontext/text").text
        blanks = re.findall(r"\{1:NUMERICAL:=([^:}]+):([^}]+)\}", text)
        assert [float(v) for v, _ in blanks] == pytest.approx([float(x) for x in q.variant.expected])
        assert len(re.findall(r"\{\d*:", text)) == len(blanks), "a brace of the prompt became a cloze blank"


def test_moodle_text_survives_escaping_and_carries_no_markup_of_its_own(moodle):
    root, _ = moodle
    texts = {}
    for _, q in _questions(root):
        for node in q.iter("text"):
            if node.text and "<" in node.text:
                tags, _ = html_text(node.text)
                assert tags <= ALLOWED_TAGS, tags  # <tag> and <b> from the bank stayed text
        texts[q.find("idnumber").text] = q
    mcq = texts["export-mcq-specials"]
    _, question = html_text(mcq.find("questiontext/text").text)
    assert "If a < b && c > d, which of {x: 1} ~ y = z # w holds?" in question and '"quotes" or \\ back' in question
    choices = [html_text(a.find("text").text)[1] for a in mcq.findall("answer")]
    assert choices[0] == 'a <b> & "c" {not} ~tilde'
    feedback = html_text(mcq.find("answer/feedback/text").text)[1]
    assert feedback == 'Because {x: 1} = #2 ~ never; see <tag> & "why".'
    general = html_text(mcq.find("generalfeedback/text").text)[1]
    assert "{braces} & <angles> ~ = # : \\ all stay." in general


def test_moodle_essay_gives_the_grader_the_key_points(moodle):
    root, _ = moodle
    essay = next(q for _, q in _questions(root) if q.get("type") == "essay")
    info = html_text(essay.find("graderinfo/text").text)[1]
    assert "Additive update <not> multiplicative & {so} on" in info and "Gradient flows: ~ = #" in info
    assert essay.find("responseformat").text == "editor" and essay.find("defaultgrade").text == "4"


def test_moodle_formula_forms_are_literal(moodle):
    root, _ = moodle
    node = next(q for _, q in _questions(root) if q.get("type") == "shortanswer")
    forms = [a.find("text").text for a in node.findall("answer")]
    assert "3n(n + d + 1)" in forms and "3n(n+d+1)" in forms
    assert all("*" not in f.replace("\\*", "") for f in forms), "an unescaped * is a wildcard in Moodle"


def test_moodle_export_is_the_same_twice(export):
    assert write("moodle", export)[0] == write("moodle", collect(Selection(count=None), SOURCE, variants=3))[0]


def test_math_is_tex_between_mathjax_delimiters(export):
    q = next(q for q in export.questions if q.item.id == "export-numeric-integer")
    feedback = lms.explanation(q)
    assert "\\(" in feedback and "\\)" in feedback
    assert "<strong>Worked solution</strong>" in feedback


# ----------------------------------------------------------------------------- GIFT


def _gift_pre(text: str) -> str:
    """Moodle's escapedchar_pre: escaped specials become placeholders before parsing."""
    text = text.replace("\\\\", "&&092;")
    for char, holder in ((":", "&&058;"), ("#", "&&035;"), ("=", "&&061;"), ("{", "&&123;"), ("}", "&&125;"),
                         ("~", "&&126;"), ("n", "&&010")):
        text = text.replace("\\" + char, holder)
    return text.replace("&&092;", "\\")


def _gift_post(text: str) -> str:
    for char, holder in ((":", "&&058;"), ("#", "&&035;"), ("=", "&&061;"), ("{", "&&123;"), ("}", "&&125;"),
                         ("~", "&&126;"), ("\n", "&&010")):
        text = text.replace(holder, char)
    return text


def read_gift(data: str) -> dict:
    """A GIFT reader after Moodle's: name, question text, answers (mark, weight, text, feedback), general feedback."""
    out, category = {}, None
    for block in re.split(r"\n\s*\n", data):
        lines = [line for line in block.split("\n") if not line.strip().startswith("//")]
        text = _gift_pre("\n".join(lines).strip())
        if not text:
            continue
        if text.startswith("$CATEGORY:"):
            category = text[len("$CATEGORY:"):].strip()
            continue
        assert text.startswith("::")
        name, text = text[2:].split("::", 1)
        start, end = text.index("{"), text.index("}")
        question, body = text[:start], text[start + 1:end].strip()
        general = ""
        if "####" in body:
            body, general = body.rsplit("####", 1)
        answers = []
        numeric = body.startswith("#")
        for part in re.findall(r"([=~][^=~]*)", body[1:] if numeric else body):
            mark, rest = part[0], part[1:].strip()
            weight = None
            m = re.match(r"^%(-?[0-9.]+)%", rest)
            if m:
                weight, rest = m.group(1), rest[m.end():]
            answer, _, feedback = rest.partition("#")
            answers.append((mark, weight, _gift_post(answer.strip()).removeprefix("[html]"),
                            _gift_post(feedback.strip()).removeprefix("[html]")))
        out[_gift_post(name)] = {"category": category, "question": _gift_post(question).removeprefix("[html]"),
                                 "answers": answers, "general": _gift_post(general.strip()).removeprefix("[html]"),
                                 "numeric": numeric}
    return out


def test_gift_round_trips_every_text(export):
    data, left = write("gift", export)
    read = read_gift(data.decode("utf-8"))
    assert [x.item_id for x in left] == ["export-numeric-vector"]
    assert "several boxes" in left[0].reason and left[0].where.endswith("items.yaml:84")
    for q in export.questions:
        if q.item.id == "export-numeric-vector":
            assert export.label(q) not in read
            continue
        got = read[export.label(q)]
        assert got["question"] == lms.question(q)
        if q.kind == "mcq":
            texts = [a[2] for a in got["answers"]]
            assert texts == [lms.choice(c.text) for c in q.choices]
            assert got["general"] == lms.explanation(q)
            whys = [a[3] for a in got["answers"]]
            assert whys == [lms.why_not(q, k) for k in range(len(q.choices))]
    specials = read["export-mcq-specials"]
    assert html_text(specials["question"])[1].startswith("If a < b && c > d, which of {x: 1} ~ y = z # w holds?")
    assert [a[0] for a in specials["answers"]] == ["~", "=", "~", "~"]
    three = read["export-mcq-three-right"]
    assert [a[1] for a in three["answers"]] == ["33.33333", "33.33333", "33.33333", "-33.33333"]
    assert read["export-interview-specials"]["answers"] == [] and "Key points" in \
        read["export-interview-specials"]["general"]
    real = next(v for k, v in read.items() if k.startswith("export-numeric-real"))
    assert real["numeric"] and real["answers"][0][0] == "=" and real["answers"][1][1] == "0"
    assert real["category"] == "$course$/top/quizrnn/gru/export-numeric-real"


def test_gift_keeps_each_question_in_one_block(export):
    data = write("gift", export)[0].decode("utf-8")
    blocks = [b for b in re.split(r"\n\s*\n", data) if b.strip().startswith("::")]
    assert len(blocks) == len([q for q in export.questions if q.item.id != "export-numeric-vector"])
    assert "\r" not in data


# ----------------------------------------------------------------------------- QTI


def test_qti_zip_has_a_manifest_its_files_and_canvas_types(export):
    data, left = write("qti", export)
    assert [x.item_id for x in left] == ["export-numeric-vector"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        manifest = SafeET.fromstring(zf.read("imsmanifest.xml"))
        ns = {"m": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
        files = [f.get("href") for f in manifest.iterfind(".//m:file", ns)]
        assert files and set(files) <= names
        test_file = next(f for f in files if not f.endswith("assessment_meta.xml"))
        root = SafeET.fromstring(zf.read(test_file))
    q = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    items = root.findall(".//q:item", q)
    types = {}
    for item in items:
        fields = {f.find("q:fieldlabel", q).text: f.find("q:fieldentry", q).text
                  for f in item.iterfind(".//q:qtimetadatafield", q)}
        types.setdefault(fields["question_type"], []).append(item)
    assert len(types["multiple_choice_question"]) == 1 and len(types["multiple_answers_question"]) == 1
    assert len(types["essay_question"]) == 1 and len(types["numerical_question"]) == 6
    assert len(types["short_answer_question"]) == 3
    groups = [s for s in root.iterfind(".//q:section", q) if s.find("q:selection_ordering", q) is not None]
    assert len(groups) == 3 and all(s.find(".//q:selection_number", q).text == "1" for s in groups)
    numeric = types["numerical_question"][0]
    low = float(numeric.find(".//q:vargte", q).text)
    high = float(numeric.find(".//q:varlte", q).text)
    exact = float(numeric.find(".//q:varequal", q).text)
    assert low <= exact <= high
    specials = next(i for i in items if i.get("title") == "export-mcq-specials")
    text = specials.find(".//q:presentation/q:material/q:mattext", q).text
    assert html_text(text)[1].startswith("If a < b && c > d") and html_text(text)[0] <= ALLOWED_TAGS
    multi = types["multiple_answers_question"][0]
    condition = multi.find(".//q:respcondition[@continue='No']/q:conditionvar/q:and", q)
    assert len(condition.findall("q:varequal", q)) == 3 and len(condition.findall("q:not", q)) == 1


# ----------------------------------------------------------------------------- Anki


def _collection(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    tmp_path.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "collection.anki2" in zf.namelist()
        (tmp_path / "c.anki2").write_bytes(zf.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "c.anki2")


def test_anki_deck_holds_every_question_with_stable_guids(export, tmp_path):
    data, left = write("anki", export)
    assert left == []
    db = _collection(data, tmp_path)
    notes = db.execute("SELECT guid, tags, flds, mid FROM notes").fetchall()
    assert len(notes) == len(export.questions) == 15
    assert len({n[0] for n in notes}) == len(notes)
    assert len({n[3] for n in notes}) == 3  # one note type per kind
    tags = {n[1].strip() for n in notes}
    assert any("difficulty::2" in t and "lstm" in t.split() and "quizrnn" in t.split() for t in tags)
    fields = {n[0]: n[2].split("\x1f") for n in notes}
    mcq = next(f for f in fields.values() if f[-1] == "export-mcq-specials")
    assert html_text(mcq[0])[1].startswith("If a < b && c > d") and html.unescape(mcq[2]).startswith("B) ")
    db.close()
    again = _collection(write("anki", collect(Selection(count=None), SOURCE, variants=3))[0], tmp_path / "x")
    assert {n[0] for n in notes} == {row[0] for row in again.execute("SELECT guid FROM notes")}, \
        "the same export must keep its notes' GUIDs, so that Anki updates instead of duplicating"
    other = _collection(write("anki", collect(Selection(count=None, seed=5), SOURCE, variants=3))[0], tmp_path / "y")
    changed = {n[0] for n in notes} ^ {row[0] for row in other.execute("SELECT guid FROM notes")}
    assert len(changed) == 2 * 4 * 3  # the variants are new notes; MCQs and interview questions keep theirs


# ----------------------------------------------------------------------------- the command


def test_export_command_names_what_it_left_out(run, tmp_path):
    out = tmp_path / "quiz.zip"
    res = run("export", "qti", "--bank", str(EXPORT_BANK), "--no-builtin", "--variants", "2", "-o", str(out))
    assert res.code == 4, res.err
    assert re.search(r"items\.yaml:84: export-numeric-vector: left out: QTI for Canvas has no question", res.err)
    assert "1 item left out" in res.out and out.exists()
    res = run("export", "moodle", "--bank", str(EXPORT_BANK), "--no-builtin", "--topic", "lstm", "-o",
              str(tmp_path / "lstm.xml"))
    assert res.code == 0 and "wrote" in res.out and "questions" in res.out
    assert res.err == ""


@pytest.mark.parametrize("args, message", [
    (["export", "pdf"], "Invalid value for 'FORMAT'"),
    (["export", "moodle", "--variants", "0"], "--variants"),
    (["export", "moodle", "-o", "no/such/folder/x.xml"], "the folder no/such/folder does not exist"),
    (["export", "anki", "-o", "."], "'-o': File '.' is a directory"),
    (["export", "moodle", "--topic", "esn", "--type", "interview", "--item", "nope"], "no item 'nope'"),
])
def test_export_bad_input_is_one_line(run, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    res = run(*args)
    assert res.code in (1, 2) and message in res.err and "Traceback" not in res.err, res.err


def test_export_of_the_whole_bank_expresses_every_mcq_and_interview(tmp_path):
    """The whole bank: Moodle takes everything; the Anki deck has every MCQ, interview and 5 variants per template."""
    from quizrnn.bank import load

    bank = load(())
    export = collect(Selection(count=None), (), variants=5)
    data, left = write("moodle", export)
    assert left == []
    root = SafeET.fromstring(data)
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    templates = sum(1 for i in bank.items if i.type == "numeric")
    assert len(questions) == len(bank.items) - templates + 5 * templates
    for q in questions:
        for node in q.iter("text"):
            if node.text and "<" in node.text:
                assert html_text(node.text)[0] <= ALLOWED_TAGS


def test_a_word_answer_becomes_a_choice_in_every_format(export):
    """An answer of kind choice (one of the words offered) is a multiple-choice question everywhere."""
    from dataclasses import replace

    from quizrnn.bank.model import AnswerSpec
    from quizrnn.export import Export

    q = next(q for q in export.questions if q.item.id == "export-numeric-integer")
    item = replace(q.item, id="export-word", answer=AnswerSpec("choice", choices=("vanishes", "explodes", "stays")))
    word = replace(q, item=item, variant=replace(q.variant, item=item, expected="explodes", mistakes=[]))
    single = Export("words", [word])
    root = SafeET.fromstring(write("moodle", single)[0])
    node = root.find("question[@type='multichoice']")
    assert [(a.get("fraction"), a.find("text").text) for a in node.findall("answer")] == [
        ("0", "vanishes"), ("100", "explodes"), ("0", "stays")]
    gift = read_gift(write("gift", single)[0].decode())
    assert [(a[0], a[2]) for a in gift[single.label(word)]["answers"]] == [("~", "vanishes"), ("=", "explodes"),
                                                                          ("~", "stays")]
    with zipfile.ZipFile(io.BytesIO(write("qti", single)[0])) as zf:
        body = next(n for n in zf.namelist() if n.endswith(".xml") and "meta" not in n and "manifest" not in n)
        qti = SafeET.fromstring(zf.read(body))
    q_ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    right = qti.find(".//q:respcondition[@continue='No']/q:conditionvar/q:varequal", q_ns).text
    labels = {lab.get("ident"): lab.find(".//q:mattext", q_ns).text for lab in qti.iterfind(".//q:response_label", q_ns)}
    assert labels[right] == "explodes"
