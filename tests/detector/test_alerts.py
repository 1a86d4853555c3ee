"""The other account names an alert lists (``detector.alerts.other_accounts``)."""

import pandas as pd

from detector.alerts import other_accounts


def _sessions(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["user", "other_users", "requests"])


def test_an_accounts_alert_lists_the_other_names_of_its_sessions_but_not_its_own() -> None:
    rows = _sessions([("EDNET\\jdoe", ("jdoe@district.example",), 40), ("jdoe@district.example", None, 5)])
    assert other_accounts(rows, "EDNET\\jdoe", 20) == ["jdoe@district.example"]
    assert other_accounts(rows, "jdoe@district.example", 20) == ["EDNET\\jdoe"]


def test_an_addresss_alert_lists_the_accounts_signed_in_from_it_busiest_first_ties_by_name() -> None:
    rows = _sessions([(None, None, 300), ("victim@district.example", None, 4), ("b@district.example", None, 9),
                      ("a@district.example", None, 9)])
    assert other_accounts(rows, None, 20) == ["a@district.example", "b@district.example", "victim@district.example"]
    assert other_accounts(rows, None, 2) == ["a@district.example", "b@district.example"]


def test_sessions_without_names_list_none() -> None:
    assert other_accounts(_sessions([(None, None, 12)]), None, 20) == []
    assert other_accounts(pd.DataFrame({"user": ["x"], "requests": [3]}), "x", 20) == []
