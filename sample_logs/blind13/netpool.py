"""Address pools (schools, homes, Starlink CGNAT, phone carriers, clouds, proxies) and the browsers Compass users run."""

HOME_ISPS = [  # name, prefixes, share
    ("spectrum", ("24.117", "71.15", "97.82"), 0.2), ("lumen", ("174.45", "75.174", "67.5"), 0.17),
    ("midrivers", ("216.186", "66.231"), 0.1), ("nemont", ("199.71", "207.90"), 0.06),
    ("blackfoot", ("69.144", "208.81"), 0.1), ("triangle", ("75.104", "63.231"), 0.06),
    ("tds", ("69.146", "65.100"), 0.07), ("starlink", (), 0.24)]
STARLINK = ("98.97", "129.222")
CARRIERS = {"verizon": ("174.208", "174.219", "174.241", "97.137"), "att": ("166.196", "166.199", "107.77"),
            "tmobile": ("172.56", "172.58", "172.59")}
CLOUD = {"linode_newark": ("172.232", "45.79"), "vultr_chicago": ("45.77", "149.28"), "do_nyc": ("159.203", "143.198"),
         "hetzner_de": ("91.107", "5.75"), "aws_use1": ("3.88", "54.166"), "azure_wus2": ("20.115", "52.151"),
         "ovh_us": ("51.81", "147.135"), "google_bot": ("66.249.66",), "bing_bot": ("157.55.39", "40.77.167"),
         "scanner": ("45.148.10",), "uptimerobot": ("69.162.124", "216.144.250"), "aws_usw2": ("35.88", "44.234")}
RESIDENTIAL = ("73.", "24.", "98.", "67.", "47.", "66.", "76.", "99.", "107.", "108.", "71.", "72.", "100.", "68.", "70.",
               "174.", "75.", "96.", "173.", "184.")

CR, ED, FF, SA = "153.0.0.0", "153.0.3590.71", "148.0", "27.3"
CROS = "Mozilla/5.0 (X11; CrOS x86_64 16503.58.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36"
WIN_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36"
MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36"
LINUX_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36"
WIN_EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/153.0.0.0 "
            "Safari/537.36 Edg/%s")
WIN_FF = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%s) Gecko/20100101 Firefox/%s" % (FF, FF)
MAC_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/%s Mobile/15E148 Safari/604.1")
IPAD = ("Mozilla/5.0 (iPad; CPU OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s "
        "Mobile/15E148 Safari/604.1")
ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Mobile Safari/537.36"
POWERSHELL = "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/7.5.2"


def chrome_ver(rng):
    return rng.choices(("153.0.0.0", "152.0.0.0", "151.0.0.0"), (0.72, 0.22, 0.06))[0]


def ua_for(rng, google_district, role):
    """(primary work UA, home UA, phone UA) of one staff member."""
    v = chrome_ver(rng)
    if google_district:
        prim = rng.choices((CROS, WIN_CHROME, MAC_CHROME, "safari"), (0.6, 0.22, 0.08, 0.1))[0]
    else:
        prim = rng.choices((WIN_CHROME, "edge", CROS, MAC_CHROME, "safari"), (0.46, 0.24, 0.16, 0.06, 0.08))[0]
    if role.startswith("state_"):
        prim = rng.choice((WIN_CHROME, "edge"))
    prim = {"safari": MAC_SAFARI % SA, "edge": WIN_EDGE % ED}.get(prim) or prim % v
    if rng.random() < 0.55:
        home = prim
    else:
        home = rng.choices((WIN_CHROME % chrome_ver(rng), MAC_SAFARI % SA, IPAD % SA, WIN_EDGE % ED, WIN_FF),
                           (0.35, 0.25, 0.2, 0.1, 0.1))[0]
    phone = IPHONE % SA if rng.random() < 0.62 else ANDROID % chrome_ver(rng)
    return prim, home, phone


BROWSER_POOL = [WIN_CHROME % "153.0.0.0", WIN_CHROME % "152.0.0.0", MAC_SAFARI % SA, MAC_CHROME % "153.0.0.0",
                WIN_EDGE % ED, WIN_FF, IPHONE % SA, ANDROID % "153.0.0.0", CROS % "153.0.0.0",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 "
                "Safari/537.36", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:148.0) Gecko/20100101 Firefox/148.0",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:147.0) Gecko/20100101 Firefox/147.0",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/26.4 Safari/605.1.15", IPHONE % "26.4", ANDROID % "152.0.0.0",
                WIN_EDGE % "152.0.3551.44", LINUX_CHROME % "153.0.0.0", MAC_CHROME % "152.0.0.0"]


class Net:
    """Hands out unique addresses (except the deliberately shared Starlink CGNAT pool)."""
    def __init__(self, rng):
        self.rng, self.used = rng, set()
        self.starlink = [self._fresh(STARLINK[i % 2]) for i in range(16)]

    def _fresh(self, prefix, rng=None):
        rng = rng or self.rng
        while True:
            parts = prefix.rstrip(".").split(".")
            while len(parts) < 4:
                parts.append(str(rng.randint(2, 253) if len(parts) == 3 else rng.randint(0, 255)))
            ip = ".".join(parts)
            if ip not in self.used:
                self.used.add(ip)
                return ip

    def fixed(self, prefix):
        return self._fresh(prefix)

    def home(self):
        rng = self.rng
        isp = rng.choices(HOME_ISPS, [h[2] for h in HOME_ISPS])[0]
        if isp[0] == "starlink":
            return rng.choice(self.starlink), "starlink"
        return self._fresh(rng.choice(isp[1])), isp[0]

    def carrier(self, rng, name=None):
        name = name or rng.choices(("verizon", "att", "tmobile"), (0.5, 0.3, 0.2))[0]
        return self._fresh(rng.choice(CARRIERS[name]), rng)

    def cloud(self, name, rng=None):
        rng = rng or self.rng
        return self._fresh(rng.choice(CLOUD[name]), rng)

    def residential(self, rng):
        return self._fresh(rng.choice(RESIDENTIAL) + str(rng.randint(1, 223)), rng)
