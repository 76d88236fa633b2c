"""The question bank: YAML files of items, shipped with quizrnn."""
