"""Planted scraping: printable cumulative folders from a VPS, a slow reader riding a coordinator's session
on her own PC, and contact hover-cards harvested through a VPN whose exit changes every session."""
import random

from . import tasks as T
from . import world as W
from .client import Client


def AClient(*a, **k):
    return Client(*a, tag="abuse", **k)


P = T.P


def _abusive(s, behaviour, label, kinds, **params):
    s.behaviour, s.label, s.kinds = behaviour, label, kinds
    s.extra["params"] = dict(params, role=s.role, school=s.school, login=s.login)


def plan(pop, rng, addr, seed, days, scale, sources):
    jobs = []
    # 1. cumulative folders + report cards through the print views, from one Hetzner VPS, on an AP's local password
    s = pop.pick(role="assistant_principal", level="M")
    ip = addr.pick(rng.choice(["5.161.104", "95.216.158", "78.46.201"]))
    ua = W.firefox_linux(128)
    gap = rng.uniform(6, 14)
    _abusive(s, "printview_cumfolder_harvest", "scraping", ["scraping", "credential_sharing"], ip=ip, user_agent=ua,
             gap_median_s=round(gap, 2), reportcard_share=0.6, abuser_auth="local_form")
    sources[ip] = {"label": "scraping", "behaviour": "printview_cumfolder_harvest", "kinds": ["scraping", "credential_sharing"],
                   "params": {"account": s.login}}
    jobs.append(lambda out, s=s: _printview(out, s, seed, pop, days, scale, ip, ua, gap))

    # 2. a slow reader on a district coordinator's PC reusing her session cookie, 1-2 records a minute all day
    s2 = pop.pick(role="sped_coordinator")
    per = rng.uniform(38, 58)
    _abusive(s2, "thin_slow_reader", "scraping", ["scraping"], interval_median_s=round(per, 1), user_agent=s2.ua,
             abuser_auth="owner_session_cookie",
             note="same PC, address chain, user agent and session as the owner; no assets, no referer")
    jobs.append(lambda out, s=s2: _thin(out, s, seed, pop, days, scale, per))

    # 3. contact hover-cards (no authorisation check on act=contactcard) via a VPN, a new exit every session
    s3 = pop.pick(role="teacher", level="MH")
    ua3 = W.chrome_win(150)
    _abusive(s3, "vpn_hopping_contact_cards", "scraping", ["scraping", "credential_sharing"], user_agent=ua3,
             sessions_per_day="3-5", abuser_auth="local_form")
    jobs.append(lambda out, s=s3: _cards(out, s, seed, pop, addr, days, scale, ua3, sources))
    return jobs


def _printview(out, s, seed, pop, days, scale, ip, ua, gap):
    pupils = list(pop.pupils[s.school])
    rng = random.Random("%s:printview" % seed)
    order = []
    for g in W.GRADES[W.LEVEL[s.school]]:
        order += [(g, p) for p in pupils if pop.grade[p] == g]
    i, n_sessions = 0, 0
    for day in range(days):
        slots = [rng.uniform(5.0, 6.4), rng.uniform(18.2, 20.0), rng.uniform(21.0, 23.0)]
        for h in slots[:max(1, int(round(rng.choice([2, 3]) * scale)))]:
            if i >= len(order):
                break
            n_sessions += 1
            c = AClient(out, rng, (ip,), ua)
            c.cached = False
            t = c.form_signin(W.at(day, h), s.login, typing=(1.2, 2.5))
            grade, url = None, None
            for k in range(rng.randint(60, 190)):
                if i >= len(order):
                    break
                g, sid = order[i]
                i += 1
                if g != grade:
                    grade, url = g, "%sroster&bldg=%s&grade=%s&term=S2" % (P, s.school, g)
                    t = c.page(t + rng.uniform(2, 6), url)
                c.ref = W.ORIGIN + url
                t = c.hit(t + rng.lognormvariate(0, 0.35) * gap, "GET", "/lodestar/print.php?doc=cumfolder&sid=%d" % sid,
                          kind="print", size=int(rng.uniform(38000, 96000)))
                if rng.random() < 0.6:
                    t = c.hit(t + rng.uniform(0.8, 2.5), "GET",
                              "/lodestar/print.php?doc=reportcard&sid=%d&term=S1" % sid, kind="print")
    s.extra["params"].update(n_sessions=n_sessions, n_pupils=i)


def _thin(out, s, seed, pop, days, scale, per):
    rng = random.Random("%s:thin" % seed)
    order = list(pop.all_sids)
    rng.shuffle(order)
    i = 0
    for day, start, end, chain, srv in s.extra.get("blocks", ()):
        c = AClient(out, rng, chain, s.ua, user=s.login, srv=srv, assets=False, referer=False)
        t = start + rng.uniform(300, 1500)
        stop = end - rng.uniform(60, 900)
        while t < stop:
            sid = order[i % len(order)]
            i += 1
            st = 404 if rng.random() < 0.02 else 200
            t = c.hit(t, "GET", T.student(sid), st)
            if st == 200 and rng.random() < 0.45:
                t = c.hit(t + rng.uniform(2, 6), "GET", T.student(sid, "contacts"))
            if st == 200 and rng.random() < 0.1:
                t = c.hit(t + rng.uniform(2, 6), "GET", T.student(sid, "programs"))
            t += rng.lognormvariate(0, 0.45) * per / max(scale, 0.1)
    s.extra["params"].update(n_pupils=i, addresses_from_owner_blocks=True)


def _cards(out, s, seed, pop, addr, days, scale, ua, sources):
    rng = random.Random("%s:cards" % seed)
    ips, n = [], 0
    gap = rng.uniform(2.6, 4.8)
    s.extra["params"]["gap_median_s"] = round(gap, 2)
    for day in range(days):
        k = max(1, int(round(rng.randint(3, 5) * scale)))
        hours = sorted(rng.uniform(9.0, 22.5) for _ in range(k))
        for h in hours:
            ip = addr.any(W.VPN_EXITS)
            ips.append(ip)
            c = AClient(out, rng, (ip,), ua)
            c.cached = False
            t = c.form_signin(W.at(day, h), s.login, typing=(2, 6))
            stop = t + rng.uniform(900, 2700)
            while t < stop:
                q = rng.choice("abcdefghjklmnoprstwy") + rng.choice("aeiouhlnr")
                url = "%ssearch&q=%s&scope=district" % (P, q)
                t = c.page(t + rng.uniform(2, 5), url)
                sids = rng.sample(pop.all_sids, rng.randint(12, 40))
                for sid in sids:
                    c.ref = W.ORIGIN + url
                    t = c.ajax(t + rng.lognormvariate(0, 0.4) * gap, "/lodestar/ajax.php?act=contactcard&sid=%d" % sid,
                               size=rng.randint(700, 1900))
                    n += 1
            if rng.random() < 0.3:
                c.signout(t + 3, sso=False)
    for ip in ips:
        sources[ip] = {"label": "scraping", "behaviour": "vpn_hopping_contact_cards",
                       "kinds": ["scraping", "credential_sharing"], "params": {"account": s.login}}
    s.extra["params"].update(ips=ips, n_cards=n)
