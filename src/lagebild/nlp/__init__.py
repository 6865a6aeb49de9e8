"""Linguistic annotation for German text: POS tags, lemmas and verb mood."""
