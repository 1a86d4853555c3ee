"""make eval's real-log measures (need ../shared/realdata; skipped without it)."""

from __future__ import annotations

from detector.evaluate.__main__ import figures_table
from detector.evaluate.realdata import scanner_alerts


def test_each_scanner_alone_in_its_log_is_alerted(realdata) -> None:
    result = scanner_alerts(realdata)
    assert set(result) == {"Acunetix", "Netsparker", "w3af"}
    for name, fig in result.items():
        assert fig["addresses"], name
        assert fig["alerted"] == fig["addresses"], name
        assert fig["covered"] > 0.9, name


def test_figures_table_has_a_row_per_scanner() -> None:
    el = {"auc": 0.8, "sessions": 10, "crawler_sessions": 3}
    certh = {k: {"auc_all": 0.9, "n_all": {"humans": 3, "bots": 4}} for k in ("moderate", "advanced")}
    scanners = {"Acunetix": {"lines": 6538, "addresses": ["a"], "alerted": ["a"], "kinds": ["scraping"], "covered": 1.0},
                "w3af": {"lines": 10, "addresses": ["b", "c"], "alerted": [], "kinds": [], "covered": 0.0}}
    table = figures_table({"realdata": {"certh": certh, "elastic_crawlers": el, "scanners": scanners}})
    assert "| Acunetix (6,538 requests) | 1 of 1 | 100% | scraping |" in table
    assert "| w3af (10 requests) | 0 of 2 | 0% | — |" in table


def test_real_sites_ordinary_traffic_trips_neither_the_data_read_nor_the_logins_in_turn_rule(realdata) -> None:
    """Two real production logs (elastic's semicomplete.com sample: large images, crawlers, feed readers; netnea's
    tutorial server): the rules that read bytes of pages and accounts taking turns stay silent on them."""
    from detector.config import Settings
    from detector.io.reader import read_logs
    from detector.pipeline import analyse

    for log in (realdata / "elastic_apache" / "apache_logs", realdata / "netnea_tutorial5" / "tutorial-5-example-access.log"):
        records, report = read_logs([log])
        assert report.lines_parsed > 9_000, log
        analysis = analyse(records, Settings())
        assert analysis.sessions["peak_page_bytes"].max() > 0, log  # the feature is measured there
        fired = {rule for alert in analysis.alerts for rule in alert.rules}
        assert not fired & {"scraping-bulk-page-bytes", "scraping-staff-logins-in-turn"}, (log, fired)
