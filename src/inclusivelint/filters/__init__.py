"""Findings to the findings that matter: baseline, changed lines."""
