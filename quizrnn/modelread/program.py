"""Reading a model file's statements without running them.

The file's syntax tree is walked statement by statement, as Python would, but only a
small, safe part of the language is interpreted: assignments of literals and of the
forms in :mod:`quizrnn.modelread.values`, ``if`` on constants, ``for`` over constant
ranges and lists, calls of the file's own functions and ``nn.Module`` constructors, layer
constructors, layer calls on Keras tensors, ``Sequential``/``Model``, ``model.add``.
Everything else (library calls, data loading, training loops, prints) produces an
:class:`~quizrnn.modelread.values.Unknown` and is otherwise ignored. Nothing is imported,
evaluated or executed.
"""

from __future__ import annotations

import ast
import difflib

from quizrnn.modelread import values as V
from quizrnn.modelread.objects import (MODULE_VALUES, Func, Layer, Model, ModRef, Tensor,
                                       TorchContainer, TorchModule, UserClass)
from quizrnn.modelread.values import Unknown, anon, text_of
from solvers import shapes
from solvers.layers import KERAS, KERAS_HELPERS, LayerClass, close_name, known_names, lookup
from solvers.summary import RNN_CELLS, LayerSpec, Node

MAX_DEPTH = 16          # nested calls of the file's own functions
MAX_CALLS = 2_000       # calls of the file's own functions, in all
SOFT_BUDGET = 50_000    # statements: past this, loops and calls are no longer followed
MAX_LOOP = 10_000       # iterations of one loop or comprehension

#: Arguments that change no shape or count: any value is accepted, even code.
LENIENT = {"activation", "recurrent_activation", "epsilon", "momentum", "eps", "mask_value",
           "dim", "inplace", "dropout", "recurrent_dropout", "seed", "dtype", "trainable",
           "autocast", "input_length", "noise_shape"}

FRAMEWORK_ROOTS = ("keras", "tensorflow", "tf", "torch", "nn", "layers")
DEFAULT_ALIASES = {"nn": "torch.nn", "tf": "tensorflow", "keras": "keras", "layers": "keras.layers",
                   "torch": "torch", "string": "string"}
SEQUENTIAL = {"keras.Sequential", "keras.models.Sequential", "keras.layers.Sequential"}
FUNCTIONAL = {"keras.Model", "keras.models.Model"}
INPUTS = {"keras.Input", "keras.layers.Input"}
SAME_MODULE = ("to", "cuda", "cpu", "double", "float", "half", "train", "eval", "requires_grad_",
               "bfloat16", "type")


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Env:
    """A scope: the module's names, or a function call's locals over them."""

    def __init__(self, program: "Program", parent: "Env | None" = None):
        self.vars: dict = {}
        self.parent = parent
        self.program = program

    def lookup(self, name: str):
        env = self
        while env is not None:
            if name in env.vars:
                return env.vars[name]
            env = env.parent
        raise KeyError(name)

    def assign(self, name: str, value, node) -> None:
        settings = self.program.settings
        if name in settings:
            self.program.used.add(name)
            self.vars[name] = settings[name]
            return
        if isinstance(value, Unknown) and not value.refusal and value.name is None:
            value = Unknown(node, name=name, root=value)
        self.program.label(value, name, node)
        self.vars[name] = value


def canonical(path: str) -> str:
    """``tensorflow.keras.layers.LSTM`` → ``keras.layers.LSTM``; ``torch.nn.X`` stays."""
    for prefix in ("tensorflow.keras.", "tf.keras.", "tensorflow.python.keras."):
        if path.startswith(prefix):
            return "keras." + path[len(prefix):]
    if path in ("tensorflow.keras", "tf.keras"):
        return "keras"
    return path


def layer_class(path: str) -> LayerClass | None:
    path = canonical(path)
    if path.startswith("keras.src."):
        return None
    if path.startswith("torch.nn.") and path.count(".") == 2:
        return lookup("nn." + path.rsplit(".", 1)[1])
    if path.startswith("keras.layers.") and path.count(".") == 2:
        return lookup("layers." + path.rsplit(".", 1)[1])
    if path in ("keras.Input",):
        return lookup("keras.Input")
    return None


class Program:
    """One reading of a file: its scopes, the layers, calls and models it builds."""

    def __init__(self, src, settings: dict):
        self.src = src
        self.settings = dict(settings)
        self.used: set[str] = set()
        self.expr_settings = {k: v for k, v in settings.items() if not k.isidentifier()}
        self.env = Env(self)
        self.env.vars.update({k: v for k, v in settings.items() if k.isidentifier()})
        self.steps = 0
        self.depth = 0
        self.created: list[LayerSpec] = []   # Keras layers in creation order
        self.nodes: list[Node] = []          # Keras layer calls in call order
        self.models: list = []               # Model / TorchModule / TorchContainer / top-level Layer
        self.leaf_modules: list = []         # PyTorch leaf modules assigned at module level
        self.auto_label: str | None = None
        self.in_class: list = []
        self.broken_layers: dict = {}
        self.calls = 0

    # ------------------------------------------------------------------ labels and models

    def label(self, value, name: str, node) -> None:
        if isinstance(value, (Model, TorchModule, TorchContainer)) and value.label is None:
            value.label = self.auto_label or name
        if isinstance(value, Layer) and not value.keras and self.depth == 0 and not self.in_class:
            if all(v is not value for _, v in self.leaf_modules):
                self.leaf_modules.append((name, value))

    def pin(self, unknown: Unknown) -> Unknown:
        """An unknown that stays as it is when assigned: a layer or tensor that cannot be read
        keeps the message about the value it lacks."""
        if unknown.refusal or unknown.name:
            return unknown
        text = unknown.message(self.src)
        prefix = self.src.at(unknown.node) + ": "
        return Unknown(unknown.node, refusal=text[len(prefix):] if text.startswith(prefix) else text)

    def register(self, model):
        self.models.append(model)
        return model

    # ------------------------------------------------------------------ statements

    def run_module(self, trees: list[ast.Module]) -> None:
        for tree in trees:
            self.block(tree.body, self.env)
        self._follow_unused(trees)

    def block(self, stmts, env: Env) -> None:
        for stmt in stmts:
            self.stmt(stmt, env)

    def stmt(self, st: ast.stmt, env: Env) -> None:
        self.steps += 1
        if isinstance(st, ast.Expr):
            self.ev(st.value, env)
        elif isinstance(st, ast.Assign):
            value = self.ev(st.value, env)
            for target in st.targets:
                self.bind(target, value, env, st)
        elif isinstance(st, ast.AnnAssign):
            if st.value is not None:
                self.bind(st.target, self.ev(st.value, env), env, st)
        elif isinstance(st, ast.AugAssign):
            current = self.ev(st.target, env) if isinstance(st.target, ast.Name) else None
            value = self.ev(st.value, env)
            if isinstance(st.target, ast.Name):
                self.bind(st.target, self.fold_binop(st, st.op, current, value), env, st)
            else:
                self.taint_target(st.target, env, st)
        elif isinstance(st, ast.If):
            test = self.truth(st.test, env)
            if test is None:
                self.taint(st.body + st.orelse, env, st, "is set under a condition quizrnn cannot "
                                                         f"decide ({self.src.line_of(st)})")
            else:
                self.block(st.body if test else st.orelse, env)
        elif isinstance(st, (ast.For, ast.AsyncFor)):
            self.loop(st, env)
        elif isinstance(st, (ast.While, ast.Match if hasattr(ast, "Match") else ast.While)):
            body = st.body + getattr(st, "orelse", []) if isinstance(st, ast.While) else \
                [s for case in st.cases for s in case.body]
            self.taint(body, env, st, f"is set in the loop at {self.src.line_of(st)}, which quizrnn "
                                      "does not run")
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            for item in st.items:
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, Unknown(item.context_expr), env, st)
            self.block(st.body, env)
        elif isinstance(st, ast.Try) or type(st).__name__ == "TryStar":
            self.block(st.body, env)
            self.block(st.orelse, env)
            self.block(st.finalbody, env)
        elif isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)):
            env.assign(st.name, Func(st, env, self.in_class[-1] if self.in_class else None), st)
        elif isinstance(st, ast.ClassDef):
            env.assign(st.name, self.define_class(st, env), st)
        elif isinstance(st, ast.Import):
            for alias in st.names:
                if alias.asname:
                    env.assign(alias.asname, ModRef(alias.name), st)
                else:
                    root = alias.name.split(".")[0]
                    env.assign(root, ModRef(root), st)
        elif isinstance(st, ast.ImportFrom):
            base = ("." * st.level) + (st.module or "")
            for alias in st.names:
                if alias.name != "*":
                    env.assign(alias.asname or alias.name, ModRef(f"{base}.{alias.name}"), st)
        elif isinstance(st, ast.Return):
            raise _Return(self.ev(st.value, env) if st.value is not None else None)
        elif isinstance(st, ast.Break):
            raise _Break()
        elif isinstance(st, ast.Continue):
            raise _Continue()
        elif isinstance(st, ast.Delete):
            for target in st.targets:
                self.taint_target(target, env, st)
        # pass, global, nonlocal, assert, raise: nothing to read

    def define_class(self, st: ast.ClassDef, env: Env) -> UserClass:
        bases = [self.ev(b, env) for b in st.bases]
        kind = "other"
        for base in bases:
            if isinstance(base, ModRef):
                path = canonical(base.path)
                if path in ("torch.nn.Module", "nn.Module"):
                    kind = "torch"
                elif path in ("keras.Model", "keras.models.Model", "keras.layers.Layer"):
                    kind = "keras"
            elif isinstance(base, UserClass) and base.kind != "other":
                kind = base.kind
        methods = {}
        for item in st.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                methods[item.name] = item
        cls = UserClass(st, bases, {}, kind)
        cls.methods = {name: Func(node, env, cls) for name, node in methods.items()}
        return cls

    def bind(self, target, value, env: Env, st) -> None:
        if isinstance(target, ast.Name):
            env.assign(target.id, value, st)
        elif isinstance(target, (ast.Tuple, ast.List)):
            starred = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Starred)]
            seq = value if isinstance(value, (list, tuple)) else None
            if isinstance(value, (str, range)):
                seq = list(value)
            if seq is None or (not starred and len(seq) != len(target.elts)) \
                    or (starred and len(seq) < len(target.elts) - 1):
                if isinstance(value, Tensor) or (seq is not None and any(isinstance(v, Tensor) for v in seq)):
                    got = 1 if seq is None else len(seq)
                    bad = Unknown(st, refusal=f"the call returns {got} tensor(s) but {len(target.elts)} "
                                              "names are unpacked; return_state=True adds the states "
                                              "(h, and c for an LSTM) after the output")
                else:
                    bad = value if isinstance(value, Unknown) else Unknown(st.value if hasattr(st, "value") else st)
                for t in target.elts:
                    self.bind(t.value if isinstance(t, ast.Starred) else t, bad, env, st)
                return
            if starred:
                k = starred[0]
                tail = len(target.elts) - k - 1
                parts = list(seq[:k]) + [list(seq[k:len(seq) - tail])] + list(seq[len(seq) - tail:])
            else:
                parts = list(seq)
            for t, v in zip(target.elts, parts):
                self.bind(t.value if isinstance(t, ast.Starred) else t, v, env, st)
        elif isinstance(target, ast.Attribute):
            owner = self.ev(target.value, env)
            if isinstance(owner, TorchModule):
                made = isinstance(getattr(st, "value", None), ast.Call)
                self.set_module_attr(owner, target.attr, value, st, made)
            elif isinstance(owner, Layer) and not owner.keras:
                self.broken_layers[id(owner)] = Unknown(st, refusal=f"{text_of(target)} = ... changes a "
                                                        "module's weights (tied weights?), which quizrnn does "
                                                        "not read; the total would count them wrongly")
            elif isinstance(target.value, ast.Name):
                self.taint_target(target.value, env, st)
        elif isinstance(target, ast.Subscript):
            self.taint_target(target.value, env, st)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value, env, st)

    def set_module_attr(self, owner: TorchModule, name: str, value, st, made: bool = True) -> None:
        if isinstance(value, (Layer, *MODULE_VALUES)) or (isinstance(value, Unknown) and (
                name in owner.modules or made)):
            owner.modules[name] = value
            owner.attrs.pop(name, None)
        elif isinstance(value, Unknown) and value.refusal:
            owner.modules[name] = value
        else:
            owner.modules.pop(name, None)
            owner.attrs[name] = value

    def taint_target(self, target, env: Env, st) -> None:
        """A name changed by code quizrnn does not follow (x[i] = ..., x.attr = ..., del x)."""
        while isinstance(target, (ast.Subscript, ast.Attribute)):
            target = target.value
        if isinstance(target, ast.Name):
            try:
                current = env.lookup(target.id)
            except KeyError:
                current = None
            if isinstance(current, (Model, TorchContainer, TorchModule, Layer, Func, UserClass, ModRef)):
                return
            env.assign(target.id, Unknown(st, name=target.id, reason=f"is changed by code at "
                                          f"{self.src.line_of(st)} that quizrnn does not run"), st)

    def taint(self, stmts, env: Env, where, reason: str) -> None:
        """Statements that are not followed: what they assign becomes unknown, models they
        add layers to cannot be read."""
        for stmt in stmts:
            for node in ast.walk(stmt):
                targets = []
                if isinstance(node, (ast.Assign,)):
                    targets = node.targets
                elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
                    targets = [node.target]
                elif isinstance(node, ast.NamedExpr):
                    targets = [node.target]
                for target in targets:
                    base = target
                    while isinstance(base, ast.Subscript):
                        base = base.value
                    if isinstance(base, ast.Name) and base is not target:
                        if isinstance(self.lookup_quiet(base.id, env), (list, dict)):
                            env.assign(base.id, Unknown(node, name=base.id, reason=reason), node)
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                            env.assign(name.id, Unknown(node, name=name.id, reason=reason), node)
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                        owner = self.lookup_quiet(target.value.id, env)
                        if isinstance(owner, TorchModule):
                            owner.modules[target.attr] = Unknown(
                                node, refusal=f"self.{target.attr} is set under a condition or in a loop "
                                              f"quizrnn cannot follow ({self.src.line_of(where)}); "
                                              "add --set for the name it depends on")
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and isinstance(node.func.value, (ast.Name, ast.Attribute)):
                    owner = self.ev_quiet(node.func.value, env)
                    if isinstance(owner, (Model, TorchContainer)) and node.func.attr in (
                            "add", "append", "extend", "insert", "add_module"):
                        owner.broken = owner.broken or Unknown(
                            node, refusal=f"layers are added under a condition or in a loop that "
                                          f"quizrnn cannot follow ({self.src.line_of(where)}); give the "
                                          "names it depends on with --set, or write the layers out")
                    elif isinstance(node.func.value, ast.Name) and isinstance(owner, (list, dict)):
                        env.assign(node.func.value.id, Unknown(node, name=node.func.value.id,
                                                               reason=reason), node)

    def lookup_quiet(self, name: str, env: Env):
        try:
            return env.lookup(name)
        except KeyError:
            return None

    def ev_quiet(self, node, env: Env):
        if isinstance(node, ast.Name):
            return self.lookup_quiet(node.id, env)
        if isinstance(node, ast.Attribute):
            owner = self.ev_quiet(node.value, env)
            if isinstance(owner, TorchModule):
                return owner.modules.get(node.attr, owner.attrs.get(node.attr))
        return None

    def loop(self, st, env: Env) -> None:
        iterable = self.ev(st.iter, env)
        items = V.items_of(iterable) if V.is_plain(iterable) else (
            list(iterable) if isinstance(iterable, list) else None)
        size = sum(1 for _ in ast.walk(ast.Module(body=st.body, type_ignores=[])))
        if isinstance(iterable, Unknown) and iterable.name:
            reason = (f"is set in the loop at {self.src.line_of(st)}, which runs over "
                      f"{iterable.name}; quizrnn does not run it")
        else:
            reason = f"is set in the loop at {self.src.line_of(st)}, which quizrnn does not run"
        if items is None or len(items) > MAX_LOOP or self.steps + len(items) * size > SOFT_BUDGET:
            self.taint([st], env, st, reason)
            return
        for item in items:
            if self.steps > SOFT_BUDGET:
                self.taint([st], env, st, reason)
                return
            self.bind(st.target, item, env, st)
            try:
                self.block(st.body, env)
            except _Break:
                return
            except _Continue:
                continue
        self.block(st.orelse, env)

    def truth(self, node, env: Env):
        """True/False for a condition quizrnn can decide, else None."""
        if _is_main_check(node):
            return True
        value = self.ev(node, env)
        if isinstance(value, Unknown):
            return None
        if V.is_plain(value):
            return bool(value)
        return True

    # ------------------------------------------------------------------ expressions

    def ev(self, node, env: Env):
        if self.expr_settings and not isinstance(node, (ast.Name, ast.Constant)):
            key = text_of(node, 10_000)
            if key in self.expr_settings:
                self.used.add(key)
                return self.expr_settings[key]
        method = getattr(self, "ev_" + type(node).__name__, None)
        if method is None:
            return Unknown(node, reason="is code that quizrnn does not run")
        try:
            return method(node, env)
        except V.Bounds as exc:
            return Unknown(node, reason=f"is too large to read ({exc})")
        except RecursionError:
            return Unknown(node, reason="is nested too deeply to read")

    def ev_Constant(self, node, env):
        value = node.value
        if isinstance(value, (int, float, str, bool, type(None))):
            return V.check(value)
        return Unknown(node, reason="is not a value quizrnn reads")

    def ev_Name(self, node, env):
        try:
            return env.lookup(node.id)
        except KeyError:
            pass
        if node.id == "__name__":
            return "__main__"
        if node.id in V.BUILTINS or node.id in ("super", "isinstance", "enumerate", "zip", "open",
                                                "setattr", "getattr"):
            return ModRef("builtins." + node.id)
        if node.id in DEFAULT_ALIASES:
            return ModRef(DEFAULT_ALIASES[node.id])
        if lookup(node.id) is not None or node.id in ("Sequential", "Model", "Input"):
            return ModRef("keras.layers." + node.id if node.id not in ("Sequential", "Model")
                          else "keras." + node.id)
        if node.id in self.settings:
            self.used.add(node.id)
            return self.settings[node.id]
        return Unknown(node, name=node.id, reason="is not defined in this file")

    def ev_Attribute(self, node, env):
        owner = self.ev(node.value, env)
        if isinstance(owner, ModRef):
            path = f"{owner.path}.{node.attr}"
            return V.STRING_CONSTANTS.get(path, ModRef(path))
        if isinstance(owner, TorchModule):
            if node.attr in owner.modules:
                return owner.modules[node.attr]
            if node.attr in owner.attrs:
                return owner.attrs[node.attr]
            return Unknown(node, reason="is not set in __init__")
        if isinstance(owner, Unknown):
            return anon(node, owner)
        return Unknown(node, reason="is read from an object at run time")

    def ev_Subscript(self, node, env):
        owner = self.ev(node.value, env)
        index = self.ev(node.slice, env)
        if isinstance(owner, Unknown) or isinstance(index, Unknown):
            return anon(node, owner, index)
        if isinstance(owner, TorchContainer):
            owner = owner.children
        if isinstance(owner, Tensor):
            return Unknown(node, refusal=f"{text_of(node)} slices a tensor, which quizrnn does not read; "
                                         "use a layer (for example return_sequences=False for the last "
                                         "step)")
        try:
            if isinstance(owner, (list, tuple, str, range)) and isinstance(index, (int, slice)) \
                    and not isinstance(index, bool):
                return owner[index]
            if isinstance(owner, dict) and V.is_plain(index):
                return owner[index]
        except (IndexError, KeyError, TypeError, ValueError):
            return Unknown(node, reason="is not in the container")
        return Unknown(node)

    def ev_Slice(self, node, env):
        parts = [self.ev(p, env) if p is not None else None for p in (node.lower, node.upper, node.step)]
        if all(p is None or (isinstance(p, int) and not isinstance(p, bool)) for p in parts):
            return slice(*parts)
        return anon(node, *parts)

    def ev_Tuple(self, node, env):
        return tuple(self.elements(node.elts, env))

    def ev_List(self, node, env):
        return self.elements(node.elts, env)

    def elements(self, elts, env) -> list:
        out = []
        for elt in elts:
            if isinstance(elt, ast.Starred):
                value = self.ev(elt.value, env)
                if isinstance(value, (list, tuple)):
                    out.extend(value)
                elif isinstance(value, TorchContainer):
                    out.extend(value.children)
                else:
                    out.append(anon(elt, value))
            else:
                out.append(self.ev(elt, env))
            if len(out) > V.MAX_ITEMS:
                raise V.Bounds("too many items")
        return out

    def ev_Dict(self, node, env):
        out = {}
        for key, val in zip(node.keys, node.values):
            if key is None:
                more = self.ev(val, env)
                if not isinstance(more, dict):
                    return anon(node, more)
                out.update(more)
                continue
            k = self.ev(key, env)
            if not isinstance(k, (str, int, float, bool, type(None), tuple)):
                return anon(node, k)
            out[k] = self.ev(val, env)
        return out

    def ev_JoinedStr(self, node, env):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
                continue
            inner = self.ev(value.value, env)
            if value.format_spec is not None or value.conversion not in (-1, None) \
                    or not isinstance(inner, (int, float, str, bool, type(None))):
                return anon(node, inner)
            parts.append(str(inner))
        return V.check("".join(parts))

    def ev_BinOp(self, node, env):
        return self.fold_binop(node, node.op, self.ev(node.left, env), self.ev(node.right, env))

    def fold_binop(self, node, op, left, right):
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return anon(node, left, right)
        if isinstance(left, list) and isinstance(right, list) and isinstance(op, ast.Add):
            if len(left) + len(right) > V.MAX_ITEMS:
                raise V.Bounds("too many items")
            return left + right   # lists of tensors too: [decoder_inputs] + states
        try:
            if not (V.is_plain(left) and V.is_plain(right)):
                raise TypeError
            return V.binop(op, left, right)
        except (TypeError, ValueError, OverflowError, ZeroDivisionError):
            return Unknown(node, reason="is not arithmetic quizrnn reads")

    def ev_UnaryOp(self, node, env):
        value = self.ev(node.operand, env)
        if isinstance(value, Unknown):
            return anon(node, value)
        if isinstance(node.op, ast.Not):
            return not value if V.is_plain(value) else False
        if isinstance(value, (int, float)):
            if isinstance(node.op, ast.USub):
                return -value
            if isinstance(node.op, ast.UAdd):
                return +value
            if isinstance(node.op, ast.Invert) and isinstance(value, int):
                return ~value
        return Unknown(node, reason="is not arithmetic quizrnn reads")

    def ev_BoolOp(self, node, env):
        result = None
        for k, part in enumerate(node.values):
            result = self.ev(part, env)
            if isinstance(result, Unknown):
                return anon(node, result)
            truth = bool(result) if V.is_plain(result) else True
            if isinstance(node.op, ast.And) and not truth:
                return result
            if isinstance(node.op, ast.Or) and truth:
                return result
        return result

    def ev_Compare(self, node, env):
        if _is_main_check(node):
            return True
        left = self.ev(node.left, env)
        for op, comp in zip(node.ops, node.comparators):
            right = self.ev(comp, env)
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                return anon(node, left, right)
            if not (V.is_plain(left) and V.is_plain(right)):
                if isinstance(op, (ast.Is, ast.IsNot)) and (left is None or right is None):
                    same = left is right
                    if not (same if isinstance(op, ast.Is) else not same):
                        return False
                    left = right
                    continue
                return Unknown(node, reason="is a comparison quizrnn does not read")
            try:
                if not V.compare(op, left, right):
                    return False
            except (TypeError, ValueError):
                return Unknown(node, reason="is a comparison quizrnn does not read")
            left = right
        return True

    def ev_IfExp(self, node, env):
        test = self.truth(node.test, env)
        if test is None:
            return anon(node, self.ev(node.test, env))
        return self.ev(node.body if test else node.orelse, env)

    def ev_NamedExpr(self, node, env):
        value = self.ev(node.value, env)
        self.bind(node.target, value, env, node)
        return value

    def ev_ListComp(self, node, env):
        local = Env(self, env)
        out: list = []

        def walk(k: int) -> object:
            if k == len(node.generators):
                out.append(self.ev(node.elt, local))
                if len(out) > MAX_LOOP:
                    raise V.Bounds("too many items")
                return None
            gen = node.generators[k]
            iterable = self.ev(gen.iter, local)
            items = V.items_of(iterable) if V.is_plain(iterable) else (
                iterable if isinstance(iterable, list) else None)
            if items is None or len(items) > MAX_LOOP:
                return anon(node, iterable)
            for item in items:
                self.bind(gen.target, item, local, node)
                keep = True
                for cond in gen.ifs:
                    t = self.truth(cond, local)
                    if t is None:
                        return anon(node, self.ev(cond, local))
                    keep = keep and t
                if keep:
                    failed = walk(k + 1)
                    if failed is not None:
                        return failed
            return None

        failed = walk(0)
        return failed if failed is not None else out

    ev_GeneratorExp = ev_ListComp

    def ev_Lambda(self, node, env):
        return Unknown(node, refusal=f"{text_of(node)} is a lambda; quizrnn reads layers and never runs code")

    def ev_Starred(self, node, env):
        return anon(node, self.ev(node.value, env))

    # ------------------------------------------------------------------ calls

    def ev_Call(self, node, env):
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) \
                and isinstance(func.value.func, ast.Name) and func.value.func.id == "super":
            return self.call_super(node, func.attr, env)
        owner = None
        if isinstance(func, ast.Attribute):
            owner = self.ev(func.value, env)
            if not isinstance(owner, ModRef):
                return self.call_method(node, owner, func.attr, env)
            callee = V.STRING_CONSTANTS.get(f"{owner.path}.{func.attr}", ModRef(f"{owner.path}.{func.attr}"))
        else:
            callee = self.ev(func, env)
        args, kwargs = self.arguments(node, env)
        return self.call(node, callee, args, kwargs, env)

    def arguments(self, node: ast.Call, env: Env):
        args = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                value = self.ev(arg.value, env)
                if isinstance(value, (list, tuple)):
                    args.extend((arg, v) for v in value)
                elif isinstance(value, TorchContainer):
                    args.extend((arg, v) for v in value.children)
                else:
                    args.append((arg, anon(arg, value)))
            else:
                args.append((arg, self.ev(arg, env)))
        kwargs = {}
        for kw in node.keywords:
            value = self.ev(kw.value, env)
            if kw.arg is None:
                if isinstance(value, dict) and all(isinstance(k, str) for k in value):
                    for k, v in value.items():
                        kwargs[k] = (kw.value, v)
                else:
                    kwargs["**"] = (kw.value, anon(kw.value, value) if not isinstance(value, Unknown)
                                    else value)
            else:
                kwargs[kw.arg] = (kw.value, value)
        return args, kwargs

    def call(self, node, callee, args, kwargs, env):
        if isinstance(callee, Unknown):
            if callee.name and callee.reason == "is not defined in this file":
                close = close_name(callee.name)
                if close and isinstance(node.func, ast.Name):
                    return Unknown(node, refusal=f"unknown layer {callee.name}; did you mean {close}?")
            return anon(node, callee) if callee.refusal else Unknown(node)
        if isinstance(callee, ModRef):
            return self.call_path(node, callee.path, args, kwargs, env)
        if isinstance(callee, Func):
            return self.call_function(node, callee, args, kwargs)
        if isinstance(callee, UserClass):
            return self.instantiate(node, callee, args, kwargs)
        if isinstance(callee, Layer):
            if callee.keras:
                return self.call_layer(node, callee, args, kwargs)
            return Unknown(node, reason="is computed when the model runs")
        if isinstance(callee, (Model, TorchModule, TorchContainer)):
            if isinstance(callee, Model) and any(isinstance(v, Tensor) for _, v in args):
                return Unknown(node, refusal="a model called as a layer inside another model is not "
                                             "read; build one model with the functional API")
            return Unknown(node, reason="is computed when the model runs")
        return Unknown(node)

    def call_path(self, node, path, args, kwargs, env):
        if path in ("builtins.enumerate", "builtins.zip") and args and not kwargs:
            seqs = [v for _, v in args]
            items = [V.items_of(v) if V.is_plain(v) else (v if isinstance(v, list) else None) for v in seqs]
            if any(i is None for i in items):
                return anon(node, *seqs)
            if path.endswith("enumerate"):
                return list(enumerate(items[0])) if len(items) == 1 else Unknown(node)
            return list(zip(*items))
        if path.startswith("builtins."):
            name = path.split(".", 1)[1]
            if name in V.BUILTINS:
                plain_args = [v for _, v in args]
                plain_kwargs = {k: v for k, (_, v) in kwargs.items()}
                bad = [v for v in plain_args + list(plain_kwargs.values()) if isinstance(v, Unknown)]
                if bad:
                    return anon(node, *bad)
                try:
                    return V.builtin(name, plain_args, plain_kwargs)
                except V.Bounds as exc:
                    return Unknown(node, reason=f"is too large to read ({exc})")
                except (TypeError, ValueError, OverflowError, ZeroDivisionError):
                    return Unknown(node)
            return Unknown(node)
        path = canonical(path)
        if path in SEQUENTIAL:
            return self.make_sequential(node, args, kwargs)
        if path in FUNCTIONAL:
            return self.make_functional(node, args, kwargs)
        if path in ("torch.nn.Sequential", "torch.nn.ModuleList"):
            return self.make_container(node, path.rsplit(".", 1)[1], args, kwargs)
        if path.startswith("keras.layers.") and path.rsplit(".", 1)[1] in KERAS_HELPERS:
            cls = lookup("layers." + KERAS_HELPERS[path.rsplit(".", 1)[1]])
            tensors = args[:1] or [kwargs.pop("inputs", (node, None))]
            layer_kwargs = {k: v for k, v in kwargs.items() if k != "inputs"}
            layer = self.make_layer(node, cls, [], layer_kwargs)
            if isinstance(layer, Unknown):
                return layer
            return self.call_layer(node, layer, tensors, {})
        cls = layer_class(path)
        if cls is not None:
            if cls.name == "Input":
                layer = self.make_layer(node, cls, args, kwargs)
                if isinstance(layer, Unknown):
                    return layer
                call = Node(layer.spec, [], 0, False, {}, self.src.at(node))
                self.nodes.append(call)
                return Tensor(call, 0)
            return self.make_layer(node, cls, args, kwargs)
        root = path.split(".")[0]
        base = path.rsplit(".", 1)[-1]
        if path.startswith(("keras.layers.", "torch.nn.")) and path.count(".") == 2 \
                and (base[:1].isupper() or close_name(base)):
            from quizrnn.modelread.text import unknown_layer

            shown = text_of(node.func)
            return Unknown(node, refusal=unknown_layer(shown))
        if root in FRAMEWORK_ROOTS and base in ("Sequential", "Model"):
            return Unknown(node, refusal=f"{text_of(node.func)} is not read; write keras.Sequential, "
                                         "keras.Model or nn.Sequential")
        return Unknown(node)

    def call_super(self, node, attr, env):
        if attr != "__init__":
            return Unknown(node)
        try:
            me = env.lookup("self")
            here = env.lookup("__class__")
        except KeyError:
            return None
        for base in here.bases if isinstance(here, UserClass) else []:
            if isinstance(base, UserClass):
                func, owner = base.method("__init__")
                if func is not None:
                    args, kwargs = self.arguments(node, env)
                    return self.call_function(node, func, [(node, me)] + args, kwargs, owner)
        return None

    def call_method(self, node, owner, name, env):
        args, kwargs = self.arguments(node, env)
        if isinstance(owner, Unknown):
            return anon(node, owner)
        if isinstance(owner, Model):
            if owner.kind == "sequential" and name == "add" and args:
                value = args[0][1]
                owner.items.append(value.node.layer if isinstance(value, Tensor) else value)
                return None
            if owner.kind == "sequential" and name == "build":
                shape = args[0][1] if args else kwargs.get("input_shape", (node, None))[1]
                owner.build_shape = shape
                return None
            if name == "pop" and owner.kind == "sequential" and owner.items:
                owner.items.pop()
                return None
            return Unknown(node, reason="is computed when the model runs")
        if isinstance(owner, TorchContainer):
            if name == "append" and len(args) == 1:
                owner.children.append(args[0][1])
                return owner
            if name == "extend" and len(args) == 1 and isinstance(args[0][1], (list, tuple)):
                owner.children.extend(args[0][1])
                return owner
            if name == "add_module" and len(args) == 2:
                owner.children.append(args[1][1])
                return None
        if isinstance(owner, (TorchModule, TorchContainer, Layer)) and name in SAME_MODULE:
            return owner
        if isinstance(owner, TorchModule):
            if name in ("add_module", "register_module") and len(args) == 2 \
                    and isinstance(args[0][1], str):
                self.set_module_attr(owner, args[0][1], args[1][1], node)
                return None
            func, cls = owner.cls.method(name)
            if func is not None and name != "forward":
                return self.call_function(node, func, [(node, owner)] + args, kwargs, cls)
            return Unknown(node, reason="is computed when the model runs")
        if isinstance(owner, list) and name in ("append", "extend", "insert", "pop", "clear", "reverse"):
            values = [v for _, v in args]
            try:
                if name == "append" and len(values) == 1:
                    owner.append(values[0])
                elif name == "extend" and len(values) == 1 and isinstance(values[0], (list, tuple)):
                    owner.extend(values[0])
                elif name == "insert" and len(values) == 2 and isinstance(values[0], int):
                    owner.insert(values[0], values[1])
                elif name == "pop" and len(values) <= 1:
                    return owner.pop(*values)
                elif name == "clear" and not values:
                    owner.clear()
                elif name == "reverse" and not values:
                    owner.reverse()
                else:
                    return Unknown(node)
            except (IndexError, TypeError):
                return Unknown(node)
            if len(owner) > V.MAX_ITEMS:
                raise V.Bounds("too many items")
            return None
        if isinstance(owner, dict) and name == "get" and 1 <= len(args) <= 2:
            key = args[0][1]
            if V.is_plain(key) and not isinstance(key, (list, dict)):
                return owner.get(key, args[1][1] if len(args) == 2 else None)
        return Unknown(node)

    # ------------------------------------------------------------------ the file's own code

    def call_function(self, node, func: Func, args, kwargs, owner_cls=None):
        func.called = True
        self.calls += 1
        if self.depth >= MAX_DEPTH or self.steps > SOFT_BUDGET or self.calls > MAX_CALLS:
            return Unknown(node, reason="is computed by code nested too deeply to follow")
        local = Env(self, func.env)
        if owner_cls is not None or func.owner is not None:
            local.vars["__class__"] = owner_cls or func.owner
        bad = self.bind_params(node, func, args, kwargs, local)
        if bad is not None:
            return bad
        self.depth += 1
        try:
            self.block(func.node.body, local)
        except _Return as ret:
            return ret.value
        except (_Break, _Continue):
            return None
        finally:
            self.depth -= 1
        return None

    def bind_params(self, node, func: Func, args, kwargs, local: Env):
        spec = func.node.args
        positional = spec.posonlyargs + spec.args
        defaults = [None] * (len(positional) - len(spec.defaults)) + list(spec.defaults)
        values = [v for _, v in args]
        if len(values) > len(positional) and spec.vararg is None:
            return Unknown(node, reason=f"passes too many arguments to {func.node.name}")
        for k, arg in enumerate(positional):
            if k < len(values):
                value = values[k]
            elif arg.arg in kwargs:
                value = kwargs.pop(arg.arg)[1]
            elif defaults[k] is not None:
                value = self.ev(defaults[k], local.parent)
            else:
                value = Unknown(node, name=arg.arg, reason=f"is a parameter of {func.node.name} with no "
                                                           "value here")
            self.bind_param(arg.arg, value, local, node, from_call=k < len(values))
        if spec.vararg is not None:
            local.vars[spec.vararg.arg] = tuple(values[len(positional):])
        for arg, default in zip(spec.kwonlyargs, spec.kw_defaults):
            if arg.arg in kwargs:
                value = kwargs.pop(arg.arg)[1]
            elif default is not None:
                value = self.ev(default, local.parent)
            else:
                value = Unknown(node, name=arg.arg, reason=f"is a parameter of {func.node.name} with no "
                                                           "value here")
            self.bind_param(arg.arg, value, local, node)
        if spec.kwarg is not None:
            local.vars[spec.kwarg.arg] = {k: v for k, (_, v) in kwargs.items() if k != "**"}
        return None

    def bind_param(self, name, value, local: Env, node, from_call=True) -> None:
        if name in self.settings:
            self.used.add(name)
            local.vars[name] = self.settings[name]
            return
        if isinstance(value, Unknown) and not value.name and not value.refusal:
            value = Unknown(node, name=name, reason="is computed from data", root=value)
        local.vars[name] = value

    def instantiate(self, node, cls: UserClass, args, kwargs):
        cls.used = True
        if cls.kind == "keras":
            model = Model("subclass", node)
            model.broken = Unknown(cls.node, refusal=f"{cls.node.name} subclasses keras.Model, whose call() "
                                                     "quizrnn does not run; build the same layers with "
                                                     "keras.Sequential or the functional API (keras.Input, "
                                                     "layer calls, keras.Model)")
            return self.register(model)
        if cls.kind != "torch":
            return Unknown(node, reason=f"is an object of class {cls.node.name}, which quizrnn does not read")
        module = TorchModule(cls, node)
        func, owner = cls.method("__init__")
        if func is not None:
            self.in_class.append(cls)
            try:
                self.call_function(node, func, [(node, module)] + args, kwargs, owner)
            finally:
                self.in_class.pop()
        return self.register(module)

    def _follow_unused(self, trees) -> None:
        """Functions that build a model but are never called, and nn.Module classes never
        made, are read once with their default arguments."""
        referenced: dict[str, int] = {}
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    referenced[node.id] = referenced.get(node.id, 0) + 1
        for name, value in list(self.env.vars.items()):
            if isinstance(value, Func) and not value.called and not referenced.get(name) \
                    and _builds_model(value.node):
                self.auto_label = f"{name}()"
                try:
                    args = []
                    result = self.call_function(value.node, value, args, {})
                    if isinstance(result, (Model, TorchModule, TorchContainer)) and result.label is None:
                        result.label = f"{name}()"
                finally:
                    self.auto_label = None
            elif isinstance(value, UserClass) and value.kind in ("torch", "keras") and not value.used \
                    and not referenced.get(name):
                self.auto_label = name
                try:
                    module = self.instantiate(value.node, value, [], {})
                    module.label = module.label or name
                finally:
                    self.auto_label = None

    # ------------------------------------------------------------------ layers

    def make_layer(self, node, cls: LayerClass, args, kwargs):
        """A layer object from a constructor call, or an Unknown saying why it cannot be read."""
        src = self.src
        if "**" in kwargs:
            return Unknown(kwargs["**"][0], refusal="**kwargs cannot be read; write the arguments out")
        if cls.any_args:
            spec = LayerSpec(cls, {}, src.at(node))
            return Layer(spec)
        if len(args) > len(cls.positional):
            return Unknown(node, refusal=f"{cls.display} takes at most {len(cls.positional)} positional "
                                         f"argument(s) ({', '.join(cls.positional)}), got {len(args)}")
        bound: dict = {}
        for pname, (anode, value) in zip(cls.positional, args):
            bound[pname] = (anode, value)
        for key, (anode, value) in kwargs.items():
            if key not in cls.keywords:
                close = difflib.get_close_matches(key, sorted(cls.keywords), n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                return Unknown(anode, refusal=f"{cls.display} has no argument {key!r}{hint}")
            if key in bound:
                return Unknown(anode, refusal=f"{cls.display} got {key!r} twice")
            bound[key] = (anode, value)
        out = {}
        for key, (anode, value) in bound.items():
            lenient = key in cls.ignored or key in LENIENT
            if cls.wrapper and key == "layer":
                if isinstance(value, Unknown):
                    return value
                if not isinstance(value, Layer) or not value.keras:
                    return Unknown(anode, refusal=f"{cls.display} wraps a Keras layer object such as "
                                                  "LSTM(64)")
                out[key] = value.spec
                continue
            hidden = _first_unknown(value)
            if hidden is not None:
                if lenient:
                    continue
                if hidden.name or hidden.refusal:
                    return self.pin(hidden)
                return self.pin(anon(anode, hidden) if hidden is value else hidden)
            if not V.is_plain(value):
                if lenient:
                    continue
                return Unknown(anode, refusal=f"{key}={text_of(anode)} is not a value quizrnn can read "
                                              "as a size or a flag")
            out[key] = _tuples(value)
        missing = [p for p in cls.required if p not in out]
        if missing:
            return Unknown(node, refusal=f"{cls.display} needs {', '.join(missing)}")
        spec = LayerSpec(cls, out, src.at(node))
        if cls.framework == KERAS:
            self.created.append(spec)
        return Layer(spec)

    def call_layer(self, node, layer: Layer, args, kwargs):
        spec = layer.spec
        first = args[0] if args else kwargs.pop("inputs", None)
        if first is None:
            return Unknown(node, refusal=f"{spec.cls.display} is called without an input tensor")
        anode, value = first
        extra_positional = args[1:]
        listed = isinstance(value, (list, tuple))
        primary = list(value) if listed else [value]
        for v in primary:
            if isinstance(v, Unknown):
                return self.pin(v)
            if not isinstance(v, Tensor):
                return Unknown(node, reason="is computed when the model runs")
        extras = []
        options = {}
        initial = kwargs.pop("initial_state", None)
        if initial is None and extra_positional and spec.cls.name in (*RNN_CELLS, "Bidirectional"):
            initial = extra_positional[0]
        for key, item in (("initial_state", initial), ("mask", kwargs.pop("mask", None))):
            if item is None or item[1] is None:
                continue
            tensors = list(item[1]) if isinstance(item[1], (list, tuple)) else [item[1]]
            for t in tensors:
                if isinstance(t, Unknown):
                    return self.pin(t)
                if not isinstance(t, Tensor):
                    return Unknown(item[0], refusal=f"{key} must be Keras tensors from this model")
            extras += tensors
            options[key] = len(tensors)
        scores = kwargs.pop("return_attention_scores", None)
        if scores is not None:
            if not isinstance(scores[1], bool):
                return Unknown(scores[0], refusal="return_attention_scores must be True or False")
            options["return_attention_scores"] = scores[1]
        call = Node(spec, [t.ref for t in primary + extras], len(primary), listed, options, self.src.at(node))
        self.nodes.append(call)
        count = _outputs(spec, options)
        if count == 1:
            return Tensor(call, 0)
        return [Tensor(call, k) for k in range(count)]

    def make_sequential(self, node, args, kwargs):
        model = self.register(Model("sequential", node))
        items = args[0][1] if args else kwargs.get("layers", (node, None))[1]
        name = kwargs.get("name")
        model.name = name[1] if name else None
        if items is None:
            return model
        if isinstance(items, Unknown):
            model.broken = items
            return model
        if not isinstance(items, (list, tuple)):
            model.broken = Unknown(args[0][0] if args else node,
                                   refusal="Sequential takes a list of layers [...]")
            return model
        for item in items:
            model.items.append(item.node.layer if isinstance(item, Tensor) else item)
        return model

    def make_functional(self, node, args, kwargs):
        model = self.register(Model("functional", node))
        values = [v for _, v in args]
        inputs = values[0] if values else kwargs.get("inputs", (node, None))[1]
        outputs = values[1] if len(values) > 1 else kwargs.get("outputs", (node, None))[1]
        name = kwargs.get("name")
        model.name = name[1] if name else None
        if inputs is None and outputs is None:
            model.broken = Unknown(node, refusal="keras.Model() without inputs and outputs is a subclassed "
                                                 "model; build it with keras.Input and layer calls")
            return model
        model.inputs, model.outputs = inputs, outputs
        return model

    def make_container(self, node, kind, args, kwargs):
        box = TorchContainer(kind, node)
        if kind == "ModuleList":
            items = args[0][1] if args else kwargs.get("modules", (node, []))[1]
            if isinstance(items, Unknown):
                box.broken = items
            elif isinstance(items, (list, tuple)):
                box.children = list(items)
            elif items is not None:
                box.broken = Unknown(node, refusal="nn.ModuleList takes a list of modules")
        else:
            if kwargs:
                box.broken = Unknown(node, refusal="nn.Sequential takes modules as arguments")
            for _, value in args:
                if isinstance(value, dict):
                    box.broken = Unknown(node, refusal="nn.Sequential(OrderedDict(...)) is not read; "
                                                       "pass the modules in order")
                box.children.append(value)
        return self.register(box)


def _first_unknown(value):
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (list, tuple)):
        for item in value:
            found = _first_unknown(item)
            if found is not None:
                return found
    return None


def _tuples(value):
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, tuple):
        return tuple(_tuples(v) for v in value)
    return value


def _outputs(spec: LayerSpec, options: dict) -> int:
    """How many tensors a Keras layer call returns."""
    name = spec.cls.name
    if name == "Attention" or name == "AdditiveAttention":
        return 2 if options.get("return_attention_scores") else 1
    rnn = spec
    directions = 1
    base = 1
    if name == "Bidirectional":
        rnn = spec.args.get("layer")
        directions = 2
        if not isinstance(rnn, LayerSpec):
            return 1
        if "merge_mode" in spec.args and spec.args["merge_mode"] is None:
            base = 2
    if rnn.cls.name not in RNN_CELLS:
        return 1
    if rnn.get("return_state") is True:
        return base + shapes.STATES[RNN_CELLS[rnn.cls.name]] * directions
    return base


def _is_main_check(node) -> bool:
    return (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "__name__"
            and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq)
            and isinstance(node.comparators[0], ast.Constant) and node.comparators[0].value == "__main__")


_BUILDERS = {"Sequential", "Model", "Input", "ModuleList"}


def _builds_model(func: ast.FunctionDef) -> bool:
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in _BUILDERS:
                return True
    return False


__all__ = ["Program", "Env", "canonical", "known_names"]
