"""Suricata 7 eve.json events: http transactions (xff extra-data), flow, fileinfo (downloads), dns (the app
server's LDAP look-ups) and alert (ET-style signatures, a local 401 threshold rule); evelog.py assembles them
with stats.  Suricata does not log the Authorization header: no user names."""
import datetime

from . import world as W

IFACE = "ens1f1"
SIGS = [  # (substring of the URI, sid, rev, signature, category, severity)
    ("/etc/passwd", 2049400, 3, "ET WEB_SERVER /etc/passwd Detected in URI", "Attempted Information Leak", 2),
    ("nessus_is_probing_you", 2002664, 14, "ET SCAN Nessus Scanner probe (nessus_is_probing_you)",
     "Attempted Information Leak", 2),
    ("..;/", 2033142, 2, "ET WEB_SERVER Tomcat Path Traversal via ..;/ in URI", "Web Application Attack", 1),
    ("%2e%2e/", 2002994, 9, "ET WEB_SERVER Possible Directory Traversal Attempt (encoded)",
     "Attempted Information Leak", 2),
    ("<script>", 2009714, 4, "ET WEB_SERVER Script tag in URI Possible Cross Site Scripting Attempt",
     "Web Application Attack", 1),
    ("class.classLoader", 2018483, 5, "ET EXPLOIT Apache Struts ClassLoader Manipulation Attempt",
     "Attempted Administrator Privilege Gain", 1),
    ("%20OR%201%3D1", 2006446, 13, "ET WEB_SERVER Possible SQL Injection Attempt OR 1=1", "Web Application Attack", 1),
    ("/.env", 2031502, 3, "ET INFO Request for .env file", "Attempted Information Leak", 2),
    ("eval-stdin.php", 2026830, 4, "ET EXPLOIT PHPUnit Remote Code Execution Attempt",
     "Attempted Administrator Privilege Gain", 1),
    ("/.git/", 2024397, 3, "ET INFO Request for .git directory", "Attempted Information Leak", 2),
]
TOMCAT = {"admin": (2008453, "admin"), "tomcat": (2008454, "tomcat"), "manager": (2008455, "manager")}
LOCAL_401 = (9000101, 2, "SDE LOCAL ScoreView repeated HTTP 401 to one client (5 in 300s)",
             "Attempted User Privilege Gain", 2)


def ts(t):
    dt = datetime.datetime.fromtimestamp(t, W.TZ)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%f") + dt.strftime("%z")


def http_obj(r):
    h = {"hostname": r.host, "url": r.uri}
    if r.ua:
        h["http_user_agent"] = r.ua
    if r.px is not None:
        h["xff"] = r.ip
    if r.mime and r.status != 304:
        h["http_content_type"] = r.mime.split(";")[0]
    if r.ref:
        h["http_refer"] = r.ref
    h["http_method"] = r.method
    h["protocol"] = "HTTP/" + r.ver
    h["status"] = r.status
    if r.status == 302:
        h["redirect"] = "/sv/home.do"
    h["length"] = r.rslen
    return h


def head(t, c, etype, rev=False, proto="TCP"):
    e = {"timestamp": ts(t), "flow_id": c.fid, "in_iface": IFACE, "event_type": etype}
    if rev:
        e.update(src_ip=W.APP_IP, src_port=W.APP_PORT, dest_ip=c.oip, dest_port=c.oport)
    else:
        e.update(src_ip=c.oip, src_port=c.oport, dest_ip=W.APP_IP, dest_port=W.APP_PORT)
    e["proto"] = proto
    return e


def http_event(r):
    e = head(r.end, r.conn, "http")
    e["pkt_src"] = "wire/pcap"
    e["tx_id"] = r.depth - 1
    e["http"] = http_obj(r)
    if r.px is not None:
        e["xff"] = r.ip
    return e


def fileinfo_event(r):
    e = head(r.end + 0.00002, r.conn, "fileinfo", rev=True)
    e["pkt_src"] = "wire/pcap"
    e["http"] = http_obj(r)
    e["app_proto"] = "http"
    e["fileinfo"] = {"filename": r.fname or r.uri.split("?")[0], "gaps": False, "state": "CLOSED",
                     "stored": False, "size": r.rslen, "tx_id": r.depth - 1}
    return e


def alert_event(r, sig, t):
    sid, rev, msg, cat, sev = sig
    to_client = sid == LOCAL_401[0]
    e = head(t, r.conn, "alert", rev=to_client)
    e["pkt_src"] = "wire/pcap"
    e["tx_id"] = r.depth - 1
    e["alert"] = {"action": "allowed", "gid": 1, "signature_id": sid, "rev": rev, "signature": msg,
                  "category": cat, "severity": sev}
    e["http"] = http_obj(r)
    e["app_proto"] = "http"
    e["direction"] = "to_client" if to_client else "to_server"
    e["flow"] = {"pkts_toserver": 4 + r.depth, "pkts_toclient": 3 + r.depth, "bytes_toserver": 700 * r.depth,
                 "bytes_toclient": 900 * r.depth, "start": ts(r.conn.start), "src_ip": r.conn.oip,
                 "dest_ip": W.APP_IP, "src_port": r.conn.oport, "dest_port": W.APP_PORT}
    if r.px is not None:
        e["xff"] = r.ip
    r.conn.alerted = True
    return e


def alerts(reqs):
    """(time, event) for every signature match; the local rule counts 401s to one sensor-side client."""
    out, window = [], {}
    for r in sorted(reqs, key=lambda r: (r.end, r.seq)):
        for sub, *sig in SIGS:
            if sub in r.uri:
                out.append((r.t + 0.0003, alert_event(r, sig, r.t + 0.0003)))
                break
        if r.user in TOMCAT and r.uri.startswith(("/manager/", "/host-manager/")):
            sid, who = TOMCAT[r.user]
            out.append((r.t + 0.0003, alert_event(r, (sid, 7, "ET SCAN Tomcat Auth Brute Force attempt (%s)" % who,
                                                      "Attempted Administrator Privilege Gain", 1), r.t + 0.0003)))
        if r.status == 401 and r.user:
            q = window.setdefault(r.conn.oip, [])
            q.append(r.end)
            while q and q[0] < r.end - 300:
                q.pop(0)
            if len(q) >= 5:
                out.append((r.end - 0.0001, alert_event(r, LOCAL_401, r.end - 0.0001)))
                q.clear()
    return out


def flow_event(c, t):
    e = head(t, c, "flow")
    e["app_proto"] = "http"
    e["flow"] = {"pkts_toserver": c.pts, "pkts_toclient": c.ptc, "bytes_toserver": c.bts, "bytes_toclient": c.btc,
                 "start": ts(c.start), "end": ts(c.closed), "age": int(c.closed - c.start), "state": "closed",
                 "reason": "timeout", "alerted": c.alerted}
    e["tcp"] = {"tcp_flags": "1b", "tcp_flags_ts": "1b", "tcp_flags_tc": "1b", "syn": True, "fin": True,
                "psh": True, "ack": True, "state": "closed"}
    return e


class _U:
    __slots__ = ("fid", "oip", "oport", "start", "closed", "pts", "ptc", "bts", "btc", "alerted")


def dns_events(t0, t1, rng):
    """The app server re-resolves the LDAP name when its cached entry (TTL 300) expires."""
    out = []
    t = t0 + rng.uniform(5, 300)
    while t < t1:
        for rtype in ("A", "AAAA"):
            u = _U()
            u.fid, u.oip, u.oport = rng.getrandbits(50) + 2 ** 49, W.APP_IP, rng.randint(32768, 60999)
            qid = rng.randint(1, 65535)
            q = {"timestamp": ts(t), "flow_id": u.fid, "in_iface": IFACE, "event_type": "dns", "src_ip": W.APP_IP,
                 "src_port": u.oport, "dest_ip": W.DNS_IP, "dest_port": 53, "proto": "UDP", "pkt_src": "wire/pcap",
                 "dns": {"type": "query", "id": qid, "rrname": "ldap.sde.wan", "rrtype": rtype, "tx_id": 0,
                         "opcode": 0}}
            a = dict(q, timestamp=ts(t + 0.0004), src_ip=W.DNS_IP, src_port=53, dest_ip=W.APP_IP, dest_port=u.oport)
            ans = {"version": 2, "type": "answer", "id": qid, "flags": "8580" if rtype == "A" else "8180", "qr": True,
                   "aa": rtype == "A", "rd": True, "ra": True, "opcode": 0, "rrname": "ldap.sde.wan", "rrtype": rtype,
                   "rcode": "NOERROR"}
            if rtype == "A":
                ans["answers"] = [{"rrname": "ldap.sde.wan", "rrtype": "A", "ttl": 300, "rdata": ip}
                                  for ip in W.LDAP_IPS]
                ans["grouped"] = {"A": list(W.LDAP_IPS)}
            a["dns"] = ans
            out += [(t, q), (t + 0.0004, a)]
            ft = t + 0.0004 + 300 + rng.uniform(0.5, 2.5)
            if ft < t1:
                f = {"timestamp": ts(ft), "flow_id": u.fid, "in_iface": IFACE, "event_type": "flow",
                     "src_ip": W.APP_IP, "src_port": u.oport, "dest_ip": W.DNS_IP, "dest_port": 53, "proto": "UDP",
                     "app_proto": "dns", "flow": {"pkts_toserver": 1, "pkts_toclient": 1, "bytes_toserver": 71,
                                                  "bytes_toclient": 103 if rtype == "A" else 129, "start": ts(t),
                                                  "end": ts(t + 0.0004), "age": 0, "state": "established",
                                                  "reason": "timeout", "alerted": False}}
                out.append((ft, f))
            t += 0.0011
        t += 300 + rng.uniform(0.0, 3.0)
    return out
