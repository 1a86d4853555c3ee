"""blind23 render: one event as a BIG-IP ASM remote-log line, in the Splunk or the ArcSight (CEF) predefined format."""
import datetime as dt

from . import world as W
from .wire import raw_request

UNIT = "bigip-ksr-01"
UNIT_FQDN = "bigip-ksr-01.ed.example.gov"
MGMT = "10.40.8.11"
POLICY = "/Common/keystone_records_prod"
POLICY_DATE = dt.datetime(2026, 11, 9, 21, 14, 3)
VS = "/Common/vs_keystone_https"
VIP = "164.119.31.20"
VERSION = "17.1.0"
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FORMATS = {"f5_splunk": "asm.log", "f5_cef": "asm_cef.log"}
SPLUNK_KEYS = ["unit_hostname", "management_ip_address", "management_ip_address_2", "http_class_name",
               "web_application_name", "policy_name", "policy_apply_date", "violations", "support_id",
               "request_status", "response_code", "ip_client", "route_domain", "method", "protocol", "query_string",
               "x_forwarded_for_header_value", "sig_ids", "sig_names", "date_time", "severity", "attack_type",
               "geo_location", "ip_address_intelligence", "username", "session_id", "src_port", "dest_port",
               "dest_ip", "sub_violations", "virus_name", "violation_rating", "websocket_direction",
               "websocket_message_type", "device_id", "staged_sig_ids", "staged_sig_names", "threat_campaign_names",
               "staged_threat_campaign_names", "blocking_exception_reason", "captcha_result", "microservice",
               "vs_name", "uri", "fragment", "request", "response"]
CEF_KEYS = ["dvchost", "dvc", "cs1", "cs1Label", "cs2", "cs2Label", "deviceCustomDate1", "deviceCustomDate1Label",
            "externalId", "act", "cn1", "cn1Label", "src", "spt", "dst", "dpt", "requestMethod", "app", "cs5",
            "cs5Label", "rt", "deviceExternalId", "cs4", "cs4Label", "cs6", "cs6Label", "c6a1", "c6a1Label", "c6a2",
            "c6a2Label", "c6a3", "c6a3Label", "c6a4", "c6a4Label", "msg", "suid", "suser", "cn2", "cn2Label", "cn3",
            "cn3Label", "microservice", "request", "cs3Label", "cs3"]
LEGAL = ("passed", "", "", "", "", "", "Informational", 0)


class Clock:
    """Local wall-clock strings for offsets (seconds) from the window start, cached per second."""

    def __init__(self):
        self.base = W.START.timestamp()
        self.cache = {}

    def local(self, t):
        s = int(t // 1)
        d = self.cache.get(s)
        if d is None:
            d = self.cache[s] = dt.datetime.fromtimestamp(self.base + s, W.TZ)
        return d


def syslog_time(d):
    return "%s %2d %02d:%02d:%02d" % (MON[d.month - 1], d.day, d.hour, d.minute, d.second)


def cef_time(d):
    return "%s %02d %d %02d:%02d:%02d" % (MON[d.month - 1], d.day, d.year, d.hour, d.minute, d.second)


def esc_splunk(v):
    if "\\" in v:
        v = v.replace("\\", "\\\\")
    if '"' in v:
        v = v.replace('"', '\\"')
    if "\r" in v or "\n" in v:
        v = v.replace("\r", "\\r").replace("\n", "\\n")
    return v


def esc_cef(v):
    if "\\" in v:
        v = v.replace("\\", "\\\\")
    if "=" in v:
        v = v.replace("=", "\\=")
    if "\r" in v or "\n" in v:
        v = v.replace("\r", "\\r").replace("\n", "\\n")
    return v


def esc_cef_head(v):
    return v.replace("\\", "\\\\").replace("|", "\\|")


def render(fmt, e, support_id, clock, ipi):
    """One log line (without newline). `support_id` is ASM's id for the request; `ipi` maps address -> IP
    intelligence category."""
    sent = clock.local(e.t + e.dur)
    when = clock.local(e.t)
    v = e.viol or LEGAL
    raw = raw_request(e)
    geo = W.geo_of(e.ip)
    intel = ipi.get(e.ip, "N/A")
    if fmt == "f5_splunk":
        vals = [UNIT_FQDN, MGMT, "", POLICY, POLICY, POLICY, POLICY_DATE.strftime("%Y-%m-%d %H:%M:%S"), v[1],
                support_id, v[0], str(e.status), e.ip, "0", e.method, "HTTPS", e.query, e.xff or "N/A", v[3], v[4],
                when.strftime("%Y-%m-%d %H:%M:%S"), v[6], v[5], geo, intel, e.user, e.sid, str(e.port), "443", VIP,
                v[2], "N/A", str(v[7]), "N/A", "N/A", "N/A", "", "", "", "", "N/A", "not_received", "", VS, e.path,
                "", raw, "Response logging disabled"]
        body = ",".join('%s="%s"' % (k, esc_splunk(x)) for k, x in zip(SPLUNK_KEYS, vals))
        return "%s %s ASM:%s" % (syslog_time(sent), UNIT, body)
    if fmt == "f5_cef":
        if v[1]:
            sig = v[3].split(",")[0] if v[3] else v[1].split(",")[0]
            name = v[4].split(",")[0] if v[4] else v[1].split(",")[0]
            sev = 5
        else:
            sig = name = "Successful Request"
            sev = 2
        target = e.path + ("?" + e.query if e.query else "")
        vals = [UNIT_FQDN, MGMT, POLICY, "policy_name", POLICY, "http_class_name", cef_time(POLICY_DATE),
                "policy_apply_date", support_id, v[0], str(e.status), "response_code", e.ip, str(e.port), VIP, "443",
                e.method, "HTTPS", e.xff or "N/A", "x_forwarded_for_header_value", cef_time(when), "0",
                v[5] or "N/A", "attack_type", geo, "geo_location", "", "device_address", "", "source_address", "",
                "destination_address", intel, "ip_address_intelligence", "N/A", e.sid, e.user, str(v[7]),
                "violation_rating", "0", "device_id", "N/A", target, "full_request", raw]
        ext = " ".join("%s=%s" % (k, esc_cef(x)) for k, x in zip(CEF_KEYS, vals))
        return "%s %s ASM:CEF:0|F5|ASM|%s|%s|%s|%d|%s" % (syslog_time(sent), UNIT, VERSION, esc_cef_head(sig),
                                                         esc_cef_head(name), sev, ext)
    raise ValueError("unknown format %r" % fmt)
