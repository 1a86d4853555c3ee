"""blind23 people: the staff accounts of Keystone Records (district and state staff) with their devices and places."""
import random

from . import world as W

DISTRICT_ROLES = [("teacher", 30), ("office_staff", 17), ("registrar", 8), ("counselor", 11), ("nurse", 6),
                  ("principal", 9), ("sped_coordinator", 5), ("district_analyst", 4), ("district_it", 4)]
OFFICE_ROLES = {"data_steward", "district_analyst", "district_it", "sped_coordinator"}
STATE_ROLES = [("state_analyst", 30), ("program_specialist", 30), ("state_it", 15), ("regional_coordinator", 12)]
RATE = {"teacher": 1.3, "office_staff": 6, "registrar": 7, "counselor": 5, "nurse": 2, "principal": 3,
        "sped_coordinator": 4, "data_steward": 5, "district_analyst": 4, "district_it": 3, "helpdesk": 0,
        "state_analyst": 4, "program_specialist": 3, "state_it": 3, "regional_coordinator": 3, "state_auditor": 2,
        "generic": 0}
EVENING = {"teacher": 0.10, "counselor": 0.14, "principal": 0.25, "registrar": 0.08, "data_steward": 0.2,
           "district_analyst": 0.15, "state_analyst": 0.12, "sped_coordinator": 0.12}
PHONE_DAY = {"principal": 0.5, "counselor": 0.2, "regional_coordinator": 0.4, "district_it": 0.3, "nurse": 0.15}
REGIONS = [("Regional Office Northwest", "Sioux Bend"), ("Regional Office Southeast", "Harlan")]


class Person:
    """A staff member (or generic/service account) and the places and devices they use."""

    def __init__(self, **kw):
        self.phone = None
        self.behaviour = None
        self.extra_cookie = None
        self.__dict__.update(kw)

    @property
    def key(self):
        return self.log_name


def _login(first, last, dom, taken):
    base = (first[0] + last).replace("'", "").replace("-", "")
    name, k = base, 1
    while name + "@" + dom in taken:
        k += 1
        name = "%s%d" % (base, k)
    taken.add(name + "@" + dom)
    return name + "@" + dom


def make_staff(seed, n_staff):
    rng = random.Random("blind23:%d:staff" % seed)
    taken = set()
    people = []
    n_state = max(12, round(n_staff * 0.1))
    n_dist = n_staff - n_state
    wsum = sum(d[3] for d in W.DISTRICTS)
    counts = [max(5, round(n_dist * d[3] / wsum)) for d in W.DISTRICTS]
    counts[0] += n_dist - sum(counts)                      # Westfield absorbs rounding
    for (code, name, _np, _w, nat, auth, nsch), cnt in zip(W.DISTRICTS, counts):
        dom = W.domain(code)
        for i in range(cnt):
            role = "data_steward" if i == 0 else W.pick(rng, DISTRICT_ROLES)
            sidx = rng.randrange(nsch)
            campus = ("%s District Office" % name) if role in OFFICE_ROLES else W.school_name(code, sidx)
            people.append(_person(rng, taken, dom, role, code, campus, nat, auth, sidx))
    state_roles = ["helpdesk"] * 3 + ["state_auditor"] + ["regional_coordinator"]
    while len(state_roles) < n_state:
        state_roles.append(W.pick(rng, STATE_ROLES))
    for role in state_roles:
        campus, ip = "Capitol Office", W.STATE_NAT
        if role == "regional_coordinator":
            campus = rng.choice(REGIONS)[0]
            ip = W.addr(rng, W.BUSINESS_NETS)          # the regional office's own line
        people.append(_person(rng, taken, W.STATE_DOMAIN, role, "STATE", campus, ip, "saml", 0))
    return people


def _person(rng, taken, dom, role, code, campus, work_ip, dauth, sidx):
    first, last = rng.choice(W.FIRST), rng.choice(W.LAST)
    login = _login(first, last, dom, taken)
    auth = "saml" if (dauth == "saml" and rng.random() < 0.9) else "form"
    log_name = login
    if auth == "form" and rng.random() < 0.05:
        log_name = login[0].upper() + login[1:]          # types the e-mail with a capital letter, every time
    lap = W.laptop(rng)
    p = Person(login=login, log_name=log_name, first=first, last=last, role=role, district=code, campus=campus,
               auth=auth, work_ip=work_ip, school=sidx, laptop=lap, home_ip=W.addr(rng, W.HOME_NETS),
               home_dev=lap if rng.random() < 0.6 else W.laptop(rng), rate=RATE[role],
               evening_p=EVENING.get(role, 0.05), phone_p=PHONE_DAY.get(role, 0.05))
    if rng.random() < 0.62:
        p.phone = W.phone(rng)
    if code == "RVB":
        p.xff = "%s%d.%d" % (W.RVB_PROXY_NET, rng.randint(0, 40), rng.randint(2, 250))
    else:
        p.xff = None
    return p


def params_of(p):
    return {"role": p.role, "campus": p.campus, "auth": p.auth, "login": p.login}
