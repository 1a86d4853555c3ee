"""Credential sharing and brute force: a counselor's session cookie replayed from a foreign VPS, the shared
sub.desk login, a principal's login used by the secretary, and slow password guessing under the lockout."""
from .client import Client
from .staff import school_day, is_school_day, polls, work_block
from .tasks import attendance, roster, open_student
from .world import loaner_ip, school_nat, ua_pool, DOMAIN, FIRST, LAST, CROS


def stolen_session(env, rng, world, days, reg, s):
    """Infostealer on the counselor's PC: each school day her live session cookie is replayed from a VPS with her
    exact user agent (HTTP/1.1, no assets) in 2-5 short bursts of IEP views while she keeps working."""
    ip = "176.123.%d.%d" % (rng.randint(0, 15), rng.randint(2, 254))
    tag, n_b = "stolen_session_iep_bursts", 0
    for d in range(days):
        if not is_school_day(d):
            continue
        c_owner = school_day(env, s, d, rng, world)
        thief = Client(env, rng, ip, s["ua"], user=s["login"], role=s["role"], h2=False, tag=tag, script=True)
        thief.sess = c_owner.sess
        for _ in range(rng.randint(2, 5)):
            t = d * 86400 + 3600 * rng.uniform(9.0, 14.5)
            thief.page = "https://sis.mpls.k12.mn.us/dashboard"
            for p in rng.sample(sorted(world.has_iep), rng.randint(6, 18)):
                ev = thief.req(t, "GET", "/students/%d/iep" % p, student=str(p), ref=thief.page)
                if rng.random() < 0.5:
                    thief.req(t + rng.uniform(0.5, 1.5), "GET", "/students/%d/iep/pdf" % p, student=str(p),
                              nbytes=rng.randint(180000, 900000), dur=rng.randint(500, 2000))
                t += rng.uniform(1.5, 6.0)
            n_b += 1
    reg.account(s, "credential_sharing", tag, ["credential_sharing", "scraping"], [ip], [s["ua"]],
                {"bursts": n_b, "same_user_agent_as_owner": True, "same_session_hash_as_owner": True,
                 "provider": "VPS, Moldova"})
    reg.source(ip, "credential_sharing", tag, ["credential_sharing", "scraping"], {"account": s["login"]})


def sub_desk(env, rng, world, days, reg):
    """One local login shared by the day's substitutes at 3-4 schools at once, each on a loaner Chromebook."""
    login = "sub.desk@" + DOMAIN
    s = {"login": login, "role": "substitute_pool", "school": "multiple", "auth": "local", "behaviour": "shared"}
    tag, ips, uas = "shared_sub_desk_login", [], []
    teachers = [x for x in world.staff if x["role"] == "teacher" and x["sections"] and x["behaviour"] == "teacher"]
    for d in range(days):
        if not is_school_day(d):
            continue
        for absent in rng.sample(teachers, rng.randint(3, 4)):
            ip = loaner_ip(rng, absent["school"])
            ua = CROS % (rng.choice(["16463.48.0", "16433.71.0", "16328.55.0"]), rng.choice([150, 151, 152]))
            ips.append(ip)
            uas.append(ua)
            c = Client(env, rng, ip, ua, user=login, role=s["role"], tag=tag)
            t = d * 86400 + 3600 * rng.uniform(7.3, 8.1)
            for k in range(3):
                ok = not (k == 0 and rng.random() < 0.25)
                t, out = c.login_form(t, login, password_ok=ok, page=k == 0)
                if out == "ok":
                    break
                t += rng.uniform(5, 20)
            t0 = t
            extra = [(d * 86400 + 3600 * (8.2 + i), lambda cc, tt, sec=sec: attendance(cc, tt, sec))
                     for i, (sec, _) in enumerate(absent["sections"][:6])]
            extra += [(d * 86400 + 3600 * (8.1 + i), lambda cc, tt, sec=sec: roster(cc, tt, sec))
                      for i, (sec, _) in enumerate(absent["sections"][:2])]
            sub = dict(absent, role="teacher", rate=1.0)
            t = work_block(env, c, sub, world, rng, t, d * 86400 + 3600 * rng.uniform(14.8, 15.4), extra)
            polls(c, t0, t, rng)
    reg.account(s, "credential_sharing", tag, ["credential_sharing"], sorted(set(ips)), sorted(set(uas)),
                {"schools_per_day": "3-4", "owner": None})
    return s


def principal_secretary(env, rng, world, days, reg, principal, secretary):
    """The secretary signs in as her principal every morning from her own desk (same school NAT, her own Edge)
    to clear the principal's letter approvals and attendance reports; she also works under her own login."""
    tag = "principal_login_used_by_secretary"
    principal["auth"] = "local"
    nat = school_nat(principal["school"])
    while secretary["ua"] == principal["ua"] or "Edg/" not in secretary["ua"]:
        secretary["ua"] = ua_pool(rng)
    ua = secretary["ua"]
    for d in range(days):
        if not is_school_day(d):
            continue
        c = Client(env, rng, nat, ua, user=principal["login"], role=principal["role"], tag=tag,
                   cache=secretary.setdefault("caches", {}).setdefault("main", {}))
        t = d * 86400 + 3600 * rng.uniform(7.45, 7.8)
        t = c.login_form(t, principal["login"])[0]
        t = c.page_view(t + rng.uniform(5, 20), "/letters/pending", query="approver=me") + rng.uniform(30, 90)
        for _ in range(rng.randint(1, 4)):
            c.req(t, "POST", "/letters/batch", status=302, dur=rng.randint(900, 5000))
            t = c.page_view(t + 2, "/letters/batch/%d" % rng.randint(88000, 89999)) + rng.uniform(20, 60)
        t = c.page_view(t, "/reports", query="school=%d" % principal["school"]) + rng.uniform(20, 60)
        c.req(t, "GET", "/reports/export/attendance", "school=%d&format=xlsx" % principal["school"],
              nbytes=rng.randint(60000, 200000), dur=rng.randint(3000, 15000))
        t += 20
        for _ in range(rng.randint(1, 4)):
            t = open_student(c, t, rng.choice(world.pupils_of(principal)), "principal", "attendance", id_set=world.id_set)
        c.logout(t + rng.uniform(10, 60))
    reg.account(principal, "credential_sharing", tag, ["credential_sharing"], [nat], [ua],
                {"secretary": secretary["login"], "hours": "07:27-09:00", "same_nat_as_owner": True})


def slow_guessing(env, rng, world, days, reg, n_accounts=30):
    """30 accounts (real and guessed), 3 addresses each with its own Chrome build, one try every 25-70 s, nights
    20:00-06:30, never more than 4 tries per account in 15 minutes (the lockout is at 5)."""
    tag = "slow_password_guessing"
    ips = ["146.70.%d.%d" % (rng.randint(100, 199), rng.randint(2, 254)) for _ in range(3)]
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
           "Safari/537.36" % v for v in (146, 148, 151)]
    real = rng.sample([s for s in world.staff if s["behaviour"] == s["role"]], n_accounts - 8)
    fake = ["admin", "administrator", "sisadmin", "test", "principal", "helpdesk"]
    fake += ["%s%s" % (rng.choice(FIRST)[0].lower(), rng.choice(LAST).lower()) for _ in range(2)]
    fake = [f + "@" + DOMAIN for f in fake if f + "@" + DOMAIN not in world.by_login]
    targets = [s["login"] for s in real] + fake
    clients = [Client(env, rng, ips[i], uas[i], h2=True, tag=tag) for i in range(3)]
    tries = {a: [] for a in targets}
    for d in range(days + 1):
        t = (d - 1) * 86400 + 3600 * 20 + rng.uniform(0, 600)
        end = d * 86400 + 3600 * 6.5
        t, end = max(t, 60.0), min(end, days * 86400 - 60)
        order = list(targets)
        while t < end:
            rng.shuffle(order)
            for a in order:
                if t >= end:
                    break
                if len([x for x in tries[a] if t - x < 900]) >= 4:
                    continue
                c = rng.choice(clients)
                c.user = a
                t2, _ = c.login_form(t, a, password_ok=False)
                tries[a].append(t)
                t = t2 + rng.uniform(25, 70)
    for s in real:
        reg.account(s, "brute_force", tag, ["brute_force"], ips, uas, {"tries": len(tries[s["login"]])})
    for a in fake:
        reg.account({"login": a, "role": "none (no such account)", "school": "", "auth": "none"}, "brute_force",
                    tag, ["brute_force"], ips, uas, {"tries": len(tries[a])})
    for ip in ips:
        reg.source(ip, "brute_force", tag, ["brute_force"], {"accounts": len(targets), "provider": "M247 hosting"})
    return [s["login"] for s in real]
