"""The question bank: its data model, files, validation and cache.

``load`` and ``check`` are what the rest of quizrnn uses; a bad bank file stops loading
with ``file:line: what is wrong``.
"""

from quizrnn.bank.files import bank_files, builtin_dir
from quizrnn.bank.loading import check, load, read_file
from quizrnn.bank.model import (DEFAULT_ATOL, DEFAULT_RTOL, KINDS, LETTERS, AnswerSpec, Bank, BankError, Choice,
                                Item, Mistake, Rule)
from quizrnn.bank.validate import parse_item, read_item

__all__ = ["DEFAULT_ATOL", "DEFAULT_RTOL", "KINDS", "LETTERS", "AnswerSpec", "Bank", "BankError", "Choice", "Item",
           "Mistake", "Rule", "bank_files", "builtin_dir", "check", "load", "parse_item", "read_file", "read_item"]
