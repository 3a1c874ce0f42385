"""State and territory FIPS codes and their postal abbreviations (the areas OEWS publishes)."""

from __future__ import annotations

FIPS_TO_POSTAL: dict[str, str] = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
    "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
    "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
    "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
    "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
}  # fmt: skip

POSTAL_TO_FIPS: dict[str, str] = {postal: fips for fips, postal in FIPS_TO_POSTAL.items()}


def metro_states(name: str, primary_fips: str) -> tuple[str, ...]:
    """The FIPS codes of the states a metro lies in, the primary one (BLS's state_code) first.

    BLS names a metro "Principal City-Other City, ST-ST"; the postal codes after the last comma
    are its states. An area without them (a nonmetropolitan area) lies in its primary state.
    """
    found: list[str] = [primary_fips] if primary_fips in FIPS_TO_POSTAL else []
    _, comma, tail = name.rpartition(",")
    if comma:
        for postal in tail.strip().split("-"):
            fips = POSTAL_TO_FIPS.get(postal.strip().upper())
            if fips and fips not in found:
                found.append(fips)
    return tuple(found)
