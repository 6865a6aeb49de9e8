"""Handlers for decades and centuries: "sechziger Jahre", "1960er-Jahre", "Mitte der 90er", "20. Jahrhundert"."""

from __future__ import annotations

from . import lexicon as lx
from .normalize import Resolution, position_mod
from .resolve import Context, Found, handles


def _century_prefix(m: Found, ctx: Context, default: int) -> int:
    """The hundreds of a decade: "des 19. Jahrhunderts" -> 18, "des vorigen Jahrhunderts" -> the DCT's
    century minus one, else ``default``."""
    if m["dcent"]:
        return int(m["dcent"]) - 1
    if m["drel"]:
        reference = ctx.calendar.deictic()
        return reference.year // 100 - 1 if reference else 19
    return default


@handles("decade", "decade_coord")
def decade(m: Found, ctx: Context) -> Resolution | None:
    """TIMEX3 writes a decade as its first three digits: "sechziger Jahre" / "60er Jahre" -> ``196``."""
    mod = position_mod(m["pos"]) or lx.early_late_mod(m["early"])
    if m["decade"] and len(m["decade"]) == 4:  # "1960er-Jahre"
        return Resolution("DATE", m["decade"][:3], mod)
    if m["dword"]:
        digit = lx.DECADE_WORDS[m["dword"].lower()]
        if digit == 0 and not m["jahre"]:
            return None  # "Nuller" alone is not a decade
    else:
        digit = int(m["decade"][0])
    default = 20 if digit in (0, 1) else 19  # "00er", "10er Jahre", "Nullerjahre": this century
    return Resolution("DATE", f"{_century_prefix(m, ctx, default):02d}{digit}", mod)


@handles("century")
def century(m: Found, ctx: Context) -> Resolution | None:
    number = int(m["century"])
    if not 1 <= number <= 21:
        return None
    bc = bool(m["era"]) and m["era"].lower().startswith("v")
    return Resolution("DATE", f"{'BC' if bc else ''}{number - 1:02d}", position_mod(m["pos"]))
