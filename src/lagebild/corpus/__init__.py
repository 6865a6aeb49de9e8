"""Steps that look across stored articles (learned roles; later copies, stories, comparison, search).

Per-article components never read the store; what a corpus step learns becomes
an explicit, versioned input of later analyses (see :mod:`lagebild.corpus.roles`).
"""
