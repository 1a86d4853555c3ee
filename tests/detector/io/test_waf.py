"""AWS WAF logs: JSON whose request headers are a list of name/value pairs, with no status or size of their own."""

from __future__ import annotations

import json

import pandas as pd

from detector.io import detect_format, parse_lines
from detector.io.jsonl import headers_as_object

from ._helpers import assert_schema


def _waf(action: str, headers: list[tuple[str, str]], uri: str = "/api/cases/42", args: str = "page=2",
         method: str = "GET", ip: str = "198.51.100.23") -> str:
    """One AWS WAF (v2) log record, trimmed of the rule groups a real one lists."""
    return json.dumps({
        "timestamp": 1822712400077, "formatVersion": 1,
        "webaclId": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/sis/5b2d9e41",
        "terminatingRuleId": "Default_Action" if action == "ALLOW" else "AWS-AWSManagedRulesSQLiRuleSet",
        "terminatingRuleType": "REGULAR", "action": action, "httpSourceName": "CF", "httpSourceId": "E2QW7XK4VF8M1A",
        "ruleGroupList": [], "rateBasedRuleList": [], "nonTerminatingMatchingRules": [],
        "httpRequest": {"clientIp": ip, "country": "US", "headers": [{"name": n, "value": v} for n, v in headers],
                        "uri": uri, "args": args, "httpVersion": "HTTP/2.0", "httpMethod": method,
                        "requestId": "TmjSE99YyPKQe-_7qxSdRA=="},
    })


CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def test_reads_the_request_its_headers_and_the_user_an_app_cookie_names() -> None:
    allowed = _waf("ALLOW", [("host", "sis.example.org"), ("user-agent", CHROME), ("referer", "https://sis.example.org/"),
                             ("cookie", "pw_session=9f86d081884c7d65; pw_user=j.doe%40district.org")])
    blocked = _waf("BLOCK", [("Host", "sis.example.org"), ("User-Agent", "sqlmap/1.7")], uri="/api/search",
                   args="lastName=%27%20OR%201=1--")
    assert detect_format([allowed, blocked]) == "jsonl"
    frame, rejected, _ = parse_lines([allowed, blocked], None)
    assert rejected == []
    assert_schema(frame)
    ok, refused = frame.iloc[0], frame.iloc[1]
    assert ok.ts == pd.Timestamp("2027-10-05 05:00:00.077", tz="UTC")
    assert (ok.client_ip, ok.method, ok.path, ok.user_agent) == ("198.51.100.23", "GET", "/api/cases/42?page=2", CHROME)
    assert (ok.referer, ok.user, ok.app_session) == ("https://sis.example.org/", "j.doe@district.org", "9f86d081884c7d65")
    assert ok.status == 0 and ok.bytes == 0  # WAF logs no answer: unknown, not an error
    assert refused.status == 403 and refused.user_agent == "sqlmap/1.7" and pd.isna(refused.user)


def test_header_lists_become_objects_with_the_first_value_of_each_name() -> None:
    obj = {"httpRequest": {"headers": [{"name": "X-Forwarded-For", "value": "10.0.0.1"},
                                       {"name": "x-forwarded-for", "value": "10.0.0.2"}, "junk", {"value": "x"}]}}
    headers_as_object(obj)
    assert obj["httpRequest"]["headers"] == {"x-forwarded-for": "10.0.0.1"}
