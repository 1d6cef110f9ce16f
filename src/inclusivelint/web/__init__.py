"""A local web page for checking a text by hand: `inclusivelint serve`.

`app.create_app()` builds the Starlette app (the page under `static/` and the
JSON API it calls); `app.serve()` runs it with uvicorn on 127.0.0.1. Everything
the page needs ships in the package: no CDN, no network, nothing written to disk.
Needs the `web` extra (starlette, uvicorn).
"""
