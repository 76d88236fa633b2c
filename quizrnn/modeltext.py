"""Compatibility name for :mod:`quizrnn.modelread` (model text and files, read, never run)."""

from __future__ import annotations

from quizrnn.modelread import parse, parse_file, parse_settings, parse_text

__all__ = ["parse", "parse_file", "parse_settings", "parse_text"]
