"""Address plan: ISP blocks, unique client-address allocation, country and CloudFront edge of each address."""

RESIDENTIAL = {
    "comcast": [(73, 0, 255), (98, 192, 255), (67, 160, 191)],
    "cox": [(68, 96, 111), (70, 160, 191), (72, 192, 223)],
    "spectrum": [(71, 80, 95), (97, 80, 95), (174, 96, 111), (24, 236, 239)],
    "att": [(99, 0, 127), (107, 192, 223), (108, 192, 255)],
    "lumen": [(75, 160, 175), (184, 96, 103), (67, 0, 15)],
    "mediacom": [(173, 16, 31), (50, 80, 95)],
    "cox_az": [(68, 0, 15), (70, 176, 191)],
}
RES_WEIGHTS = [("comcast", 3), ("cox", 3), ("spectrum", 2), ("att", 2), ("lumen", 2), ("mediacom", 1)]
V6_PREFIX = {"comcast": "2601", "att": "2600:1700", "tmobile": "2607:fb90", "verizon": "2600:1010"}
CARRIER = {
    "tmobile": [(172, 56, 59)],
    "verizon": [(174, 192, 255)],
    "att_mobility": [(166, 128, 199), (107, 77, 77)],
}
CLOUD = {
    "do_nyc": ([(159, 203, 203), (167, 99, 99), (104, 131, 131)], "nyc"),
    "aws_use1": ([(3, 208, 239), (34, 192, 239), (44, 192, 223), (54, 80, 95)], "use1"),
    "aws_use2": ([(3, 128, 151), (18, 216, 223)], "use2"),
    "linode_dal": ([(172, 104, 105), (45, 79, 79)], "texas"),
    "azure_cus": ([(20, 84, 90), (40, 77, 77)], "midwest"),
}
FOREIGN = {
    "BR": [(177, 0, 255), (179, 0, 255), (189, 0, 255)], "MX": [(187, 128, 255), (201, 96, 175)],
    "IN": [(49, 32, 47), (117, 192, 255)], "VN": [(113, 160, 191), (14, 160, 191)],
    "DE": [(84, 128, 191), (91, 0, 67)], "GB": [(81, 96, 111), (86, 128, 191)],
    "CA": [(142, 112, 127), (70, 24, 79)], "PL": [(83, 0, 31), (89, 64, 79)],
}
EDGES = {
    "midwest": ["ORD56-P3", "ORD58-P1", "ORD52-C2", "MCI50-C1", "MSP50-C2"],
    "texas": ["DFW57-P2", "DFW56-P1"], "az": ["PHX50-C2"], "use1": ["IAD89-C3", "IAD55-P4", "IAD12-P1"],
    "use2": ["CMH68-P3", "CMH68-P1"], "nyc": ["JFK50-P2", "EWR53-C1"], "west": ["SFO53-P2", "SEA19-C3"],
    "BR": ["GRU3-P3"], "MX": ["QRO51-P1"], "IN": ["BOM78-P2"], "VN": ["HAN50-C1"], "DE": ["FRA56-P4"],
    "GB": ["LHR61-P6"], "CA": ["YTO53-P1"], "PL": ["WAW51-P2"],
}
# business blocks for district / office NATs and other fixed addresses: (a, b) -> c chosen per site
BUSINESS = [(66, 231), (204, 111), (207, 165), (209, 63), (216, 51), (12, 161), (64, 124), (63, 150),
            (65, 116), (208, 107), (199, 21), (206, 222)]


class Nets:
    """Allocates unique addresses and remembers country, edge and hosting flag of each."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.country = {}
        self.edge = {}
        self.hosting = {}
        self._cblocks = set()

    def register(self, ip, region, country="US", hosting=False):
        self.used.add(ip)
        self.country[ip] = country
        self.edge[ip] = self.rng.choice(EDGES[region])
        self.hosting[ip] = hosting
        return ip

    def _v4(self, blocks, region, country="US", hosting=False):
        r = self.rng
        while True:
            a, lo, hi = r.choice(blocks)
            ip = "%d.%d.%d.%d" % (a, r.randint(lo, hi), r.randint(0, 255), r.randint(1, 254))
            if ip not in self.used:
                return self.register(ip, region, country, hosting)

    def _v6(self, prefix, region):
        r = self.rng
        while True:
            groups = prefix.split(":")
            while len(groups) < 4:
                groups.append("%x" % r.randint(0x100, 0xffff))
            groups += ["%x" % r.randint(0x1000, 0xffff) for _ in range(4)]
            ip = ":".join(groups)
            if ip not in self.used:
                return self.register(ip, region)

    def home(self, isp=None, v6=0.0, region="midwest"):
        if isp is None:
            names = [n for n, w in RES_WEIGHTS for _ in range(w)]
            isp = self.rng.choice(names)
        if isp in V6_PREFIX and self.rng.random() < v6:
            return self._v6(V6_PREFIX[isp], region)
        return self._v4(RESIDENTIAL[isp], region)

    def carrier(self, name=None, v6=0.25):
        name = name or self.rng.choice(["tmobile", "tmobile", "verizon", "att_mobility"])
        if name in V6_PREFIX and self.rng.random() < v6:
            return self._v6(V6_PREFIX[name], "midwest")
        return self._v4(CARRIER[name], "midwest")

    def cloud(self, name):
        blocks, region = CLOUD[name]
        return self._v4(blocks, region, hosting=True)

    def foreign(self, cc):
        return self._v4(FOREIGN[cc], cc, country=cc)

    def site(self, n, region="midwest", hosting=False):
        """n addresses out of one fresh business /24 (a NAT pool, an office, a data centre)."""
        r = self.rng
        while True:
            a, b = r.choice(BUSINESS)
            c = r.randint(0, 255)
            if (a, b, c) not in self._cblocks:
                self._cblocks.add((a, b, c))
                break
        host, out = r.randint(2, 180), []
        for _ in range(n):
            out.append(self.register("%d.%d.%d.%d" % (a, b, c, host), region, hosting=hosting))
            host += r.randint(1, 3)
        return out

    def fixed(self, ip, region, country="US", hosting=False):
        if ip in self.used:
            raise ValueError("address %s allocated twice" % ip)
        return self.register(ip, region, country, hosting)
