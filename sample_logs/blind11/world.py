"""The network, its campuses, addresses, user agents, names, pupils and staff."""
import datetime as dt

TZ = "America/Denver"
UTC_OFF = -7 * 3600                      # MST; DST starts 14 Mar 2027
START = dt.date(2027, 3, 7)              # Sunday
DOMAIN = "meridianpeaks.org"
HOST = "wayfinder.meridianpeaks.org"
BASE = "https://" + HOST

# code, name, level, nat (campuses behind the hub share the network office NAT)
CAMPUSES = [
    ("AUR", "Aurora Elementary", "elem", "38.104.62.11"),
    ("LKW", "Lakewood Elementary", "elem", "38.104.62.2"),
    ("GRL", "Greeley Elementary", "elem", "38.104.62.13"),
    ("TCE", "Thornton Commons Elementary", "elem", "38.104.62.2"),
    ("FTC", "Fort Collins Middle", "middle", "38.104.62.15"),
    ("WMS", "Westminster Middle", "middle", "38.104.62.2"),
    ("AHS", "Aurora High", "high", "38.104.62.17"),
    ("CHS", "Commerce City High", "high", "38.104.62.18"),
    ("NO", "Network Office", "office", "38.104.62.2"),
]
HUB_NAT = "38.104.62.2"
SERVER_NAT = "38.104.62.5"               # network office servers (IT scripts)
CAMPUS = {c[0]: c for c in CAMPUSES}

FIRST = ("james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan "
         "joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony sandra "
         "mark ashley donald kimberly steven emily paul donna andrew michelle joshua carol kenneth amanda kevin "
         "melissa brian deborah george stephanie timothy rebecca ronald sharon jason laura edward cynthia jeffrey "
         "kathleen ryan amy jacob angela gary shirley nicholas anna eric brenda jonathan pamela stephen emma "
         "larry nicole justin helen scott samantha brandon katherine benjamin christine samuel debra gregory "
         "rachel alexander carolyn frank janet patrick maria raymond olivia jack heather dennis diane jerry "
         "julie tyler joyce aaron victoria jose kelly adam christina nathan lauren henry joan douglas evelyn "
         "zachary judith peter megan kyle andrea ethan cheryl walter hannah noah jacqueline jeremy martha "
         "christian gloria keith teresa roger ann terry sara gerald madison harold frances sean kathryn austin "
         "janice carl jean arthur abigail lawrence alice dylan judy jesse sophia jordan grace bryan denise "
         "billy amber joe doris bruce marilyn gabriel danielle logan beverly albert isabella willie theresa "
         "alan diana juan natalie wayne brittany elijah charlotte randy marie roy kayla vincent alexis ralph lori").split()
LAST = ("smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez "
        "wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark "
        "ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams "
        "nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker "
        "cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper "
        "peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james "
        "bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez "
        "powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez "
        "simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole "
        "hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens "
        "harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker "
        "guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz "
        "hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice").split()

CH = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
EDGE = CH + " Edg/{v}.0.{b}.{p}"
FF = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
MACSAF = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/{v}.3 Safari/605.1.15")
CROS = "Mozilla/5.0 (X11; CrOS x86_64 16{b}.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
IPAD = ("Mozilla/5.0 (iPad; CPU OS {v}_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/{v}.3 Mobile/15E148 Safari/604.1")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS {v}_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/{v}.3 Mobile/15E148 Safari/604.1")
ANDROID = ("Mozilla/5.0 (Linux; Android 16; K) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/{v}.0.0.0 Mobile Safari/537.36")


def desktop_ua(rng, kind=None):
    kind = kind or rng.choices(["ch", "edge", "ff", "mac", "cros"], [45, 20, 8, 9, 18])[0]
    v = rng.choice([148, 149, 149, 150, 150, 150])
    if kind == "ch":
        return CH.format(v=v)
    if kind == "edge":
        return EDGE.format(v=v, b=rng.randint(3100, 3300), p=rng.randint(40, 120))
    if kind == "ff":
        return FF.format(v=rng.choice([152, 153]))
    if kind == "mac":
        return MACSAF.format(v=rng.choice([20, 21]))
    return CROS.format(v=v, b=rng.randint(100, 450))


def mobile_ua(rng, kind=None):
    kind = kind or rng.choice(["iphone", "android", "ipad"])
    if kind == "iphone":
        return IPHONE.format(v=rng.choice([20, 21]))
    if kind == "ipad":
        return IPAD.format(v=rng.choice([20, 21]))
    return ANDROID.format(v=rng.choice([149, 150]))


def home_ip(rng):
    a = rng.choice([(73, (0, 255)), (67, (160, 191)), (174, (16, 31)), (97, (118, 122)), (98, (245, 245)),
                    (71, (33, 33)), (24, (8, 9))])
    return "%d.%d.%d.%d" % (a[0], rng.randint(*a[1]), rng.randint(0, 255), rng.randint(2, 254))


def carrier_ip(rng):
    p = rng.random()
    if p < 0.45:
        return "172.56.%d.%d" % (rng.randint(0, 255), rng.randint(2, 254))     # T-Mobile
    if p < 0.75:
        return "174.2%02d.%d.%d" % (rng.randint(0, 55), rng.randint(0, 255), rng.randint(2, 254))  # Verizon
    return "166.1%02d.%d.%d" % (rng.randint(70, 99), rng.randint(0, 255), rng.randint(2, 254))      # AT&T


ROLES = [  # role, share, where (campus level or office), evening share, task rate /h
    ("teacher", 0.60, "campus", 0.22, 3.0),
    ("principal", 0.035, "campus", 0.30, 2.6),
    ("assistant_principal", 0.035, "secondary", 0.25, 2.8),
    ("office_manager", 0.04, "campus", 0.05, 3.6),
    ("registrar", 0.03, "secondary", 0.05, 3.4),
    ("counselor", 0.04, "secondary", 0.12, 3.0),
    ("nurse", 0.03, "campus", 0.04, 2.2),
    ("sped_coordinator", 0.04, "campus", 0.15, 2.8),
    ("family_liaison", 0.03, "campus", 0.10, 2.4),
    ("enrolment_clerk", 0.025, "office", 0.03, 3.8),
    ("data_analyst", 0.02, "office", 0.10, 3.2),
    ("it_admin", 0.015, "office", 0.10, 2.0),
    ("hr_specialist", 0.015, "office", 0.05, 2.4),
    ("chief_academic_officer", 0.005, "office", 0.30, 2.0),
]


def make_pupils(rng, n=6400):
    pupils, seen = {}, set()
    for code, _, level, _ in CAMPUSES:
        if level == "office":
            continue
        k = {"elem": 640, "middle": 820, "high": 1020}[level]
        lst = []
        for _ in range(k * n // 6400):
            while True:
                pid = "S%02d-%06d" % (rng.choice([19, 20, 21, 22, 23, 24, 25, 26]), rng.randint(100000, 199999))
                if pid not in seen:
                    break
            seen.add(pid)
            lst.append((pid, rng.choice(FIRST), rng.choice(LAST)))
        pupils[code] = lst
    return pupils


def make_staff(rng, n):
    staff, used = [], {}
    campuses = [c for c in CAMPUSES if c[3] and c[2] != "office"]
    for i in range(n):
        if i < len(ROLES) * 3:                 # at least three of every role
            role = ROLES[i % len(ROLES)]
        else:
            role = rng.choices(ROLES, [r[1] for r in ROLES])[0]
        where = role[2]
        if where == "office":
            campus = "NO"
        elif where == "secondary":
            campus = rng.choice([c[0] for c in campuses if c[2] != "elem"])
        else:
            campus = rng.choice([c[0] for c in campuses])
        f, l = rng.choice(FIRST), rng.choice(LAST)
        base = "%s.%s" % (f, l)
        used[base] = used.get(base, 0) + 1
        login = base if used[base] == 1 else "%s%d" % (base, used[base])
        p = {"email": login + "@" + DOMAIN, "first": f, "last": l, "role": role[0], "campus": campus,
             "evening": role[3], "rate": role[4],
             "auth": "classlink" if rng.random() < 0.88 else "local",
             "ua": desktop_ua(rng), "home": home_ip(rng), "phone": mobile_ua(rng, rng.choice(["iphone", "android"])),
             "sections": [rng.randint(1000, 9999) for _ in range(rng.randint(4, 6) if role[0] == "teacher" else 0)],
             "look": None}
        staff.append(p)
    return staff
