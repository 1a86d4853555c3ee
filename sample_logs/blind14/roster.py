"""Staff roster of Harbor (blind14): roles, buildings, sign-in method, devices, home addresses, caseloads."""
from . import world as W

SHARES = [("case_manager", .22), ("teacher", .11), ("slp", .06), ("school_psych", .045), ("ot", .025), ("pt", .012),
          ("office_staff", .06), ("registrar", .03), ("counselor", .045), ("nurse", .035), ("principal", .05),
          ("district_analyst", .017), ("it_admin", .013), ("program_specialist", .02)]
FIXED = [("sped_director", 4), ("billing_coordinator", 3), ("crssc_analyst", 2), ("crssc_it", 2), ("state_auditor", 1)]
ITINERANT = {"slp", "school_psych", "ot", "pt", "contract_slp", "contract_ot", "contract_bcba"}
OFFICE_ROLES = {"district_analyst", "it_admin", "sped_director", "program_specialist"}
CRSSC_ROLES = {"billing_coordinator", "crssc_analyst", "crssc_it"}


class Staff:
    __slots__ = ("email", "first", "last", "role", "district", "campus", "auth", "home", "laptop", "home_pc",
                 "phone", "tablet", "buildings", "agency", "caseload", "host", "lang")

    def __repr__(self):
        return "Staff(%s,%s,%s)" % (self.email, self.role, self.campus)


def _counts(n):
    n_ev, n_sp, n_tw = max(8, round(.045 * n)), max(5, round(.03 * n)), max(3, round(.02 * n))
    rest = n - sum(c for _, c in FIXED) - n_ev - n_sp - n_tw
    total = sum(s for _, s in SHARES)
    counts = [(r, max(1, round(rest * s / total))) for r, s in SHARES]
    diff = rest - sum(c for _, c in counts)
    counts[0] = ("case_manager", counts[0][1] + diff)
    out = counts + FIXED
    out += [("contract:evergreen", n_ev), ("contract:soundpath", n_sp), ("contract:tidewater", n_tw)]
    return out


def make_staff(rng, n, pupils):
    used, staff = set(), []
    by_school = {}
    for p in pupils:
        by_school.setdefault(p.school, []).append(p)
    districts = W.DISTRICT_ORDER
    dweights = [W.DISTRICTS[d][3] for d in districts]
    sped_dir_i = 0
    for role, count in _counts(n):
        for i in range(count):
            s = Staff()
            s.first, s.last = rng.choice(W.FIRST), rng.choice(W.LAST)
            s.agency, s.buildings, s.caseload = None, [], []
            s.lang = rng.choices(["en-US,en;q=0.9", "en-US,en;q=0.9,es;q=0.8", "en-US", "en-US,en;q=0.9,vi;q=0.8"],
                                 [0.8, 0.1, 0.06, 0.04])[0]
            if role.startswith("contract:"):
                s.agency = role.split(":")[1]
                s.role = {"evergreen": ["contract_slp", "contract_ot"], "soundpath": ["contract_slp"],
                          "tidewater": ["contract_bcba"]}[s.agency][i % (2 if s.agency == "evergreen" else 1)]
                domain = W.AGENCIES[s.agency][1]
                s.district = rng.choices(districts, dweights)[0]
                s.campus = "AG-" + s.agency
                s.auth = "local_totp"
                s.buildings = rng.sample(W.BUILDINGS[s.district], min(len(W.BUILDINGS[s.district]), rng.randint(2, 3)))
            elif role == "state_auditor":
                s.role, s.district, s.campus, s.auth, domain = role, "OSPI", "OSPI", "local_totp", "k12.wa.us"
            elif role in CRSSC_ROLES:
                s.role, s.district, s.campus, s.auth, domain = role, "CRSSC", "CRSSC", "oidc", "crssc.org"
            else:
                s.role, s.auth = role, "oidc"
                if role == "sped_director":
                    s.district = districts[sped_dir_i % 4]
                    sped_dir_i += 1
                elif role == "program_specialist" and rng.random() < 0.5:
                    s.district = "CRSSC"
                else:
                    s.district = rng.choices(districts, dweights)[0]
                if s.district == "CRSSC":
                    s.campus, domain = "CRSSC", "crssc.org"
                else:
                    domain = W.DISTRICTS[s.district][1]
                    bl = W.BUILDINGS[s.district]
                    if role in OFFICE_ROLES:
                        s.campus = W.OFFICE[s.district]
                    elif role in ("registrar", "counselor"):
                        sec = [b for b in bl if W.SCHOOLS[b][1] in ("high", "middle")]
                        s.campus = rng.choice(sec)
                    elif role == "office_staff" and rng.random() < 0.3:
                        s.campus = W.OFFICE[s.district]
                    else:
                        s.campus = rng.choice(bl)
                    if role in ITINERANT:
                        others = [b for b in bl if b != s.campus]
                        s.buildings = [s.campus] + rng.sample(others, min(len(others), rng.randint(1, 2)))
            base = "%s.%s" % (W.slug(s.first), W.slug(s.last))
            email, k = base + "@" + domain, 2
            while email in used:
                email, k = "%s%d@%s" % (base, k, domain), k + 1
            used.add(email)
            s.email = email
            s.home = W.home_ip(rng)
            s.laptop = W.laptop_ua(rng, district_issued=s.auth == "oidc")
            s.home_pc = W.laptop_ua(rng, district_issued=False) if rng.random() < 0.3 else None
            s.phone = W.phone_ua(rng)
            s.tablet = W.tablet_ua(rng) if rng.random() < 0.15 else None
            s.host = rng.randint(20, 250)
            _caseload(rng, s, by_school, pupils)
            staff.append(s)
    return staff


def _caseload(rng, s, by_school, pupils):
    if s.agency:
        pool = [p for b in s.buildings for p in by_school.get(b, []) if p.agency == s.agency]
        s.caseload = rng.sample(pool, min(len(pool), rng.randint(14, 30)))
    elif s.role in ("case_manager", "slp", "school_psych", "ot", "pt"):
        pool = [p for b in (s.buildings or [s.campus]) for p in by_school.get(b, [])]
        s.caseload = rng.sample(pool, min(len(pool), rng.randint(12, 28)))
    elif s.role in ("teacher", "counselor", "nurse", "principal", "office_staff", "registrar"):
        pool = by_school.get(s.campus, [])
        s.caseload = rng.sample(pool, min(len(pool), rng.randint(6, 18)))
    elif s.district in W.DISTRICTS:
        pool = [p for p in pupils if p.district == s.district]
        s.caseload = rng.sample(pool, min(len(pool), 30))
    else:
        s.caseload = rng.sample(pupils, 30)


def generic_account(district):
    return "sped.office@" + W.DISTRICTS[district][1]
