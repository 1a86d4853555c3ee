"""Which way automation pushes each behavioural feature.

+1: scripts, scrapers and shared logins push the feature *up* (more records,
more regular pacing, more networks); -1: they push it *down* (fewer assets
per page, lower timing entropy, shorter gaps).  Features absent here have no
known direction (length, volume, mobile share, ...) and are left to the
two-sided detectors.  This is domain knowledge stated once, not something
learnt from labels; the one-sided detectors in :mod:`models.directional`
read it.
"""

from __future__ import annotations

SESSION_DIRECTIONS: dict[str, int] = {
    # pace of navigation (total request rate depends on the app's assets and scripts: undirected)
    "pages_per_min": +1,
    "gap_mean_s": -1,
    "gap_median_s": -1,
    # regularity and stamina
    "gap_cv": -1,
    "gap_entropy_bits": -1,
    "regular_gap_share": +1,
    "longest_active_min": +1,
    # breadth
    "distinct_urls": +1,
    "distinct_entities": +1,
    "max_entities_per_template": +1,
    "peak_window_entities": +1,
    "entity_share": +1,
    "sequential_id_share": +1,
    "monotonic_id_share": +1,
    # how a browser behaves
    "referer_share": -1,
    "assets_per_page": -1,
    # returns to pages seen: people go back to lists and skim what they have read; timers do not remember
    "backtrack_share": -1,
    "revisit_dwell_shift": +1,
    # client
    "ua_library_share": +1,
    "ua_headless_share": +1,
    "ua_crawler_share": +1,
    "ua_empty_share": +1,
    "ua_automation_share": +1,
    "user_agents": +1,
    # errors, hours, exports
    "error_4xx_share": +1,
    "not_found_share": +1,
    "login_failures": +1,
    "night_share": +1,
    "downloads": +1,
    "distinct_downloads": +1,
}

ACCOUNT_DAY_DIRECTIONS: dict[str, int] = {
    "ad_requests": +1,
    "ad_sessions": +1,
    "ad_distinct_entities": +1,
    "ad_entity_share": +1,
    "ad_active_hours": +1,
    "ad_automation_share": +1,
    "ad_downloads": +1,
    "ad_login_failures": +1,
    "ad_distinct_ips": +1,
    "ad_distinct_networks": +1,
    "ad_distinct_subnets": +1,
    "ad_distinct_ua_families": +1,
    "ad_concurrent_minutes": +1,
    "ad_max_simultaneous_networks": +1,
    "ad_fast_network_switches": +1,
    "ad_session_overlap_minutes": +1,
    "ad_network_returns": +1,
}

DIRECTIONS: dict[str, dict[str, int]] = {"session": SESSION_DIRECTIONS, "account_day": ACCOUNT_DAY_DIRECTIONS}
