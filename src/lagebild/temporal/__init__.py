"""German temporal expressions normalised to TIMEX3 (``DATE``, ``TIME``, ``DURATION``, ``SET``).

:func:`extract_timexes` is the pure core: text + document creation time in, :class:`~lagebild.model.Timex`
list out.  :func:`lagebild.temporal.component.make_timex` wraps it as the ``timex`` pipeline component.
See ``docs/timex.md`` for what is recognised and how values are anchored.
"""

from __future__ import annotations

from .extract import extract_timexes

__all__ = ["extract_timexes"]
