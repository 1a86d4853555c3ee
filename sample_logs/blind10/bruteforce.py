"""Planted brute force: guessing 6-digit password-reset codes (no names logged) and a slow overnight
password spray on the local form from one residential router (names logged by mod_auth_form)."""
import random

from . import world as W
from .client import LOGIN, Client


def AClient(*a, **k):
    return Client(*a, tag="abuse", **k)


RESET = "/lodestar/index.php?page=pwreset"


def plan(pop, rng, addr, seed, days, scale, sources):
    jobs = []
    ips = [addr.pick(rng.choice(["51.79.", "147.135."]).rstrip(".")) for _ in range(2)]
    jobs.append(lambda out: _reset(out, seed, days, scale, ips, sources))
    ip = addr.pick(rng.choice(["177.139", "187.57", "179.228"]))
    jobs.append(lambda out: _spray(out, seed, pop, days, scale, ip, sources))
    return jobs


def _reset(out, seed, days, scale, ips, sources):
    rng = random.Random("%s:pwreset" % seed)
    ua = "python-requests/2.32.3"
    for k, ip in enumerate(ips):
        day = min(k, days - 1)
        c = AClient(out, rng, (ip,), ua, assets=False, referer=False)
        t = W.at(day, rng.uniform(0.6, 2.0))
        stop = t + rng.uniform(0.8, 1.6) * 3600 * scale
        gap = rng.uniform(1.2, 3.5)
        n_targets = n_tries = 0
        while t < stop:
            n_targets += 1
            t = c.hit(t, "GET", RESET, 200, "small", size=6120) + rng.uniform(0.2, 0.6)
            t = c.hit(t, "POST", RESET, 200, "small", size=6480) + rng.uniform(0.5, 2)
            t_code = t
            while t < min(stop, t_code + 900):        # a code lives 15 minutes
                t = c.hit(t, "POST", RESET + "&step=verify", 200, "small", size=6655) + rng.lognormvariate(0, 0.5) * gap
                n_tries += 1
        sources[ip] = {"label": "brute_force", "behaviour": "pwreset_code_guessing", "kinds": ["brute_force"],
                       "params": {"user_agent": ua, "day": day, "n_code_requests": n_targets, "n_guesses": n_tries,
                                  "gap_median_s": round(gap, 2)}}


def _spray(out, seed, pop, days, scale, ip, sources):
    rng = random.Random("%s:spray" % seed)
    ua = W.chrome_win(138)
    real = [s.login for s in pop.staff if s.label == "benign"]
    names = rng.sample(real, rng.randint(50, 100))
    fake = ["admin", "administrator", "lodestar", "test", "sis", "registrar", "principal", "office", "frontdesk",
            "helpdesk", "it", "nurse", "counselor", "sub", "substitute", "guest", "teacher", "scanner"]
    names += rng.sample(fake, rng.randint(8, 16))
    names += ["%s.%s" % (s.first.lower(), s.last.lower()) for s in rng.sample(pop.staff, rng.randint(15, 40))
              if s.label == "benign"]
    gap = rng.uniform(45, 110)
    n, rounds = 0, 0
    for day in range(-1, days):                  # nightly from 22:00-23:30 local; clipped to the window later
        c = AClient(out, rng, (ip,), ua, assets=False)
        t = W.at(day, rng.uniform(22.0, 23.5))
        stop = t + rng.uniform(5.5, 7.5) * 3600 * scale
        while t < stop:
            rounds += 1
            rng.shuffle(names)
            for name in names:
                if t >= stop:
                    break
                c.ref = W.ORIGIN + LOGIN
                t = c.hit(t, "POST", "/lodestar/auth/dologin", 302, "post", user=name) + 0.05
                t = c.hit(t, "GET", LOGIN + "&err=1", 200, "login", user="-")
                n += W.T0 <= t < W.at(days, 0)        # attempts inside the window
                t += rng.lognormvariate(0, 0.55) * gap
    sources[ip] = {"label": "brute_force", "behaviour": "slow_local_form_spray", "kinds": ["brute_force"],
                   "params": {"user_agent": ua, "n_attempts": n, "n_names": len(names), "rounds": rounds,
                              "gap_median_s": round(gap, 1), "names_logged": True,
                              "real_names": sum(1 for x in names if x in pop.by_login)}}
