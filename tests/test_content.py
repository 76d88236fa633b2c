"""The bank's content gates and the key points that grade typed interview answers.

``bank check`` must catch every class of content defect the expert reviews found (the key as
the longest choice, thin or over-long interview answers, key points that cannot be checked,
match terms an off-topic answer satisfies, stems that lean on material the student does not
have, near-duplicates); and a typed answer must tick the key points it makes, with a
misspelt letter or another word form, and not the ones it leaves out.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from quizrnn import bank as bank_module
from quizrnn import keypoints

MODEL = ("The answer explains the mechanism in detail. " * 12).strip()  # 84 words


def _mcq(k: int, key_long: bool) -> str:
    right = "the right answer, written out at far greater length than any other" if key_long else "right"
    return (f"- id: broken-mcq-{k}\n  type: mcq\n  topic: lstm\n  difficulty: 1\n  source: s\n"
            f"  question: Distinct question number {k} about a subject{' and more' * k}?\n"
            f"  choices: [\"{right}\", wrong one {k}, wrong two {k}, wrong three {k}]\n  answer: A\n"
            f"  explanation: Because of reason {k}.\n")


BROKEN_INTERVIEWS = f"""
- id: broken-thin-interview
  type: interview
  topic: lstm
  difficulty: 2
  source: s
  question: What does the forget gate do?
  answer: It forgets.
  key_points:
    - point: erases old memory
      match: [erase]
    - point: keeps old memory
      match: [keep]
- id: broken-bare-point
  type: interview
  topic: lstm
  difficulty: 2
  source: s
  question: Why do gates use a sigmoid function in recurrent cells?
  answer: {MODEL}
  key_points: [a point without terms, another point, a third point]
- id: broken-uncovered-point
  type: interview
  topic: gru
  difficulty: 2
  source: s
  question: How does a GRU update gate mix the old and new states?
  answer: {MODEL}
  key_points:
    - point: explains the mechanism
      match: [mechanism]
    - point: the update gate interpolates
      match: [interpolates between]
    - point: in detail
      match: [detail]
- id: broken-bread-point
  type: interview
  topic: gru
  difficulty: 2
  source: s
  question: Compare the parameter counts of GRU and LSTM layers of the same size.
  answer: {MODEL} It also mentions minutes.
  key_points:
    - point: explains the mechanism
      match: [mechanism]
    - point: mentions minutes
      match: [minutes]
    - point: in detail
      match: [detail]
- id: broken-course-reference
  type: mcq
  topic: gru
  difficulty: 1
  source: s
  question: As shown in 000 §4.5, which gate of a GRU decides how much of the old state to keep?
  choices: [the update gate, the reset gate, the output gate, the forget gate]
  answer: A
  explanation: The update gate.
- id: broken-no-explanation
  type: mcq
  topic: gru
  difficulty: 1
  source: s
  question: Which activation does a GRU candidate use in its standard form?
  choices: [tanh, sigmoid, relu, softmax]
  answer: A
"""


@pytest.fixture
def broken_bank(tmp_path) -> Path:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "mcq.yaml").write_text("".join(_mcq(k, key_long=k < 4) for k in range(6)))
    (folder / "interview.yaml").write_text(BROKEN_INTERVIEWS)
    return folder


def test_bank_check_catches_each_content_defect(run, broken_bank):
    res = run("bank", "check", "--bank", str(broken_bank), "--no-builtin")
    out = " ".join((res.out + res.err).split())
    assert res.code == 1
    expected = [
        "mcq.yaml: the key is the longest choice in 4 of 6 single-answer MCQs (67%; at most 35%); most obvious: "
        "broken-mcq-0",
        "broken-thin-interview: the model answer has 2 words; write 80 to 200",
        "broken-thin-interview: 2 key points; give 3 to 6",
        "broken-bare-point: key point 'a point without terms' has no match terms",
        "broken-uncovered-point: the model answer does not make key point 'the update gate interpolates'",
        "broken-bread-point: an off-topic answer",
        "makes key point 'mentions minutes'",
        "broken-course-reference: question refers to '000', which a student does not have",
        "interview.yaml:59: missing key 'explanation'",
    ]
    for line in expected:
        assert line in out, line
    assert out.count("missing key 'explanation'") == 1  # one problem, one line
    assert "interview.yaml:" in out and "mcq.yaml" in out  # every problem says where


def test_the_shipped_bank_passes_the_content_gates():
    from quizrnn.bank.quality import content

    assert content(bank_module.load(())) == []


# ----------------------------------------------------------------------------- key points


@pytest.fixture(scope="module")
def shipped():
    return bank_module.load(())


def test_every_model_answer_makes_all_its_key_points(shipped):
    for item in shipped.items:
        if item.type == "interview":
            assert all(keypoints.covered(item.key_points, item.model_answer)), item.id


@pytest.mark.parametrize("item_id, good, poor", [
    ("lstm-three-gates-roles",
     "The forget gate decides what to forget from the old cell, the input gate decides what to write from the "
     "candidate, and the output gate decides what to output as the hidden state. They are all sigmoids between "
     "0 and 1, and the cell update is additive.",
     "An LSTM is a kind of recurrent network that is good at sequences."),
    ("lstm-cell-state-vanishing",
     "In a vanilla RNN the gradient is multiplied by W_hh and the tanh derivative at every step. In an LSTM the "
     "update is additive so the derivative is the forget gate, the long range factor is a product of forget gates "
     "with no weight matrix, and gates near 1 pass the gradient, like a highway or skip connection.",
     "Gradients vanish because networks are deep."),
    ("lstm-forget-bias-one",
     "With a zero bias the gate starts at 0.5 and halves the cell each step; with bias 1 it starts near 0.73 so "
     "remembering becomes the default, which protects gradient flow. It can still learn to forget. Gers and "
     "Jozefowicz recommend it and Keras does it with unit_forget_bias.",
     "It makes training a bit better."),
])
def test_a_good_answer_ticks_most_key_points_and_a_poor_one_few(shipped, item_id, good, poor):
    item = shipped.by_id[item_id]
    good_flags, good_rating = keypoints.suggest(item.key_points, good)
    poor_flags, poor_rating = keypoints.suggest(item.key_points, poor)
    assert sum(good_flags) >= 0.75 * len(good_flags) and good_rating == "good"
    assert sum(poor_flags) <= 1 and poor_rating == "again"


def test_word_forms_and_one_misspelt_letter_still_match():
    point = keypoints.KeyPoint("forget gate erases", ("forget gate erase",))
    assert keypoints.covered([point], "the forgett gate erasing old content")[0]  # one slip, another form
    assert keypoints.covered([point], "The Forget-Gate ERASES it")[0]
    assert not keypoints.covered([point], "the input gate writes new content")[0]
    assert not keypoints.covered([point], "the forgotten grate")[0]  # two words wrong is not a slip


def test_typing_an_answer_in_practice_ticks_its_key_points(shipped):
    from quizrnn.practice.session import Answers, Session
    from quizrnn.practice.view import PracticeView

    item = shipped.by_id["lstm-three-gates-roles"]
    out = io.StringIO()
    console = Console(file=out, width=120, no_color=True)
    answer = ("The forget gate decides what to forget, the input gate what to write, the output gate what to "
              "output; all sigmoids.")
    session = Session([item], None, Answers(console, io.StringIO(answer + "\n\n"), False), PracticeView(console), 1)
    summary = session.run()
    text = out.getvalue()
    assert "Key points: your answer makes 4 of 5" in text
    assert "(Enter: good)" in text
    assert summary.results[0].grade.score == 1.0 and "4 of 5 key points" in summary.results[0].grade.message
