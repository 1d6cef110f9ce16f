"""Text to findings: spaCy doc, rule matching, context, suppressions."""
