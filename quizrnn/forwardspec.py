"""Forward-pass problems written as YAML or JSON files, for ``quizrnn solve forward``.

A spec names the ``cell`` (rnn, lstm, gru), the ``convention`` (textbook, the
default, or pytorch), for an RNN the ``nonlinearity`` (tanh or relu), the inputs
``x`` (one row per time step), and optionally ``h0`` and ``c0`` (zeros otherwise).
Weights come in one of three layouts:

* at the top level, for one layer in one direction (``W_f: [[...], ...]`` or
  ``weight_ih: ...``);
* under ``layers:``, one entry per stacked layer, each either the weights of the
  forward direction or a mapping with ``forward:`` and ``backward:``;
* for PyTorch, the names ``model.state_dict()`` prints: ``weight_ih_l0``,
  ``weight_hh_l1_reverse``... (a common ``name.`` prefix is ignored).
"""

from __future__ import annotations

import re
from pathlib import Path

from quizrnn import yamlio
from quizrnn.errors import InputError

TOP_KEYS = ("cell", "convention", "nonlinearity", "x", "h0", "c0", "layers", "title")
PYTORCH_KEY = re.compile(r"^(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\d+)(_reverse)?$")
VECTORS = {"b_h", "b_f", "b_i", "b_c", "b_o", "b_z", "b_r", "bias_ih", "bias_hh"}
MAX_STEPS = 200
MAX_SIZE = 256
MAX_LAYERS = 16
MAX_CELL_STEPS = 200   # time steps × layers × directions: a pass someone checks by hand, output kept small
MAX_VALUE = 1e6        # inputs and weights of an ordinary size; larger ones only overflow
MAX_BYTES = 1024 * 1024


class Spec:
    """A parsed forward-pass spec and the file lines its values came from."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[tuple, int] = {}
        self.cell = "rnn"
        self.convention = "textbook"
        self.nonlinearity = "tanh"
        self.title = ""
        self.x = None
        self.h0 = None
        self.c0 = None
        self.layers: list[dict] = []

    def error(self, line: int, message: str) -> InputError:
        return InputError(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")

    def line_for(self, field: tuple) -> int:
        """The line of the longest known prefix of a solver's field path."""
        for end in range(len(field), 0, -1):
            if field[:end] in self.lines:
                return self.lines[field[:end]]
        return 0


def load(path: Path) -> Spec:
    data = yamlio.load(path, "spec file", limit=MAX_BYTES)
    spec = Spec(path)
    if not isinstance(data, dict):
        raise spec.error(getattr(data, "line", 1) or 1,
                         "a forward spec is a mapping with cell, x and the weights")
    _read_settings(spec, data)
    weight_keys = [k for k in data if k not in TOP_KEYS]
    if "layers" in data:
        if weight_keys:
            raise spec.error(data.line_of(weight_keys[0]),
                             f"{weight_keys[0]!r} is outside 'layers:'; put every weight under layers")
        _read_layer_list(spec, data["layers"], data.line_of("layers"))
    elif any(PYTORCH_KEY.match(_strip_prefix(k)) for k in weight_keys if isinstance(k, str)):
        _read_state_dict(spec, data, weight_keys)
    else:
        spec.layers = [{"forward": _read_weights(spec, data, weight_keys, (0, "forward"))}]
    return spec


def _read_settings(spec: Spec, data: yamlio.LDict) -> None:
    for key in ("cell", "convention", "nonlinearity", "title"):
        if key in data:
            val = data[key]
            if not isinstance(val, str):
                raise spec.error(data.line_of(key), f"{key} must be text, got {val!r}")
            setattr(spec, key, val.strip().lower() if key != "title" else val)
            spec.lines[(key,)] = data.line_of(key)
    if "cell" not in data:
        raise spec.error(data.line or 1, "cell is missing: rnn, lstm or gru")
    if "x" not in data:
        raise spec.error(data.line or 1, "x is missing: the inputs, one row per time step")
    spec.lines[("x",)] = data.line_of("x")
    spec.x = _matrix(spec, data["x"], "x", data.line_of("x"), flat_hint=True)
    if len(spec.x) > MAX_STEPS:
        raise spec.error(data.line_of("x"), f"x has {len(spec.x)} time steps; at most {MAX_STEPS}")
    for key in ("h0", "c0"):
        if key in data:
            spec.lines[(key,)] = data.line_of(key)
            val = data[key]
            if isinstance(val, list) and val and isinstance(val[0], list):
                setattr(spec, key, _matrix(spec, val, key, data.line_of(key)))
            else:
                setattr(spec, key, _vector(spec, val, key, data.line_of(key)))


def _strip_prefix(key) -> str:
    return key.rsplit(".", 1)[-1] if isinstance(key, str) else key


def _read_layer_list(spec: Spec, layers, line: int) -> None:
    if not isinstance(layers, list) or not layers:
        raise spec.error(line, "layers must be a list with one entry per stacked layer")
    if len(layers) > MAX_LAYERS:
        raise spec.error(line, f"at most {MAX_LAYERS} layers")
    for k, entry in enumerate(layers):
        at = layers.line_of(k, line)
        if not isinstance(entry, dict):
            raise spec.error(at, f"layer {k + 1} must be a mapping of weights")
        if set(entry) & {"forward", "backward"}:
            extra = [key for key in entry if key not in ("forward", "backward")]
            if extra:
                raise spec.error(entry.line_of(extra[0]),
                                 f"layer {k + 1}: {extra[0]!r} must sit under forward: or backward:")
            layer = {}
            for direction in ("forward", "backward"):
                if direction in entry:
                    block = entry[direction]
                    if not isinstance(block, dict):
                        raise spec.error(entry.line_of(direction),
                                         f"layer {k + 1} {direction} must be a mapping of weights")
                    spec.lines[("weights", k, direction)] = entry.line_of(direction)
                    layer[direction] = _read_weights(spec, block, list(block), (k, direction))
            if "forward" not in layer:
                raise spec.error(at, f"layer {k + 1} has backward weights but no forward ones")
            spec.layers.append(layer)
        else:
            spec.lines[("weights", k)] = at
            spec.layers.append({"forward": _read_weights(spec, entry, list(entry), (k, "forward"))})


def _read_state_dict(spec: Spec, data: yamlio.LDict, keys: list) -> None:
    found: dict[tuple[int, str], dict] = {}
    for key in keys:
        name = _strip_prefix(key)
        match = PYTORCH_KEY.match(name) if isinstance(name, str) else None
        if not match:
            raise spec.error(data.line_of(key),
                             f"unknown key {key!r}: with state_dict names every weight is written "
                             "like weight_ih_l0 or bias_hh_l1_reverse")
        base, layer, reverse = match.group(1), int(match.group(2)), bool(match.group(3))
        if layer >= MAX_LAYERS:
            raise spec.error(data.line_of(key), f"at most {MAX_LAYERS} layers")
        direction = "backward" if reverse else "forward"
        found.setdefault((layer, direction), {})[base] = key
    count = max(layer for layer, _ in found) + 1
    for k in range(count):
        if (k, "forward") not in found:
            raise spec.error(data.line or 1, f"no weights for layer l{k} (weight_ih_l{k} ...)")
        layer = {}
        for direction in ("forward", "backward"):
            names = found.get((k, direction))
            if names is None:
                continue
            block = {}
            for base, key in names.items():
                block[base] = _read_value(spec, data[key], base, data.line_of(key), (k, direction), key)
            layer[direction] = block
        spec.layers.append(layer)


def _read_weights(spec: Spec, block: dict, keys: list, where: tuple) -> dict:
    out = {}
    for key in keys:
        if not isinstance(key, str):
            raise spec.error(block.line_of(key), f"weight names are text, got {key!r}")
        out[key] = _read_value(spec, block[key], key, block.line_of(key), where, key)
    return out


def _read_value(spec: Spec, value, name: str, line: int, where: tuple, label: str):
    spec.lines[("weights",) + where + (name,)] = line
    shown = label if where == (0, "forward") else f"layer {where[0] + 1} {where[1]} {label}"
    if name in VECTORS:
        return _vector(spec, value, shown, line)
    return _matrix(spec, value, shown, line)


def _number(spec: Spec, value, label: str, line: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise spec.error(line, f"{label}: {_short(value)} is not a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise spec.error(line, f"{label}: {value!r} is not a finite number")
    if abs(value) > MAX_VALUE:
        raise spec.error(line, f"{label}: {_short(value)} is too large (at most {MAX_VALUE:,.0f} in size)")
    return float(value)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 24 else text[:20] + f"… ({len(text):,} characters)"


def _vector(spec: Spec, value, label: str, line: int) -> list[float]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [_number(spec, value, label, line)]
    if not isinstance(value, list):
        raise spec.error(line, f"{label} must be a list of numbers, got {value!r}")
    if len(value) > MAX_SIZE:
        raise spec.error(line, f"{label} has {len(value)} entries; at most {MAX_SIZE}")
    out = []
    for j, item in enumerate(value):
        at = value.line_of(j, line) if isinstance(value, yamlio.LList) else line
        if isinstance(item, list):
            raise spec.error(at, f"{label} must be one list of numbers, not a matrix")
        out.append(_number(spec, item, f"{label} entry {j + 1}", at))
    return out


def _matrix(spec: Spec, value, label: str, line: int, flat_hint: bool = False) -> list[list[float]]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [[_number(spec, value, label, line)]]
    if not isinstance(value, list) or not value:
        raise spec.error(line, f"{label} must be a list of rows, e.g. [[0.5, 0.3], [0.1, 0.4]]")
    if not all(isinstance(row, list) for row in value):
        if flat_hint:
            raise spec.error(line, f"{label} needs one row per time step: [[1, 0.5]] is one step of two "
                                   "inputs, [[1], [0.5]] two steps of one input")
        raise spec.error(line, f"{label} must be a list of rows, e.g. [[0.5, 0.3], [0.1, 0.4]]")
    if len(value) > MAX_SIZE * 4:
        raise spec.error(line, f"{label} has {len(value)} rows; at most {MAX_SIZE * 4}")
    rows = []
    for r, row in enumerate(value):
        at = value.line_of(r, line) if isinstance(value, yamlio.LList) else line
        if rows and len(row) != len(rows[0]):
            raise spec.error(at, f"{label} row {r + 1} has {len(row)} entries but row 1 has {len(rows[0])}")
        if len(row) > MAX_SIZE * 4:
            raise spec.error(at, f"{label} row {r + 1} has {len(row)} entries; at most {MAX_SIZE * 4}")
        rows.append([_number(spec, item, f"{label} row {r + 1}, entry {j + 1}",
                             row.line_of(j, at) if isinstance(row, yamlio.LList) else at)
                     for j, item in enumerate(row)])
    if not rows[0]:
        raise spec.error(line, f"{label} has empty rows")
    return rows


def _finite(value) -> bool:
    import numpy as np

    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    try:
        return bool(np.all(np.isfinite(np.asarray(value, dtype=np.float64))))
    except (TypeError, ValueError):
        return True


def solve(path: Path):
    """Load a spec file and run the forward pass; every error names its line."""
    from solvers.errors import SolverError
    from solvers.forward import forward

    import numpy as np

    spec = load(path)
    directions = max(len(layer) for layer in spec.layers)
    cells = len(spec.x) * len(spec.layers) * directions
    if cells > MAX_CELL_STEPS:
        raise spec.error(spec.lines.get(("x",), 0),
                         f"{len(spec.x)} steps × {len(spec.layers)} layers × {directions} directions is {cells:,} "
                         f"cell steps; a worked forward pass has at most {MAX_CELL_STEPS}")
    try:
        with np.errstate(all="ignore"):
            solution = forward(spec.cell, spec.x, spec.layers, convention=spec.convention,
                               nonlinearity=spec.nonlinearity, h0=spec.h0, c0=spec.c0)
    except SolverError as err:
        raise spec.error(spec.line_for(err.field), err.message) from None
    if not _finite(solution.answer):
        raise spec.error(spec.lines.get(("x",), 0), "the values overflow: the result is not a finite number; "
                                                     "use inputs and weights of ordinary size")
    if spec.title:
        solution.title = f"{spec.title} — {solution.title}"
    return solution
