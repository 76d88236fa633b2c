"""Which language does a surname come from? A character-level GRU in PyTorch.

Run with the folder of name lists next to it (data/names/*.txt, one language per file).
"""

import glob
import os
import string

import torch
import torch.nn as nn

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)

category_lines = {}
all_categories = []
for filename in glob.glob("data/names/*.txt"):
    category = os.path.splitext(os.path.basename(filename))[0]
    all_categories.append(category)
    with open(filename, encoding="utf-8") as handle:
        category_lines[category] = handle.read().strip().split("\n")
n_categories = len(all_categories)


class CharRNN(nn.Module):
    def __init__(self, n_letters, hidden_size, n_categories, embedding_dim=64):
        super(CharRNN, self).__init__()
        self.hidden_size = hidden_size
        self.embedding = nn.Embedding(n_letters, embedding_dim)
        self.rnn = nn.GRU(embedding_dim, hidden_size, batch_first=True)
        self.h2o = nn.Linear(hidden_size, n_categories)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        embedded = self.embedding(line_tensor)
        _, hidden = self.rnn(embedded)
        output = self.h2o(hidden[0])
        return self.softmax(output)


def letter_to_index(letter):
    return all_letters.find(letter)


rnn = CharRNN(n_letters, 128, n_categories)
print(rnn)
print(sum(p.numel() for p in rnn.parameters()), "parameters")

criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(rnn.parameters(), lr=0.005)
for epoch in range(1, 27):
    for category, lines in category_lines.items():
        target = torch.tensor([all_categories.index(category)])
        for line in lines:
            line_tensor = torch.tensor([[letter_to_index(c) for c in line]])
            optimizer.zero_grad()
            loss = criterion(rnn(line_tensor), target)
            loss.backward()
            optimizer.step()
