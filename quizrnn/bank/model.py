"""The bank's data model: items of three types, and what a numeric template is made of."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizrnn.errors import InputError
from quizrnn.keypoints import KeyPoint

KINDS = ("integer", "real", "vector", "matrix", "formula", "shape", "choice")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DEFAULT_RTOL = 1e-3
DEFAULT_ATOL = 1e-3


class BankError(InputError):
    """A problem in a bank file, with its place: ``file:line: what is wrong``."""

    def __init__(self, path, line: int, message: str):
        self.path, self.line, self.problem = str(path), line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass
class Choice:
    text: str
    why: str = ""


@dataclass
class Rule:
    """How one parameter of a numeric template is sampled."""

    name: str
    kind: str
    spec: dict
    line: int


@dataclass
class AnswerSpec:
    kind: str
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    key: str | None = None
    symbols: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


@dataclass
class Mistake:
    name: str
    feedback: str
    args: dict = field(default_factory=dict)
    solver: str | None = None
    line: int = 0


@dataclass
class Item:
    id: str
    type: str
    topic: str
    difficulty: int
    source: str
    explanation: str
    path: str
    line: int
    hint: str = ""
    tags: tuple[str, ...] = ()
    question: str = ""
    choices: tuple[Choice, ...] = ()
    answers: tuple[int, ...] = ()
    multi: bool = False
    model_answer: str = ""
    key_points: tuple[KeyPoint, ...] = ()
    params: tuple[Rule, ...] = ()
    prompt: str = ""
    solver: str = ""
    args: dict = field(default_factory=dict)
    answer: AnswerSpec | None = None
    mistakes: tuple[Mistake, ...] = ()
    lines: dict = field(default_factory=dict, repr=False)  # key -> line, for messages about one field

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def where_of(self, key: str) -> str:
        """``file:line`` of one of the item's keys (the item's own line if unknown)."""
        return f"{self.path}:{self.lines.get(key, self.line)}"


@dataclass
class Bank:
    items: list[Item]
    files: list[str]

    def __post_init__(self):
        self.by_id = {item.id: item for item in self.items}
