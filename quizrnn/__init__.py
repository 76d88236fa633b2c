"""quizrnn: exam prep and assessment for recurrent neural networks."""

__version__ = "0.1.0"
