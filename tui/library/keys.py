"""The forms of a reference ID the library stores beside it, shared by the writer (importer) and the reader."""

from __future__ import annotations


def link_form(reference_id: str) -> str:
    """An ID as REF lines cite it, with the station's two spellings made one (``09USEUBRUSSELS5`` ->
    ``09BRUSSELS5``): the key that joins a reference to the cable it cites."""
    from tui.cable.ids import parse_loose, station_key

    loose = parse_loose(reference_id)
    if loose.year is None or loose.station is None or loose.serial is None:
        return reference_id
    return f"{loose.year % 100:02d}{station_key(loose.station)}{loose.serial}"
