"""Constructs, one per logical unit, with keyword-only props; stacks wire them together."""
