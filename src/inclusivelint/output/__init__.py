"""Findings to text: renderers for every output format, rule explanations."""
