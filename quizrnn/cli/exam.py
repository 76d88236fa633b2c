"""``quizrnn exam``."""

from __future__ import annotations

import sys

import click

from quizrnn.cli.options import CONTEXT, TOPIC_LIST, selection_options


@click.command(context_settings=CONTEXT, epilog=TOPIC_LIST,
               short_help="A mock exam: timed, no feedback until the end, then the graded report.")
@selection_options(count_default=20, count_max=200, count_help="How many questions.")
@click.option("--minutes", type=click.FloatRange(0, 600, min_open=True), default=None, metavar="M",
              help="The time allowed [default: a minute per MCQ, three per numeric or interview question].")
def exam(selection, bank, minutes) -> None:
    """A mock exam under exam conditions, graded when it is handed in.

    The questions are drawn as a paper draws them: the topics and kinds of question in their
    shares, MCQ choices shuffled, fresh numbers for numeric problems. Nothing is graded until
    the end: answers can be changed (b goes back a question, < at a multiple-choice question;
    after the last one a number goes to that question), and the clock in the prompt shows the time left. When the time is up
    the exam ends. The report gives the score per topic and every question with your answer,
    the right one and its worked solution; the answers are saved to your progress like
    practice. With piped input, one answer is read per line and the exam is handed in after
    the last question.

    \b
    Examples:
      quizrnn exam
      quizrnn exam --minutes 20 --count 15
      quizrnn exam --topic lstm --topic gru --type mcq --type numeric
      printf 'A\\nB\\n' | quizrnn exam --count 2 --type mcq --seed 3
    """
    from quizrnn.exam import exam as run

    code = run(selection, bank, minutes)
    if code:
        sys.exit(code)
