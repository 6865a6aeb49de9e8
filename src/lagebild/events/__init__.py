"""Events: what happened, who did it to whom, where and when (GDELT-style, for German).

See ``docs/events.md``.  :mod:`.taxonomy` is the versioned list of event types
with their CAMEO/PLOVER codes, :mod:`.lexicon` the German trigger words,
:mod:`.extract` the rules that find events and their arguments, and
:mod:`.export` the GDELT-like table rows.
"""
