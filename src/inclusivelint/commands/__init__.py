"""The CLI's commands, a module per family; `inclusivelint.cli` puts them in one group.

These modules and `cli` are the only places that print or exit."""
