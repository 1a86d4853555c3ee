"""Password guessing against HTTP Basic: a low-and-slow spray from a handful of addresses over hundreds of
usernames (one or two tries each, one hit that is later used from elsewhere), and a patient guesser against
one account, a try every few minutes around the clock.  All of it arrives through the proxy."""
from . import app as A
from . import world as W
from .client import Browser, Script, human
from .people import UA
from .staff import lookup, session

SPRAY_UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:147.0) Gecko/20100101 Firefox/147.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 "
    "Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36 "
    "Edg/149.0.3312.44",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/148.0.0.0 Safari/537.36",
]
GUESSER_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
FAIL = (401, A.ERR401[0], A.ERR401[1])


def _usernames(world, rng, staff, exclude):
    logins = {s.login for s in staff}
    real = [s.login for s in staff if s.login not in exclude]
    real = rng.sample(real, min(len(real), max(40, int(len(real) * 0.55)), 200))
    fake, suffixes = set(), [d.suffix for d in world.districts] + [W.STATE_SUFFIX]
    while len(fake) < int(len(real) * 0.6):
        f, l, sx = rng.choice(W.FIRST).lower(), rng.choice(W.LAST).lower(), rng.choice(suffixes)
        name = rng.choice(["%s.%s.%s" % (f, l, sx), "%s%s.%s" % (f[0], l, sx), "%s.%s" % (f, l),
                           "%s%s.%s" % (f[0], l, sx), rng.choice(["admin", "test", "scoreview", "principal",
                                                                   "testing", "data", "assessment"]) + "." + sx])
        if name not in logins:
            fake.add(name)
    return real, sorted(fake)


def spray(log, world, rng, reg, staff, victim, exclude):
    key = "password_spray"
    real, fake = _usernames(world, rng, staff, exclude | {victim.login})
    queue = [(n, False) for n in real + fake]
    rng.shuffle(queue)
    queue.insert(len(queue) // 3, (victim.login, True))
    addrs = [W.pool_ip(rng, "us_residential", world.used)[0] for _ in range(3)]
    addrs += [W.ip_in(rng, rng.choice(W.CLOUD["ovh_us"]), world.used),
              W.ip_in(rng, rng.choice(W.CLOUD["linode_dallas"]), world.used)]
    tries = {}
    clients = [Script(log, rng, None, ip, SPRAY_UAS[k], "sp:%d" % k, px=rng.randint(0, 1), actor=key,
                      style="single") for k, ip in enumerate(addrs)]
    hit = None
    for d in range(log.days):
        clock = [log.at(d, 0.67 + rng.uniform(0, 0.3)) for _ in clients]
        end = log.at(d, 5.1 + rng.uniform(0, 0.2))
        while queue and min(clock) < end:
            k = clock.index(min(clock))
            c, t = clients[k], clock[k]
            name, is_victim = queue.pop(0)
            for n_try in range(1 if rng.random() < 0.7 and not is_victim else 2):
                c.actor = "spray_takeover" if is_victim else key
                ok = is_victim and n_try == 1
                t = c.get(t, A.home(), A.answer(rng, "page") if ok else FAIL + (0.05,), user=name) + rng.uniform(3, 15)
                tries[name] = tries.get(name, 0) + 1
                if ok:
                    c.get(t, "/sv/api/notices.json", A.answer(rng, "json"), user=name)
                    hit = (d, addrs[k])
            c.actor = key
            clock[k] = t + human(rng, 380, 0.5, lo=60)
    reg.behaviour("spray_takeover", "brute_force", ["brute_force"], [victim.login],
                  how="password found by the spray (2nd try), used on the last evening from a VPS")
    for k, ip in enumerate(addrs):
        reg.source(ip, "brute_force", key, ["brute_force"], via_proxy=True, user_agent=SPRAY_UAS[k],
                   n_usernames=len(real) + len(fake) + 1, **({"account": victim.login} if hit and hit[1] == ip
                                                             else {}))
    logins = {s.login for s in staff}
    for name, n in sorted(tries.items()):
        if name in logins:
            if name != victim.login:
                reg.benign_params[name] = {"spray_attempts": n}
        else:
            reg.account(name, "brute_force", "password_spray_unknown_user", ["brute_force"],
                        role="none (no such account)", campus="-", auth="none", login=name)
    return hit


def takeover(log, world, rng, reg, victim):
    """The sprayed password used from a VPS on the last evening: home, searches, pupils' demographics."""
    ip = W.ip_in(rng, rng.choice(W.CLOUD["vultr_lax"]), world.used)
    b = Browser(log, rng, victim.login, ip, UA["win_firefox"], "to-vps", px=rng.randint(0, 1),
                actor="spray_takeover", typo=0.0)
    fake = type("S", (), {"school": None, "district": None, "tags": {}, "role": "helpdesk", "login": victim.login})()
    t = log.at(log.days - 1, 20.1 + rng.uniform(0, 0.5))
    t = session(b, t, world, fake, rng, 0)
    for _ in range(rng.randint(18, 30)):
        t = lookup(b, t + human(rng, 30), world, fake, rng, tabs=["demo"] + (["accom"] if rng.random() < .5 else []))
    reg.source(ip, "brute_force", "spray_takeover", ["brute_force"], account=victim.login, via_proxy=True)


def slow_guesser(log, world, rng, reg, target):
    key = "slow_single_account_guesser"
    ip = W.ip_in(rng, rng.choice(W.CLOUD["hetzner_ash"]), world.used)
    c = Script(log, rng, target.login, ip, GUESSER_UA, "sg", px=0, actor=key, style="single")
    t = log.t0 + rng.uniform(600, 3000)
    while t < log.t1:
        c.px = rng.randint(0, 1)
        c.get(t, A.home(), FAIL + (0.05 + rng.random() * 0.05,))
        t += human(rng, 480, 0.35, lo=200)
        if rng.random() < 0.04:
            t += rng.uniform(1800, 5400)
    reg.behaviour(key, "brute_force", ["brute_force"], [target.login], gap_median_seconds=480,
                  around_the_clock=True, never_succeeds=True)
    reg.source(ip, "brute_force", key, ["brute_force"], account=target.login, via_proxy=True)


def run(log, world, rng, reg, staff, cast, exclude):
    spray(log, world, rng, reg, staff, cast["spray_victim"], exclude)
    takeover(log, world, rng, reg, cast["spray_victim"])
    slow_guesser(log, world, rng, reg, cast["guess_target"])
