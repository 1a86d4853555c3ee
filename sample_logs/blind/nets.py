"""Networks and user agents: where requests come from and what sends them.

Address ranges imitate the kinds of networks seen in a US state's
education traffic (district WANs on business circuits, residential ISPs,
mobile carriers behind carrier-grade NAT, cloud providers, hotel Wi-Fi and
overseas ISPs); they are plausible, not authoritative.
"""

from __future__ import annotations

import random

#: first two octets (ranges) of business circuits used by district WANs
_ENTERPRISE = [(12, (0, 255)), (63, (64, 127)), (64, (80, 250)), (65, (32, 220)), (66, (90, 250)),
               (206, (1, 254)), (208, (40, 200)), (209, (30, 250))]
_RESIDENTIAL = [(24, (0, 255)), (47, (180, 230)), (67, (10, 200)), (68, (0, 255)), (70, (112, 250)),
                (71, (0, 255)), (72, (176, 255)), (73, (0, 255)), (76, (0, 255)), (97, (96, 127)),
                (98, (0, 255)), (99, (0, 190)), (104, (0, 63)), (107, (128, 223))]
#: carrier -> (first octet, second-octet range); CGNAT pools are large and shared
CARRIERS = {"tmobile": (172, (56, 63)), "verizon": (174, (192, 255)), "att": (166, (170, 210))}
CLOUD = {
    "aws": [(3, (80, 95)), (18, (204, 215)), (44, (192, 223)), (52, (0, 95))],
    "azure": [(20, (36, 127)), (40, (64, 127))],
    "gcp": [(34, (16, 127)), (35, (184, 247))],
    "digitalocean": [(159, (203, 203)), (167, (99, 99)), (138, (197, 197)), (64, (227, 227))],
    "hetzner": [(5, (161, 161)), (116, (202, 202)), (49, (12, 13))],
}
ABROAD = {"india": [(49, (36, 47)), (106, (192, 223)), (122, (161, 179))],
          "philippines": [(112, (198, 211)), (120, (28, 29))]}
_HOTEL = [(38, (0, 255)), (74, (80, 120)), (199, (0, 255))]


def _pick(rng: random.Random, table: list[tuple[int, tuple[int, int]]]) -> str:
    """One address from a table of (first octet, second-octet range)."""
    first, (lo, hi) = rng.choice(table)
    return f"{first}.{rng.randint(lo, hi)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def enterprise_block(rng: random.Random) -> str:
    """A /24 on a business circuit, as ``a.b.c``."""
    first, (lo, hi) = rng.choice(_ENTERPRISE)
    return f"{first}.{rng.randint(lo, hi)}.{rng.randint(0, 255)}"


def state_block(rng: random.Random) -> str:
    """The state government's own /24."""
    return f"164.{rng.randint(40, 120)}.{rng.randint(0, 255)}"


def host(rng: random.Random, block: str) -> str:
    """One address in a ``a.b.c`` /24."""
    return f"{block}.{rng.randint(2, 250)}"


def residential(rng: random.Random) -> str:
    """A home broadband address."""
    return _pick(rng, _RESIDENTIAL)


def mobile(rng: random.Random, carrier: str) -> str:
    """A carrier-grade NAT address of a mobile carrier (changes often)."""
    first, (lo, hi) = CARRIERS[carrier]
    return f"{first}.{rng.randint(lo, hi)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def cloud(rng: random.Random, provider: str) -> str:
    """A virtual machine's public address at a cloud provider."""
    return _pick(rng, CLOUD[provider])


def abroad(rng: random.Random, country: str) -> str:
    """A broadband address in another country."""
    return _pick(rng, ABROAD[country])


def hotel(rng: random.Random) -> str:
    """Hotel or conference-centre Wi-Fi."""
    return _pick(rng, _HOTEL)


def browser_ua(rng: random.Random, managed: bool) -> str:
    """A desktop browser user agent (a district fleet is mostly Chrome or Edge)."""
    v = rng.choice([128, 129, 129, 130, 130]) if managed else rng.choice([126, 127, 128, 129, 130, 131])
    kinds = ["win_chrome", "win_edge"] if managed else ["win_chrome", "win_chrome", "win_edge", "mac_chrome",
                                                          "mac_safari", "win_firefox", "cros"]
    return desktop_ua(rng.choice(kinds), v, rng)


def desktop_ua(kind: str, v: int, rng: random.Random) -> str:
    """A desktop user agent of the given family and major version."""
    webkit = "AppleWebKit/537.36 (KHTML, like Gecko)"
    if kind == "win_chrome":
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {webkit} Chrome/{v}.0.0.0 Safari/537.36"
    if kind == "win_edge":
        return (f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {webkit} Chrome/{v}.0.0.0 Safari/537.36 "
                f"Edg/{v}.0.{rng.randint(2400, 2900)}.{rng.randint(40, 120)}")
    if kind == "mac_chrome":
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) {webkit} Chrome/{v}.0.0.0 Safari/537.36"
    if kind == "mac_safari":
        sv = rng.choice(["17.5", "17.6", "18.0", "18.1"])
        return (f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                f"Version/{sv} Safari/605.1.15")
    if kind == "win_firefox":
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
    return f"Mozilla/5.0 (X11; CrOS x86_64 15917.71.0) {webkit} Chrome/{v}.0.0.0 Safari/537.36"


def phone_ua(rng: random.Random) -> str:
    """A phone browser user agent."""
    if rng.random() < 0.6:
        ios = rng.choice(["17_6_1", "18_0", "18_0_1", "17_5_1"])
        ver = ios.replace("_", ".")[:4].rstrip(".")
        return (f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 "
                f"(KHTML, like Gecko) Version/{ver} Mobile/15E148 Safari/604.1")
    return (f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{rng.choice([128, 129, 130])}.0.0.0 Mobile Safari/537.36")
