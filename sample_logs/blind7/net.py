"""Network world: autonomous systems, address allocation, edge colos, user agents.

ASN numbers and prefixes are illustrative: they look like real allocations but
nothing here is meant to point at a real organisation's hosts.
"""

# asn -> (country, organisation, kind, /16 prefixes, default edge colos)
ASNS = {
    209: ("us", "Lumen", "biz", ("63.224", "65.100", "67.40", "174.22", "75.160"), None),
    7018: ("us", "AT&T Enterprise", "biz", ("12.130", "12.185", "99.48", "107.200"), None),
    11096: ("us", "K-20 State Education Network", "edu", ("164.113", "156.42", "149.166", "205.166"), None),
    20115: ("us", "Charter Business", "biz", ("24.178", "47.33", "71.84", "66.168"), None),
    7922: ("us", "Comcast", "res", ("73.45", "73.209", "98.212", "24.13", "68.58", "76.17"), None),
    11427: ("us", "Spectrum", "res", ("70.114", "72.177", "97.99", "65.29"), None),
    22773: ("us", "Cox", "res", ("68.98", "70.186", "72.211", "98.184"), None),
    701: ("us", "Verizon Fios", "res", ("71.178", "108.18", "173.64", "100.15"), None),
    5650: ("us", "Frontier", "res", ("50.35", "47.185", "184.19"), None),
    7155: ("us", "Mediacom", "res", ("173.17", "97.83", "50.81"), None),
    21928: ("us", "T-Mobile USA", "mob", ("172.58", "172.56", "172.59"), None),
    22394: ("us", "Verizon Wireless", "mob", ("174.205", "174.241", "97.137"), None),
    20057: ("us", "AT&T Mobility", "mob", ("166.170", "107.115", "166.199"), None),
    6461: ("us", "Zayo (hospitality Wi-Fi)", "biz", ("64.125", "208.185"), ("DEN",)),
    16509: ("us", "Amazon AWS", "cloud", ("3.139", "18.222", "52.15", "54.183"), ("ORD", "IAD")),
    14061: ("us", "DigitalOcean", "cloud", ("137.184", "143.198", "164.90", "147.182"), ("EWR", "SFO", "ORD")),
    8075: ("us", "Microsoft Azure", "cloud", ("20.98", "20.118", "52.179", "40.78"), ("ORD", "DFW", "IAD")),
    15169: ("us", "Google", "bot", tuple(f"66.249.{i}" for i in (64, 65, 66, 68, 69, 70, 71, 72, 73, 74, 75, 77, 79)),
            ("ORD", "ATL", "IAD")),
    8068: ("us", "Microsoft (Bingbot)", "bot", ("157.55.39", "40.77.167", "40.77.188", "207.46.13"), ("ORD", "SEA")),
    63949: ("us", "Akamai Connected Cloud", "cloud", ("45.79", "172.105", "139.162"), ("DFW", "EWR", "SEA")),
    24940: ("de", "Hetzner", "cloud", ("88.198", "95.217", "116.202"), ("FRA", "NUE")),
    9009: ("ro", "M247", "cloud", ("185.156", "89.46", "217.138"), ("OTP", "AMS")),
    9829: ("in", "BSNL", "res", ("117.196", "59.89", "117.213"), ("BOM", "MAA")),
    24560: ("in", "Airtel", "res", ("122.171", "106.51", "223.187"), ("BOM", "DEL")),
    9299: ("ph", "PLDT", "res", ("112.198", "180.190", "49.145"), ("MNL",)),
}
# residential ranges a proxy network exits through (US heavy, some abroad)
PROXY_ASNS = {7922: 5, 11427: 4, 22773: 2, 701: 3, 5650: 2, 7155: 1, 21928: 2, 28573: 1, 8151: 1, 7552: 1, 3462: 1}
ASNS.update({
    28573: ("br", "Claro", "res", ("177.94", "189.6", "179.218"), ("GRU",)),
    8151: ("mx", "Telmex", "res", ("187.190", "189.203"), ("QRO", "MEX")),
    7552: ("vn", "Viettel", "res", ("116.110", "171.247"), ("SGN", "HAN")),
    3462: ("tw", "HiNet", "res", ("36.231", "114.43"), ("TPE",)),
})
HOME_COLOS = ("ORD", "MCI", "STL", "OMA", "MSP")


class Net:
    """Allocates unique client addresses and remembers (country, asn, colo)."""

    def __init__(self, rng):
        self.rng = rng
        self.info = {}

    def alloc(self, asn, colo=None, prefix=None):
        rng = self.rng
        country, _org, _kind, prefixes, colos = ASNS[asn]
        while True:
            p = prefix or rng.choice(prefixes)
            parts = p.split(".")
            rest = [str(rng.randint(0, 255)) for _ in range(3 - len(parts))]
            ip = ".".join(parts + rest + [str(rng.randint(2, 254))])
            if ip not in self.info:
                break
        if colo is None:
            colo = rng.choice(colos) if colos else rng.choice(HOME_COLOS)
        self.info[ip] = (country, asn, colo)
        return ip

    def residential(self, colo=None):
        asn = self.rng.choice((7922, 7922, 7922, 11427, 11427, 22773, 701, 5650, 7155))
        return self.alloc(asn, colo)

    def mobile(self, colo=None):
        return self.alloc(self.rng.choice((21928, 22394, 20057)), colo)

    def proxy_exit(self):
        rng = self.rng
        asn = rng.choices(list(PROXY_ASNS), weights=list(PROXY_ASNS.values()))[0]
        colo = None if ASNS[asn][0] != "us" else rng.choice(("ORD", "ATL", "DFW", "LAX", "EWR", "SEA", "MIA", "DEN"))
        return self.alloc(asn, colo)


# ---------------------------------------------------------------- user agents
_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"


def chrome_win(v):
    return f"{_WIN} Chrome/{v}.0.0.0 Safari/537.36"


def edge_win(v):
    return f"{_WIN} Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.{3300 + v % 7 * 11}.{40 + v % 9}"


def firefox(v, os="win"):
    plat = {"win": "Windows NT 10.0; Win64; x64", "mac": "Macintosh; Intel Mac OS X 10.15",
            "linux": "X11; Linux x86_64", "ubuntu": "X11; Ubuntu; Linux x86_64"}[os]
    return f"Mozilla/5.0 ({plat}; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"


def safari_mac(v):
    return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Safari/605.1.15"


def chrome_mac(v):
    return f"{_MAC} Chrome/{v}.0.0.0 Safari/537.36"


def chrome_cros(v):
    return f"Mozilla/5.0 (X11; CrOS x86_64 {16300 + v}.{v % 80}.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"


def iphone(v="26.4"):
    return ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
            f"(KHTML, like Gecko) Version/{v} Mobile/15E148 Safari/604.1")


def android(v):
    return (f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{v}.0.0.0 Mobile Safari/537.36")


def desktop_ua(rng, managed=True):
    """A staff desktop browser. District-managed machines lean to Chrome/Edge on Windows."""
    r = rng.random()
    if managed:
        if r < 0.50:
            return chrome_win(rng.choice((150, 151, 151, 152)))
        if r < 0.78:
            return edge_win(rng.choice((150, 151, 151)))
        if r < 0.86:
            return chrome_cros(rng.choice((150, 151)))
        if r < 0.93:
            return chrome_mac(rng.choice((151, 152)))
        if r < 0.97:
            return safari_mac(rng.choice(("26.4", "26.5")))
        return firefox(rng.choice((152, 153)))
    if r < 0.40:
        return chrome_win(rng.choice((149, 150, 151, 152)))
    if r < 0.55:
        return chrome_mac(rng.choice((150, 151, 152)))
    if r < 0.72:
        return safari_mac(rng.choice(("26.3", "26.4", "26.5")))
    if r < 0.84:
        return edge_win(rng.choice((150, 151)))
    return firefox(rng.choice((151, 152, 153)), rng.choice(("win", "mac")))


def mobile_ua(rng):
    if rng.random() < 0.62:
        return iphone(rng.choice(("26.3", "26.4", "26.5")))
    return android(rng.choice((150, 151, 152)))
