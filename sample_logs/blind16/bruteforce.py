"""Password guessing: a slow password spray against the local form from one address, and credential
stuffing through the SAML entry point from a cloud range. Failed sign-ins carry no user name."""
from . import world as W
from .client import MIN, Browser

SPRAY_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
STUFF_UAS = [W.WIN_CHROME % "129", W.WIN_CHROME % "130", W.WIN_CHROME % "131", W.MAC_SAFARI % "17.5",
             W.WIN_FF % ("131", "131"), W.WIN_EDGE % ("130", "130.0.2849.80"), W.MAC_CHROME % "130",
             W.IPHONE % ("17_6_1", "17.6")]


def slow_password_spray(sim, victim):
    """One address; every hour one password tried once against each of 40-70 usernames, evenly spread.
    The victim's weak local password works in one round: the tool opens /home once and signs out."""
    d = sim.d
    rng = sim.rng("abuse:slow_password_spray")
    ip = "70.117.%d.%d" % (rng.randint(0, 255), rng.randint(2, 250))
    names = [s.login for s in rng.sample(d.staff, min(len(d.staff), rng.randint(38, 62)))]
    names += ["admin", "administrator", "test", "frontoffice", "registrar"]
    if victim.login not in names:
        names.append(victim.login)
    names.sort()
    passwords = ["Winter2025!", "Winter2025", "Welcome1!", "Password1!", "Eagles2025!", "Colorado2025!",
                 "Spring2025!", "Welcome2025!", "January2025!", "February2025!", "Changeme1!", "School2025!"]
    start = W.local_epoch_ms(0, rng.uniform(18.0, 20.0))
    rounds = max(2, int((sim.t1 - start) // 3600000))
    hit_round = rng.randint(min(3, rounds - 2), min(9, rounds - 2))
    tag = sim.register("slow_password_spray", None, "brute_force", "slow_password_spray", ["brute_force"],
                       ip=ip, user_agent=SPRAY_UA, n_usernames=len(names), attempts_per_account_per_hour=1,
                       start_local="day 1 %02d:%02d" % divmod((start - W.local_epoch_ms(0)) // 60000, 60),
                       passwords_per_hour=1)
    vtag = sim.register("slow_password_spray:" + victim.login, victim.login, "brute_force", "slow_password_spray",
                        ["brute_force"], ip=ip, user_agent=SPRAY_UA, cracked_in_round=hit_round + 1)
    b = Browser(sim, rng, ip, SPRAY_UA, tag=tag, assets=False)
    t = start
    rnd = 0
    while t < sim.t1:
        b.send(t, "/login", named=False, ref="")
        order = names[:]
        rng.shuffle(order)
        gap = 3600000 // len(order)
        for k, name in enumerate(order):
            at = t + k * gap + rng.randint(-gap // 5, gap // 5) + 1500
            if name == victim.login and rnd == hit_round:
                vb = Browser(sim, rng, ip, SPRAY_UA, victim.login, "form", tag=vtag, assets=False)
                vb.user = victim.login
                e = vb.send(at, "/j_spring_security_check", method="POST", status=302, ref=W.PAGE + "/login")
                e = vb.send(e + rng.randint(300, 900), "/home", ref=W.PAGE + "/login")
                vb.send(e + rng.randint(1500, 4000), "/logout", status=302, ref=W.PAGE + "/home")
                names.remove(name)
                continue
            b.send(at, "/j_spring_security_check", method="POST", status=302, named=False, ref=W.PAGE + "/login",
                   dur=rng.randint(180, 420))
        rnd += 1
        t += 3600000 + rng.randint(-20000, 20000)
    sim.abuse[tag]["params"]["rounds"] = rnd
    return tag, vtag


def saml_credential_stuffing(sim, victims):
    """Bursts from a cloud range: each attempt starts at /saml/login (the IdP part is not in this log);
    a few IdP error responses come back to /saml/SSO; valid pairs end in /home and /api/v2/me."""
    rng = sim.rng("abuse:saml_credential_stuffing")
    ips = ["159.203.%d.%d" % (rng.choice([140, 141]), rng.randint(2, 250)) for _ in range(rng.randint(14, 22))]
    ips = sorted(set(ips))
    bursts = [(0, rng.uniform(23.3, 23.7), rng.randint(45, 70))]
    if sim.days > 1:
        bursts.append((1, rng.uniform(12.9, 13.4), rng.randint(25, 40)))
    tag = sim.register("saml_credential_stuffing", None, "brute_force", "saml_credential_stuffing", ["brute_force"],
                       ips=ips, user_agents=sorted(set(STUFF_UAS)), cloud="DigitalOcean 159.203.140.0/23",
                       bursts=[{"day": d0, "start_h": round(h, 2), "minutes": m} for d0, h, m in bursts])
    vtags = {v.login: sim.register("saml_credential_stuffing:" + v.login, v.login, "brute_force",
                                   "saml_credential_stuffing", ["brute_force"]) for v in victims}
    plan = []
    for d0, h, m in bursts:
        t = W.local_epoch_ms(d0, h)
        end = t + m * MIN
        while t < end:
            plan.append(t)
            t += rng.randint(700, 4200)
    inside = [i for i, at in enumerate(plan) if at < sim.t1 - 60000]
    hits = sorted(rng.sample(inside, len(victims)))
    for i, at in enumerate(plan):
        ip, ua = rng.choice(ips), rng.choice(STUFF_UAS)
        b = Browser(sim, rng, ip, ua, tag=tag, assets=False)
        e = b.send(at, "/saml/login?idp=co-k12", status=302, named=False, ref="")
        if i in hits:
            v = victims[hits.index(i)]
            vb = Browser(sim, rng, ip, ua, v.login, "saml", tag=vtags[v.login], assets=False)
            vb.user = v.login
            e = vb.send(e + rng.randint(2500, 6000), "/saml/SSO", method="POST", status=302,
                        ref="https://idp.k12sso.state.co.us/", dur=rng.randint(160, 400))
            e = vb.send(e + rng.randint(100, 400), "/home", ref="https://idp.k12sso.state.co.us/")
            vb.send(e + rng.randint(200, 900), "/api/v2/me", mime="application/json", ref=W.PAGE + "/home")
            sim.abuse[vtags[v.login]]["params"].update(ip=ip, user_agent=ua)
        elif rng.random() < 0.035:
            b.send(e + rng.randint(2500, 6000), "/saml/SSO", method="POST", status=302, named=False,
                   ref="https://idp.k12sso.state.co.us/", dur=rng.randint(120, 300))
    sim.abuse[tag]["params"]["attempts"] = len(plan)
    return tag, vtags
