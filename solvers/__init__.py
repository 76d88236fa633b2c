"""The math engine of quizrnn.

Plain functions over ints, floats and NumPy arrays. Every solver returns a
:class:`~solvers.solution.Solution`: the final answer and the ordered steps that
lead to it. Nothing here reads files, prints, or knows about the terminal.

Importing this package is cheap: NumPy is imported only by the modules that
compute with arrays, and SymPy only where symbols are needed.
"""

from solvers.errors import SolverError
from solvers.solution import Solution, Step

__all__ = ["Solution", "Step", "SolverError"]
