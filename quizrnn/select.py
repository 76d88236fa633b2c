"""Choosing items: one selection for every command that asks questions.

``practice``, ``review``, ``exam``, ``paper`` and ``export`` all filter the bank the same way
(topics, types, difficulties, tags, hand-picked ids) and order what matches the same way
(a seeded shuffle with the kinds of question interleaved). Only ``practice`` and
``review`` pass the progress cards, so that due and new items come first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from quizrnn.bank import Bank, Item
from quizrnn.errors import InputError

MIX = {"mcq": 0.5, "numeric": 0.3, "interview": 0.2}


@dataclass(frozen=True)
class Selection:
    """What to ask: filters, how many, and the seed that fixes the order and the numbers."""

    topics: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    difficulties: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    count: int | None = 10
    seed: int | None = None

    def as_options(self) -> list[str]:
        """The command-line options that make this selection again (the seed included)."""
        out = []
        for flag, values in (("--topic", self.topics), ("--type", self.types),
                             ("--difficulty", self.difficulties), ("--tag", self.tags), ("--item", self.ids)):
            for value in values:
                out += [flag, str(value)]
        if self.count is not None:
            out += ["--count", str(self.count)]
        if self.seed is not None:
            out += ["--seed", str(self.seed)]
        return out

    def describe(self) -> str:
        """The filters in words: ``topic esn and type numeric``."""
        parts = [f"topic {', '.join(self.topics)}" if self.topics else "",
                 f"type {', '.join(self.types)}" if self.types else "",
                 f"difficulty {', '.join(map(str, self.difficulties))}" if self.difficulties else "",
                 f"tag {', '.join(self.tags)}" if self.tags else ""]
        return " and ".join(p for p in parts if p) or "the filters"


def matching(bank: Bank, selection: Selection) -> list[Item]:
    """Every item the filters allow, in bank order; hand-picked ids come first, in the order given.

    An id that is not in the bank is an error (with the nearest ids), as is a filter that
    matches nothing.
    """
    picked = []
    for item_id in selection.ids:
        if item_id not in bank.by_id:
            import difflib

            near = difflib.get_close_matches(item_id, list(bank.by_id), n=3)
            hint = f"; did you mean {', '.join(near)}?" if near else "; quizrnn bank list shows the ids"
            raise InputError(f"--item: no item {item_id!r} in the bank{hint}")
        picked.append(bank.by_id[item_id])
    if selection.ids and not (selection.topics or selection.types or selection.difficulties or selection.tags):
        return _unique(picked)
    found = [i for i in bank.items
             if (not selection.topics or i.topic in selection.topics)
             and (not selection.types or i.type in selection.types)
             and (not selection.difficulties or i.difficulty in selection.difficulties)
             and (not selection.tags or set(selection.tags) & set(i.tags))]
    items = _unique(picked + found)
    if not items:
        raise InputError(f"no items match {selection.describe()}")
    return items


def _unique(items: list[Item]) -> list[Item]:
    seen: set[str] = set()
    return [i for i in items if not (i.id in seen or seen.add(i.id))]


def interleave(items: list[Item]) -> list[Item]:
    """Mix the kinds of question: about half MCQs, a third numeric, a fifth interview.

    Items keep their order within each kind; at each position the kind furthest behind its
    share comes next (kinds that have run out drop out of the mix).
    """
    queues = {kind: [i for i in items if i.type == kind] for kind in MIX}
    counts = dict.fromkeys(MIX, 0)
    out: list[Item] = []
    while len(out) < len(items):
        live = [k for k in MIX if counts[k] < len(queues[k])]
        total = sum(MIX[k] for k in live)
        position = len(out) + 1
        kind = max(live, key=lambda k: (MIX[k] / total * position - counts[k], MIX[k]))
        out.append(queues[kind][counts[kind]])
        counts[kind] += 1
    return out


def shuffled(items: list[Item], seed: int) -> list[Item]:
    """The items in an order fixed by the seed alone, kinds interleaved (hand-picked order is not kept)."""
    rng = random.Random(f"order:{seed}")
    pool = sorted(items, key=lambda i: i.id)
    rng.shuffle(pool)
    return interleave(pool)


def drawn(items: list[Item], count: int | None, seed: int) -> list[Item]:
    """``count`` of the items as a paper draws them: kinds in the MIX shares, topics in the shares
    they have of the items, order fixed by the seed (kinds interleaved).

    Each pick takes the kind furthest behind its share, then, of that kind, the topic furthest
    behind its share; ties go by a seeded order. Kinds and topics that run out drop out.
    """
    if count is None or count >= len(items):
        return shuffled(items, seed)
    rng = random.Random(f"draw:{seed}")
    cells: dict[tuple[str, str], list[Item]] = {}
    for item in shuffled(items, seed):
        cells.setdefault((item.type, item.topic), []).append(item)
    kinds = sorted({k for k, _ in cells})
    topics = sorted({t for _, t in cells})
    rng.shuffle(topics)
    mix = {k: MIX.get(k, 0.1) for k in kinds}
    total_mix = sum(mix.values())
    topic_share = {t: sum(len(v) for (_, tt), v in cells.items() if tt == t) / len(items) for t in topics}
    taken_kind = dict.fromkeys(kinds, 0)
    taken_topic = dict.fromkeys(topics, 0)
    out: list[Item] = []
    for step in range(1, count + 1):
        live = [k for k in kinds if any(cells.get((k, t)) for t in topics)]
        kind = max(live, key=lambda k: mix[k] / total_mix * step - taken_kind[k])
        topic = max((t for t in topics if cells.get((kind, t))),
                    key=lambda t: topic_share[t] * step - taken_topic[t])
        out.append(cells[(kind, topic)].pop(0))
        taken_kind[kind] += 1
        taken_topic[topic] += 1
    return shuffled(out, seed)


def scheduled(items: list[Item], cards: dict, seed: int, when: datetime) -> list[Item]:
    """Due items first (weakest first), then new ones mixed by kind, then the rest soonest-due first."""
    due, new, later = [], [], []
    for item in items:
        card = cards.get(item.id)
        if card is None:
            new.append(item)
        elif card.due <= when:
            due.append((card.stability or 0.0, card.due, item.id, item))
        else:
            later.append((card.due, item.id, item))
    return ([x[-1] for x in sorted(due, key=lambda x: x[:3])] + shuffled(new, seed)
            + [x[-1] for x in sorted(later, key=lambda x: x[:2])])


def select_items(bank: Bank, selection: Selection, *, cards: dict | None = None,
                 when: datetime | None = None) -> list[Item]:
    """The items to ask, at most ``selection.count``.

    Hand-picked ids keep their order. Otherwise, with progress ``cards`` the schedule
    decides (due, then new, then the rest); without them the seed alone fixes the order, so
    the same seed and options give the same items whatever has been saved.
    """
    items = matching(bank, selection)
    seed = selection.seed if selection.seed is not None else random.SystemRandom().randrange(10**6)
    if selection.ids and len(items) == len(selection.ids):
        ordered = items
    elif cards is not None:
        from quizrnn.store import now

        ordered = scheduled(items, cards, seed, when or now())
    else:
        ordered = shuffled(items, seed)
    return ordered if selection.count is None else ordered[:selection.count]


def variant_seed(seed: int, item_id: str) -> int:
    """The numbers of one item in a session or paper: fixed by the seed and the item alone."""
    import hashlib

    digest = hashlib.sha256(f"{seed}:{item_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 10**6
