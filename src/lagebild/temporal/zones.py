"""Named time zones: "12 Uhr Ortszeit Damaskus", "14 Uhr MESZ" -> UTC offsets.

Places map to IANA zone names; the offset of a given date (summer time included) comes from the
standard library's :mod:`zoneinfo`, which reads the system's tz database and works offline.  If a
system has no tz database, the standard (winter) offsets below are used instead, so a value is
still produced, only without summer time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: German place names (cities, mostly capitals, and a few countries with one zone) -> IANA zone.
PLACE_ZONES: dict[str, str] = {
    "Berlin": "Europe/Berlin", "Deutschland": "Europe/Berlin", "Hamburg": "Europe/Berlin",
    "München": "Europe/Berlin", "Frankfurt": "Europe/Berlin", "Wien": "Europe/Vienna",
    "Zürich": "Europe/Zurich", "Bern": "Europe/Zurich", "Genf": "Europe/Zurich", "Paris": "Europe/Paris",
    "London": "Europe/London", "Dublin": "Europe/Dublin", "Brüssel": "Europe/Brussels",
    "Amsterdam": "Europe/Amsterdam", "Den Haag": "Europe/Amsterdam", "Luxemburg": "Europe/Luxembourg",
    "Madrid": "Europe/Madrid", "Lissabon": "Europe/Lisbon", "Rom": "Europe/Rome", "Athen": "Europe/Athens",
    "Warschau": "Europe/Warsaw", "Prag": "Europe/Prague", "Budapest": "Europe/Budapest",
    "Bukarest": "Europe/Bucharest", "Sofia": "Europe/Sofia", "Belgrad": "Europe/Belgrade",
    "Kopenhagen": "Europe/Copenhagen", "Oslo": "Europe/Oslo", "Stockholm": "Europe/Stockholm",
    "Helsinki": "Europe/Helsinki", "Riga": "Europe/Riga", "Vilnius": "Europe/Vilnius",
    "Tallinn": "Europe/Tallinn", "Minsk": "Europe/Minsk", "Kiew": "Europe/Kyiv", "Moskau": "Europe/Moscow",
    "Sankt Petersburg": "Europe/Moscow", "Istanbul": "Europe/Istanbul", "Ankara": "Europe/Istanbul",
    "Damaskus": "Asia/Damascus", "Syrien": "Asia/Damascus", "Aleppo": "Asia/Damascus",
    "Beirut": "Asia/Beirut", "Amman": "Asia/Amman", "Jerusalem": "Asia/Jerusalem",
    "Tel Aviv": "Asia/Jerusalem", "Gaza": "Asia/Gaza", "Bagdad": "Asia/Baghdad", "Irak": "Asia/Baghdad",
    "Teheran": "Asia/Tehran", "Iran": "Asia/Tehran", "Riad": "Asia/Riyadh", "Mekka": "Asia/Riyadh",
    "Doha": "Asia/Qatar", "Dubai": "Asia/Dubai", "Abu Dhabi": "Asia/Dubai", "Kabul": "Asia/Kabul",
    "Islamabad": "Asia/Karachi", "Karatschi": "Asia/Karachi", "Neu-Delhi": "Asia/Kolkata",
    "Delhi": "Asia/Kolkata", "Mumbai": "Asia/Kolkata", "Indien": "Asia/Kolkata", "Dhaka": "Asia/Dhaka",
    "Bangkok": "Asia/Bangkok", "Hanoi": "Asia/Bangkok", "Jakarta": "Asia/Jakarta",
    "Singapur": "Asia/Singapore", "Kuala Lumpur": "Asia/Kuala_Lumpur", "Manila": "Asia/Manila",
    "Peking": "Asia/Shanghai", "Shanghai": "Asia/Shanghai", "China": "Asia/Shanghai",
    "Hongkong": "Asia/Hong_Kong", "Taipeh": "Asia/Taipei", "Seoul": "Asia/Seoul",
    "Pjöngjang": "Asia/Pyongyang", "Tokio": "Asia/Tokyo", "Japan": "Asia/Tokyo",
    "Sydney": "Australia/Sydney", "Canberra": "Australia/Sydney", "Melbourne": "Australia/Melbourne",
    "Wellington": "Pacific/Auckland", "Auckland": "Pacific/Auckland", "Kairo": "Africa/Cairo",
    "Ägypten": "Africa/Cairo", "Tripolis": "Africa/Tripoli", "Tunis": "Africa/Tunis",
    "Algier": "Africa/Algiers", "Rabat": "Africa/Casablanca", "Lagos": "Africa/Lagos",
    "Nairobi": "Africa/Nairobi", "Addis Abeba": "Africa/Addis_Ababa", "Johannesburg": "Africa/Johannesburg",
    "Kapstadt": "Africa/Johannesburg", "Washington": "America/New_York", "New York": "America/New_York",
    "Boston": "America/New_York", "Miami": "America/New_York", "Chicago": "America/Chicago",
    "Houston": "America/Chicago", "Denver": "America/Denver", "Los Angeles": "America/Los_Angeles",
    "San Francisco": "America/Los_Angeles", "Toronto": "America/Toronto", "Ottawa": "America/Toronto",
    "Montreal": "America/Toronto", "Vancouver": "America/Vancouver", "Mexiko-Stadt": "America/Mexico_City",
    "Havanna": "America/Havana", "Caracas": "America/Caracas", "Bogotá": "America/Bogota",
    "Lima": "America/Lima", "Santiago": "America/Santiago", "Buenos Aires": "America/Argentina/Buenos_Aires",
    "Brasília": "America/Sao_Paulo", "São Paulo": "America/Sao_Paulo", "Rio de Janeiro": "America/Sao_Paulo",
}  # fmt: skip

#: Zone abbreviations written after a clock time: fixed offsets.
ZONE_ABBREVIATIONS: dict[str, str] = {
    "MEZ": "+01:00", "MESZ": "+02:00", "UTC": "+00:00", "GMT": "+00:00", "Weltzeit": "+00:00",
    "OEZ": "+02:00", "OESZ": "+03:00", "WEZ": "+00:00", "WESZ": "+01:00",
    "mitteleuropäischer Zeit": "+01:00", "mitteleuropäischer Sommerzeit": "+02:00",
}  # fmt: skip

#: "deutscher Zeit" and similar: a zone named by an adjective.
ADJECTIVE_ZONES: dict[str, str] = {
    "deutscher Zeit": "Europe/Berlin",
    "Moskauer Zeit": "Europe/Moscow", "New Yorker Zeit": "America/New_York",
}  # fmt: skip

#: Standard offsets, used only when the system has no tz database (no summer time then).
_STANDARD_OFFSETS: dict[str, str] = {
    "Europe/London": "+00:00", "Europe/Dublin": "+00:00", "Europe/Lisbon": "+00:00",
    "Africa/Casablanca": "+01:00", "Africa/Algiers": "+01:00", "Africa/Tunis": "+01:00",
    "Africa/Lagos": "+01:00", "Africa/Cairo": "+02:00", "Africa/Tripoli": "+02:00",
    "Africa/Johannesburg": "+02:00", "Europe/Athens": "+02:00", "Europe/Bucharest": "+02:00",
    "Europe/Sofia": "+02:00", "Europe/Helsinki": "+02:00", "Europe/Riga": "+02:00", "Europe/Vilnius": "+02:00",
    "Europe/Tallinn": "+02:00", "Europe/Kyiv": "+02:00", "Asia/Beirut": "+02:00", "Asia/Jerusalem": "+02:00",
    "Asia/Gaza": "+02:00", "Asia/Damascus": "+03:00", "Asia/Amman": "+03:00", "Europe/Minsk": "+03:00",
    "Europe/Moscow": "+03:00", "Europe/Istanbul": "+03:00", "Asia/Baghdad": "+03:00", "Asia/Riyadh": "+03:00",
    "Asia/Qatar": "+03:00", "Africa/Nairobi": "+03:00", "Africa/Addis_Ababa": "+03:00",
    "Asia/Tehran": "+03:30", "Asia/Dubai": "+04:00", "Asia/Kabul": "+04:30", "Asia/Karachi": "+05:00",
    "Asia/Kolkata": "+05:30", "Asia/Dhaka": "+06:00", "Asia/Bangkok": "+07:00", "Asia/Jakarta": "+07:00",
    "Asia/Singapore": "+08:00", "Asia/Kuala_Lumpur": "+08:00", "Asia/Manila": "+08:00",
    "Asia/Shanghai": "+08:00", "Asia/Hong_Kong": "+08:00", "Asia/Taipei": "+08:00", "Asia/Seoul": "+09:00",
    "Asia/Pyongyang": "+09:00", "Asia/Tokyo": "+09:00", "Australia/Sydney": "+10:00",
    "Australia/Melbourne": "+10:00", "Pacific/Auckland": "+12:00", "America/New_York": "-05:00",
    "America/Toronto": "-05:00", "America/Havana": "-05:00", "America/Bogota": "-05:00",
    "America/Lima": "-05:00", "America/Chicago": "-06:00", "America/Mexico_City": "-06:00",
    "America/Denver": "-07:00", "America/Los_Angeles": "-08:00", "America/Vancouver": "-08:00",
    "America/Caracas": "-04:00", "America/Santiago": "-04:00", "America/Argentina/Buenos_Aires": "-03:00",
    "America/Sao_Paulo": "-03:00",
}  # fmt: skip


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


@lru_cache(maxsize=256)
def zone_offset(zone_name: str, day: date, hour: int = 12, minute: int = 0) -> str | None:
    """UTC offset (``"+03:00"``) of an IANA zone at a local date and time, summer time included."""
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return _STANDARD_OFFSETS.get(zone_name, "+01:00" if zone_name.startswith("Europe/") else None)
    offset = datetime(day.year, day.month, day.day, hour % 24, minute, tzinfo=zone).utcoffset()
    return _format_offset(offset) if offset is not None else None


def named_zone(name: str) -> str | None:
    """The IANA zone of a place name or zone adjective, or None."""
    return PLACE_ZONES.get(name) or ADJECTIVE_ZONES.get(name)
