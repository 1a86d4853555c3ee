"""Rules as data: validation, vectorised conditions, reasons, RuleSet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from models.rules import Rule, RuleError, RuleSet, default_rules_path, load_rules, parse_rules

from .conftest import RULES_PATH


def rule_yaml(**overrides: str | None) -> str:
    """YAML text of one valid rule with some fields replaced (None drops it)."""
    fields = {
        "id": "r1", "kind": "scraping", "level": "session",
        "condition": "distinct_entities >= 500", "severity": "high",
        "reason": "{distinct_entities:,.0f} distinct records",
    }
    fields.update(overrides)
    return yaml.safe_dump({"rules": [{k: v for k, v in fields.items() if v is not None}]}, sort_keys=False)


def make_rule(condition: str, reason: str = "x", **kw: str) -> Rule:
    return Rule(id=kw.get("id", "t"), kind="scraping", level="session", condition=condition,
                severity=kw.get("severity", "high"), reason=reason)


# --------------------------------------------------------------- validation

def test_valid_rule_loads():
    rs = load_rules(rule_yaml(), known_features={"distinct_entities"})
    assert isinstance(rs, RuleSet)
    (rule,) = rs.rules
    assert rule.id == "r1" and rule.condition_features == {"distinct_entities"}


@pytest.mark.parametrize(
    "overrides, problem",
    [
        ({"condition": "distinct_entities >= "}, "bad syntax"),
        ({"condition": "distinct_entities >>> 3"}, "bad syntax"),
        ({"kind": "phishing"}, "bad kind 'phishing'"),
        ({"severity": "urgent"}, "bad severity 'urgent'"),
        ({"level": "day"}, "bad level 'day'"),
        ({"severity": None}, "missing field.*severity"),
        ({"colour": "red"}, "unknown field.*colour"),
        ({"reason": "{distinct_entities:d} records"}, "format spec"),
        ({"reason": "{distinct_entities.real}"}, "plain feature name"),
        ({"reason": "{0} records"}, "plain feature name"),
        ({"reason": "{} records"}, "plain feature name"),
        ({"reason": "{distinct_entities"}, "malformed"),
        ({"condition": "42"}, None),  # a number is a (truthy) condition: valid
        ({"campaign_minutes": 0}, "campaign_minutes must be a number of minutes above 0"),
        ({"campaign_minutes": -5}, "campaign_minutes must be"),
        ({"campaign_minutes": "an hour"}, "campaign_minutes must be"),
        ({"campaign_minutes": True}, "campaign_minutes must be"),
        ({"campaign_minutes": 10_081}, "at most 10080"),
        ({"campaign_minutes": 60}, None),
    ],
)
def test_validation_errors_name_rule_and_problem(overrides, problem):
    if problem is None:
        load_rules(rule_yaml(**overrides))
        return
    with pytest.raises(RuleError, match=rf"rule 'r1'.*{problem}"):
        load_rules(rule_yaml(**overrides))


@pytest.mark.parametrize(
    "condition, problem",
    [
        ("__import__('os')", "call to '__import__' is not allowed"),
        ("__import__('os').system('true')", "call to .*__import__.* is not allowed"),
        ("distinct_entities.real > 1", "attribute access not allowed"),
        ("(lambda: 1)() > 0", "call to .* is not allowed"),
        ("lambda: 1", "lambda not allowed"),
        ("distinct_entities[0] > 1", "subscripts not allowed"),
        ("distinct_entities ** 2 > 1", "operator Pow is not allowed"),
        ("distinct_entities % 2 == 1", "operator Mod is not allowed"),
        ("distinct_entities in (1, 2)", "comparison In is not allowed"),
        ("distinct_entities is None", "comparison Is is not allowed"),
        ("'abc' == distinct_entities", "constant 'abc' is not allowed"),
        ("1 if distinct_entities else 0", "conditional expressions not allowed"),
        ("open('/etc/passwd')", "call to 'open' is not allowed"),
        ("min(distinct_entities) > 1", "min\\(\\) takes at least 2 arguments"),
        ("abs(x=distinct_entities) > 1", "takes no keyword arguments"),
        ("max > 1", "'max' may only be called"),
        ("__builtins__ > 1", "name '__builtins__' is not allowed"),
        ("[x for x in y]", "comprehensions not allowed"),
        ("(y := 3) > 1", "assignment expressions not allowed"),
        ("~distinct_entities", "operator Invert is not allowed"),
    ],
)
def test_disallowed_constructs_rejected(condition, problem):
    with pytest.raises(RuleError, match=rf"rule 'r1': condition .*{problem}"):
        load_rules(rule_yaml(condition=condition))


def test_campaign_minutes_is_optional_and_kept():
    (plain,) = load_rules(rule_yaml()).rules
    (grouped,) = load_rules(rule_yaml(campaign_minutes=45)).rules
    assert plain.campaign_minutes is None and grouped.campaign_minutes == 45


def test_unknown_feature_in_condition():
    with pytest.raises(RuleError, match=r"rule 'r1': unknown feature\(s\) in condition: distinct_entities"):
        load_rules(rule_yaml(), known_features={"other"})


def test_unknown_placeholder_in_reason():
    text = rule_yaml(reason="{duration_min:.0f} min")
    with pytest.raises(RuleError, match=r"rule 'r1': unknown placeholder\(s\) in reason: \{duration_min\}"):
        load_rules(text, known_features={"distinct_entities"})


def test_known_features_per_level():
    text = rule_yaml(level="account_day")
    load_rules(text, known_features={"session": {"nothing"}})  # account_day not checked
    with pytest.raises(RuleError, match="rule 'r1': unknown feature"):
        load_rules(text, known_features={"account_day": {"nothing"}})


def test_duplicate_id():
    text = rule_yaml() + rule_yaml().split("rules:\n", 1)[1]
    with pytest.raises(RuleError, match=r"rule 'r1': duplicate id \(rules #1 and #2\)"):
        load_rules(text)


@pytest.mark.parametrize(
    "source, problem",
    [
        ("rules: [", "invalid YAML"),
        ("something: []", "top-level 'rules:' list missing"),
        ("rules: 3", "'rules' must be a list"),
        ("rules:\n  - just a string", r"rule #1: must be a mapping"),
        ("rules:\n  - {kind: scraping}", r"rule #1: missing field.*id"),
        ("rules:\n  - {id: 5, kind: scraping, level: session, condition: 'a', severity: low, reason: x}",
         "rule id must be a non-empty string"),
        ("/no/such/rules.yaml", "rule file not found"),
        ("not-a-file", "neither a rule file nor YAML"),
    ],
)
def test_source_errors(source, problem):
    with pytest.raises(RuleError, match=problem):
        load_rules(source)


@pytest.mark.parametrize(
    "condition, problem",
    [
        ("not " * 5000 + "distinct_entities", "longer than 2000 characters"),
        ("-" * 1900 + "distinct_entities > 1", "nested more than 64 levels deep"),
        ("distinct_entities" + " + distinct_entities" * 80 + " > 1", "nested more than 64 levels deep"),
        ("(" * 300 + "distinct_entities" + ")" * 300, "bad syntax|nested too deeply"),
        ("distinct_entities\x00 > 1", "bad syntax"),
    ],
)
def test_oversized_conditions_are_refused_not_crashed(condition, problem):
    """A condition that would exhaust the parser's or evaluator's recursion is a RuleError, quoted short."""
    with pytest.raises(RuleError, match=rf"rule 'r1': condition .*({problem})") as info:
        parse_rules({"rules": [dict(id="r1", kind="scraping", level="session", condition=condition,
                                    severity="low", reason="x")]})
    assert len(str(info.value)) < 300


def test_nesting_up_to_the_limit_is_evaluated():
    rule = make_rule("not " * 60 + "a > 1")  # 61 levels: allowed, and evaluated as written
    cols = {"a": np.array([0.0, 2.0])}
    assert rule.evaluate(cols, 2).tolist() == [False, True]


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"rules: [\n", r"invalid YAML in .*rules\.yaml: .*\(line 2, column 1\)$"),
        (b"\xff\xfe", r"rule file .*rules\.yaml is not UTF-8 text \(byte 0xff at offset 0\)"),
    ],
)
def test_unreadable_rule_files_give_one_line(tmp_path, content, problem):
    path = tmp_path / "rules.yaml"
    path.write_bytes(content)
    with pytest.raises(RuleError, match=problem) as info:
        load_rules(path)
    assert "\n" not in str(info.value)


def test_a_directory_is_not_a_rule_file(tmp_path):
    with pytest.raises(RuleError, match="is a directory, not a rule file"):
        load_rules(tmp_path)


def test_rule_error_is_value_error():
    assert issubclass(RuleError, ValueError)


def test_empty_rule_list_is_valid():
    assert load_rules("rules: []").rules == []
    assert parse_rules("rules:") == []


def test_load_from_path_and_str_path():
    a = load_rules(RULES_PATH)
    b = load_rules(str(RULES_PATH))
    assert [r.id for r in a.rules] == [r.id for r in b.rules] == ["far-a", "far-b-or-c", "request-flood", "daily"]


def test_default_rules_path_points_into_package():
    path = default_rules_path()
    assert path.name == "default.yaml" and path.parent.name == "rulesets"
    assert path.parent.parent == Path(__import__("models").__file__).parent


@pytest.mark.skipif(not default_rules_path().is_file(), reason="default.yaml not written yet")
def test_default_rules_file_is_valid():
    rules = parse_rules(None)
    assert all(isinstance(r, Rule) for r in rules)


# --------------------------------------------------------------- evaluation

FRAME = pd.DataFrame({
    "a": [0.0, 1.0, 2.0, 3.0, np.nan, 5.0],
    "b": [1.0, 0.0, 2.0, np.nan, 1.0, -5.0],
    "ua": [1.0, 0.0, np.nan, 1.0, 1.0, 0.0],
})


def _eval(condition: str) -> list[bool]:
    return make_rule(condition).evaluate({c: FRAME[c].to_numpy() for c in FRAME}, len(FRAME)).tolist()


@pytest.mark.parametrize(
    "condition, expected",
    [
        ("a > 1", [False, False, True, True, False, True]),
        ("a >= 1 and b > 0", [False, False, True, False, False, False]),
        ("a > 2 or ua == 1", [True, False, False, True, True, True]),
        ("1 < a <= 3", [False, False, True, True, False, False]),
        ("0 <= a < b", [True, False, False, False, False, False]),
        ("a / b > 1", [False, True, False, False, False, False]),  # 1/0 = inf; NaN never true
        ("a - b == 0", [False, False, True, False, False, False]),
        ("a * 2 + 1 >= 7", [False, False, False, True, False, True]),
        ("-a < -2", [False, False, False, True, False, True]),
        ("min(a, b) >= 1", [False, False, True, False, False, False]),
        ("max(a, b, 4) == 4", [True, True, True, False, False, False]),
        ("abs(b) >= 5", [False, False, False, False, False, True]),
        ("not a > 1", [True, True, False, False, False, False]),  # NaN stays unknown under not
        ("not (a > 1 or b > 0)", [False, True, False, False, False, False]),
        ("a != 1", [True, False, True, True, False, True]),  # NaN != 1 is not true
        ("ua", [True, False, False, True, True, False]),
        ("ua and a >= 3", [False, False, False, True, False, False]),
        ("True", [True] * 6),
        ("False or a == 0", [True, False, False, False, False, False]),
        ("a > 2 or b > 100", [False, False, False, True, False, True]),
        ("ua == 1 or a > 4", [True, False, False, True, True, True]),  # NaN ua, a=2 -> unknown
    ],
)
def test_vectorised_conditions(condition, expected):
    assert _eval(condition) == expected


def test_inf_compares_as_huge():
    rule = make_rule("requests >= 200")
    cols = {"requests": np.array([np.inf, -np.inf, 10.0, np.nan])}
    assert rule.evaluate(cols, 4).tolist() == [True, False, False, False]


def test_reason_template_renders():
    rule = make_rule("distinct_entities > 0", reason="{distinct_entities:,.0f} distinct records in {duration_min:.0f} min")
    assert rule.render({"distinct_entities": 2140.0, "duration_min": 12.4}) == "2,140 distinct records in 12 min"
    assert rule.reason_features == {"distinct_entities", "duration_min"}


# --------------------------------------------------------------- RuleSet

@pytest.fixture()
def sessions() -> pd.DataFrame:
    return pd.DataFrame(
        {"a": [0.0, 7.0, -9.0, 0.5, np.nan], "b": [0.0, 0.0, 6.0, 0.0, 0.0], "c": [0.0, 0.0, 0.0, 0.0, 8.0],
         "requests": [10.0, 2140.0, 50.0, 300.0, 5.0], "flag": [0.0, 1.0, 1.0, 0.0, 0.0]},
        index=["s1", "s2", "s3", "s4", "s5"],
    )


def test_ruleset_scores_matches_reasons(sessions):
    rs = RuleSet(rules=RULES_PATH).fit(sessions)
    assert [r.id for r in rs.rules_] == ["far-a", "far-b-or-c", "request-flood"]  # session level only
    m = rs.matches(sessions)
    assert list(m.columns) == ["far-a", "far-b-or-c", "request-flood"]
    assert list(m.index) == list(sessions.index)
    assert m.to_numpy().tolist() == [
        [False, False, False],
        [True, False, True],
        [True, True, False],
        [False, False, False],
        [False, True, False],
    ]
    np.testing.assert_allclose(rs.decision_function(sessions), [0.0, 1.0, 0.75, 0.0, 0.5])
    assert rs.predict(sessions).tolist() == [0, 1, 1, 0, 1]
    reasons = rs.reasons(sessions)
    assert reasons[0] == []
    assert reasons[1] == [
        ("request-flood", "brute_force", "critical", "2,140 requests"),
        ("far-a", "scraping", "high", "a is 7.0"),
    ]
    assert reasons[2][0] == ("far-a", "scraping", "high", "a is -9.0")
    assert reasons[2][1] == ("far-b-or-c", "scraping", "medium", "b=6.0 c=0.0")
    assert reasons[4] == [("far-b-or-c", "scraping", "medium", "b=0.0 c=8.0")]


def test_ruleset_account_day_level():
    days = pd.DataFrame({"distinct_ips": [1.0, 5.0]})
    rs = RuleSet(rules=RULES_PATH, level="account_day").fit(days)
    assert [r.id for r in rs.rules_] == ["daily"]
    np.testing.assert_allclose(rs.decision_function(days), [0.0, 0.25])
    assert rs.reasons(days)[1] == [("daily", "credential_sharing", "low", "5 addresses")]
    assert RuleSet(rules=RULES_PATH).for_level("account_day").fit(days).rules_ == rs.rules_


def test_ruleset_fit_refuses_rules_using_absent_features(sessions):
    with pytest.raises(RuleError, match=r"rule 'request-flood': unknown feature\(s\) in condition: requests"):
        RuleSet(rules=RULES_PATH).fit(sessions.drop(columns=["requests"]))


def test_ruleset_accepts_rule_objects_and_ruleset(sessions):
    loaded = load_rules(RULES_PATH)
    a = RuleSet(rules=loaded.rules).fit(sessions)
    b = RuleSet(rules=loaded).fit(sessions)
    np.testing.assert_array_equal(a.decision_function(sessions), b.decision_function(sessions))


def test_ruleset_with_no_rules_for_level(sessions):
    rs = RuleSet(rules="rules: []").fit(sessions)
    assert rs.decision_function(sessions).tolist() == [0.0] * 5
    assert rs.matches(sessions).shape == (5, 0)
    assert rs.reasons(sessions) == [[]] * 5


def test_ruleset_needs_dataframe(sessions):
    with pytest.raises(ValueError, match="DataFrame"):
        RuleSet(rules=RULES_PATH).fit(sessions.to_numpy())
    rs = RuleSet(rules=RULES_PATH).fit(sessions)
    with pytest.raises(ValueError, match="DataFrame"):
        rs.decision_function(sessions.to_numpy())


def test_ruleset_bad_level(sessions):
    with pytest.raises(ValueError, match="level must be one of"):
        RuleSet(rules=RULES_PATH, level="hour").fit(sessions)
