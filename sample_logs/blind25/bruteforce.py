"""Password guessing: credential stuffing through a residential proxy network, and a slow AD password spray."""
from . import tasks as T
from . import world as W
from .client import Client, LOGIN_PAGE, lognorm

UA_POOL = [W.ua_chrome_win(v) for v in (148, 149, 150, 151, 152, 152, 152, 153)] + \
          [W.ua_edge_win(v) for v in (150, 151, 152)] + [W.ua_chrome_mac(v) for v in (151, 152)] + \
          [W.ua_safari_mac(v) for v in ("26.4", "27.0.1", "27.1")] + [W.ua_firefox_win(v) for v in (155, 156, 157)] + \
          [W.ua_iphone(v) for v in ("26.4", "27.1")] + [W.ua_android(v) for v in (151, 152)]


def _attempt(c, t, ok_user=None):
    """GET the form (fresh CSRF token), POST the guess: 200 with the form again, or 302 on success."""
    lp = W.BASE + "/auth/login"
    t = c.hit(t, "/auth/login", nbytes=LOGIN_PAGE, ref=None, user=False)
    t += c.rng.uniform(0.6, 2.5)
    if ok_user:
        return c.hit(t, "/auth/login", "POST", 302, ref=lp, user=ok_user, kind="redirect")
    return c.hit(t, "/auth/login", "POST", 200, LOGIN_PAGE + 231, ref=lp, user=False)


def residential_proxy_stuffing(ctx):
    """Leaked e-mail/password pairs tried through hundreds of residential exit addresses, a few tries each."""
    r, pop = ctx.rng("B1"), ctx.pop
    victim = pop.pick(r, district="SVUSD", auth="form", role="teacher") or pop.pick(r, district="SVUSD", auth="form")
    if ctx.days > 1:
        a, b = W.local(0, 22.0 + r.uniform(0, 0.5)), W.local(1, 5.5)
    else:
        a, b = W.local(0, 0.5), W.local(0, 5.5)
    n_addr = r.randint(260, 420)
    ctx.abuse("B1", "brute_force", "residential_proxy_stuffing", ["brute_force"], victim, drive=False,
              n_proxy_addresses=n_addr)
    win = r.randrange(n_addr // 3, n_addr)
    total = 0
    for k in range(n_addr):
        ip = W.ip_in(r, [p + "%d." % r.randint(1, 254) for p in W.RESIDENTIAL_US] + W.HOME["phoenix"])
        c = Client(ctx.log, r, ip, r.choice(UA_POOL), tag="B1", browser=False, auth="form")
        t = a + (b - a) * (k + r.random()) / n_addr
        for j in range(r.choices((1, 2, 3, 4, 5), (30, 30, 20, 12, 8))[0]):
            t = _attempt(c, t + lognorm(r, 20.0, 1.0))
            total += 1
        if k == win:
            t = _attempt(c, t + lognorm(r, 15.0, 0.8), ok_user=victim.login)
            t = c.hit(t + 0.2, "/home", ref=W.BASE + "/auth/login")
            c.hit(t + 0.3, "/api/v3/me", ref=W.BASE + "/home", kind="api")
            ctx.abuse_params("B1", success_at=round(t), success_ip=ip)
            # the buyer of the working pair comes back through another exit a few minutes later
            c2 = Client(ctx.log, r, W.ip_in(r, W.HOME["phoenix"]), r.choice(UA_POOL[:8]), tag="B1", auth="form",
                        browser=True, warm=False)
            t2 = c2.form_login(t + r.uniform(300, 1500), victim.login, campus=victim.campus)
            for _ in range(r.randint(3, 6)):
                t2 = T.lookup(c2, c2.think(t2, 25.0), r.choice(pop.district_sids["SVUSD"]), victim.role,
                              ("contacts",), scope="district")
            t2 = c2.page(c2.think(t2, 20.0), "/reports/index.php")
            c2.page(c2.think(t2, 15.0), "/reports/export.php?report=contact_directory&school=ALL&format=csv", status=403)
    ctx.abuse_params("B1", failed_attempts=total)


def ad_password_spray(ctx):
    """One seasonal password tried once against every CRESD\\user name, about one a minute, from an Azure VM."""
    r, pop = ctx.rng("B2"), ctx.pop
    ips = [W.ip_in(r, W.CLOUD["azure_westus2"])]
    ua = W.ua_firefox_win(128)
    names = sorted(x.login for x in pop.staff if x.district == "CRESD")
    victim = pop.pick(r, district="CRESD", role="teacher") or pop.pick(r, district="CRESD")
    guesses = names + ["CRESD\\" + (f[0] + l).lower() for f, l in zip(r.sample(W.FIRST, 30), r.sample(W.LAST, 30))]
    guesses += ["CRESD\\administrator", "CRESD\\scanner", "CRESD\\frontdesk", "CRESD\\library", "CRESD\\testing"]
    guesses = sorted(set(guesses))
    d = min(1, ctx.days - 1)
    t = W.local(d, 3.0 + r.uniform(0, 0.3))
    ctx.abuse("B2", "brute_force", "ad_password_spray", ["brute_force"], victim, drive=False, password_tried="Fall2026!",
              names_tried=len(guesses))
    c = Client(ctx.log, r, ips[0], ua, tag="B2", browser=False, auth="form")
    for name in guesses:
        t = _attempt(c, t + r.uniform(35, 110), ok_user=victim.login if name == victim.login else None)
    t += r.uniform(1500, 3000)
    c2 = Client(ctx.log, r, ips[0], ua, tag="B2", browser=True, warm=False, auth="form")
    t = c2.form_login(t, victim.login, campus=victim.campus)
    t = c2.page(c2.think(t, 20.0), "/admin/users.php", status=403)
    t = c2.page(c2.think(t, 15.0), "/reports/index.php")
    t = c2.page(c2.think(t, 12.0), "/reports/export.php?report=contact_directory&school=%s&format=csv" % victim.campus, status=403)
    for _ in range(r.randint(2, 5)):
        t = T.lookup(c2, c2.think(t, 30.0), r.choice(victim.pupils), victim.role, ("contacts",))
    c2.logout(c2.think(t, 20.0))


def run_all(ctx):
    residential_proxy_stuffing(ctx)
    ad_password_spray(ctx)
