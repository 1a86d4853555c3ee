"""Non-human traffic and the app's own background log events: sanctioned API-key integrations
(state reporting, attendance sync, transport routing, nutrition), App Service health checks and
Always On, Application Insights availability tests, search-engine crawlers, Teams link previews,
a vulnerability scanner, a deployment (restart of both instances) and nightly jobs."""
from . import routes
from .client import ln

PROBE_IP = "::ffff:169.254.129.3"
SYNTH = "Application Insights Availability Monitoring"
AVAIL_UA = "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0; AppInsights)"
GOOGLE_UA = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
             "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/169.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"]
BING_UA = ["Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/131.0.6778.204 Safari/537.36"]
TEAMS_UA = "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-uri-preview@microsoft.com"
SCAN_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.199 Safari/537.36"
SCAN_PATHS = ["/.env", "/.git/config", "/.git/HEAD", "/wp-login.php", "/wp-admin/", "/xmlrpc.php", "/phpinfo.php",
              "/server-status", "/actuator/health", "/actuator/env", "/swagger/index.html", "/swagger/v1/swagger.json",
              "/api/swagger.json", "/elmah.axd", "/trace.axd", "/web.config", "/appsettings.json",
              "/appsettings.Production.json", "/.aws/credentials", "/config.json", "/backup.zip", "/db.sql",
              "/admin", "/administrator/", "/phpmyadmin/", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
              "/cgi-bin/luci/;stok=/locale", "/owa/auth/logon.aspx", "/remote/login", "/.DS_Store", "/id_rsa",
              "/graphql", "/api/v1/users", "/api/v1/students", "/api/v1/admin", "/console", "/solr/admin/info/system",
              "/_framework/blazor.boot.json", "/hangfire", "/metrics", "/.well-known/security.txt", "/sitemap.xml"]
INTEGRATIONS = {}   # name -> params, filled by run()


def _api(ctx, cl, t, method, path, query, status, dur, name, acct):
    q = ctx.emit(cl, t, method, path, query, status, dur, name, acct=acct)
    return t + dur / 1000.0, q


def run(ctx, sync_districts):
    w, r = ctx.w, ctx.rng("services")
    state_ip = w.net.alloc("azure_west")
    cl = ctx.client(state_ip, None, sdk=False, cookies=False, sticky=False)
    INTEGRATIONS.clear()
    MONITOR_IPS.clear()
    INTEGRATIONS["api:state-reporting"] = dict(role="integration", behaviour="state_reporting_nightly", ip=state_ip,
                                               user_agent=None, schedule="01:40 nightly, all districts", campus="SFESA")
    for day in range(ctx.days):
        t = ctx.at(day, 1 + 40 / 60) + r.uniform(0, 90)
        date = ctx.dates[max(0, day - 1)] if day else "2027-10-11"
        first = True
        for d in w.districts:
            for kind, size in (("enrollment", 500), ("attendance", 1000), ("programs", 500)):
                for page in range(1, len(d.pupils) // size + 2):
                    q = "asOf=%s&page=%d&pageSize=%d" % (date, page, size) if kind != "attendance" else "date=%s&page=%d" % (date, page)
                    t, req = _api(ctx, cl, t + r.uniform(0.02, 0.2), "GET", "/api/v1/state/districts/%d/%s" % (d.code, kind), q,
                                  200, ln(r, 260.0, 0.5), "api:state-reporting", "ESA")
                    if first and req:
                        req.logs = [(30.0, "Warning", ROWLIMIT, {"EventId": {"Id": 10102, "Name": "Microsoft.EntityFrameworkCore.Query.RowLimitingOperationWithoutOrderByWarning"}},
                                     "Microsoft.EntityFrameworkCore.Query")]
                        first = False
    sync_ips = [w.net.alloc("azure_east") for _ in range(2)]
    for code in sync_districts:
        d = w.by_code[code]
        name = "api:attendance-sync-%d" % code
        INTEGRATIONS[name] = dict(role="integration", behaviour="attendance_sync", ips=sync_ips, user_agent=SYNC_UA,
                                  schedule="every 15 min 06:30-17:30 school days, roster 02:30", campus="%d" % code)
        rr = ctx.rng("sync:%d" % code)
        for day in range(ctx.days):
            cl = ctx.client(rr.choice(sync_ips), SYNC_UA, sdk=False, cookies=False, sticky=False)
            t = ctx.at(day, 2.5) + rr.uniform(0, 600)
            for page in range(1, len(d.pupils) // 200 + 2):
                t, _ = _api(ctx, cl, t + rr.uniform(0.05, 0.3), "GET", "/api/v1/districts/%d/students" % code,
                            "page=%d&pageSize=200" % page, 200, ln(rr, 180.0), name, str(code))
            if not ctx.school_day(day):
                continue
            t = ctx.at(day, 6.5) + rr.uniform(0, 120)
            while t < ctx.at(day, 17.5):
                cl.ip = rr.choice(sync_ips)
                since = _utc(t - 900)
                t1, _ = _api(ctx, cl, t, "GET", "/api/v1/districts/%d/sections" % code, "updatedSince=" + since, 200, ln(rr, 90.0), name, str(code))
                if ctx.at(day, 7.9) < t < ctx.at(day, 15.6):
                    _api(ctx, cl, t1 + rr.uniform(0.1, 0.5), "POST", "/api/v1/districts/%d/attendance/batch" % code, "", 202, ln(rr, 340.0), name, str(code))
                t += 900 + rr.uniform(-3, 3)
    _nightly(ctx, r, "api:transport-routing", "aws_usw2", "python-requests/2.32.3", 3.25,
             lambda d: [("/api/v1/districts/%d/transportation/riders" % d.code, "page=%d" % p) for p in range(1, len(d.pupils) // 400 + 2)],
             r.sample(w.districts, 8), "transport_routing_nightly")
    hubs = r.sample(w.districts, 12)
    _nightly(ctx, r, "api:nutrition-eligibility", "gcp_usw1", "Go-http-client/2.0", None,
             lambda d: [("/api/v1/districts/%d/eligibility/changes" % d.code, "since=PT1H")], hubs, "nutrition_eligibility_hourly")
    monitors(ctx, r)
    crawlers(ctx, r)
    scanner(ctx, r)
    app_events(ctx, r)


SYNC_UA = "RollCallSync/5.2.1 (+https://rollcall.example/sync)"
ROWLIMIT = ("The query uses a row limiting operator ('Skip'/'Take') without an 'OrderBy' operator. This may lead to "
            "unpredictable results. If the 'Distinct' operator is used after 'OrderBy', then make sure to use the "
            "'OrderBy' operator after 'Distinct' as the ordering would otherwise get erased.")


def _utc(t):
    from datetime import datetime, timezone
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _nightly(ctx, r, name, pool, ua, hour, pages, districts, behaviour):
    ip = ctx.w.net.alloc(pool)
    INTEGRATIONS[name] = dict(role="integration", behaviour=behaviour, ip=ip, user_agent=ua, campus="SFESA",
                              districts=[d.code for d in districts])
    cl = ctx.client(ip, ua, sdk=False, cookies=False, sticky=False)
    for day in range(ctx.days):
        starts = [ctx.at(day, hour)] if hour else [ctx.at(day, h) for h in range(6, 19)]
        for t in starts:
            t += r.uniform(0, 240)
            for d in districts:
                for path, q in pages(d):
                    t, _ = _api(ctx, cl, t + r.uniform(0.05, 0.6), "GET", path, q, 200, ln(r, 150.0), name, str(d.code))


def monitors(ctx, r):
    probe = [ctx.client(PROBE_IP, "ReadyForRequest/1.0 (HealthCheck)", sdk=False, cookies=False) for _ in range(2)]
    always = [ctx.client(PROBE_IP, "AlwaysOn", sdk=False, cookies=False) for _ in range(2)]
    degraded = ctx.at(0, 2.05) + r.uniform(0, 600)
    for i in range(2):
        probe[i].inst = always[i].inst = i
        t = ctx.t0 + r.uniform(0, 60)
        while t < ctx.t1:
            q = ctx.emit(probe[i], t, "GET", "/health", "", 200, ln(r, 6.0, 0.4))
            if q and abs(t - degraded) < 30 and i == 0:
                q.dur = 2400.0
                q.logs = [(2300.0, "Warning", "Health check {HealthCheckName} with status {HealthStatus} completed after {ElapsedMilliseconds}ms with message '{HealthCheckDescription}'",
                           {"HealthCheckName": "sql", "HealthStatus": "Degraded", "ElapsedMilliseconds": 2291.4, "HealthCheckDescription": "SELECT 1 took 2291 ms"},
                           "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService")]
            t += 60 + r.uniform(-0.3, 0.3)
        t = ctx.t0 + r.uniform(0, 300)
        while t < ctx.t1:
            ctx.emit(always[i], t, "GET", "/", "", 302, ln(r, 3.0))
            t += 300 + r.uniform(-1, 1)
    locs = [("us-ca-sjc-azr", "azure_west"), ("us-tx-sn1-azr", "azure_scus"), ("us-il-ch1-azr", "azure_ncus")]
    for loc, pool in locs:
        ips = [ctx.w.net.alloc(pool) for _ in range(3)]
        cl = ctx.client(ips[0], AVAIL_UA, sdk=False, cookies=False, sticky=False)
        t = ctx.t0 + r.uniform(0, 300)
        while t < ctx.t1:
            cl.ip = r.choice(ips)
            run_id = "%s-%s-%s-%s-%s" % (ctx.hexid(8), ctx.hexid(4), ctx.hexid(4), ctx.hexid(4), ctx.hexid(12))
            ctx.emit(cl, t, "GET", "/Account/Login", "", 200, ln(r, 22.0), synth=SYNTH, uid=loc, sid=run_id)
            t += 300 + r.uniform(-2, 2)
        MONITOR_IPS.append(("availability_test_" + loc, ips, AVAIL_UA))


MONITOR_IPS = []


def crawlers(ctx, r):
    public = ["/", "/Account/Login", "/Help", "/Privacy", "/robots.txt"] + ["/Help/Articles/" + h for h in routes.HELP]
    for name, pool, uas, per_day in (("googlebot", "google", GOOGLE_UA, 45), ("bingbot", "bing", BING_UA, 30),
                                     ("teams_link_preview", "azure_west", [TEAMS_UA], 6)):
        ips = [ctx.w.net.alloc(pool) for _ in range(4 if name != "teams_link_preview" else 2)]
        MONITOR_IPS.append((name, ips, uas[0] if len(uas) == 1 else uas))
        for _ in range(int(per_day * ctx.days * r.uniform(0.7, 1.3))):
            cl = ctx.client(r.choice(ips), r.choice(uas), sdk=False, cookies=False, sticky=False)
            t = r.uniform(ctx.t0, ctx.t1)
            if name == "teams_link_preview":
                path = r.choice(["/Students/Details/%d" % r.randint(21000, 99999), "/Reports/Run/" + r.choice(routes.REPORTS), "/"])
                ctx.emit(cl, t, "GET", path, "", 302, ln(r, 3.0))
                continue
            path = r.choice(public)
            status = 302 if path == "/" else 200
            dur = ln(r, 1.5) if path == "/robots.txt" else ln(r, 20.0)
            t1 = t + dur / 1000
            ctx.emit(cl, t, "GET", path, "", status, dur)
            if status == 200 and path != "/robots.txt" and r.random() < 0.25:   # rendering fetches
                for a in routes.ASSETS[:5]:
                    p, _, q = a.partition("?")
                    t1 += r.uniform(0.5, 4)
                    ctx.emit(cl, t1, "GET", p, q.format(c=routes.SITE_CSS_V[0], j=routes.SITE_JS_V[0]), 200, ln(r, 2.0))


def scanner(ctx, r):
    ip = ctx.w.net.alloc("do_nyc")
    MONITOR_IPS.append(("vulnerability_scanner", [ip], SCAN_UA))
    cl = ctx.client(ip, SCAN_UA, sdk=False, cookies=False, sticky=False)
    t = ctx.at(0, r.uniform(2.5, 5.0))
    n = 0
    for _ in range(r.randint(2, 3)):
        for p in r.sample(SCAN_PATHS, len(SCAN_PATHS)):
            status = 404
            if p in ("/admin", "/api/v1/users", "/api/v1/students", "/api/v1/admin", "/hangfire"):
                status = 401 if p.startswith("/api") else 302
            ctx.emit(cl, t, "GET", p, "", status, ln(r, 3.0))
            t += r.uniform(0.05, 1.2)
            n += 1
        for q in ("ReturnUrl=https%3A%2F%2Fevil.example%2F", "ReturnUrl=%2F%2Fevil.example", "ReturnUrl=javascript%3Aalert(1)"):
            ctx.emit(cl, t, "GET", "/Account/Login", q, 200, ln(r, 15.0))
            t += r.uniform(0.1, 1.0)
            n += 1
        ctx.emit(cl, t, "POST", "/Account/Login", "", 400, ln(r, 4.0))
        t += r.uniform(600, 3000)
        n += 1
    ctx.scanner_n = n


def app_events(ctx, r):
    host = "Microsoft.Hosting.Lifetime"
    for i in range(2):
        t = ctx.deploy_times[i] - r.uniform(0.5, 3.0)
        ctx.event(t, None, "Application is shutting down...", {}, host, inst=(i, 0))
        t += r.uniform(25, 50)
        for mt, props in (("Now listening on: {address}", {"address": "http://[::]:8080"}),
                          ("Application started. Press Ctrl+C to shut down.", {}),
                          ("Hosting environment: {EnvName}", {"EnvName": "Production"}),
                          ("Content root path: {ContentRoot}", {"ContentRoot": "/home/site/wwwroot"})):
            ctx.event(t, None, mt, props, host, inst=(i, 1))
            t += r.uniform(0.001, 0.02)
    for day in range(ctx.days):
        t = ctx.at(day, 0.08) + r.uniform(0, 60)
        ctx.event(t, None, "Nightly attendance rollover completed for {DistrictCount} districts in {ElapsedMs} ms",
                  {"DistrictCount": 30, "ElapsedMs": int(ln(r, 42000.0))}, "Pathways.Jobs.AttendanceRolloverJob", inst=(0, None))
        for _ in range(r.randint(1, 3)):
            t = ctx.at(day, r.uniform(1.9, 2.3))
            ctx.event(t, "Warning", "A transient exception occurred during execution. The operation will be retried after {delay}ms.",
                      {"delay": r.choice([1024, 1813, 3476]), "EventId": {"Id": 10006, "Name": "Microsoft.EntityFrameworkCore.Infrastructure.ExecutionStrategyRetrying"}},
                      "Microsoft.EntityFrameworkCore.Infrastructure", exc=SQL_TRANSIENT, inst=(r.randrange(2), None))
        ctx.event(ctx.at(day, 5.0) + r.uniform(0, 30), None, "Report cache warmed: {ReportCount} reports in {ElapsedMs} ms",
                  {"ReportCount": 412, "ElapsedMs": int(ln(r, 90000.0))}, "Pathways.Jobs.ReportCacheWarmer", inst=(1, None))


SQL_TRANSIENT = ("Microsoft.Data.SqlClient.SqlException (0x80131904): Database 'pathways-prod' on server "
                 "'sql-pathways-prod.database.windows.net' is not currently available.  Please retry the connection later.  "
                 "If the problem persists, contact customer support, and provide them the session tracing ID of "
                 "'{6F1C2A9B-3D44-4E8A-9B0C-7A1E5D2F8C31}'.\r\n   at Microsoft.Data.SqlClient.SqlConnection.OnError(SqlException exception, "
                 "Boolean breakConnection, Action`1 wrapCloseInAction)\r\nClientConnectionId:0b7e4d21-5c3a-4f9e-8d62-1a2b3c4d5e6f\r\n"
                 "Error Number:40613,State:1,Class:14")
