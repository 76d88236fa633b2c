"""Learning to add: "535+61 " -> "596", an encoder LSTM, RepeatVector and a decoder LSTM."""

import numpy as np
import keras
from keras import layers

TRAINING_SIZE = 50000
DIGITS = 3
REVERSE = True
# The longest question is "999+999".
MAXLEN = DIGITS + 1 + DIGITS


class CharacterTable:
    """One-hot encodes and decodes strings over a fixed alphabet."""

    def __init__(self, chars):
        self.chars = sorted(set(chars))
        self.char_indices = dict((c, i) for i, c in enumerate(self.chars))
        self.indices_char = dict((i, c) for i, c in enumerate(self.chars))

    def encode(self, C, num_rows):
        x = np.zeros((num_rows, len(self.chars)))
        for i, c in enumerate(C):
            x[i, self.char_indices[c]] = 1
        return x


chars = "0123456789+ "
ctable = CharacterTable(chars)

questions = []
expected = []
seen = set()
print("Generating data...")
while len(questions) < TRAINING_SIZE:
    f = lambda: int("".join(np.random.choice(list("0123456789")) for i in range(np.random.randint(1, DIGITS + 1))))
    a, b = f(), f()
    key = tuple(sorted((a, b)))
    if key in seen:
        continue
    seen.add(key)
    q = "{}+{}".format(a, b)
    query = q + " " * (MAXLEN - len(q))
    ans = str(a + b)
    ans += " " * (DIGITS + 1 - len(ans))
    if REVERSE:
        query = query[::-1]
    questions.append(query)
    expected.append(ans)

print("Build model...")
num_layers = 1  # try more decoder layers

model = keras.Sequential()
# The encoder reads the question and keeps a 128-vector summary of it.
model.add(layers.Input((MAXLEN, len(chars))))
model.add(layers.LSTM(128))
# The decoder sees that summary once per digit of the answer.
model.add(layers.RepeatVector(DIGITS + 1))
for _ in range(num_layers):
    model.add(layers.LSTM(128, return_sequences=True))
# One softmax over the characters at every position of the answer.
model.add(layers.TimeDistributed(layers.Dense(len(chars), activation="softmax")))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.summary()
