"""Network and device data: IP and MAC addresses, IMEI and serial numbers, precise coordinates,
internal host names."""

from __future__ import annotations

import ipaddress
import re
from typing import Any, ClassVar

from assistant.guardrail.detectors.base import Detector, Document, Pattern
from assistant.guardrail.detectors.checksums import Checksum
from assistant.guardrail.lazy_regex import lazy_compile

imei = Checksum("imei")

# Well-known public DNS resolvers say nothing about anyone.
PUBLIC_RESOLVERS = frozenset({"1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4", "9.9.9.9",
                              "149.112.112.112", "208.67.222.222", "208.67.220.220"})
_DOC_NETS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)


def _ip(match: re.Match[str], doc: Document) -> float | bool:
    try:
        address = ipaddress.ip_address(match.group(0))
    except ValueError:
        return False
    if (address.is_loopback or address.is_unspecified or address.is_reserved
            or address.is_multicast or str(address) in PUBLIC_RESOLVERS):
        return False
    if address.version == 4:
        before = doc.before(match.start(), 12)
        if re.search(r"\b(?:version|v|release|build|ver\.?)\s*$", before):
            return False
        if address.packed[3] == 0 and address.packed[1:] == b"\0\0\0":
            return False  # "1.0.0.0"-like version numbers
    if any(address in net for net in _DOC_NETS) and doc.is_sample(*match.span()):
        return False
    return 0.9 if address.version == 4 else 0.95


def _imei(match: re.Match[str], doc: Document) -> bool:
    return imei.is_valid(match.group("value"))


def _serial(match: re.Match[str], doc: Document) -> bool:
    value = match.group("value")
    return any(c.isdigit() for c in value) and len(set(value)) > 2


def _coords(match: re.Match[str], doc: Document) -> bool:
    lat, lon = float(match.group("lat")), float(match.group("lon"))
    return abs(lat) <= 90 and abs(lon) <= 180 and (lat, lon) != (0.0, 0.0)


def _mac(match: re.Match[str], doc: Document) -> bool:
    digits = re.sub(r"[^0-9a-fA-F]", "", match.group(0)).lower()
    return digits not in {"000000000000", "ffffffffffff"} and len(set(digits)) > 1


def _p(rule: str, regex: str, score: float, reason: str, **kw: Any) -> Pattern:
    flags = kw.pop("flags", 0)
    return Pattern(f"network.{rule}", lazy_compile(regex, flags), score, reason, **kw)


# "serial number of the loaner laptop: ...", "IMEI of my old phone is ..."
_OF = (r"(?:\s+(?i:of|for|on)\s+(?i:the|my|his|her|our|their|this|that)\s+[A-Za-z-]+"
       r"(?:\s+[A-Za-z-]+)?)?")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_H = r"[0-9A-Fa-f]{1,4}"
PATTERNS: tuple[Pattern, ...] = (
    _p("ip_address", rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)", 0.9, "IPv4 address",
       digits=True, validator=_ip),
    _p("ip_address", rf"(?<![\w:.])(?:(?:{_H}:){{7}}{_H}|(?:{_H}:){{1,7}}:|(?:{_H}:){{1,6}}:{_H}|"
       rf"(?:{_H}:){{1,5}}(?::{_H}){{1,2}}|(?:{_H}:){{1,4}}(?::{_H}){{1,3}}|(?:{_H}:){{1,3}}"
       rf"(?::{_H}){{1,4}}|(?:{_H}:){{1,2}}(?::{_H}){{1,5}}|{_H}:(?::{_H}){{1,6}}|"
       rf"fe80:(?::{_H}){{0,4}}%\w+)(?![\w:])", 0.95, "IPv6 address", validator=_ip,
       gate=lazy_compile(r"[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:")),
    _p("mac_address", r"\b(?:[0-9A-Fa-f]{2}([:-]))(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}\b|"
       r"\b[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\b", 0.9, "MAC address",
       validator=_mac, gate=lazy_compile(r"[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]|[0-9a-fA-F]{4}\.")),
    _p("imei", r"(?i:imei|meid)(?:\s+(?i:number|no\.?|#))?" + _OF + r"\D{0,6}"
       r"(?P<value>\d{2}[ -]?\d{6}[ -]?\d{6}[ -]?\d)\b", 0.95, "IMEI", group="value", digits=True,
       hints=("imei", "meid"), validator=_imei),
    _p("serial_number", r"(?i:serial(?:\s+(?:number|no\.?|#))?|s/n|sn:|service tag|device id|"
       r"udid|android id)" + _OF + r"\s*(?:is|:|#|-)?\s*(?P<value>[A-Z0-9][A-Z0-9-]{4,30}"
       r"[A-Z0-9])\b", 0.85,
       "device serial number", group="value", digits=True,
       hints=("serial", "s/n", "sn:", "service tag", "device id", "udid", "android id"),
       validator=_serial, generic=True),
    _p("coordinates", r"(?<![\d.])(?P<lat>[-+]?\d{1,2}\.\d{4,})\s*°?\s*[NS]?\s*[,;/ ]\s*"
       r"(?P<lon>[-+]?\d{1,3}\.\d{4,})\s*°?\s*[EW]?(?![\d.])", 0.9, "precise coordinates",
       digits=True, validator=_coords),
    _p("coordinates", r"\b\d{1,2}\s?°\s?\d{1,2}\s?['′]\s?\d{1,2}(?:\.\d+)?\s?(?:\"|″|'')\s?[NS]"
       r"[,\s]+\d{1,3}\s?°\s?\d{1,2}\s?['′]\s?\d{1,2}(?:\.\d+)?\s?(?:\"|″|'')\s?[EW]\b", 0.9,
       "precise coordinates", digits=True, hints=("°",)),
    _p("hostname", r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:internal|local|corp|lan|intranet|"
       r"intra|priv)\b(?![.-]\w)", 0.75, "internal host name",
       hints=(".internal", ".local", ".corp", ".lan", ".intra", ".priv"), flags=re.I),
)


class NetworkDetector(Detector):
    """Network and device data."""

    name = "network"
    category = "network"
    PATTERNS: ClassVar[tuple[Pattern, ...]] = PATTERNS
