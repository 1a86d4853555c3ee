"""Render events as ModSecurity v3 JSON audit records or lighttpd mod_accesslog lines."""
import base64
from json.encoder import encode_basestring as J

from .world import NODES, dt_of, to_epoch, utc_offset_h

CRS = "OWASP_CRS/4.21.0"
PRODUCER = ('"producer":{"modsecurity":"ModSecurity v3.0.13 (Linux)","connector":"ModSecurity-Apache v0.0.9-beta1",'
            '"secrules_engine":"%s","components":["' + CRS + '\\""]}')
RULES = "/usr/share/modsecurity-crs/rules/"
CT = {"html": "text/html; charset=utf-8", "json": "application/json", "pdf": "application/pdf",
      "csv": "text/csv; charset=utf-8", "txt": "text/plain; charset=utf-8", "jpeg": "image/jpeg",
      "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "css": "text/css; charset=utf-8",
      "js": "text/javascript; charset=utf-8", "woff2": "font/woff2", "ico": "image/vnd.microsoft.icon"}
MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
DAY = "Mon Tue Wed Thu Fri Sat Sun".split()
SECRETS = {"svc-lms-roster": "R0ster!Sync#2026", "svc-dese-sync": "d3se-nightly-7741", "svc-transport": "Bu5Route$2026",
           "svc-messenger": "msg-7Hq2-absences"}
NAV = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
FFNAV = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CH = {"chrome": '"Chromium";v="150", "Google Chrome";v="150", "Not?A_Brand";v="99"',
      "chrome149": '"Chromium";v="149", "Google Chrome";v="149", "Not?A_Brand";v="99"',
      "edge": '"Chromium";v="150", "Microsoft Edge";v="150", "Not?A_Brand";v="99"',
      "edge149": '"Chromium";v="149", "Microsoft Edge";v="149", "Not?A_Brand";v="99"',
      "headless": '"Chromium";v="150", "HeadlessChrome";v="150", "Not?A_Brand";v="99"'}
PLAT = {"chrome_win": ("chrome", "Windows"), "chrome_win149": ("chrome149", "Windows"), "edge_win": ("edge", "Windows"),
        "edge_win149": ("edge149", "Windows"), "chrome_mac": ("chrome", "macOS"), "chromeos": ("chrome", "Chrome OS"),
        "android": ("chrome", "Android"), "chrome_linux": ("chrome", "Linux"), "headless_linux": ("headless", "Linux"),
        "headless_win": ("headless", "Windows"), "nuclei": ("chrome", "Windows")}


def ctime(tl):
    d = dt_of(tl)
    return "%s %s %2d %02d:%02d:%02d %d" % (DAY[d.weekday()], MON[d.month - 1], d.day, d.hour, d.minute, d.second, d.year)


def clf_time(tl):
    d = dt_of(tl)
    off = utc_offset_h(tl)
    return "%02d/%s/%d:%02d:%02d:%02d %s%02d00" % (d.day, MON[d.month - 1], d.year, d.hour, d.minute, d.second,
                                                 "-" if off < 0 else "+", abs(off))


def req_headers(e):
    k = e.dev.key
    h = [("Host", e.host)]
    ck = None
    if e.sess:
        ck = "session=" + e.sess + ("; sis_user=" + e.user if e.user else "")
    post = e.m == "POST"
    ext = e.extra
    if e.dev.browser:
        nav = not e.xhr and e.ct in ("html", "pdf", "csv", "xlsx", "txt")
        site = "none" if (ext or not e.ref) else ("cross-site" if "google.com" in e.ref else "same-origin")
        if k.startswith("firefox"):
            h += [("User-Agent", e.dev.ua), ("Accept", FFNAV if nav else "*/*"), ("Accept-Language", "en-US,en;q=0.5"),
                  ("Accept-Encoding", "gzip, deflate, br, zstd")]
            if e.ref:
                h.append(("Referer", e.ref))
            h.append(("Connection", "keep-alive"))
            if ck:
                h.append(("Cookie", ck))
            h += [("Upgrade-Insecure-Requests", "1")] if nav else []
            h += [("Sec-Fetch-Dest", "document" if nav else "empty"), ("Sec-Fetch-Mode", "navigate" if nav else "cors"),
                  ("Sec-Fetch-Site", site)]
        elif k in ("safari_mac", "iphone", "ipad"):
            h += [("Accept", NAV[:63] + ",*/*;q=0.8" if nav else "*/*"), ("Sec-Fetch-Site", site)]
            if ck:
                h.append(("Cookie", ck))
            h += [("Sec-Fetch-Dest", "document" if nav else "empty"), ("Accept-Language", "en-US,en;q=0.9"),
                  ("Sec-Fetch-Mode", "navigate" if nav else "cors"), ("User-Agent", e.dev.ua)]
            if e.ref:
                h.append(("Referer", e.ref))
            h.append(("Accept-Encoding", "gzip, deflate, br"))
        else:
            ch, plat = PLAT.get(k, ("chrome", "Windows"))
            h += [("Connection", "keep-alive"), ("sec-ch-ua-platform", '"%s"' % plat), ("sec-ch-ua", CH[ch]),
                  ("sec-ch-ua-mobile", "?1" if k == "android" else "?0")]
            if nav:
                h.append(("Upgrade-Insecure-Requests", "1"))
            h += [("User-Agent", e.dev.ua), ("Accept", NAV if nav else ("application/json" if e.ct == "json" else "*/*"))]
            if ext:
                h.append(("Origin", ext["Origin"]))
            h += [("Sec-Fetch-Site", site), ("Sec-Fetch-Mode", "navigate" if nav else "cors"),
                  ("Sec-Fetch-Dest", "document" if nav else "empty")]
            if e.ref:
                h.append(("Referer", e.ref))
            h += [("Accept-Encoding", "gzip, deflate, br, zstd"), ("Accept-Language", "en-US,en;q=0.9")]
            if ck:
                h.append(("Cookie", ck))
        if e.xhr and e.uri.startswith(("/sis/api", "/gradebook", "/reports/job", "/attendance", "/scheduling")):
            h.append(("HX-Request", "true"))
        if post:
            h += [("Origin", "https://" + e.host), ("Content-Type", "application/x-www-form-urlencoded"),
                  ("Content-Length", str(60 + (e.seq % 180)))]
        return h
    h.append(("User-Agent", e.dev.ua))
    if k.startswith("requests") or e.dev.fake:
        h += [("Accept-Encoding", "gzip, deflate"), ("Accept", "*/*"), ("Connection", "keep-alive")]
    elif k in ("go",):
        h += [("Accept-Encoding", "gzip")]
    elif k == "java":
        h = [("Host", e.host), ("Connection", "Keep-Alive"), ("User-Agent", e.dev.ua), ("Accept-Encoding", "gzip,deflate")]
    elif k == "wget":
        h += [("Accept", "*/*"), ("Accept-Encoding", "identity"), ("Connection", "Keep-Alive")]
    elif k == "uptimekuma":
        h = [("Accept", "application/json, text/plain, */*"), ("User-Agent", e.dev.ua),
             ("Accept-Encoding", "gzip, compress, deflate, br"), ("Host", e.host), ("Connection", "close")]
    elif k == "check_http":
        h += [("Connection", "close")]
    elif k in ("googlebot", "bingbot"):
        h += [("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
              ("Accept-Encoding", "gzip, deflate, br")] + ([("From", "googlebot(at)googlebot.com")] if k == "googlebot" else [])
    elif k == "logicapps":
        h += [("Accept-Language", "en-US"), ("x-ms-workflow-name", "trec-bus-roster-pull"),
              ("x-ms-workflow-run-id", "08584391%012d" % (e.seq * 7919 % 10 ** 12))]
    else:
        h += [("Accept", "*/*")]
    if e.auth:
        h.append(("Authorization", "Basic " + base64.b64encode(("%s:%s" % (e.auth, SECRETS.get(e.auth, "x"))).encode()).decode()))
    if ck:
        h.append(("Cookie", ck))
    if post:
        h += [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", str(60 + (e.seq % 180)))]
    return h


def resp_headers(e):
    st = e.st
    if st == 403 and e.msgs:
        return [("Content-Length", "199"), ("Content-Type", "text/html; charset=iso-8859-1")]
    if st == 304:
        return [("ETag", '"%x"' % (e.size + 77))]
    if st == 404:
        return [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "207")]
    h = [("Content-Type", CT.get(e.ct, "text/html; charset=utf-8")), ("Content-Length", str(e.size))]
    if e.loc:
        h.append(("Location", e.loc))
    if e.ct in ("pdf", "csv", "xlsx", "txt") and st == 200:
        fn = e.uri.split("?")[0].rsplit("/", 1)[-1]
        h.append(("Content-Disposition", ("inline" if e.ct == "pdf" else "attachment") + "; filename=" + fn))
    if e.setck:
        h += [("Set-Cookie", c) for c in e.setck]
    if e.ct == "html" and st == 200:
        h += [("Cache-Control", "no-store"), ("X-Frame-Options", "SAMEORIGIN"), ("Vary", "Cookie")]
    elif e.uri.startswith(("/sis", "/records", "/api", "/reports", "/docs", "/state")):
        h.append(("Cache-Control", "no-store"))
    return h


def _msg(rid, msg, match, ref, fname, line, data, sev, tags):
    det = ('{"match":%s,"reference":%s,"ruleId":"%s","file":"%s%s","lineNumber":"%s","data":%s,"severity":"%s",'
           '"ver":"%s","rev":"","tags":[%s],"maturity":"0","accuracy":"0"}') % (
        J(match), J(ref), rid, RULES, fname, line, J(data), sev, CRS, ",".join(J(t) for t in tags))
    return '{"message":%s,"details":%s}' % (J(msg), det)


def messages(e):
    if not e.msgs:
        return ""
    kind = e.msgs[0]
    out, score, cat = [], 5, "SQLI"
    base = ["application-multi", "language-multi", "platform-multi"]
    if kind == "sqli":
        q = e.msgs[1] if len(e.msgs) > 1 and e.msgs[1] != "detect" else "1' OR '1'='1"
        out.append(_msg("942100", "SQL Injection Attack Detected via libinjection", "detected SQLi using libinjection.",
                        "v%d,%d" % (len(e.uri.split("?")[0]) + 3, len(q)), "REQUEST-942-APPLICATION-ATTACK-SQLI.conf", 46,
                        "Matched Data: s&sos found within ARGS:%s: %s" % ("q" if "q=" in e.uri else "sasid", q), 2,
                        base + ["attack-sqli", "paranoia-level/1", "OWASP_CRS", "OWASP_CRS/ATTACK-SQLI", "capec/1000/152/248/66"]))
    elif kind == "lfi":
        f = e.uri.split("?")[0]
        out.append(_msg("930130", "Restricted File Access Attempt",
                        "Matched \"Operator `PmFromFile' with parameter `restricted-files.data' against variable "
                        "`REQUEST_FILENAME' (Value: `%s' )" % f, "o1,%dv4,%dt:utf8toUnicode,t:urlDecodeUni,t:normalizePathWin"
                        % (len(f) - 1, len(f)), "REQUEST-930-APPLICATION-ATTACK-LFI.conf", 107,
                        "Matched Data: %s found within REQUEST_FILENAME: %s" % (f[1:], f), 2,
                        base + ["attack-lfi", "paranoia-level/1", "OWASP_CRS", "OWASP_CRS/ATTACK-LFI", "capec/1000/255/153/126"]))
        cat = "LFI"
    elif kind == "scan_ua":
        out.append(_msg("913100", "Found User-Agent associated with security scanner",
                        "Matched \"Operator `PmFromFile' with parameter `scanners-user-agents.data' against variable "
                        "`REQUEST_HEADERS:User-Agent' (Value: `%s' )" % e.dev.ua, "o28,9v%d,%dt:lowercase" % (
                            len(e.host) + 40, len(e.dev.ua)), "REQUEST-913-SCANNER-DETECTION.conf", 38,
                        "Matched Data: greenbone found within REQUEST_HEADERS:User-Agent: %s" % e.dev.ua.lower(), 2,
                        base + ["attack-reputation-scanner", "paranoia-level/1", "OWASP_CRS",
                                "OWASP_CRS/SCANNER-DETECTION", "capec/1000/118/224/541/310"]))
        cat = "HTTP"
    elif kind == "ip_host":
        out.append(_msg("920350", "Host header is a numeric IP address",
                        "Matched \"Operator `Rx' with parameter `(?:^([\\d.]+|\\[[\\da-f:]+\\]|[\\da-f:]+)(:[\\d]+)?$)' "
                        "against variable `REQUEST_HEADERS:Host' (Value: `%s' )" % e.host, "o0,%dv21,%d" % (len(e.host), len(e.host)),
                        "REQUEST-920-PROTOCOL-ENFORCEMENT.conf", 707, e.host, 4,
                        base + ["attack-protocol", "paranoia-level/1", "OWASP_CRS", "OWASP_CRS/PROTOCOL-ENFORCEMENT",
                                "capec/1000/210/272"]))
        score, cat = 3, "HTTP"
    if score >= 5:
        out.append(_msg("949110", "Inbound Anomaly Score Exceeded (Total Score: %d)" % score,
                        "Matched \"Operator `Ge' with parameter `5' against variable `TX:BLOCKING_INBOUND_ANOMALY_SCORE' "
                        "(Value: `%d' )" % score, "", "REQUEST-949-BLOCKING-EVALUATION.conf", 222, "", 0,
                        ["anomaly-evaluation", "OWASP_CRS"]))
    sc = {k: (score if k == cat else 0) for k in ("SQLI", "XSS", "RFI", "LFI", "RCE", "PHPI", "HTTP", "SESS")}
    out.append(_msg("980170", "Anomaly Scores: (Inbound Scores: blocking=%d, detection=%d, per_pl=%d-0-0-0, threshold=5) - "
                              "(Outbound Scores: blocking=0, detection=0, per_pl=0-0-0-0, threshold=4) - (%s, COMBINED_SCORE=%d)"
                    % (score, score, score, ", ".join("%s=%d" % kv for kv in sc.items()), score),
                    "Matched \"Operator `Ge' with parameter `5' against variable `TX:BLOCKING_INBOUND_ANOMALY_SCORE' "
                    "(Value: `%d' )" % score, "", "RESPONSE-980-CORRELATION.conf", 98, "", 0, ["reporting", "OWASP_CRS"]))
    return ",".join(out)


def modsec(e, uid):
    ip_h, sid = NODES[e.node]
    hdr = ",".join(J(k) + ":" + J(v) for k, v in req_headers(e))
    rh = ",".join(J(k) + ":" + J(v) for k, v in resp_headers(e))
    eng = "DetectionOnly" if (e.msgs and "detect" in e.msgs) else "Enabled"
    return ('{"transaction":{"client_ip":"%s","time_stamp":"%s","server_id":"%s","client_port":%d,"host_ip":"%s",'
            '"host_port":443,"unique_id":"%s","request":{"method":"%s","http_version":%s,"uri":%s,"headers":{%s}},'
            '"response":{"http_code":%d,"headers":{%s}},%s,"messages":[%s]}}') % (
        e.ip, ctime(e.t), sid, e.port, ip_h, uid, e.m, e.hv, J(e.uri), hdr, e.st, rh, PRODUCER % eng, messages(e))


def _esc(s):
    if s is None:
        return "-"
    if '"' in s or "\\" in s or any(ord(ch) < 32 or ord(ch) > 126 for ch in s):
        o = []
        for ch in s:
            if ch in '"\\':
                o.append("\\" + ch)
            elif ord(ch) < 32 or ord(ch) > 126:
                o.extend("\\x%02X" % b for b in ch.encode("utf-8"))
            else:
                o.append(ch)
        return "".join(o)
    return s


def lighttpd(e):
    b = "-" if e.size == 0 or e.m == "HEAD" else str(e.size)
    return '%s %s %s [%s] "%s %s HTTP/%s" %d %s "%s" "%s"' % (
        e.ip, e.host, e.auth or "-", clf_time(e.t), e.m, e.uri, e.hv, e.st, b, _esc(e.ref), _esc(e.dev.ua))


def unique_id(e, rng):
    return "%d%02d.%06d" % (int(to_epoch(e.t)), rng.randrange(100), rng.randrange(1000000))
