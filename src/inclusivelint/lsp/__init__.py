"""`inclusivelint lsp`: the language server.

`server` speaks the protocol on the event loop and never lints; `worker` runs in a
separate process and does all the work (settings, linting, fixes, rule docs), so a
long lint never stalls the editor, and answers in the client's position units.
"""
