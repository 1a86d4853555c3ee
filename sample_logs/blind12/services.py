"""Non-human benign traffic: SOAP integrations on service accounts, monitors, crawlers and two scanners."""
from .client import SC_401_1, SC_401_2, WIN_DENIED, WIN_NOCRED, Browser, lognorm
from .world import NETBIOS, day_at, is_school_day

BUILD = ["ACHS", "NMS", "SMS", "CEL", "MEL", "PEL", "REL", "WEL"]
ASMX = "/Services/KeystoneSync.asmx"
INTEGRATIONS = {  # account, addresses, description
    "svc_nutrikids": (["10.10.3.15"], "cafeteria point-of-sale roster deltas, GetRosterChanges every 15 min 05:00-19:00"),
    "svc_destiny": (["10.10.3.22"], "library system, nightly GetEnrollmentByBuilding per building at 02:15"),
    "svc_transfinder": (["10.10.3.31"], "transportation routing, nightly GetStudentAddresses full pull at 01:30, "
                                        "deltas 06:30 and 12:30"),
    "svc_notify": (["3.140.57.118", "18.217.203.40"], "parent notification vendor (AWS us-east-2) over the internet "
                                                     "with NTLM: absence lists 09:40-10:20 and contact sync 17:00"),
    "svc_prtg": (["10.10.2.50"], "PRTG HTTP Advanced sensor with credentials, Health.ashx every 5 min"),
}
CRAWLERS = {"googlebot": ["66.249.66.%d" % i for i in (1, 14, 37, 72, 158)] + ["66.249.68.%d" % i for i in (3, 40)],
            "bingbot": ["157.55.39.%d" % i for i in (11, 60, 207)] + ["40.77.167.%d" % i for i in (19, 131)]}
UPTIME = ["185.93.3.92", "107.150.1.135", "45.63.61.213"]
PRTG_ANON, NESSUS, INET_SCANNER = "10.10.2.50", "10.10.2.60", "94.232.46.115"
PROBES = ["/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/phpmyadmin/index.php", "/owa/auth/logon.aspx",
          "/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application", "/autodiscover/autodiscover.xml",
          "/Telerik.Web.UI.WebResource.axd", "/trace.axd", "/elmah.axd", "/web.config", "/_vti_bin/_vti_aut/author.dll",
          "/aspnet_client/", "/iisstart.htm", "/server-status", "/cgi-bin/luci/;stok=/locale", "/solr/admin/info/system",
          "/actuator/health", "/remote/fgt_lang", "/vpn/../vpns/cfg/smb.conf", "/Reports/", "/Scripts/", "/Images/",
          "/admin/", "/login.action", "/manager/html", "/HNAP1/", "/boaform/admin/formLogin", "/config.json",
          "/backup.zip", "/Default.aspx", "/Admin/Users.aspx", "/Services/KeystoneSync.asmx", "/webdav/",
          "/global.asax", "/bin/Keystone.dll", "/App_Data/keystone.mdf", "/api/swagger.json", "/sitemap.xml"]


def svc_call(b, t, op, scb, tt, method="POST"):
    """A SOAP 1.1 call: the operation travels in the SOAPAction header, so the log shows the bare .asmx."""
    b.conns = [c for c in b.conns if t - c < 100]        # .NET ServicePoint idle timeout
    q = "WSDL" if op == "WSDL" else "-"
    return b.hit(t, method, ASMX, q, 200, scb, tt, body=0 if method == "GET" else b.rng.randint(700, 1600))


def integrations(W):
    r = W.rng("integrations")
    bs = {k: Browser(W, W.rng("svc", k), v[0][0], "%s\\%s" % (NETBIOS, k), "ntlm", "svc:" + k, "dotnet", False)
          for k, v in INTEGRATIONS.items()}
    for d in range(W.days):
        school = is_school_day(d)
        t = day_at(d, 5.0)
        while t < day_at(d, 19.0):
            svc_call(bs["svc_nutrikids"], t + r.uniform(0, 3), "op=GetRosterChanges", r.randint(900, 40000),
                     lognorm(r, 300, 0.5))
            t += 900 if school else 3600
        t = day_at(d, 2.25)
        svc_call(bs["svc_destiny"], t, "WSDL", 38211, 40, "GET")
        for bld in BUILD:
            t = svc_call(bs["svc_destiny"], t + 1.2, "op=GetEnrollmentByBuilding", r.randint(400000, 3000000),
                         r.randint(2000, 20000)) + r.uniform(0.5, 2)
        t = day_at(d, 1.5)
        for bld in BUILD:
            t = svc_call(bs["svc_transfinder"], t + 0.8, "op=GetStudentAddresses", r.randint(500000, 4500000),
                         r.randint(3000, 30000))
        for h in (6.5, 12.5):
            svc_call(bs["svc_transfinder"], day_at(d, h) + r.uniform(0, 60), "op=GetAddressChanges",
                     r.randint(2000, 60000), r.randint(200, 900))
        nb = bs["svc_notify"]
        if school:
            t = day_at(d, 9.67)
            while t < day_at(d, 10.34):
                nb.ip = INTEGRATIONS["svc_notify"][0][int(t // 600) % 2]
                for bld in BUILD:
                    t = svc_call(nb, t + 0.3, "op=GetAbsenceList", r.randint(3000, 30000), r.randint(150, 800))
                t += 600 - 8
        nb.ip = INTEGRATIONS["svc_notify"][0][d % 2]
        svc_call(nb, day_at(d, 17.0) + r.uniform(0, 30), "op=GetContactChanges", r.randint(20000, 400000),
                 r.randint(800, 5000))
    pb = bs["svc_prtg"]
    t = W.t0 + 17
    while t < W.t_end:
        pb.conns = []
        pb.hit(t, "GET", "/Handlers/Health.ashx", "-", 200, 318, r.randint(2, 20))
        t += 300 + r.uniform(-0.5, 0.5)


def monitors(W):
    """PRTG's plain HTTP sensor gets the anonymous 401 every minute; an external uptime check loads the login page."""
    r, log = W.rng("monitors"), W.log
    t = W.t0 + 3
    while t < W.t_end:
        log.add(t, PRTG_ANON, "-", "GET", "/", "-", 401, WIN_DENIED, 187, SC_401_2, r.choice((0, 0, 1)), "mon:prtg")
        t += 60 + r.uniform(-0.2, 0.2)
    t, i = W.t0 + 41, 0
    while t < W.t_end:
        log.add(t, UPTIME[i % 3], "-", "GET", "/Login.aspx", "-", 200, 0, 164, r.randint(9800, 10400),
                lognorm(r, 35, 0.3), "mon:uptime")
        t, i = t + 300 + r.uniform(-1, 1), i + 1


def crawlers(W):
    for name, ips in CRAWLERS.items():
        r = W.rng("crawler", name)
        n = int((50 if name == "googlebot" else 28) * W.days * r.uniform(0.7, 1.3))
        for t in sorted(r.uniform(W.t0, W.t_end) for _ in range(n)):
            b = Browser(W, r, r.choice(ips), "-", "none", "crawler:" + name, assets=False)
            roll = r.random()
            if roll < 0.2:
                b.hit(t, "GET", "/robots.txt", "-", 404, 1408, r.randint(0, 3), static=True)
            elif roll < 0.55:
                t = b.hit(t, "GET", "/", "-", 302, 430, r.randint(1, 5))
                b.hit(t + r.uniform(2, 600), "GET", "/Login.aspx", "ReturnUrl=%2f", 200, r.randint(9800, 10400), 40)
            elif roll < 0.85:
                b.hit(t, "GET", "/Login.aspx", "-", 200, r.randint(9800, 10400), r.randint(20, 90))
            else:
                b.hit(t, "GET", "/Help/KeystoneQuickStart.pdf", "-", 200, 1843322, r.randint(200, 900), static=True)


def _probe_status(stem, external):
    if stem.endswith(".asmx"):
        return 401                                   # the web service always wants Windows auth
    if stem.endswith("/"):
        return 403
    if stem.endswith((".aspx", ".asmx")) and external:
        return 302
    if stem in ("/Telerik.Web.UI.WebResource.axd", "/trace.axd", "/elmah.axd"):
        return 404 if stem != "/trace.axd" else 403
    return 404


def scanners(W):
    """An internet vulnerability scanner (forms side) and the district's own credential-less Nessus scan."""
    r, log = W.rng("scanners"), W.log
    t = W.t0 + 3600 * r.uniform(13.2, 15.5)
    for _ in range(r.randint(120, 260)):
        stem = r.choice(PROBES)
        m = r.choice(["GET"] * 8 + ["HEAD", "POST", "OPTIONS"])
        st = _probe_status(stem, True)
        log.add(t, INET_SCANNER, "-", m, stem, "-", st, {404: 2, 401: 5}.get(st, 0), r.randint(150, 420),
                {302: 462, 401: SC_401_2, 403: 1480, 404: 1408}[st], r.randint(0, 15), "scanner:internet")
        t += r.expovariate(3.0)
    t = W.t0 + 3600 * 1.02
    for k in range(r.randint(350, 600)):
        stem = r.choice(PROBES)
        m = r.choice(["GET"] * 6 + ["HEAD", "POST", "OPTIONS", "PROPFIND"])
        log.add(t, NESSUS, "-", m, stem, "-", 401, WIN_DENIED, r.randint(120, 380), SC_401_2, r.choice((0, 1)),
                "scanner:nessus")
        if k % 25 == 0:
            log.add(t + 0.02, NESSUS, "-", "GET", "/", "-", 401, WIN_NOCRED, 243, SC_401_1, 0, "scanner:nessus")
        t += r.expovariate(0.35)


def run(W):
    integrations(W)
    monitors(W)
    crawlers(W)
    scanners(W)


def labels(W):
    """Account and source labels of the services (all benign)."""
    acc, src = {}, {}
    for k, (ips, desc) in INTEGRATIONS.items():
        acc["%s\\%s" % (NETBIOS, k)] = {"label": "benign", "behaviour": "integration", "kinds": [],
                                       "params": {"role": "service_account", "campus": "BOE", "auth": "windows",
                                                  "login": "%s\\%s" % (NETBIOS, k), "description": desc,
                                                  "addresses": ips}}
        for ip in ips:
            src[ip] = {"label": "benign", "behaviour": "integration", "kinds": [], "params": {"account": k}}
    src[PRTG_ANON]["behaviour"] = "monitor_and_integration"
    src[PRTG_ANON]["params"]["note"] = "PRTG: anonymous HTTP sensor GET / every 60 s (always 401) and svc_prtg"
    for ip in UPTIME:
        src[ip] = {"label": "benign", "behaviour": "uptime_monitor", "kinds": [], "params": {}}
    for name, ips in CRAWLERS.items():
        for ip in ips:
            src[ip] = {"label": "benign", "behaviour": "crawler", "kinds": [], "params": {"crawler": name}}
    src[INET_SCANNER] = {"label": "benign", "behaviour": "internet_vulnerability_scanner", "kinds": [], "params": {}}
    src[NESSUS] = {"label": "benign", "behaviour": "sanctioned_internal_scan", "kinds": [],
                   "params": {"note": "district Nessus scan without credentials: every probe answered 401"}}
    return acc, src
