"""World model for blind24: the agency, its 30 districts and schools, pupils (per-district ids),
staff, networks with IP geolocation, and user-agent strings. Deterministic from the seed."""
from dataclasses import dataclass, field

HOST = "pathways.sfesa.k12.ca.example"
AGENCY_DOMAIN = "sfesa.k12.ca.example"
TZ = "America/Los_Angeles"
START = (2027, 10, 12)          # a Tuesday, 00:00 local (PDT, UTC-7)
ESA_WAN_NAT = "209.129.60.10"   # agency WAN egress, shared by the agency and 10 small districts
ESA_SERVERS = "209.129.60.21"   # agency server subnet egress (IT scripts, jobs)

# code, name, slug, geo city, pupils, schools, on Entra ID, via agency WAN
DISTRICTS = [
    (401, "Cedar Flat Union ESD", "cedarflat", "Auburn", 2300, 5, 1, 0),
    (403, "Bear River Joint USD", "bearriver", "Colfax", 420, 1, 0, 1),
    (405, "Pine Hollow ESD", "pinehollow", "Auburn", 780, 2, 1, 1),
    (407, "Miners Ridge SD", "minersridge", "Grass Valley", 1650, 4, 1, 0),
    (409, "Quartz Valley Union SD", "quartzvalley", "Nevada City", 820, 3, 0, 1),
    (411, "Oak Bluff ESD", "oakbluff", "Grass Valley", 1500, 3, 1, 0),
    (413, "Granite Springs USD", "granitesprings", "Nevada City", 160, 2, 0, 1),
    (415, "Red Ravine ESD", "redravine", "Placerville", 1200, 3, 1, 0),
    (417, "Manzanita Union SD", "manzanita", "Placerville", 1100, 2, 1, 0),
    (419, "Sugar Pine ESD", "sugarpine", "Placerville", 520, 2, 0, 1),
    (421, "Deer Creek Joint SD", "deercreek", "Placerville", 450, 1, 1, 1),
    (423, "Copper Hill USD", "copperhill", "Jackson", 3200, 9, 1, 0),
    (425, "Foxglove USD", "foxglove", "San Andreas", 2600, 8, 1, 0),
    (427, "Lone Pine Ridge ESD", "lonepineridge", "Angels Camp", 700, 2, 0, 1),
    (429, "Gold Terrace Union SD", "goldterrace", "Angels Camp", 460, 2, 0, 0),
    (431, "Hidden Meadow ESD", "hiddenmeadow", "Sonora", 850, 1, 1, 0),
    (433, "Blue Canyon ESD", "bluecanyon", "Sonora", 530, 1, 1, 1),
    (435, "Silver Fork ESD", "silverfork", "Sonora", 380, 1, 0, 0),
    (437, "Wolf Creek Union HSD", "wolfcreek", "Sonora", 480, 2, 1, 0),
    (439, "Iron Mountain USD", "ironmountain", "Mariposa", 1750, 7, 1, 0),
    (441, "Poppy Valley ESD", "poppyvalley", "Oroville", 2450, 7, 1, 0),
    (443, "Harmony Grove Union SD", "harmonygrove", "Oroville", 1300, 3, 1, 0),
    (445, "Table Rock USD", "tablerock", "Gridley", 2000, 5, 1, 0),
    (447, "Clearwater USD", "clearwater", "Gridley", 600, 3, 0, 0),
    (449, "Butte Springs Joint USD", "buttesprings", "Marysville", 3400, 11, 1, 0),
    (451, "Salmon Falls SD", "salmonfalls", "Yuba City", 1300, 3, 1, 0),
    (453, "Walnut Bend ESD", "walnutbend", "Yuba City", 1400, 3, 1, 0),
    (455, "Eagle Rock ESD", "eaglerock", "Marysville", 150, 1, 0, 0),
    (457, "Sawmill Flat Academy", "sawmillflat", "Nevada City", 120, 1, 0, 0),
    (459, "Fiddle Creek Union SD", "fiddlecreek", "Roseville", 2100, 6, 1, 0),
]
NEAR = {  # where staff of a district live (geo city of their home address)
    "Auburn": ["Auburn", "Auburn", "Roseville", "Rocklin", "Lincoln", "Colfax"],
    "Colfax": ["Colfax", "Auburn", "Grass Valley"],
    "Grass Valley": ["Grass Valley", "Grass Valley", "Nevada City", "Auburn"],
    "Nevada City": ["Nevada City", "Grass Valley", "Truckee"],
    "Placerville": ["Placerville", "Placerville", "Cameron Park", "El Dorado Hills", "Folsom"],
    "Jackson": ["Jackson", "Jackson", "Ione", "Sutter Creek", "Stockton"],
    "San Andreas": ["San Andreas", "Angels Camp", "Murphys", "Stockton"],
    "Angels Camp": ["Angels Camp", "Murphys", "Sonora"],
    "Sonora": ["Sonora", "Sonora", "Twain Harte", "Modesto"],
    "Mariposa": ["Mariposa", "Mariposa", "Merced"],
    "Oroville": ["Oroville", "Oroville", "Chico", "Paradise"],
    "Gridley": ["Gridley", "Chico", "Yuba City"],
    "Marysville": ["Marysville", "Yuba City", "Yuba City", "Sacramento"],
    "Yuba City": ["Yuba City", "Marysville", "Sacramento"],
    "Roseville": ["Roseville", "Rocklin", "Sacramento", "Citrus Heights"],
}
FIRST = ("Maria Jennifer Michael David Sarah Jessica Ashley Daniel Emily Laura Jose Christopher Amanda "
         "Melissa Robert James Angela Nicole Stephanie Rebecca Matthew Heather Elizabeth Andrea Karen "
         "Rachel Brian Kevin Lisa Megan Erin Carlos Ana Veronica Rosa Juan Thomas Kimberly Amy Crystal "
         "Monica Patricia Linda Susan Julie Christina Diana Kelly Tiffany Brandon Justin Ryan Eric "
         "Steven Mark Paul Adriana Gabriela Yesenia Claudia Priya Mai Pa Kou Tou Nhia Jasmine Brianna "
         "Kayla Courtney Lindsey Hannah Natalie Sandra Denise Teresa Leticia Lupe Marisol Ruben Hector "
         "Raul Luis Miguel Anthony Jeffrey Scott Gregory Travis Dustin Cody Shawn Wendy Tanya Carrie").split()
LAST = ("Smith Johnson Garcia Martinez Hernandez Lopez Gonzalez Rodriguez Perez Sanchez Ramirez Torres "
        "Flores Rivera Gomez Diaz Reyes Cruz Morales Ortiz Gutierrez Chavez Ramos Ruiz Alvarez Mendoza "
        "Castillo Jimenez Vasquez Moreno Romero Herrera Medina Aguilar Vargas Guzman Williams Brown Jones "
        "Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark "
        "Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell "
        "Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers "
        "Morgan Peterson Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks "
        "Bennett Gray Hughes Price Sanders Myers Long Ross Foster Vang Xiong Yang Lor Thao Nguyen Tran "
        "Pham Singh Kaur Patel Chen Wong Kim Larsen Olsen Schmidt Fischer Becker Novak Kowalski").split()

CV = 169  # stable Chrome/Edge major in October 2027 (reduced UA strings)
UA = {
    "win_chrome": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "win_edge": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
    "mac_chrome": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "mac_safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s}.0 Safari/605.1.15",
    "cros": "Mozilla/5.0 (X11; CrOS x86_64 16503.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "win_firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{f}.0) Gecko/20100101 Firefox/{f}.0",
    "iphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s}.0 Mobile/15E148 Safari/604.1",
    "android": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
    "android_tab": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
}


def ua(kind, rng, v=None):
    """A user-agent string of a kind, with a plausible version spread (most on the current one)."""
    if v is None:
        v = rng.choices([CV, CV - 1, CV - 2, CV + 1], [74, 22, 4, 1.5])[0]   # a few on the Beta channel
    s = rng.choice([28, 28, 27])
    return UA[kind].format(v=v, s=s, f=v + 1)


# address pools: prefix list, default geo city (None: caller gives one)
POOLS = {
    "comcast": (["73.15", "73.92", "98.208", "24.6", "67.170", "69.181"], None),
    "att": (["99.31", "107.194", "108.83", "76.202"], None),
    "starlink": (["98.97", "129.222"], None),
    "frontier": (["47.148", "47.155", "50.39"], None),
    "tmobile": (["172.56", "172.58", "172.59"], "Sacramento"),
    "verizon": (["174.205", "174.196", "97.139"], "Sacramento"),
    "attmobile": (["166.199", "107.77"], "Stockton"),
    "cenic": (["137.164"], None),
    "aws_usw2": (["35.89", "44.231", "52.38"], "Boardman|Oregon"),
    "aws_use1": (["3.91", "44.202", "54.84"], "Ashburn|Virginia"),
    "aws_use2": (["3.143", "18.217"], "Columbus|Ohio"),
    "azure_west": (["40.78", "13.64", "20.59"], "San Jose"),
    "azure_east": (["20.119", "40.76", "52.179"], "Boydton|Virginia"),
    "azure_scus": (["20.65", "13.84"], "San Antonio|Texas"),
    "azure_ncus": (["52.162", "40.80"], "Chicago|Illinois"),
    "gcp_usw1": (["34.105", "35.247"], "The Dalles|Oregon"),
    "gcp_use4": (["34.145", "35.245"], "Ashburn|Virginia"),
    "do_sfo": (["143.198", "164.92"], "Santa Clara"),
    "do_nyc": (["159.223", "167.172"], "North Bergen|New Jersey"),
    "linode_fremont": (["172.105", "45.79"], "Fremont"),
    "linode_dallas": (["45.56", "172.104"], "Richardson|Texas"),
    "vultr_lax": (["45.77", "149.28"], "Los Angeles"),
    "ovh_bhs": (["51.79", "15.235"], "Beauharnois|Quebec|Canada"),
    "hetzner": (["5.161", "65.108"], "Falkenstein|Saxony|Germany"),
    "spectrum_tx": (["70.120", "97.99"], "Austin|Texas"),
    "state_ca": (["165.235"], "Sacramento"),
    "google": (["66.249"], "Mountain View"),
    "bing": (["157.55", "40.77"], "Redmond|Washington"),
}


class Net:
    """Allocates unique addresses from pools and remembers their geolocation."""

    def __init__(self, rng):
        self.rng, self.geo, self.kind = rng, {}, {}

    def alloc(self, pool, city=None):
        prefixes, default = POOLS[pool]
        while True:
            ip = "%s.%d.%d" % (self.rng.choice(prefixes), self.rng.randint(1, 254), self.rng.randint(2, 253))
            if ip not in self.geo:
                break
        self.set(ip, city or default or "Sacramento", pool)
        return ip

    def set(self, ip, city, pool):
        parts = city.split("|")
        state = parts[1] if len(parts) > 1 else "California"
        country = parts[2] if len(parts) > 2 else "United States"
        self.geo[ip] = (parts[0], state, country)
        self.kind[ip] = pool


@dataclass
class School:
    sid: int
    name: str
    level: str
    grades: list
    pupils: list = field(default_factory=list)


@dataclass
class District:
    code: int
    name: str
    slug: str
    city: str
    entra: bool
    wan: bool
    schools: list = field(default_factory=list)
    pupils: list = field(default_factory=list)      # ascending ids
    school_of: dict = field(default_factory=dict)
    grade_of: dict = field(default_factory=dict)
    iep: dict = field(default_factory=dict)         # pupil -> IEP document ids
    nat: str = ""
    office_ip: str = ""
    next_id: int = 0
    upn_title: bool = False

    @property
    def domain(self):
        return "%s.k12.ca.example" % self.slug


LEVEL_NAMES = {"elem": "Elementary", "middle": "Middle School", "high": "High School", "k8": "School"}
SCHOOL_WORDS = ("Ponderosa Madrone Sierra Vista Buckeye Meadowlark Creekside Ridgeview Gold Hill "
                "Manzanita Live Oak Cedar Grove Riverside Sunrise Valley View Foothill Canyon "
                "Pioneer Mountain View Tall Pines Quail Run Hillside Lakeview").split(" ")


def build_district(rng, row, sec_ids):
    code, name, slug, city, n, ns, entra, wan = row
    d = District(code, name, slug, city, bool(entra), bool(wan), upn_title=rng.random() < 0.5)
    words = rng.sample(SCHOOL_WORDS, min(ns, len(SCHOOL_WORDS)))
    levels = ["k8"] if ns == 1 else (["elem"] * max(1, ns - 2) + ["middle"] + (["high"] if ns > 2 else []))
    if name.endswith("HSD"):
        levels = ["high"] * ns
    for i, lv in enumerate(levels[:ns]):
        grades = {"elem": ["K"] + [str(g) for g in range(1, 6)], "k8": ["K"] + [str(g) for g in range(1, 9)],
                  "middle": ["6", "7", "8"], "high": ["9", "10", "11", "12"]}[lv]
        d.schools.append(School(code * 100 + i + 1, "%s %s" % (words[i % len(words)], LEVEL_NAMES[lv]), lv, grades))
    six = rng.random() < 0.35 or n > 2800
    pid = rng.randint(120000, 480000) if six else rng.randint(21000, 64000)
    for _ in range(n):
        pid += 1 + (rng.random() < 0.18) * rng.randint(1, 6)
        d.pupils.append(pid)
    # older pupils have lower ids: walk grades from 12 down to K across schools
    order = []
    for sch in d.schools:
        for g in sch.grades:
            order.append((sch, g))
    rank = {"K": 0}
    rank.update({str(g): g for g in range(1, 13)})
    order.sort(key=lambda x: -rank[x[1]])
    per = max(1, n // len(order))
    for i, p in enumerate(d.pupils):
        sch, g = order[min(i // per, len(order) - 1)]
        d.school_of[p], d.grade_of[p] = sch.sid, g
        sch.pupils.append(p)
        if rng.random() < 0.12:
            d.iep[p] = [next(sec_ids) for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))]
    d.next_id = pid + rng.randint(3, 40)
    return d


ROLE_SHARES = [("teacher", 38), ("office", 11), ("principal", 6), ("counselor", 7), ("nurse", 4),
               ("registrar", 4), ("data_clerk", 3), ("psychologist", 5), ("sped_director", 2),
               ("district_analyst", 4), ("district_admin", 4), ("district_it", 2)]
ESA_ROLES = [("esa_support", 4), ("esa_it", 2), ("esa_analyst", 2), ("esa_psychologist", 2)]
DISTRICT_OFFICE_ROLES = {"registrar", "data_clerk", "sped_director", "district_analyst", "district_admin", "district_it"}


@dataclass
class Staff:
    login: str
    first: str
    last: str
    role: str
    district: object          # District or None for the agency
    school: object            # School or None
    auth: str                 # entra | local
    home_city: str
    home_ip: str = ""
    home_ua: str = ""
    work_ua: str = ""
    phone_ua: str = ""
    phone_pool: str = ""
    laptop_home: bool = False
    sections: list = field(default_factory=list)   # (section id, [pupils], period)
    behaviour: str = ""
    params: dict = field(default_factory=dict)

    @property
    def acct(self):
        return str(self.district.code) if self.district else "ESA"

    @property
    def campus(self):
        if self.school:
            return "%d %s" % (self.school.sid, self.school.name)
        return "%d district office" % self.district.code if self.district else "SFESA office"
