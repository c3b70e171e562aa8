"""ISO 3166 codes for COUNTRY entities, from the maintained `pycountry` tables.

News text names countries the way people speak ("Russia", "the UK", "DRC"),
while ISO lists official short names ("Russian Federation"). pycountry's
`lookup` covers names, official names and codes; the few everyday names it
does not know are mapped here, so that agreement tables join with other data
sets on alpha-3 codes.
"""
import unicodedata
from functools import lru_cache
from typing import Optional

import pycountry

# Everyday names pycountry's lookup misses (checked against the corpus: every
# COUNTRY name in seeds/ resolves, except historical states with no code).
_EVERYDAY_NAMES = {
    "russia": "RUS",
    "uk": "GBR",
    "u.k.": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "england": "GBR",
    "uae": "ARE",
    "u.a.e.": "ARE",
    "emirates": "ARE",
    "us": "USA",
    "u.s.": "USA",
    "u.s.a.": "USA",
    "america": "USA",
    "united states of america": "USA",
    "drc": "COD",
    "dr congo": "COD",
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "congo-kinshasa": "COD",
    "republic of congo": "COG",
    "republic of the congo": "COG",
    "congo-brazzaville": "COG",
    "brunei": "BRN",
    "ivory coast": "CIV",
    "turkey": "TUR",
    "south korea": "KOR",
    "north korea": "PRK",
    "taiwan": "TWN",
    "vatican": "VAT",
    "palestine": "PSE",
    "soviet union": "SUN",  # ISO 3166-3 (formerly used code), kept for history pieces
    "ussr": "SUN",
}


def _normal(name: str) -> str:
    """Lower case, no accents, straight apostrophes, no leading 'the'."""
    name = name.strip().replace("\u2019", "'")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return name[4:] if name.startswith("the ") else name


@lru_cache(maxsize=4096)
def iso_alpha3(name: str) -> Optional[str]:
    """The ISO 3166-1 alpha-3 code of a country name, or None if unknown."""
    key = _normal(name)
    if key in _EVERYDAY_NAMES:
        return _EVERYDAY_NAMES[key]
    straight = name.strip().replace("\u2019", "'")
    for candidate in (straight, key):
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            continue
    return None
