"""Reviews classified by a 1-D convolution, max pooling and an LSTM (Sequential)."""

import keras
from keras.datasets import imdb
from keras.layers import LSTM, Activation, Conv1D, Dense, Dropout, Embedding, Input, MaxPooling1D
from keras.models import Sequential
from keras.utils import pad_sequences

# Embedding
max_features = 20000
maxlen = 100
embedding_size = 128

# Convolution
kernel_size = 5
filters = 64
pool_size = 4

# LSTM
lstm_output_size = 70

# Training
batch_size = 30
epochs = 2

(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=max_features)
x_train = pad_sequences(x_train, maxlen=maxlen)
x_test = pad_sequences(x_test, maxlen=maxlen)

model = Sequential([
    Input(shape=(maxlen,)),
    Embedding(max_features, embedding_size),
    Dropout(0.25),
    Conv1D(filters, kernel_size, padding="valid", activation="relu", strides=1),
    MaxPooling1D(pool_size=pool_size),
    LSTM(lstm_output_size),
    Dense(1),
    Activation("sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_data=(x_test, y_test))
