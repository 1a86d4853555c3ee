"""Rendering 2: the same hub self-hosted (RHEL 9, Apache httpd 2.4 + mod_auth_openidc -> AJP -> Tomcat),
access lines piped to logger(1), error log to syslog; `journalctl -u httpd -o json` output."""
import datetime as _dt
import json
from urllib.parse import quote

from . import world as W
from .client import T, DUR, IP, METHOD, PATH, STATUS, NBYTES, UA, REF, USER, BUSER, JSID, ROUTE, INST, TAG

F5 = ["10.40.8.2", "10.40.8.3"]
HOSTNAME = "sdh-web01"
MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def clf(ts):
    d = _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=int(ts))
    return "%02d/%s/%d:%02d:%02d:%02d +0000" % (d.day, MON[d.month - 1], d.year, d.hour, d.minute, d.second)


def syslog_ts(ts):
    d = _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=int(ts))
    return "%s %2d %02d:%02d:%02d " % (MON[d.month - 1], d.day, d.hour, d.minute, d.second)


class Journal:
    def __init__(self, r):
        self.r = r
        self.boot = "%032x" % r.getrandbits(128)
        self.machine = "%032x" % r.getrandbits(128)
        self.seqid = "%032x" % r.getrandbits(128)
        self.inv = "%032x" % r.getrandbits(128)
        self.boot_us = (W.T0 - r.randint(3, 40) * 86400 - r.randint(0, 86399)) * 1000000
        self.seq = r.randint(0x100000, 0x900000)
        self.entries = []        # (realtime_us, order, kind, fields)

    def add(self, us, kind, fields, order=0):
        self.entries.append((us, order, kind, fields))

    def lines(self):
        out, kinds = [], []
        self.entries.sort(key=lambda e: (e[0], e[1]))
        last = 0
        for us, _, kind, f in self.entries:
            us = max(us, last + 1)
            last = us
            self.seq += self.r.randint(1, 5)
            mono = us - self.boot_us
            head = [("__CURSOR", "s=%s;i=%x;b=%s;m=%x;t=%x;x=%016x" % (self.seqid, self.seq, self.boot, mono, us,
                                                                     self.r.getrandbits(64))),
                    ("__REALTIME_TIMESTAMP", str(us)), ("__MONOTONIC_TIMESTAMP", str(mono)), ("_BOOT_ID", self.boot)]
            tail = [("_MACHINE_ID", self.machine), ("_HOSTNAME", HOSTNAME), ("_RUNTIME_SCOPE", "system")]
            body = [(k, v(us) if callable(v) else v) for k, v in f]
            out.append(json.dumps(dict(head + body + tail), separators=(",", ":")))
            kinds.append(kind)
        return out, kinds


def render(events, r, seed, outage=None):
    j = Journal(r)
    pids = {"parent": r.randint(1100, 1300), "logger": r.randint(1300, 1400)}
    children = [r.randint(1400, 1600) + 7 * k for k in range(4)]
    reload_t = W.at(0, 3.1 + r.uniform(0, .2))
    new_logger = r.randint(180000, 240000)
    new_children = [new_logger + 3 + 11 * k for k in range(4)]
    cgroup = [("_SYSTEMD_CGROUP", "/system.slice/httpd.service"), ("_SYSTEMD_UNIT", "httpd.service"),
              ("_SYSTEMD_SLICE", "system.slice"), ("_SYSTEMD_INVOCATION_ID", j.inv)]

    def access(us, msg, pid):
        return [("_TRANSPORT", "syslog"), ("PRIORITY", "6"), ("SYSLOG_FACILITY", "22"),
                ("SYSLOG_IDENTIFIER", "sdh-access"), ("SYSLOG_TIMESTAMP", syslog_ts(us / 1e6)), ("_UID", "0"),
                ("_GID", "0"), ("_COMM", "logger"), ("_EXE", "/usr/bin/logger"),
                ("_CMDLINE", "/usr/bin/logger -t sdh-access -p local6.info"), ("_CAP_EFFECTIVE", "1ffffffffff"),
                ("_SELINUX_CONTEXT", "system_u:system_r:httpd_t:s0")] + cgroup + [("_PID", str(pid)), ("MESSAGE", msg)]

    def errlog(us, prio, msg, pid, parent=False):
        uid = "0" if parent else "48"
        return [("_TRANSPORT", "syslog"), ("PRIORITY", str(prio)), ("SYSLOG_FACILITY", "23"),
                ("SYSLOG_IDENTIFIER", "httpd"), ("SYSLOG_PID", str(pid)), ("SYSLOG_TIMESTAMP", syslog_ts(us / 1e6)),
                ("_UID", uid), ("_GID", uid), ("_COMM", "httpd"), ("_EXE", "/usr/sbin/httpd"),
                ("_CMDLINE", "/usr/sbin/httpd -DFOREGROUND"), ("_CAP_EFFECTIVE", "0" if uid == "48" else "1ffffffffff"),
                ("_SELINUX_CONTEXT", "system_u:system_r:httpd_t:s0")] + cgroup + [("_PID", str(pid)), ("MESSAGE", msg)]

    def systemd(us, msg, mid, func, line):
        return [("_TRANSPORT", "journal"), ("PRIORITY", "6"), ("SYSLOG_FACILITY", "3"), ("SYSLOG_IDENTIFIER", "systemd"),
                ("CODE_FILE", "src/core/job.c"), ("CODE_LINE", str(line)), ("CODE_FUNC", func), ("MESSAGE_ID", mid),
                ("JOB_TYPE", "reload"), ("JOB_ID", str(j.seq % 9000 + 1000)), ("UNIT", "httpd.service"),
                ("INVOCATION_ID", j.inv), ("_PID", "1"), ("_UID", "0"), ("_GID", "0"), ("_COMM", "systemd"),
                ("_EXE", "/usr/lib/systemd/systemd"),
                ("_CMDLINE", "/usr/lib/systemd/systemd --switched-root --system --deserialize 31"),
                ("_CAP_EFFECTIVE", "1ffffffffff"), ("_SELINUX_CONTEXT", "system_u:system_r:init_t:s0"),
                ("_SYSTEMD_CGROUP", "/init.scope"), ("_SYSTEMD_UNIT", "init.scope"), ("_SYSTEMD_SLICE", "-.slice"),
                ("_SOURCE_REALTIME_TIMESTAMP", str(us - 37)), ("MESSAGE", msg)]

    # the certificate-renewal reload on day 1 (piped loggers and children are replaced)
    us0 = int(reload_t * 1e6)
    p = pids["parent"]
    j.add(us0, "x", systemd(us0, "Reloading The Apache HTTP Server...", "d34d037fff1847e6ae669a370e694725",
                            "job_emit_start_message", 589))
    for k, (prio, msg) in enumerate([
            (5, "[mpm_event:notice] [pid %d:tid %d] AH00493: SIGUSR1 received.  Doing graceful restart" % (p, p)),
            (4, "[ssl:warn] [pid %d:tid %d] AH01909: sdh-web01.ccoe.local:443:0 server certificate does NOT include "
                "an ID which matches the server name" % (p, p)),
            (5, "[mpm_event:notice] [pid %d:tid %d] AH00489: Apache/2.4.62 (Red Hat Enterprise Linux) OpenSSL/3.2.2 "
                "mod_auth_openidc/2.4.15.1 configured -- resuming normal operations" % (p, p)),
            (5, "[core:notice] [pid %d:tid %d] AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'" % (p, p))]):
        u = us0 + 180000 + k * 900
        j.add(u, "x", errlog(u, prio, msg, p, True))
    u = us0 + 186000
    j.add(u, "x", [("_TRANSPORT", "stdout"), ("PRIORITY", "6"), ("SYSLOG_FACILITY", "3"), ("SYSLOG_IDENTIFIER", "httpd"),
                   ("_STREAM_ID", "%032x" % r.getrandbits(128)), ("_UID", "0"), ("_GID", "0"), ("_COMM", "httpd"),
                   ("_EXE", "/usr/sbin/httpd"), ("_CMDLINE", "/usr/sbin/httpd -DFOREGROUND")] + cgroup +
          [("_PID", str(p)), ("MESSAGE", "Server configured, listening on: port 443, port 80")])
    u = us0 + 191000
    j.add(u, "x", systemd(u, "Reloaded The Apache HTTP Server.", "7b05ebc668384222baa8881179cfda54",
                          "job_emit_done_message", 803))

    last_disable = -1e18
    for i, e in enumerate(events):
        end = e[T] + e[DUR] / 1000.0
        us = int(end * 1e6) + r.randint(40, 900)
        after = end > reload_t
        lp = new_logger if after else pids["logger"]
        ch = (new_children if after else children)[i % 4]
        route, path, ip, ua = e[ROUTE], e[PATH], e[IP], e[UA]
        if route == "sso_start":
            path = "/sdh/sso/start?target=" + quote(e[PATH], safe="")
        elif route == "sso_cb":
            path = "/sdh/oidc/redirect_uri?code=%s&state=%s&session_state=%s" % (
                _b64(r, 58), _b64(r, 43), "%08x-%04x-4%03x-a%03x-%012x" % (r.getrandbits(32), r.getrandbits(16),
                                                                            r.getrandbits(12), r.getrandbits(12),
                                                                            r.getrandbits(48)))
        elif route == "sso_out":
            path = "/sdh/oidc/redirect_uri?logout=" + quote(W.BASE + e[PATH], safe="")
        elif route == "probe":
            ip, ua = F5[e[INST]], ""
        user = e[USER] or e[BUSER] or "-"
        st = e[STATUS]
        size = 0 if e[METHOD] == "HEAD" and st == 200 else e[NBYTES] + 190 + (i * 53) % 260
        msg = '%s - %s [%s] "%s %s HTTP/1.1" %d %d "%s" "%s" %d %s' % (
            ip, user, clf(e[T]), e[METHOD], path, st, size, e[REF] or "-", ua or "-",
            e[DUR] * 1000 + (i * 7919) % 1000, e[JSID] or "-")
        j.add(us, "req", access(us, msg, lp), order=1)
        cport = 1024 + (i * 7919) % 64000
        if e[TAG].startswith("feed_guess"):
            known = e[TAG].endswith(":k")
            detail = "[ldap_simple_bind() to check user credentials failed][Invalid credentials]" if known else \
                "[User not found][No such object]"
            u = us - 1500
            j.add(u, "x", errlog(u, 6, "[authnz_ldap:info] [pid %d:tid %d] [client %s:%d] AH01695: auth_ldap "
                                       "authenticate: user %s authentication failed; URI %s %s" % (
                                           ch, ch + 20, ip, cport, e[BUSER], path.split("?")[0], detail), ch))
        elif st == 503 and outage and outage[0] <= e[T] <= outage[1]:
            if e[T] - last_disable > 60:
                last_disable = e[T]
                u = us - 2500
                j.add(u, "x", errlog(u, 3, "[proxy:error] [pid %d:tid %d] (111)Connection refused: AH00957: AJP: "
                                           "attempt to connect to 127.0.0.1:8009 (127.0.0.1:8009) failed" % (ch, ch + 20), ch))
                j.add(u + 40, "x", errlog(u + 40, 3, "[proxy:error] [pid %d:tid %d] AH00959: ap_proxy_connect_backend "
                                                     "disabling worker for (127.0.0.1:8009) for 60s" % (ch, ch + 20), ch))
            u = us - 900
            j.add(u, "x", errlog(u, 3, "[proxy_ajp:error] [pid %d:tid %d] [client %s:%d] AH00896: failed to make "
                                       "connection to backend: 127.0.0.1" % (ch, ch + 20, ip, cport), ch))
        elif st == 400:
            u = us - 300
            j.add(u, "x", errlog(u, 3, "[core:error] [pid %d:tid %d] [client %s:%d] AH10244: invalid URI path (%s)" % (
                ch, ch + 20, ip, cport, path), ch))
    lines, kinds = j.lines()
    headers = [k + 1 for k, kind in enumerate(kinds) if kind == "x"]
    malformed = []
    for _ in range(r.randint(2, 6)):     # truncated copies (an interrupted copy pasted back in)
        k = r.randrange(len(lines) - 1)
        while (k + 1) in malformed or len(lines[k]) < 80:
            k = r.randrange(len(lines) - 1)
        lines.insert(k + 1, lines[k][:r.randint(30, len(lines[k]) - 5)])
        headers = [h + 1 if h > k + 1 else h for h in headers]
        malformed = [m + 1 if m > k + 1 else m for m in malformed] + [k + 2]
    lines[-1] = lines[-1][:r.randint(40, len(lines[-1]) - 20)]  # file copied while journalctl was still writing
    if len(lines) in headers:
        headers.remove(len(lines))
    malformed = sorted(set(malformed + [len(lines)]))
    return lines, headers, malformed, {"unit": "httpd.service", "access_identifier": "sdh-access",
                                       "log_format": '%a %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" '
                                                     '\\"%{User-Agent}i\\" %D %{JSESSIONID}C',
                                       "probe_ips": F5, "row_order": "journal order (time logged, after the response)"}


def _b64(r, n):
    a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(a[r.getrandbits(6)] for _ in range(n))
