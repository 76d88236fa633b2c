"""``quizrnn grade``."""

from __future__ import annotations

import sys

import click

from quizrnn.cli.options import CONTEXT, bank_option, output_option


@click.command(context_settings=CONTEXT, short_help="Grade a class's answers against a paper's key.")
@click.argument("key", metavar="KEY.json", type=click.Path(dir_okay=False, path_type=str))
@click.argument("answers", metavar="ANSWERS.csv", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default=None,
              help="table (the default; -o FILE.csv or FILE.json chooses those): totals and --stats; csv and "
                   "json: every question's score, verdict and mistake.")
@output_option("Write the results to this file instead of the screen.")
@click.option("--stats", is_flag=True, help="Add the item analysis (always in --format json).")
@click.option("--feedback", "feedback_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=str),
              help="Write one feedback file per student in DIR.")
@click.option("--feedback-format", type=click.Choice(["md", "pdf"]), default="md", show_default=True,
              help="Feedback as Markdown or as PDF.")
@bank_option
def grade(key, answers, fmt, output, stats, feedback_dir, feedback_format, bank) -> None:
    """Grade collected answers with the same grader as practice, with item analysis and feedback.

    KEY.json is the key quizrnn paper wrote beside the paper. ANSWERS.csv has a header
    student,variant,q1,...,qN (any order; variant may be left out for a single-variant
    paper) and one row per student, answers written as in practice: 98,816 or [0.46, 0.10]
    or 4n(n + d + 1) or B or a, c. An interview question holds the points a marker gave;
    left empty it is "not marked yet". Problems are reported as file:row, column; the exit
    code is 1 when a row could not be graded.

    \b
    Examples:
      quizrnn grade examples/class/exam-key.json examples/class/class.csv
      quizrnn grade examples/class/exam-key.json examples/class/class.csv --stats
      quizrnn grade examples/class/exam-key.json examples/class/class.csv -o r.csv
    """
    from pathlib import Path

    from quizrnn.grade import run

    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in ("csv", "json") else "table"
    code = run(key, answers, bank, fmt, output, feedback_dir, feedback_format, stats)
    if code:
        sys.exit(code)
