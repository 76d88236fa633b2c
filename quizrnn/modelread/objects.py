"""The framework objects a model file builds, as the reader tracks them (never real ones)."""

from __future__ import annotations

from dataclasses import dataclass, field

from solvers.layers import KERAS
from solvers.summary import LayerSpec, Node


@dataclass(eq=False)
class ModRef:
    """A module or a name inside one: ``keras.layers``, ``torch.nn.LSTM``, ``string``."""

    path: str


@dataclass(eq=False)
class Layer:
    """A layer object: a Keras layer or a PyTorch leaf module."""

    spec: LayerSpec

    @property
    def keras(self) -> bool:
        return self.spec.cls.framework == KERAS


@dataclass(eq=False)
class Tensor:
    """A Keras symbolic tensor: output ``index`` of a layer call."""

    node: Node
    index: int = 0

    @property
    def ref(self):
        return (self.node, self.index)


@dataclass(eq=False)
class Model:
    """A model the file builds: Keras Sequential or functional, or a PyTorch module tree."""

    kind: str                       # "sequential", "functional", "torch", "subclass"
    node: object                    # where it is made, for messages
    items: list = field(default_factory=list)   # Sequential: layers (or Unknowns), in order
    inputs: object = None
    outputs: object = None
    name: object = None
    build_shape: object = None
    label: str | None = None
    broken: object = None           # an Unknown: why the model cannot be read


@dataclass(eq=False)
class TorchContainer:
    """``nn.Sequential`` or ``nn.ModuleList``: children in order."""

    kind: str                        # "Sequential" or "ModuleList"
    node: object
    children: list = field(default_factory=list)
    label: str | None = None
    broken: object = None


@dataclass(eq=False)
class TorchModule:
    """An instance of a user ``nn.Module`` class: its submodules in assignment order."""

    cls: "UserClass"
    node: object
    modules: dict = field(default_factory=dict)
    attrs: dict = field(default_factory=dict)
    label: str | None = None
    broken: object = None


@dataclass(eq=False)
class Func:
    node: object                     # ast.FunctionDef
    env: object                      # the module scope it reads
    owner: "UserClass | None" = None
    called: bool = False


@dataclass(eq=False)
class UserClass:
    node: object                     # ast.ClassDef
    bases: list
    methods: dict
    kind: str                        # "torch", "keras" (a subclassed keras.Model) or "other"
    used: bool = False

    def method(self, name: str):
        if name in self.methods:
            return self.methods[name], self
        for base in self.bases:
            if isinstance(base, UserClass):
                found = base.method(name)
                if found[0] is not None:
                    return found
        return None, None


MODULE_VALUES = (TorchContainer, TorchModule)
