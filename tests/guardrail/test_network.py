"""Network and device data: IPs, MACs, IMEI, serial numbers, coordinates, internal hosts."""

from __future__ import annotations

import pytest

from tests.guardrail.conftest import check

CASES = [
    # private IPv4
    ("The staging server is at 10.20.30.41, SSH is open.", "network.ip_address", "10.20.30.41"),
    # public IPv4
    ("The router's public IP is 81.2.69.142.", "network.ip_address", "81.2.69.142"),
    # documentation range without sample context
    ("Our VPN gateway is 203.0.113.45", "network.ip_address", None),
    # 172.16/12 private range
    ("Ping 172.16.254.1 to check the printer.", "network.ip_address", None),
    # full IPv6
    ("IPv6: 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "network.ip_address", None),
    # link-local IPv6 with zone
    ("from fe80::1ff:fe23:4567:890a%eth0", "network.ip_address", None),
    # compressed IPv6
    ("client 2a03:2880:f12f:83:face:b00c::25de", "network.ip_address", None),
    # MAC with colons
    ("MAC address 3C:22:FB:9A:11:4E is whitelisted.", "network.mac_address", "3C:22:FB:9A:11:4E"),
    # MAC with dashes
    ("device mac 00-1B-63-84-45-E6", "network.mac_address", None),
    # MAC lower case
    ("Her laptop MAC is a4:83:e7:2b:9c:01.", "network.mac_address", None),
    # Cisco dotted MAC
    ("interface 0011.2233.4455 is down", "network.mac_address", None),
    # IMEI plain
    ("My phone's IMEI is 490154203237518.", "network.imei", "490154203237518"),
    # IMEI with dashes
    ("IMEI: 35-209900-176148-1", "network.imei", None),
    # serial number
    ("Serial number C02XK1ZJJG5H on the MacBook", "network.serial_number", "C02XK1ZJJG5H"),
    # S/N shorthand
    ("S/N: FVFXK2ABCD12 for the register", "network.serial_number", None),
    # device id
    ("Device ID: A1B2C3D4E5F6 is the iPad", "network.serial_number", None),
    # decimal coordinates
    ("The house is at 51.5033640, -0.1276250", "network.coordinates", "51.5033640"),
    # coordinates with southern/eastern values
    ("the exact spot is -33.856784, 151.215297", "network.coordinates", None),
    # DMS coordinates
    ("Meet at 48°51'29.6\"N 2°17'40.2\"E for the photo.", "network.coordinates", None),
    # internal host name
    ("The build agent is ci-runner-04.corp.acme.internal", "network.hostname", None),
    # .local host
    ("Connect to db01.prod.local on port 5432.", "network.hostname", None),
    # .lan host
    ("NAS at nas01.office.lan", "network.hostname", None),
]

NEGATIVES = [
    # version number with four parts after "version"
    "Version 10.0.0.1 of the plugin fixed the bug.",
    # semantic version
    "Try version 2.4.1 of the scheduling app.",
    # loopback and unspecified addresses
    "localhost is 127.0.0.1 and 0.0.0.0 binds all interfaces.",
    # netmask
    "Set the subnet mask to 255.255.255.0.",
    # public DNS resolver
    "Use 1.1.1.1 as the DNS server.",
    # documentation IP presented as an example
    "Documentation addresses like 192.0.2.1 are reserved for examples.",
    # times are not IPv6
    "Meeting at 12:30:45 sharp.",
    # aspect ratios
    "The slides are 16:9, the social cut is 4:5.",
    # coarse coordinates-like numbers
    "Scores ranged from 3.2 to 4.8 out of 5.",
    # temperature with decimals
    "The temperature was 21.5 degrees.",
    # IP rating
    "The IP rating of the camera is IP67.",
    # hostnames on the public internet
    "Read the guide on www.linkedin.com today.",
    # error code
    "The error code was 0x80070005 when uploading.",
    # generic talk about IPs
    "Check the IP address restrictions with IT.",
    # word 'serial' without a number
    "The serial killer podcast trend is fading.",
    # "serial number of" a thing, with no value
    "The serial number of the projector is on a sticker underneath.",
    # IMEI of a phone described, no number
    "The IMEI of my old phone is printed on the box.",
]

# The keyword may name the device first: "serial number of the loaner laptop: X".
CASES += [
    # serial number of a named device, then a colon
    ("Serial number of the spare tablet: F9TXK21MQ7", "network.serial_number", "F9TXK21MQ7"),
    # IMEI of a phone, then "is"
    ("IMEI of my work phone is 356938035643809", "network.imei", "356938035643809"),
]


@pytest.mark.parametrize(("text", "rule", "value"), CASES)
def test_network_found(guard, text: str, rule: str, value: str | None) -> None:
    check(guard, text, "network", rule, value)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_network(guard, text: str) -> None:
    check(guard, text, "network", None, None)
