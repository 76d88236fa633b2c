"""The topics of the bank (a module of its own so the CLI can list them cheaply)."""

TOPICS = (
    "rnn-basics", "bptt", "vanishing-gradients", "lstm", "gru", "bidirectional", "stacked", "seq2seq",
    "attention", "esn", "training", "keras-api", "pytorch-api", "time-series", "text-generation",
    "architectures", "applications",
)
TYPES = ("mcq", "interview", "numeric")
