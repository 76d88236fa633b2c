"""Next-hour temperature from a week of hourly weather, with a stack of LSTMs built in a loop."""

import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

FEATURES = ["temperature", "pressure", "humidity", "wind_speed"]
N_FEATURES = len(FEATURES)
WINDOW = 24 * 7          # one week of hourly readings
UNITS = [128, 64, 32]    # one LSTM per entry
USE_NORM = True
DROPOUT = 0.2

frame = pd.read_csv("weather.csv")
values = frame[FEATURES].to_numpy()
mean, std = values.mean(axis=0), values.std(axis=0)
values = (values - mean) / std

model = keras.Sequential(name="forecaster")
model.add(layers.Input(shape=(WINDOW, N_FEATURES)))
if USE_NORM:
    model.add(layers.BatchNormalization())
for i, units in enumerate(UNITS):
    last = i == len(UNITS) - 1
    model.add(layers.LSTM(units, return_sequences=not last))
    if DROPOUT > 0:
        model.add(layers.Dropout(DROPOUT))
model.add(layers.LayerNormalization())
model.add(layers.Dense(16, activation="relu"))
model.add(layers.Dense(1))

model.compile(optimizer="adam", loss="mse")
model.summary()
