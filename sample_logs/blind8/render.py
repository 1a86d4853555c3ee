"""Render events as Heroku router+app drain lines or ingress-nginx CRI lines,
plus each platform's own non-request lines.  Returns [(key, ts, text, kind)],
kind 'req' or 'hdr'."""
import time

from . import world as W

STATIC = ("/assets/", "/favicon.ico", "/healthz")
SCRIPT_UA = ("python", "Go-http", "curl", "rpisd-state", "UptimeRobot", "Googlebot", "bingbot")
PODS = ["10.42.1.17", "10.42.1.54", "10.42.2.23", "10.42.2.91", "10.42.3.8", "10.42.3.66"]
UPSTREAM = "[attendance-lanternline-web-8080] []"
JOBS = ["AbsenceRollupJob", "GuardianNoticeJob", "SisRosterSyncJob", "SessionPurgeJob", "ChronicFlagJob"]


def iso(t, digits=6):
    s = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(int(t)))
    frac = t - int(t)
    return s + (".%06d" % int(frac * 1e6) if digits == 6 else ".%09d" % int(frac * 1e9))


def uuid(rng):
    return "%08x-%04x-4%03x-%x%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                             rng.choice([8, 9, 10, 11]), rng.getrandbits(12), rng.getrandbits(48))


def heroku(rng, w, events, days, e0):
    out = []
    staff = frozenset(s["email"] for s in w.staff)
    for e in events:
        t, ip, m, p, st, b, ua, user, sess, ref, dur, login = e
        rid, dyno = uuid(rng), "web.%d" % rng.randint(1, 6)
        tr = t + (dur + rng.randint(0, 3)) / 1000.0
        static = p.startswith(STATIC)
        if dur >= 30000:
            out.append((t + 30, t + 30, '%s+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=%s '
                        'path="%s" host=%s request_id=%s fwd="%s" dyno=%s connect=0ms service=30000ms status=503 '
                        'bytes=0 protocol=https' % (iso(t + 30), m, p, W.HEROKU_HOST, rid, ip, dyno), "req"))
            st = 200
        else:
            h27 = not static and rng.random() < 0.0005
            extra = 'at=error code=H27 desc="Client Request Interrupted"' if h27 else "at=info"
            out.append((tr, tr, '%s+00:00 heroku[router]: %s method=%s path="%s" host=%s request_id=%s fwd="%s" '
                        'dyno=%s connect=%dms service=%dms status=%d bytes=%d protocol=https'
                        % (iso(tr), extra, m, p, W.HEROKU_HOST, rid, ip, dyno, rng.choice((0, 0, 0, 1)),
                           dur + 1, 499 if h27 else st, 0 if h27 else b + rng.randint(180, 420)), "req"))
        if static:
            continue
        ta = t + dur / 1000.0 - rng.uniform(0.0002, 0.002)
        lvl = "error" if st >= 500 else "info"
        out.append((ta, ta, '%s+00:00 app[%s]: level=%s msg="request" method=%s path="%s" status=%d duration_ms=%d '
                    'user_id=%s remote_ip=%s user_agent="%s" request_id=%s sess=%s'
                    % (iso(ta), dyno, lvl, m, p, st, dur, user or "-", ip, ua, rid, sess or "-"), "req"))
        if login:
            tl = ta - 0.0001
            out.append((tl, tl, '%s+00:00 app[%s]: level=warn msg="local login failed" login=%s reason=%s '
                        'remote_ip=%s request_id=%s' % (iso(tl), dyno, login,
                                                        "bad_password" if login in staff else "unknown_user", ip, rid),
                        "hdr"))
    end = e0 + days * 86400
    # worker jobs
    t = e0 + rng.uniform(0, 300)
    while t < end:
        j = rng.choice(JOBS)
        out.append((t, t, '%s+00:00 app[worker.1]: level=info msg="job finished" job=%s queue=default '
                    'duration_ms=%d processed=%d' % (iso(t), j, rng.randint(40, 9000), rng.randint(0, 4000)), "hdr"))
        t += rng.uniform(120, 900)
    for d in range(days):
        for dn in ["web.%d" % i for i in range(1, 7)] + ["worker.1"]:
            t = e0 + d * 86400 + rng.uniform(0, 86000)
            cmd = "bin/lanternline serve" if dn.startswith("web") else "bin/lanternline work"
            seq = ["heroku[%s]: Cycling" % dn, "heroku[%s]: State changed from up to starting" % dn,
                   "heroku[%s]: Stopping all processes with SIGTERM" % dn,
                   'app[%s]: level=info msg="shutting down" signal=terminated' % dn,
                   "heroku[%s]: Process exited with status 0" % dn,
                   "heroku[%s]: Starting process with command `%s`" % (dn, cmd),
                   'app[%s]: level=info msg="listening" addr=:%d version=v412' % (dn, rng.randint(10000, 60000)),
                   "heroku[%s]: State changed from starting to up" % dn]
            for s in seq:
                t += rng.uniform(0.05, 2.5)
                out.append((t, t, "%s+00:00 %s" % (iso(t), s), "hdr"))
            if rng.random() < 0.3:
                t += rng.uniform(3600, 7200)
                mem = rng.randint(1030, 1090)
                for s in ["heroku[%s]: Process running mem=%dM(%.1f%%)" % (dn, mem, mem / 10.24),
                          "heroku[%s]: Error R14 (Memory quota exceeded)" % dn]:
                    out.append((t, t, "%s+00:00 %s" % (iso(t), s), "hdr"))
        sch = rng.randint(1000, 9999)
        t = e0 + d * 86400 + 3.0 * 3600 + rng.uniform(0, 60)
        for s in ["heroku[scheduler.%d]: Starting process with command `bin/lanternline task nightly-rollup`" % sch,
                  "heroku[scheduler.%d]: State changed from starting to up" % sch,
                  'app[scheduler.%d]: level=info msg="nightly rollup complete" schools=30 pupils=%d' % (sch, len(w.pupil_ids)),
                  "heroku[scheduler.%d]: Process exited with status 0" % sch]:
            t += rng.uniform(1, 240)
            out.append((t, t, "%s+00:00 %s" % (iso(t), s), "hdr"))
        if rng.random() < 0.7:
            t = e0 + d * 86400 + rng.uniform(8, 17) * 3600
            out.append((t, t, "%s+00:00 heroku[logplex]: Error L10 (output buffer overflow): %d messages dropped since "
                        "%s+00:00." % (iso(t), rng.randint(3, 80), iso(t - 60)), "hdr"))
    return out


def _tl(t):
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(int(t)))


def ingress(rng, w, events, days, e0):
    out = []
    for e in events:
        t, ip, m, p, st, b, ua, user, sess, ref, dur, login = e
        pod = rng.choice(PODS)
        proto = "HTTP/1.1" if ua.startswith(SCRIPT_UA) or "compatible;" in ua else "HTTP/2.0"
        rl = len(p) + len(ua) + len(ref) + rng.randint(180, 260) + (220 if sess else 0)
        if m in ("POST", "PUT"):
            rl += rng.randint(60, 900) if "/photos" not in p else rng.randint(200000, 2000000)
        if dur >= 30000:
            te = t + 30.001
            out.append((te, te, '%sZ stdout F %s - - [%s] "%s %s %s" 504 160 "%s" "%s" %d 30.001 %s %s:8080 0 30.001 '
                        '504 %032x' % (iso(te, 9), ip, _tl(te), m, p, proto, ref, ua, rl, UPSTREAM, pod,
                                       rng.getrandbits(128)), "req"))
            pid = rng.randint(30, 60)
            out.append((te + 0.0001, te + 0.0001, '%sZ stderr F %s [error] %d#%d: *%d upstream timed out (110: Operation '
                        'timed out) while reading response header from upstream, client: %s, server: %s, request: '
                        '"%s %s %s", upstream: "http://%s:8080%s", host: "%s"' % (
                            iso(te + 0.0001, 9), time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(int(te))),
                            pid, pid, rng.randint(10**5, 10**7), ip, W.HOST, m, p, proto, pod, p, W.HOST), "hdr"))
            continue
        rt = dur / 1000.0 + rng.uniform(0.0, 0.004)
        te = t + rt
        ub = b if b else 0
        out.append((te, te, '%sZ stdout F %s - - [%s] "%s %s %s" %d %d "%s" "%s" %d %.3f %s %s:8080 %d %.3f %d %032x'
                    % (iso(te, 9), ip, _tl(te), m, p, proto, st, b, ref, ua, rl, rt, UPSTREAM, pod, ub,
                       dur / 1000.0, st, rng.getrandbits(128)), "req"))
    end = e0 + days * 86400
    t = e0 + rng.uniform(600, 7200)
    while t < end:
        lines = ['controller.go:190] "Configuration changes detected, backend reload required"',
                 'controller.go:210] "Backend successfully reloaded"',
                 'event.go:377] Event(v1.ObjectReference{Kind:"Pod", Namespace:"ingress-nginx", '
                 'Name:"ingress-nginx-controller-7d9f6c8b5-x2kqp", APIVersion:"v1"}): type: \'Normal\' reason: '
                 '\'RELOAD\' NGINX reload triggered due to a change in configuration']
        if rng.random() < 0.3:
            lines.insert(0, 'controller.go:1216] Service "attendance/lanternline-web" does not have any active Endpoint.')
        for s in lines:
            t += rng.uniform(0.001, 0.4)
            lvl = "W" if "does not have" in s else "I"
            out.append((t, t, "%sZ stderr F %s%s %s %7d %s" % (iso(t, 9), lvl, time.strftime("%m%d", time.gmtime(int(t))),
                                                             iso(t)[11:26], 7, s), "hdr"))
        t += rng.uniform(2, 9) * 3600
    photos = [e for e in events if e[3].endswith("/photos")]
    for pe in (rng.sample(photos, min(len(photos), rng.randint(4, 15))) if photos else []):
        t = pe[0] + 0.05
        out.append((t, t, '%sZ stderr F %s [warn] 41#41: *%d a client request body is buffered to a temporary file '
                    '/tmp/nginx/client-body/00000%05d, client: %s, server: %s, request: "POST /api/m/v2/visits/v%s/photos '
                    'HTTP/2.0", host: "%s"' % (iso(t, 9), time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(int(t))),
                                              rng.randint(10**5, 10**7), rng.randint(1, 99999),
                                              pe[1], W.HOST, pe[3].split("/")[5][1:], W.HOST), "hdr"))
    return out
