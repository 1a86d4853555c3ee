"""Abuse: scraping with a staff member's login, bulk exports, generic and shared accounts, password guessing.

Every function appends its requests to ``out`` and returns the label of its
subject (``{"label", "behaviour", "kinds", "params"}``); brute force returns a
map of source addresses to labels.  Styles and rates are drawn per instance.
"""

from __future__ import annotations

import random
import string

from .app import BASE, TABS, Client, profile
from .staff import H, client, gradebook, roster, visit
from .world import CHROME_WIN, Person, World, desktop_ua, residential_ip, students_of

CLOUD = (("AWS us-west-2", 44, (224, 255)), ("AWS us-west-1", 54, (176, 183)), ("Google Cloud", 34, (82, 127)),
         ("Azure West US", 20, (36, 59)), ("DigitalOcean", 164, (90, 90)), ("Hetzner", 5, (161, 161)))
SCRIPT_UAS = ("python-requests/2.32.3", "python-httpx/0.27.2", "Go-http-client/1.1", "Java-http-client/17.0.12",
              "curl/8.5.0", "Mozilla/5.0 (compatible; EdInsightConnector/2.4)", CHROME_WIN.format(v=120))
HEADLESS_UAS = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
SCRAPE_STYLES = ("server_fast", "server_slow", "staff_pc_extension", "rpa_on_staff_pc", "headless_server", "transcript_pdfs")


def cloud_ip(rng: random.Random) -> tuple[str, str]:
    """A hosting-provider address and the provider's name."""
    name, first, (lo, hi) = rng.choice(CLOUD)
    return f"{first}.{rng.randint(lo, hi)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}", name


def _targets(world: World, victim: Person, rng: random.Random, n: int) -> list[int]:
    if victim.sections and rng.random() < 0.3:  # only the teacher's own rosters
        return sorted({s for sec in victim.sections for s in roster(world, sec, victim.school.students)})
    pool = victim.school.students or [s for sc in world.schools for s in sc.students]
    start = rng.randrange(max(1, len(pool) - n))
    return pool[start:start + n] if rng.random() < 0.6 else sorted(rng.sample(pool, min(n, len(pool))))


def scrape(world: World, victim: Person, days: list[tuple[float, bool]], rng: random.Random, out: list,
           style: str) -> dict:
    """A vendor tool or script walking student records as ``victim``.

    Parameters
    ----------
    style : str
        One of :data:`SCRAPE_STYLES`.
    """
    n = rng.randint(150, 1200) if style in ("server_fast", "staff_pc_extension") else rng.randint(60, 400)
    students = _targets(world, victim, rng, n)
    tabs = rng.sample(TABS[:4], rng.randint(0, 3))
    params: dict = {"style": style, "students": len(students), "tabs": tabs}
    if style in ("staff_pc_extension", "rpa_on_staff_pc"):
        ip = rng.choice(victim.school.nat_ips)
        ua = victim.work_ua if style == "staff_pc_extension" else desktop_ua(rng)
        kind = "script" if style == "staff_pc_extension" else "browser"
        params["where"] = "victim's office network"
    elif style == "headless_server":
        ip, params["provider"] = cloud_ip(rng)
        ua, kind = rng.choice(HEADLESS_UAS), "headless"
    else:
        ip, params["provider"] = cloud_ip(rng)
        ua, kind = rng.choice(SCRIPT_UAS), "script"
    params.update(ip=ip, user_agent=ua)
    median = {"server_fast": rng.uniform(0.3, 2.5), "server_slow": rng.uniform(25, 90), "staff_pc_extension": rng.uniform(0.5, 3),
              "rpa_on_staff_pc": rng.uniform(3, 9), "headless_server": rng.uniform(4, 15), "transcript_pdfs": rng.uniform(2, 10)}[style]
    params["median_gap_s"] = round(median, 2)
    night = style in ("server_fast", "transcript_pdfs") and rng.random() < 0.6
    runs = [d for d in days if d[1]] or days
    if style not in ("server_slow",) and rng.random() < 0.5:
        runs = [rng.choice(runs)]
    params["days"] = len(runs)
    for i, (day0, _) in enumerate(runs):
        c = Client(ip, ua, victim.account, rng, style=kind, out=out)
        t = day0 + (rng.uniform(0.5, 4.5) if night else rng.uniform(8.2, 14.0)) * H
        share = max(20, len(students) // len(runs))
        per_day = students if len(runs) == 1 or style != "server_slow" else students[i * share:(i + 1) * share]
        for sid in per_day:
            if style == "staff_pc_extension":
                # rides the open browser session: no login of its own
                c.sid = c.sid or "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(26))
                c.hit(t, "GET", f"/sis/ajax.php?fn=stu_card&sid={sid}", 200, rng.randint(1500, 6000), ref="-")
                for tab in tabs:
                    t += rng.uniform(0.1, 0.5)
                    c.hit(t, "GET", profile(sid, tab), 200, rng.randint(9000, 40000), ref="-")
            elif style == "transcript_pdfs":
                t = c.ensure(t)
                c.hit(t, "GET", f"/sis/print.php?doc=transcript&sid={sid}", 200, rng.randint(60000, 160000), ref="-")
            elif style == "headless_server":
                t = c.ensure(t)
                t = visit(c, t, sid, rng, tabs=len(tabs), search=rng.random() < 0.5, think=(median * 0.5, median * 1.5))
            else:
                t = c.ensure(t)
                t = c.page(t, profile(sid))
                for tab in tabs:
                    t = c.page(t + rng.lognormvariate(0, 0.5) * median * 0.3, profile(sid, tab))
            t += rng.lognormvariate(0, 0.5) * median
            if style == "server_slow" and rng.random() < 0.02:
                t += rng.uniform(600, 3600)  # lunch, a restart
    return {"label": "abusive", "behaviour": f"scrape_{style}",
            "kinds": ["scraping"] if style in ("staff_pc_extension", "rpa_on_staff_pc") else ["scraping", "credential_sharing"],
            "params": params}


def bulk_export(world: World, victim: Person, days: list[tuple[float, bool]], rng: random.Random, out: list) -> dict:
    """Pulling every extract for every school, far beyond the person's job."""
    where = rng.choice(("work", "home", "server"))
    c = client(victim, rng, "work" if where == "work" else "home", world) if where != "server" else \
        Client(cloud_ip(rng)[0], rng.choice(SCRIPT_UAS), victim.account, rng, style="script")
    c.out = out
    reports = rng.sample(("demographics", "contacts", "roster", "health_alerts", "sped_flags", "el_status",
                          "attendance_detail", "grades_current", "photos_zip"), rng.randint(3, 7))
    schools = [s.code for s in world.schools]
    day0 = rng.choice([d for d, wk in days if wk] or [days[0][0]])
    t = c.ensure(day0 + rng.uniform(9, 20) * H)
    gap = rng.uniform(2, 40)
    for _ in range(rng.randint(1, 3)):
        for rpt in reports:
            for school in schools:
                if c.style != "script" and rng.random() < 0.3:
                    t = c.page(t, "/sis/reports/index.php")
                t = c.ensure(t)
                c.hit(t, "GET", f"/sis/reports/export.php?rpt={rpt}&school={school}&fmt={rng.choice(('csv', 'xlsx'))}",
                      200, rng.randint(50000, 4000000))
                t += rng.lognormvariate(0, 0.6) * gap
    return {"label": "abusive", "behaviour": "bulk_export", "kinds": ["scraping"],
            "params": {"where": where, "reports": reports, "schools": len(schools), "ip": c.ip}}


def generic_account(world: World, name: str, days: list[tuple[float, bool]], rng: random.Random, out: list) -> dict:
    """A shared login (``frontdesk@...``) used by several people on several PCs and from home."""
    school = rng.choice(world.schools)
    users = rng.randint(2, 5)
    ppl = [Person(name, f"user{k}", "clerk", school, residential_ip(rng), desktop_ua(rng), desktop_ua(rng), "", "",
                  False, rng.choice((0.7, 1.0, 1.5)), 0.3, False, 0.0) for k in range(users)]
    for day0, weekday in days:
        if not weekday:
            continue
        for p in ppl:
            where = "home" if rng.random() < 0.15 else "work"
            c = client(p, rng, where, world)
            c.out = out
            t = day0 + (rng.uniform(7.2, 15) if where == "work" else rng.uniform(18, 21)) * H
            for _ in range(rng.randint(2, 6)):
                t = c.ensure(t)
                for sid in rng.sample(school.students, rng.randint(1, 5)):
                    t = visit(c, t, sid, rng, tabs=rng.randint(0, 2))
                    if rng.random() < 0.4:
                        t = c.post(t, "/sis/index.php?m=attendance&a=correct", then=profile(sid, "attendance"))
                t += rng.expovariate(1 / 1500)
    return {"label": "abusive", "behaviour": "generic_account", "kinds": ["credential_sharing"],
            "params": {"people": users, "school": school.name}}


def password_sharing(world: World, owner: Person, days: list[tuple[float, bool]], rng: random.Random, out: list) -> dict:
    """Someone else uses ``owner``'s password at the same time as the owner works."""
    mode = rng.choice(("aide_same_school", "colleague_other_school", "remote_partner"))
    other_school = rng.choice([s for s in world.schools if s is not owner.school] or world.schools)
    for day0, weekday in days:
        if not weekday or rng.random() < 0.25:
            continue
        if mode == "remote_partner":
            c = Client(residential_ip(rng), desktop_ua(rng), owner.account, rng, out=out)
        else:
            nat = owner.school.nat_ips if mode == "aide_same_school" else other_school.nat_ips
            c = Client(rng.choice(nat), desktop_ua(rng), owner.account, rng, out=out)
        t = day0 + rng.uniform(8.5, 13) * H
        for _ in range(rng.randint(2, 5)):
            t = c.ensure(t)
            if owner.sections and rng.random() < 0.5:
                t = gradebook(c, t, rng.choice(owner.sections), rng.randint(5, 25), rng)
            else:
                for sid in students_of(world, owner, rng, rng.randint(2, 6)):
                    t = visit(c, t, sid, rng, tabs=rng.randint(0, 2))
            t += rng.uniform(900, 4000)
    return {"label": "abusive", "behaviour": f"password_sharing_{mode}", "kinds": ["credential_sharing"],
            "params": {"mode": mode}}


def brute_force(world: World, days: list[tuple[float, bool]], rng: random.Random, out: list) -> dict:
    """Password guessing at ``login.php`` from one address or sprayed over a few."""
    spray = rng.random() < 0.4
    ips = [cloud_ip(rng)[0] if rng.random() < 0.5 else residential_ip(rng) for _ in range(rng.randint(3, 6) if spray else 1)]
    ua = rng.choice(SCRIPT_UAS + HEADLESS_UAS[:1])
    day0 = rng.choice(days)[0]
    t0 = day0 + rng.uniform(0, 23) * H
    attempts = rng.randint(60, 400)
    gap = rng.uniform(0.5, 20)
    labels = {}
    for ip in ips:
        c = Client(ip, ua, "", rng, style="script", out=out)
        t = t0 + rng.uniform(0, 600)
        for _ in range(attempts // len(ips)):
            if rng.random() < 0.3:
                c.hit(t, "GET", "/sis/login.php", 200, 4500, authed=False, ref="-")
            c.hit(t + 0.2, "POST", "/sis/login.php", 200, rng.randint(4100, 5200), authed=False, ref=BASE + "/sis/login.php")
            t += rng.lognormvariate(0, 0.5) * gap
        labels[ip] = {"label": "abusive", "behaviour": "password_spray" if spray else "password_guessing",
                      "kinds": ["brute_force"], "params": {"attempts": attempts // len(ips), "median_gap_s": round(gap, 1)}}
    return labels


__all__ = ["scrape", "bulk_export", "generic_account", "password_sharing", "brute_force", "cloud_ip", "SCRAPE_STYLES"]
