"""The fuzzing harness: Hypothesis strategies for hostile input and the invariants every input must keep.

* :mod:`.strategies` — texts (any Unicode, control characters, very long tokens,
  markup), bytes in many encodings, JSONL/JSON records (valid, invalid, odd types,
  deep nesting), HTML snippets, special files, and a mutation fuzzer over the
  files in ``examples/`` (bit flips, truncation, inserted bytes and markup).
* :mod:`.harness` — :func:`~.harness.run_case` reads one fuzzed input between two
  good ones with :func:`lagebild.ingest.iter_documents`, analyses what it yields
  with :class:`lagebild.pipeline.Pipeline` and renders the text report; it checks
  that no exception other than a coded ``LagebildError`` escapes, that every input
  ends as an article or a coded error, that the good inputs of the batch are
  analysed, and how long each input took.  :func:`~.harness.main` runs many cases
  in worker processes with a hard time limit (``scripts/fuzz.py``).

``tests/test_fuzz.py`` runs a bounded number of cases in CI.
"""
