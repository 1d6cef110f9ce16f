"""Rule files to compiled matcher data (kept in the one disk cache), and the checks of their examples."""
