"""Address blocks and user agents."""

# provider -> list of (a, b) first two octets or (a, b, c) prefixes (plausible blocks for the provider)
BLOCKS = {
    "comcast": [(73, 16), (73, 38), (73, 47), (98, 216), (24, 60), (76, 19), (66, 31), (174, 62)],
    "verizon_fios": [(71, 174), (108, 20), (96, 237), (100, 0), (72, 74)],
    "charter": [(24, 151), (65, 96), (47, 199), (174, 97)],
    "verizon_wireless": [(174, 192), (174, 205), (174, 226), (174, 241)],
    "tmobile": [(172, 56), (172, 58), (172, 59)],
    "att_wireless": [(166, 137), (107, 77), (166, 170)],
    "aws": [(3, 85), (18, 206), (52, 72), (54, 164), (34, 229), (44, 203)],
    "azure": [(20, 81), (20, 121), (52, 168), (40, 76)],
    "digitalocean": [(159, 203), (143, 198), (167, 99), (164, 90)],
    "hetzner": [(95, 216), (65, 21), (116, 202), (49, 12)],
    "ovh": [(51, 75), (51, 161), (141, 95), (54, 39)],
    "m247": [(193, 27), (185, 156), (89, 46)],
    "nordvpn": [(185, 202), (193, 56, 113), (146, 70)],
    "residential_proxy": [(67, 184), (99, 75), (47, 144), (68, 46), (70, 112), (71, 58), (69, 116), (76, 183),
                          (73, 95), (24, 22), (98, 36), (172, 92), (107, 133), (104, 186)],
    "jio_india": [(49, 36), (49, 37), (157, 48)],
    "airtel_india": [(122, 161), (106, 215)],
    "pldt_ph": [(112, 198), (180, 190)],
    "bell_ca": [(142, 112), (70, 48)],
    "att_texas": [(99, 109), (75, 9)],
    "umass": [(128, 119)],
    "mass_gov": [(170, 63)],
    "hotel_orlando": [(206, 15)],
    "tor": [(185, 220, 101), (192, 42, 116), (185, 241, 208)],
}


class Nets:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def ip(self, prov):
        r = self.rng
        while True:
            b = r.choice(BLOCKS[prov])
            if len(b) == 3:
                a = "%d.%d.%d.%d" % (b[0], b[1], b[2], r.randint(2, 254))
            else:
                a = "%d.%d.%d.%d" % (b[0], b[1], r.randint(0, 255), r.randint(2, 254))
            if a not in self.used:
                self.used.add(a)
                return a

    def home(self):
        return self.ip(self.rng.choices(["comcast", "verizon_fios", "charter"], [5, 3, 2])[0])

    def carrier(self):
        return self.ip(self.rng.choices(["verizon_wireless", "tmobile", "att_wireless"], [5, 3, 3])[0])


C = "150.0.0.0"
UA = {
    "chrome_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36" % C,
    "chrome_win149": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36",
    "edge_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36 Edg/150.0.0.0" % C,
    "edge_win149": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36 Edg/149.0.0.0",
    "chrome_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36" % C,
    "safari_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Safari/605.1.15",
    "chromeos": "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36" % C,
    "firefox_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:158.0) Gecko/20100101 Firefox/158.0",
    "firefox_esr": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:153.0) Gecko/20100101 Firefox/153.0",
    "iphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Mobile/15E148 Safari/604.1",
    "ipad": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15",
    "android": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Mobile Safari/537.36" % C,
    "chrome_linux": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36" % C,
    "headless_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/150.0.0.0 Safari/537.36",
    "headless_linux": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/149.0.0.0 Safari/537.36",
    "requests": "python-requests/2.32.5",
    "requests_old": "python-requests/2.31.0",
    "curl": "curl/8.16.0",
    "curl_win": "curl/8.13.0",
    "wget": "Wget/1.25.0",
    "go": "Go-http-client/1.1",
    "axios": "axios/1.12.2",
    "java": "Apache-HttpClient/4.5.14 (Java/17.0.12)",
    "logicapps": "azure-logic-apps/1.0 (workflow 5b1f0c2e9d7a4c61a3f3e4b8d2c9a710; version 08584391207725188846)",
    "uptimekuma": "Uptime-Kuma/2.0.2",
    "pingdom": "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
    "check_http": "check_http/v2.4.12 (nagios-plugins 2.4.12)",
    "greenbone": "Mozilla/5.0 [en] (X11, U; Greenbone OS 24.04.5)",
    "googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "bingbot": "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/139.0.7258.154 Safari/537.36",
    "censys": "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
    "zgrab": "Mozilla/5.0 zgrab/0.x",
    "l9": "l9explore/1.2.2",
    "nuclei": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
}
BROWSERS = {"chrome_win", "chrome_win149", "edge_win", "edge_win149", "chrome_mac", "safari_mac", "chromeos",
            "firefox_win", "firefox_esr", "iphone", "ipad", "android", "chrome_linux", "headless_win",
            "headless_linux", "nuclei"}
DESK_MIX = (["chrome_win"] * 9 + ["edge_win"] * 5 + ["chrome_mac"] * 2 + ["chromeos"] * 3 + ["firefox_win"]
            + ["safari_mac"] + ["chrome_win149"])
PHONE_MIX = ["iphone"] * 3 + ["android"] * 2
# collision-fix fallbacks for benign devices that would share an (address, agent) pair with an abuser
ALT = {"chrome_win": "chrome_win149", "edge_win": "edge_win149", "chrome_win149": "edge_win",
       "edge_win149": "chrome_win", "firefox_esr": "firefox_win", "firefox_win": "chrome_win",
       "chrome_mac": "safari_mac", "safari_mac": "chrome_mac", "chromeos": "chrome_win",
       "chrome_linux": "chrome_win", "iphone": "android", "android": "iphone", "ipad": "chrome_mac"}


class Dev:
    __slots__ = ("key", "ua", "browser", "mobile", "assets", "name", "fake")

    def __init__(self, key, assets=None, name=None, fake=False):
        self.key = key
        self.ua = UA[key]
        self.fake = (fake and key in BROWSERS) or key == "nuclei"   # a script sending a browser User-Agent
        self.browser = key in BROWSERS and not self.fake
        self.mobile = key in ("iphone", "android")
        self.assets = self.browser if assets is None else assets
        self.name = name
