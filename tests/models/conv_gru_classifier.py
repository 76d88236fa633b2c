"""Spoken-keyword classification from MFCC frames: a convolution front end, stacked GRUs, a head."""

import torch
from torch import nn

N_MFCC = 13
KEYWORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]


class ConvFrontEnd(nn.Module):
    def __init__(self, in_channels, channels, kernel_size=5):
        super().__init__()
        self.conv = nn.Conv1d(in_channels, channels, kernel_size, padding=kernel_size // 2)
        self.norm = nn.BatchNorm1d(channels)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.norm(self.conv(x)))


class KeywordNet(nn.Module):
    def __init__(self, n_features, n_classes, channels=64, hidden=128, num_layers=2, bidirectional=True,
                 dropout=0.1):
        super().__init__()
        self.front = ConvFrontEnd(n_features, channels)
        directions = 2 if bidirectional else 1
        self.grus = nn.ModuleList()
        size = channels
        for _ in range(num_layers):
            self.grus.append(nn.GRU(size, hidden, batch_first=True, bidirectional=bidirectional))
            size = hidden * directions
        self.norm = nn.LayerNorm(size)
        self.head = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(size, hidden),
            nn.Tanh(),
            nn.Linear(hidden, n_classes),
        )
        self.out = nn.Softmax(dim=-1)
        self.skip = nn.Identity()
        self.act = self.front.act  # the same ReLU again: counted once

    def forward(self, x):
        x = self.front(x.transpose(1, 2)).transpose(1, 2)
        for gru in self.grus:
            x, _ = gru(x)
        return self.out(self.head(self.norm(x[:, -1])))


if __name__ == "__main__":
    model = KeywordNet(n_features=N_MFCC, n_classes=len(KEYWORDS), num_layers=3)
    print(model)
    print(sum(p.numel() for p in model.parameters()))
