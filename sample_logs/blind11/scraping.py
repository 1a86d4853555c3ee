"""Scraping through staff accounts: a regional headless farm, a typeahead prefix sweep, a photo/document harvest."""
import itertools

from .client import Browser, lognorm, b64s
from .staff import day0, workday, evening, school_day
from .tasks import uuid
from .world import BASE

REGIONS = [("us-east-1", "3.2%d.%d.%d", (17, 39)), ("us-west-2", "44.2%d.%d.%d", (26, 49)),
           ("eu-west-1", "54.7%d.%d.%d", (2, 9)), ("ap-southeast-2", "13.2%d.%d.%d", (10, 39)),
           ("ca-central-1", "15.22%d.%d.%d", (2, 3))]
LINUX_CH = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"


def all_pupils(ctx):
    return [x for c in sorted(ctx.pupils) for x in ctx.pupils[c]]


def windows(days, spec):
    """spec: list of (day, start_h, end_h) -> absolute windows within the log."""
    return [(day0(d) + 3600 * a, day0(d) + 3600 * b) for d, a, b in spec if d < days]


def regional_headless_farm(out, rng, ctx, p, days):
    actor = "abuse:regional_headless_farm"
    regs = rng.sample(REGIONS, rng.randint(3, 4))
    nodes = []
    vs = rng.sample([144, 145, 146, 147, 148], len(regs))
    for (name, pat, (lo, hi)), v in zip(regs, vs):
        ip = pat % (rng.randint(lo, hi), rng.randint(0, 255), rng.randint(1, 254))
        nodes.append({"region": name, "ip": ip, "ua": LINUX_CH.format(v=v), "trusted": False})
    gap = rng.uniform(6, 10)
    queue = all_pupils(ctx)
    rng.shuffle(queue)
    queue.sort(key=lambda x: x[0][:3])            # enrolment-year order, as the tool's export list was sorted
    pos = 0
    wins = windows(days, [(0, 20.0 + rng.uniform(0, 1), 24), (1, 0, 5.0 + rng.uniform(0, .8)),
                          (1, 19.0 + rng.uniform(0, 1), 24), (2, 0, 5), (3, 19.5, 24)])
    k = 0
    for w0, w1 in wins:
        t = w0
        while t < w1 and pos < len(queue):
            node = nodes[k % len(nodes)]
            k += 1
            b = Browser(out, rng, node["ip"], node["ua"], p["email"], t, actor)
            b.signin("local", mfa=not node["trusted"], landing=False)
            node["trusted"] = True
            end = min(w1, t + 60 * rng.uniform(15, 35))
            while b.t < end and pos < len(queue):
                pid = queue[pos][0]
                pos += 1
                b.page("/students/" + pid)
                b.t += lognorm(rng, gap, .35)
                b.page("/students/%s/contacts" % pid)
                if rng.random() < 0.5:
                    b.t += lognorm(rng, gap * .6, .35)
                    b.page("/students/%s/grades" % pid)
                b.t += lognorm(rng, gap, .35)
            t = b.t + 60 * rng.uniform(1, 10)
    for d in range(days):
        if school_day(d):
            workday(out, rng, ctx, p, d)
    return {"ips": [n["ip"] for n in nodes], "user_agents": [n["ua"] for n in nodes],
            "regions": [n["region"] for n in nodes], "gap_median_s": round(gap, 2), "pupils": pos,
            "abuser_auth": "local password + MFA push approved once per region (trusted device)"}, \
        {n["ip"]: ("scraping", ["scraping", "credential_sharing"]) for n in nodes}


def prefixes(rng):
    letters = "abcdefghijklmnopqrstuvwxyz"
    two = ["".join(x) for x in itertools.product(letters, repeat=2)]
    three = ["".join(x) for x in itertools.product("aeioulnrstmcdgh", repeat=3)]
    rng.shuffle(two)
    rng.shuffle(three)
    return two + three


def typeahead_prefix_sweep(out, rng, ctx, p, days):
    actor = "abuse:typeahead_prefix_sweep"
    ua = p.get("home_ua") or p["ua"]
    gap = rng.uniform(3.0, 6.0)
    qs = prefixes(rng)
    pos = 0
    wins = windows(days, [(0, 14.0 + rng.uniform(0, 1), 18.0 + rng.uniform(0, 1)),
                          (1, 16.5 + rng.uniform(0, .5), 21.0 + rng.uniform(0, .8)),
                          (2, 16.5, 21.0), (3, 16.5, 21.0)])
    n = 0
    for w0, w1 in wins:
        b = Browser(out, rng, p["home"], ua, p["email"], w0, actor, assets=False)
        b.signed = True
        b.ref = BASE + "/dashboard"
        while b.t < w1 and pos < len(qs):
            b.xhr("GET", "/api/lookup", "q=%s&scope=network&limit=50" % qs[pos], 200,
                  int(lognorm(rng, 7400 if len(qs[pos]) == 2 else 2600, .5)))
            pos += 1
            n += 1
            b.t += lognorm(rng, gap, .5)
    for d in range(days):
        if school_day(d):
            workday(out, rng, ctx, p, d)
        if d == 1:
            evening(out, rng, ctx, p, d, t0=day0(d) + 3600 * 19.2, minutes=35, ua=ua)
    return {"ip": p["home"], "user_agent": ua, "gap_median_s": round(gap, 2), "prefixes": pos,
            "abuser_auth": "owner's session cookie in a script at home"}, {}


def token_photo_document_harvest(out, rng, ctx, p, days):
    actor = "abuse:token_photo_document_harvest"
    ip = "45.77.%d.%d" % (rng.randint(96, 127), rng.randint(2, 254))     # Vultr, Dallas
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36"
    t0 = day0(0) + 3600 * rng.uniform(15, 16.5)
    b = Browser(out, rng, p["home"], p.get("home_ua") or p["ua"], p["email"], t0, p["email"])
    b.signin(p["auth"])
    b.page("/settings")
    b.think(8, .4)
    b.page("/settings/tokens")
    b.think(20, .4)
    b.hit("POST", "/settings/tokens", "", 302, 0)
    b.page("/settings/tokens", "created=1")
    gap = rng.uniform(1.5, 3.0)
    queue = all_pupils(ctx)
    pos = 0
    wins = windows(days, [(0, 23.0 + rng.uniform(0, .5), 24), (1, 0, 4.5 + rng.uniform(0, .5)),
                          (1, 22.4 + rng.uniform(0, .5), 24), (2, 0, 4.5)])
    for w0, w1 in wins:
        h = Browser(out, rng, ip, ua, p["email"], w0, actor, assets=False)
        h.signed = True
        while h.t < w1 and pos < len(queue):
            pid = queue[pos][0]
            pos += 1
            h.hit("GET", "/api/v1/students/%s/photo" % pid, "size=full", 200, int(lognorm(rng, 210000, .4)),
                  "image/jpeg", ref=None, dur=lognorm(rng, .25, .4))
            h.t += lognorm(rng, gap, .4)
            h.hit("GET", "/api/v1/students/%s/documents" % pid, "", 200, int(lognorm(rng, 1400, .4)),
                  "application/json", ref=None)
            for _ in range(rng.choice([0, 1, 1, 2, 3])):
                h.t += lognorm(rng, gap * .5, .4)
                h.hit("GET", "/api/v1/documents/%s/content" % uuid(rng), "", 200, int(lognorm(rng, 260000, .7)),
                      "application/pdf", ref=None, dur=lognorm(rng, .4, .4))
            h.t += lognorm(rng, gap, .4)
    for d in range(days):
        if school_day(d):
            workday(out, rng, ctx, p, d)
    return {"ip": ip, "user_agent": ua, "gap_median_s": round(gap, 2), "pupils": pos,
            "abuser_auth": "personal API token the owner created on Sunday afternoon from home"}, \
        {ip: ("scraping", ["scraping"])}
