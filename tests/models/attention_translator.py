"""Word-level translation with a shared embedding, an encoder-decoder of GRUs and Luong attention."""

import keras
from keras import layers

vocab_size = 8000
embed_dim = 128
units = 256

source = keras.Input(shape=(None,), dtype="int64", name="source")
target = keras.Input(shape=(None,), dtype="int64", name="target")

# One embedding table serves both languages (a shared layer: its weights count once).
embed = layers.Embedding(vocab_size, embed_dim)
source_vectors = embed(source)
target_vectors = embed(target)

encoder = layers.Bidirectional(layers.GRU(units, return_sequences=True, return_state=True), merge_mode="sum")
encoder_seq, forward_h, backward_h = encoder(source_vectors)
state = layers.Add()([forward_h, backward_h])

decoder = layers.GRU(units, return_sequences=True)
decoder_seq = decoder(target_vectors, initial_state=state)

context = layers.Attention(use_scale=True)([decoder_seq, encoder_seq])
merged = layers.Concatenate()([decoder_seq, context])
merged = layers.LayerNormalization()(merged)
logits = layers.TimeDistributed(layers.Dense(vocab_size))(merged)
probs = layers.Activation("softmax")(logits)

translator = keras.Model(inputs=[source, target], outputs=probs, name="translator")
translator.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
