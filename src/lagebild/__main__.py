"""``python -m lagebild`` is the ``lagebild`` command."""

from .cli import main

main()
