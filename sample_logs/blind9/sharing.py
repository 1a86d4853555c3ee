"""Credential sharing (a person-named role account, a login swapped between two desks, a login used from
school and a hotspot at once, a departed employee's login kept by her successor) and brute force."""
import random

from . import world as W
from .benign import workday, normal_days
from .client import Browser, ln
from .lookalikes import free, mark, spread

OLD_FIRST = ["dolores", "gladys", "mildred", "bernice", "eunice", "loretta", "marjorie", "wanda"]
CHROMEBOOK = W.CROS.format(b=75, v=142)


def _blocks(r, day, n, h0=7.4, h1=16.6, gap=(.08, .5), length=(.5, 1.6)):
    out, h = [], h0 + r.uniform(0, .4)
    for _ in range(n):
        e = h + r.uniform(*length)
        if e > h1:
            break
        out.append((h, e))
        h = e + r.uniform(*gap)
    return out


def run(sink, w, days, seed, L):
    r = random.Random("%s:sharing" % seed)
    wdays = [d for d in range(days) if W.weekday(d) < 5] or [0]
    ipa = w["ip"]

    # C1. a registration team's login, named like a (long retired) person, used in two buildings at once
    dl = [x for x in w["districts"] if x["domain"] and not x["nat"]]
    d = r.choice([x for x in dl if x["lea"] not in L.setdefault("leas", [])] or dl)
    L["leas"].append(d["lea"])
    f, l = r.choice(OLD_FIRST), r.choice(W.LAST)
    login = {"first.last": f + "." + l, "flast": f[0] + l, "firstl": f + l[0], "first_last": f + "_" + l}[d["scheme"]]
    key = login + "@" + d["domain"]
    sch = r.choice(d["schools"])
    st = W.Staff(key=key, first=f, last=l, lea=d["lea"], domain=d["domain"], role="registrar", behaviour="",
                 school=sch.code, login="sso", ldap=(f[0] + l)[:20], office_ip=sch.ip, office_ua="", home_ip="",
                 home_ua="", phone_ua=None, activity=1.0, keepalive=False, overnight=False, evening_p=0, params={})
    w["staff"].append(st)
    buildings = [sch.ip, d["office_ip"]]
    people = [Browser(sink, random.Random("%s:c1:%d" % (seed, i)), buildings[i % 2], W.desktop_ua(r), key, key)
              for i in range(r.randint(3, 5))]
    for day in wdays:
        for b in people:
            for h0, h1 in _blocks(b.r, day, b.r.randint(1, 3), gap=(.3, 2.0), length=(.4, 1.8)):
                workday(w, st, b, day, b.r, arrive=h0, leave=h1, scale=1.3, poll=False, lunch=False, signout_p=.3)
    mark(L, st, "person_named_team_account", n_people=len(people), buildings=buildings,
         ips=buildings, user_agents=[b.ua for b in people], concurrent=True)
    L["abuse"][key] = ("credential_sharing", ["credential_sharing"])

    # C2. two clerks at neighbouring desks swapping one login, never at the same time
    st = spread(r, free(w, ["attendance_tech", "office_manager", "registrar"]), L)
    rr = random.Random("%s:swap:%s" % (seed, st.key))
    ua2 = W.desktop_ua(rr)
    while ua2 == st.office_ua:
        ua2 = W.desktop_ua(rr)
    own = Browser(sink, rr, st.office_ip, st.office_ua, st.key, st.key)
    other = Browser(sink, rr, st.office_ip, ua2, st.key, st.key)
    home = Browser(sink, rr, st.home_ip, st.home_ua, st.key, st.key)
    n_swaps = 0
    for day in wdays:
        free_at = 0
        for i, (h0, h1) in enumerate(_blocks(rr, day, rr.randint(4, 7), gap=(.08, .45), length=(.6, 1.7))):
            b = own if i % 2 == 0 else other
            shift = max(0.0, free_at + rr.uniform(.05, .15) - h0)     # never while the other one is signed in
            res = workday(w, st, b, day, rr, arrive=h0 + shift, leave=h1 + shift, poll=False, lunch=False,
                          signout_p=1.0)
            free_at = (res[1] - W.at(day, 0)) / 3600 if res else h1 + shift
            n_swaps += 1
    mark(L, st, "swapped_login_two_desks", ip=st.office_ip, user_agents=[st.office_ua, ua2],
         second_user_agent=ua2, n_blocks=n_swaps, overlapping=False)
    L["abuse"][st.key] = ("credential_sharing", ["credential_sharing"])

    # C3. a login used at school and, at the same time, from a laptop on a phone hotspot
    st = spread(r, free(w, ["teacher", "counselor", "site_admin"]), L)
    rr = random.Random("%s:hot:%s" % (seed, st.key))
    normal_days(sink, w, st, days, rr)
    ua = W.MAC_SAFARI.format(v="26.1") if "Macintosh" not in st.office_ua else W.CHROME.format(v=142)
    hb = Browser(sink, rr, "", ua, st.key, st.key)
    hips = []
    for day in wdays:
        for h0, h1 in _blocks(rr, day, rr.randint(2, 3), h0=8.2, h1=15.5, gap=(.5, 2.0), length=(.5, 1.5)):
            hb.ip = ipa.take("carrier")
            hips.append(hb.ip)
            workday(w, st, hb, day, rr, arrive=h0, leave=h1, scale=1.5, poll=False, lunch=False, signout_p=.2,
                    mix=[("lookup", 4), ("roster", 2), ("report", 1)])
    mark(L, st, "school_and_hotspot_concurrent", ips=hips, user_agent=ua, second_party="tutoring-company staffer")
    L["abuse"][st.key] = ("credential_sharing", ["credential_sharing"])
    for ip in hips:
        L["sources"][ip] = {"label": "credential_sharing", "behaviour": "school_and_hotspot_concurrent",
                            "kinds": ["credential_sharing"], "params": {"account": st.key}}

    # C4. a departed clerk's login, still enabled, used by her successor on the successor's own PC
    cands = free(w, ["attendance_tech", "office_manager", "registrar", "health_clerk"])
    gone = spread(r, cands, L)
    succ = r.choice([s for s in cands if s is not gone and s.lea == gone.lea] or [s for s in cands if s is not gone])
    succ.school, succ.office_ip = gone.school, gone.office_ip
    rr = random.Random("%s:succ:%s" % (seed, gone.key))
    b = Browser(sink, rr, succ.office_ip, succ.office_ua, succ.key, succ.key)
    switches = 0
    for day in wdays:
        blocks = _blocks(rr, day, rr.randint(4, 6), gap=(.02, .1), length=(.4, 1.5))
        free_at = 0
        for i, (h0, h1) in enumerate(blocks):
            who = succ if i % 2 == 0 else gone
            b.acct = b.tag = who.key
            shift = max(0.0, free_at + .02 - h0)
            h0, h1 = h0 + shift, h1 + shift
            res = workday(w, who, b, day, rr, arrive=h0, leave=h1, poll=False, lunch=False,
                          signout_p=0.0 if who is succ else 1.0, scale=1.2 if who is succ else 2.0)
            if who is succ:
                t = res[1] if res else W.at(day, h1)
                if i + 1 < len(blocks):     # a page her own account may not open, then switch
                    t = b.page(t + ln(rr, 20, .5), "/sdh/reports/run.xhtml", "rpt=ATT-CHRONIC&school=%s" % succ.school,
                               "run", status=403)
                t = b.sso_logout(t + ln(rr, 15, .5))
            else:
                switches += 1
                t = res[1] if res else W.at(day, h1)
            free_at = (t - W.at(day, 0)) / 3600
    mark(L, gone, "departed_login_used_by_successor", successor=succ.key, ip=succ.office_ip,
         user_agent=succ.office_ua, n_blocks=switches, owner_left="2026-10")
    mark(L, succ, "new_hire_successor", uses_departed_login=gone.key)
    L["abuse"][gone.key] = ("credential_sharing", ["credential_sharing"])

    # B1. HTTP Basic guessing against the legacy feed endpoint from one VPS, at night
    bip = ipa.take("vps")
    names = [s.ldap for s in w["staff"] if s.login == "sso"]
    targets = r.sample(names, min(len(names), r.randint(50, 120))) + \
        [(r.choice(W.FIRST)[0] + r.choice(W.LAST)) for _ in range(r.randint(20, 80))]
    r.shuffle(targets)
    known = set(names)
    t = W.at(r.randrange(days - 1), r.uniform(22.0, 26.0)) if days > 1 else W.at(0, r.uniform(.5, 4.0))
    med = r.uniform(1.5, 6.0)
    t0 = t
    ua = r.choice(["python-requests/2.32.3", "python-requests/2.31.0", "curl/8.5.0"])
    n = 0
    for u in targets:
        for _ in range(r.randint(2, 6)):
            t += ln(r, med, .5)
            sink.add(t, int(ln(r, 240, .3)), bip, "GET", "/sdh/feeds/enrollment.csv?lea=%s" % r.choice(W.DISTRICTS)[0],
                     401, 381, 540, ua, "", "", u, "", "", "", r.randrange(2), "",
                     "feed_guess:k" if u in known else "feed_guess:u")
            n += 1
    L["sources"][bip] = {"label": "brute_force", "behaviour": "feed_basic_auth_guessing", "kinds": ["brute_force"],
                         "params": {"user_agent": ua, "n_usernames": len(targets), "n_attempts": n,
                                    "median_gap_s": round(med, 2), "start_local_h": round((t0 - W.T0) / 3600 % 24, 2),
                                    "user_names_logged_in": ["journald"]}}

    # B2. a student on a school's guest Wi-Fi trying passwords on the local sign-in form in class periods
    gip = ipa.take("business")
    sb = Browser(sink, random.Random("%s:b2" % seed), gip, CHROMEBOOK)
    n = 0
    for day in wdays:
        for h0, h1 in _blocks(sb.r, day, sb.r.randint(3, 7), h0=8.3, h1=14.8, gap=(.3, 1.2), length=(.15, .45)):
            sb.close()
            t = W.at(day, h0)
            for k in range(sb.r.randint(4, 16)):
                t = sb.local_login(t + ln(sb.r, 20, .6), ok=False, typing=ln(sb.r, 7, .5)) if k == 0 else \
                    sb.send(t + ln(sb.r, 22, .6), "POST", "/sdh/j_security_check", 200, 15100, ln(sb.r, 260, .4))
                n += 1
                if t > W.at(day, h1):
                    break
    L["sources"][gip] = {"label": "brute_force", "behaviour": "student_guest_wifi_guessing", "kinds": ["brute_force"],
                         "params": {"user_agent": CHROMEBOOK, "n_attempts": n, "form": "/sdh/j_security_check"}}
