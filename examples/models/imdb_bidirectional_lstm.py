"""Sentiment of movie reviews with two stacked bidirectional LSTMs (Keras functional API)."""

import numpy as np
import keras
from keras import layers

max_features = 20000  # keep the 20,000 most frequent words
maxlen = 200          # and the first 200 words of every review

# Reviews of any length come in as sequences of word indices.
inputs = keras.Input(shape=(None,), dtype="int32")
# Each index becomes a 128-dimensional vector.
x = layers.Embedding(max_features, 128)(inputs)
# Two bidirectional LSTMs, the first one handing on the whole sequence.
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(64))(x)
# One probability: is the review positive?
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.summary()

(x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=max_features)
print(len(x_train), "training sequences")
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))
