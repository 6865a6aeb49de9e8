from lagebild.offsets import OffsetMap


def test_identity_maps_every_offset_to_itself() -> None:
    offsets = OffsetMap.identity(5)
    assert [offsets.to_raw(i) for i in range(6)] == [0, 1, 2, 3, 4, 5]
    assert offsets.span_to_raw(1, 4) == (1, 4)


def test_deletions_and_insertions() -> None:
    # raw "ab\r\ncd.Ef" -> clean "ab cd. Ef": \r deleted, \n replaced by " ", " " inserted after "."
    raw = "ab\r\ncd.Ef"
    sources = [0, 1, 3, 4, 5, 6, -1, 7, 8]
    offsets = OffsetMap.from_sources(sources, len(raw))
    clean = "ab cd. Ef"
    for i, src in enumerate(sources):
        if src >= 0:
            assert offsets.to_raw(i) == src
    assert offsets.to_raw(6) == 7  # the inserted space maps to the next copied character
    assert offsets.span_to_raw(3, 6) == (4, 7)  # "cd." -> raw "cd."
    assert raw[slice(*offsets.span_to_raw(7, 9))] == clean[7:9]
    assert offsets.to_raw(len(clean)) == len(raw)


def test_round_trip_through_dict() -> None:
    offsets = OffsetMap.from_sources([0, 1, 5, 6, -1, 7], 8)
    again = OffsetMap.from_dict(offsets.to_dict())
    assert again == offsets
    assert len(offsets.clean_starts) == 3  # runs, not characters
