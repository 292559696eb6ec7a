"""Evaluation sets: labelled cases that measure the checkers (figures printed, goals asserted in tests)."""
