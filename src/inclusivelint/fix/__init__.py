"""Findings to edits: the one replacement engine."""
