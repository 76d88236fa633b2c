"""Rendering: one module per output medium, all reading the solvers' same ``Solution``.

``terminal`` (Rich), and the shared ``values`` (how an answer is written, reflow, safe
text) and ``streams`` (output that survives any encoding). Renderers print or write;
they never compute. The names below are loaded on first use, so that importing this
package (for ``streams``) stays cheap.
"""

_TERMINAL = ("make_console", "matrix_table", "show_solution", "show_working")


def __getattr__(name: str):
    if name in _TERMINAL:
        from quizrnn.render import terminal

        return getattr(terminal, name)
    raise AttributeError(name)
