"""Dialogues and follow-up: what participation produced (ideas, votes) and what became of it."""
