"""``ad_other_computer_minutes``: a second kind of computer in use elsewhere for much of an account's day."""

from __future__ import annotations

from tests.detector.features.test_account_features import CHROME_119, HOME, IPHONE, OFFICE, day_of, featurise

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"
SAFARI_MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Version/17.1 Safari/605.1.15")


def _work(user: str, start_h: float, end_h: float, ip: str, user_agent: str | None = None) -> list[dict]:
    """A request every two minutes from ``start_h`` to before ``end_h`` (UTC hours), each a new record."""
    rows, m = [], start_h * 60
    while m < end_h * 60:
        row = {"m": m, "user": user, "client_ip": ip, "path": f"/students/{int(m)}"}
        if user_agent:
            row["user_agent"] = user_agent
        rows.append(row)
        m += 2
    return rows


def _minutes(rows: list[dict], user: str) -> float:
    return float(day_of(featurise(rows, "account_day"), user)["ad_other_computer_minutes"])


def test_a_login_handed_over_at_the_end_of_a_shift() -> None:
    """The owner's Chrome in the office until 15:00, someone's Firefox at home from 15:05 until 23:00."""
    rows = _work("jstone", 7, 15, OFFICE) + _work("jstone", 15 + 5 / 60, 23, HOME, FIREFOX)
    assert _minutes(rows, "jstone") == 474  # 15:05 to 22:59


def test_an_evening_at_home_on_the_family_computer_is_short() -> None:
    rows = _work("ana", 7, 15, OFFICE) + _work("ana", 19, 20.5, HOME, SAFARI_MAC)
    assert _minutes(rows, "ana") == 88


def test_the_same_kind_of_computer_elsewhere_a_phone_or_a_second_browser_in_the_office_are_not_counted() -> None:
    office = _work("bo", 7, 15, OFFICE)
    assert _minutes(office + _work("bo", 15.1, 23, HOME, CHROME_119), "bo") == 0  # a laptop of the same kind
    assert _minutes(office + _work("bo", 15.1, 23, HOME, IPHONE), "bo") == 0  # a phone
    assert _minutes(office + _work("bo", 7, 15, OFFICE, FIREFOX), "bo") == 0  # two browsers, one network
    assert _minutes(office, "bo") == 0


def test_the_main_computer_is_the_one_longest_in_use() -> None:
    """Firefox at home all afternoon and evening is the main computer; the office Chrome's morning is the other."""
    rows = _work("cy", 7, 10, OFFICE) + _work("cy", 15 + 5 / 60, 23, HOME, FIREFOX)
    assert _minutes(rows, "cy") == 178  # 07:00 to 09:58


def test_a_phone_app_between_office_visits_is_no_return_of_a_second_computer() -> None:
    """A field worker's phone app (its HTTP library is no browser: okhttp) on carrier networks between spells at
    the office desktop: the login comes back to the office network, but no second computer took turns with it.
    A second browser on another network taking turns with the office one does."""
    okhttp = "okhttp/4.11.0"
    office = _work("fw", 7, 9, OFFICE) + _work("fw", 11, 13, OFFICE) + _work("fw", 15, 16, OFFICE)
    visits = _work("fw", 9.5, 10.5, "100.64.7.1", okhttp) + _work("fw", 13.5, 14.5, "100.71.2.9", okhttp)
    assert day_of(featurise(office + visits, "account_day"), "fw")["ad_network_returns"] == 0
    desks = _work("fw", 9.5, 10.5, HOME, FIREFOX) + _work("fw", 13.5, 14.5, HOME, FIREFOX)
    assert day_of(featurise(office + desks, "account_day"), "fw")["ad_network_returns"] >= 2
