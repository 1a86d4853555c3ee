"""Account-day and source-day feature families.

Credential sharing shows across sessions, not inside one: one account used
from several networks at the same time, switching between them faster than a
person travels, by several kinds of device.  These families describe each
(account, local day) from all its requests, and each (client address, local
day) for sign-in abuse that carries no account.

Units are numbered in the order of their index (account, or address, by
value, then day) and every reduction is a ``bincount`` over those numbers
(see :mod:`detector.features.kernels`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.config import matching_pattern
from detector.features import kernels as k
from detector.features.registry import FeatureParams, feature_family
from detector.features.session import AUTOMATION_CLASSES
from detector.schema import epoch_ns, factorize
from detector.sessions import Sessionised

BUCKET_MINUTES = 5
_NAMES = {"user": ["user", "local_day"], "client_ip": ["client_ip", "local_day"]}


def _units(requests: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray, pd.MultiIndex]:
    """Rows with a value in ``column``, their unit number, and the sorted ``(column, local_day)`` index."""
    codes, uniques = factorize(requests[column], sort=True)
    rows = np.flatnonzero(codes >= 0)
    day = requests["local_day"].to_numpy()
    day_codes, days = pd.factorize(day[rows], sort=True)
    ids, pairs = pd.factorize(k.pair_codes(codes[rows], day_codes), sort=True)
    width = len(days) if len(days) else 1
    values = np.asarray(uniques, dtype=object)[pairs // width] if len(pairs) else np.array([], dtype=object)
    index = pd.MultiIndex.from_arrays(
        [pd.Index(values, dtype=object), pd.Index(np.asarray(days)[pairs % width] if len(pairs) else days, dtype=day.dtype)],
        names=_NAMES[column],
    )
    return rows, ids.astype(np.int64), index


def account_units(data: Sessionised) -> tuple[np.ndarray, np.ndarray, pd.MultiIndex]:
    """Rows with an account, their account-day number, and the sorted ``(user, local_day)`` index (cached)."""
    return k.cached(data, "account_units", lambda: _units(data.requests, "user"))


def source_units(data: Sessionised) -> tuple[np.ndarray, np.ndarray, pd.MultiIndex]:
    """Rows with a client address, their address-day number, and the sorted ``(client_ip, local_day)`` index (cached)."""
    return k.cached(data, "source_units", lambda: _units(data.requests, "client_ip"))


def account_day_index(requests: pd.DataFrame) -> pd.MultiIndex:
    """The (user, local_day) units of authenticated requests, sorted."""
    return _units(requests, "user")[2]


def source_day_index(requests: pd.DataFrame) -> pd.MultiIndex:
    """The (client_ip, local_day) units of all requests, sorted."""
    return _units(requests, "client_ip")[2]


def _login_post(data: Sessionised) -> np.ndarray:
    return k.cached(data, "login_post",
                    lambda: data.requests["is_login"].to_numpy() & k.value_mask(data, "method", ("POST",)))


def account_entities(records: pd.DataFrame) -> np.ndarray:
    """The distinct records named by authenticated non-asset requests: the population behind ``ad_entity_share``."""
    keep = records["user"].notna().to_numpy() & ~records["is_static"].to_numpy(dtype=bool)
    entity = records["entity"].to_numpy()[keep]
    return np.unique(entity[entity != 0])


@feature_family("volume", "account_day", "requests, sessions, records and hours of one account's day")
def account_volume(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    rows, unit, index = account_units(data)
    n = len(index)
    static = req["is_static"].to_numpy()[rows]
    entity = req["entity"].to_numpy()[rows]
    with_entity = ~static & (entity != 0)
    ent = k.dense(entity[with_entity])
    population = params.account_entity_population or max(int(ent.max()) + 1 if len(ent) else 0, 1)
    distinct = k.distinct(unit[with_entity], ent, n)
    requests = k.count(unit, n)
    automation = k.value_mask(data, "ua_class", AUTOMATION_CLASSES)[rows]
    login_failures = _login_post(data)[rows] & (req["status"].to_numpy()[rows] >= 400)
    return pd.DataFrame(
        {
            "ad_requests": requests,
            "ad_sessions": k.distinct(unit, k.session_of(data)[rows], n),
            "ad_distinct_entities": distinct,
            "ad_entity_share": distinct / population,
            "ad_active_hours": k.distinct(unit, req["local_hour"].to_numpy()[rows], n),
            "ad_automation_share": k.count(unit, n, automation) / np.maximum(requests, 1.0),
            "ad_browser_share": k.count(unit, n, k.value_mask(data, "ua_class", ("browser", "mobile"))[rows])
            / np.maximum(requests, 1.0),
            "ad_unlogged_ua_share": k.count(unit, n, k.value_mask(data, "ua_class", ("unlogged",))[rows])
            / np.maximum(requests, 1.0),
            "ad_downloads": k.count(unit, n, req["is_download"].to_numpy()[rows] & ~static),
            "ad_login_failures": k.count(unit, n, login_failures),
        },
        index=index,
    )


@feature_family("sharing", "account_day", "networks, devices, concurrency and impossible travel of one account's day")
def account_sharing(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    rows, unit, index = account_units(data)
    n = len(index)
    net_all = np.maximum(k.codes(data, "net_wide")[0][rows], 0)
    # where the account's computers were: a phone on a carrier network changes address and network by the
    # session and is used beside the person's own desktop, so concurrency and switching count non-mobile clients
    fixed = ~k.value_mask(data, "ua_class", ("mobile",))[rows]
    unit_all, unit, net, ts = unit, unit[fixed], net_all[fixed], k.ts_ns(data)[rows][fixed]
    # concurrency: 5-minute buckets in which two or more wide networks were active
    ub, ub_unit = _buckets(unit, ts)
    nets_per_bucket = k.distinct(ub, net, len(ub_unit))
    concurrent = k.count(ub_unit, n, nets_per_bucket >= 2) * BUCKET_MINUTES
    max_nets = k.group_max(ub_unit, nets_per_bucket, n)
    # fast switches: the wide network changes between consecutive requests less than travel_max apart
    order = np.lexsort((ts, unit))
    u, w, t = unit[order], net[order], ts[order] / 60e9
    same_unit = np.zeros(len(u), dtype=bool)
    same_unit[1:] = u[1:] == u[:-1]
    switch = same_unit & (np.diff(w, prepend=-1) != 0) & (np.diff(t, prepend=np.inf) < params.travel_max_minutes)
    overlap, returns = _session_overlap_and_returns(data, index)
    return pd.DataFrame(
        {
            "ad_session_overlap_minutes": overlap,
            "ad_network_returns": returns,
            "ad_distinct_ips": k.distinct(unit_all, np.maximum(k.codes(data, "client_ip")[0][rows], 0), n),
            "ad_distinct_networks": k.distinct(unit_all, net_all, n),
            "ad_computer_networks": k.distinct(unit, net, n),
            "ad_distinct_subnets": k.distinct(unit_all, np.maximum(k.codes(data, "net_narrow")[0][rows], 0), n),
            "ad_distinct_ua_families": k.distinct(unit_all, np.maximum(k.codes(data, "ua_family")[0][rows], 0), n),
            "ad_concurrent_minutes": concurrent,
            "ad_max_simultaneous_networks": max_nets,
            "ad_fast_network_switches": k.count(u, n, switch),
            **_two_computers_clicking(data, rows, unit_all, n),
        },
        index=index,
    )


def _two_computers_clicking(data: Sessionised, rows: np.ndarray, unit: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Per account-day: minutes in which two computers both opened pages new to the account that day.

    A computer is an exact user-agent string on a non-mobile client, a place a
    narrow network (/24, /48).  ``ad_two_computers_minutes`` counts the
    :data:`BUCKET_MINUTES` buckets in which two different browsers each
    opened a page the account had not opened before that day (assets, polls
    and reloads are not new): two people working on one login, or one person
    on two computers at once, which is rare and brief.
    ``ad_two_places_minutes`` counts those in which the two were also on two
    different networks, which one person cannot be.  One computer on two
    networks (a VPN, an office with two lines, a NAT pool) has one user agent;
    a person moving from a desktop to a laptop shares a bucket or two.
    """
    req = data.requests
    candidate = np.flatnonzero(~req["is_static"].to_numpy()[rows] & ~k.value_mask(data, "ua_class", ("mobile",))[rows])
    path = np.maximum(k.codes(data, "path")[0][rows[candidate]], 0)
    first_view = candidate[~pd.Series(k.pair_codes(unit[candidate], path)).duplicated().to_numpy()]  # by hashing
    u, at = unit[first_view], rows[first_view]
    net = np.maximum(k.codes(data, "net_narrow")[0][at], 0)
    agent = np.maximum(k.codes(data, "user_agent")[0][at], 0)
    ub, ub_unit = _buckets(u, k.ts_ns(data)[at])
    computers = k.distinct(ub, agent, len(ub_unit)) >= 2
    places = computers & (k.distinct(ub, net, len(ub_unit)) >= 2)
    return {"ad_two_computers_minutes": k.count(ub_unit, n, computers) * BUCKET_MINUTES,
            "ad_two_places_minutes": k.count(ub_unit, n, places) * BUCKET_MINUTES}


def _buckets(unit: np.ndarray, ts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The :data:`BUCKET_MINUTES` buckets of each unit's rows: each row's bucket, and each bucket's unit."""
    bucket = ts // int(BUCKET_MINUTES * 60e9)
    ub, ub_index = pd.factorize(k.pair_codes(unit, bucket - bucket.min() if len(bucket) else bucket), sort=True)
    ub_unit = unit[np.unique(ub, return_index=True)[1]] if len(ub) else np.zeros(0, np.int64)
    return ub, ub_unit


def _session_overlap_and_returns(data: Sessionised, index: pd.MultiIndex) -> tuple[np.ndarray, np.ndarray]:
    """Per account-day of ``index``: minutes during which non-mobile sessions from different networks overlapped,
    and how often a browser on a computer came back to a network left earlier that day."""
    s = data.sessions
    n = len(index)
    overlap, returns = np.zeros(n), np.zeros(n)
    starts = k.starts(data)
    users = s["user"].to_numpy()
    signed = np.flatnonzero(pd.notna(users))
    if len(signed) == 0 or n == 0:
        return overlap, returns
    # each signed-in session's account-day: the session's account, the day of its first request
    user_codes, user_names = pd.factorize(pd.Index(users[signed], dtype=object), sort=True)
    day = data.requests["local_day"].to_numpy()[starts[signed]]
    day_codes, days = pd.factorize(day, sort=True)
    sunit, spairs = pd.factorize(k.pair_codes(user_codes, day_codes), sort=True)
    net = np.maximum(k.codes(data, "net_wide")[0][starts[signed]], 0)
    multi = k.distinct(sunit, net, len(spairs))[sunit] >= 2
    signed, sunit, net = signed[multi], sunit[multi].astype(np.int64), net[multi]
    if len(signed) == 0:
        return overlap, returns
    m = len(spairs)
    mobile = k.value_mask(data, "ua_class", ("mobile",))[starts[signed]]
    browser = k.value_mask(data, "ua_class", ("browser", "headless"))[starts[signed]]
    t0 = epoch_ns(s["first_seen"])[signed] / 60e9
    t1 = epoch_ns(s["last_seen"])[signed] / 60e9
    order = t0.argsort(kind="stable")  # ties in session order, so a subset or a partition orders them alike
    order = order[np.argsort(sunit[order], kind="stable")]
    unit, net, mobile, browser, t0, t1 = sunit[order], net[order], mobile[order], browser[order], t0[order], t1[order]
    s_overlap, s_returns = np.zeros(m), np.zeros(m)
    heads = np.flatnonzero(np.diff(unit, prepend=-1) != 0)
    sizes = np.diff(np.append(heads, len(unit)))
    # only account-days on several networks get here (few); summed session by session, in the
    # order the float additions were always made, so the minutes are the same to the last bit
    for head, size in zip(heads, sizes):
        sl = slice(head, head + size)
        fixed = ~mobile[sl]  # overlap between computers, as for concurrency (see account_sharing)
        s_overlap[unit[head]] = _pair_overlap(t0[sl][fixed], t1[sl][fixed], net[sl][fixed])
    # returns are counted between computers' browsers: a person's phone on a carrier network alternating
    # with their desktop is normal, and so is a phone app (its HTTP library, okhttp or CFNetwork, is no
    # browser); two desktops taking turns on two networks is not
    u, w = unit[browser], net[browser]
    if len(u):
        pair = k.pair_codes(u, w)
        uniq, first = np.unique(pair, return_index=True)
        first_at = first[np.searchsorted(uniq, pair)]
        changed = np.zeros(len(u), dtype=bool)
        changed[1:] = (u[1:] == u[:-1]) & (w[1:] != w[:-1])
        s_returns = k.count(u, m, changed & (np.arange(len(u)) > first_at))
    # onto the account-day index (a session's account-day may hold none of the account's requests)
    width = len(days)
    target = pd.MultiIndex.from_arrays([pd.Index(np.asarray(user_names, dtype=object)[spairs // width], dtype=object),
                                        pd.Index(np.asarray(days)[spairs % width])])
    pos = index.get_indexer(target)
    hit = pos >= 0
    overlap[pos[hit]] = s_overlap[hit]
    returns[pos[hit]] = s_returns[hit]
    return overlap, returns


def _pair_overlap(t0: np.ndarray, t1: np.ndarray, net: np.ndarray) -> float:
    total = 0.0
    for i in range(len(t0)):
        later = slice(i + 1, None)
        other = net[later] != net[i]
        ends = np.minimum(t1[i], t1[later])
        begins = np.maximum(t0[i], t0[later])
        total += float(np.clip(ends - begins, 0, None)[other].sum())
    return total


@feature_family("identity", "account_day",
                "whether the account name looks generic or like a machine's rather than personal, and whether it got "
                "past the sign-in pages")
def account_identity(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    rows, unit, index = account_units(data)
    # a name typed into a sign-in form is logged with the attempt (a password spray's 'admin', 'frontdesk'):
    # an account is in use only when it was answered somewhere else than the sign-in pages
    past = _past_sign_in(data)[rows]
    names = index.levels[0] if len(index) else pd.Index([], dtype=object)
    service = names_matching(names, params.service_account_patterns)
    generic = names_matching(names, params.generic_account_patterns) * (1.0 - service)  # a machine's is not shared
    codes = index.codes[0] if len(index) else np.zeros(0, dtype=np.int64)
    return pd.DataFrame({"generic_account": generic[codes] if len(generic) else np.zeros(len(index)),
                         "service_account": service[codes] if len(service) else np.zeros(len(index)),
                         "ad_requests_past_sign_in": k.count(unit, len(index), past)}, index=index)


def names_matching(names: Sequence[str], patterns: Sequence[str]) -> np.ndarray:
    """1.0 for each account name one of ``patterns`` finds (case-insensitive; see
    :func:`detector.config.matching_pattern`), else 0.0."""
    compiled = [re.compile(p, re.I) for p in patterns]
    return np.array([float(matching_pattern(u, compiled) is not None) for u in names], dtype=np.float64)


@feature_family("guessed", "account_day",
                "sign-ins posted under the account's name from addresses where it got no further that day, and how "
                "many such addresses")
def account_guessed(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    # where a log names the account typed into a sign-in form, guessing its password shows as posts under its name
    # from addresses where it is never answered anything past the sign-in pages; its owner gets in, and goes on
    rows, unit, index = account_units(data)
    n = len(index)
    post = _login_post(data)[rows]
    if not post.any():
        return pd.DataFrame({"ad_sign_ins_nowhere": np.zeros(n), "ad_sign_in_addresses_nowhere": np.zeros(n)},
                            index=index)
    address = np.maximum(k.codes(data, "client_ip")[0][rows], 0)
    addresses, posts = _posted_nowhere(unit, address, post, _past_sign_in(data)[rows], n)
    return pd.DataFrame({"ad_sign_ins_nowhere": posts, "ad_sign_in_addresses_nowhere": addresses}, index=index)


@feature_family("sign_in", "source_day", "sign-in attempts, failures and accounts tried from one address in a day")
def source_sign_in(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    rows, unit, index = source_units(data)
    n = len(index)
    login = _login_post(data)[rows]
    failed = login & (data.requests["status"].to_numpy()[rows] >= 400)
    attempts = k.count(unit, n, login)
    failures = k.count(unit, n, failed)
    user = k.codes(data, "user")[0][rows]
    tried = login & (user >= 0)
    return pd.DataFrame(
        {
            "src_requests": k.count(unit, n),
            "src_login_attempts": attempts,
            "src_login_failures": failures,
            "src_login_failure_share": failures / np.maximum(attempts, 1),
            "src_accounts_tried": k.distinct(unit[tried], user[tried], n),
            "src_accounts_stuck": _accounts_stuck(data, rows, unit, n, tried, user),
            # answered past the sign-in pages, named or not (a log may name users on their sign-in posts only)
            "src_requests_past_sign_in": k.count(unit, n, _past_sign_in(data)[rows]),
            "src_user_agents": k.distinct(unit, np.maximum(k.codes(data, "ua_family")[0][rows], 0), n),
        },
        index=index,
    )


def _past_sign_in(data: Sessionised) -> np.ndarray:
    """Per request: answered (below 400) somewhere else than the sign-in pages, an asset not counted."""
    req = data.requests
    return k.cached(data, "past_sign_in", lambda: ~req["is_login"].to_numpy() & ~req["is_static"].to_numpy()
                    & (req["status"].to_numpy() < 400))


def _accounts_stuck(data: Sessionised, rows: np.ndarray, unit: np.ndarray, n: int, tried: np.ndarray,
                    user: np.ndarray) -> np.ndarray:
    """Per address-day: the accounts that posted a sign-in from it and were answered nothing past the sign-in
    pages there (a form that logs the name typed, whatever it answers: a guessed name never gets further)."""
    named = user >= 0
    if not tried.any():
        return np.zeros(n)
    return _posted_nowhere(unit[named], user[named], tried[named], _past_sign_in(data)[rows][named], n)[0]


def _posted_nowhere(unit: np.ndarray, other: np.ndarray, posted: np.ndarray, past: np.ndarray,
                    n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per unit, its pairs with ``other`` (an account, an address) that posted a sign-in (``posted``) and were
    answered nothing past the sign-in pages (``past`` never true): how many such pairs, and their posts."""
    pairs, pair_of = np.unique(k.pair_codes(unit, other), return_inverse=True)
    m = len(pairs)
    posts = k.count(pair_of, m, posted)
    nowhere = (posts > 0) & ~(k.count(pair_of, m, past) > 0)
    pair_unit = np.zeros(m, dtype=np.int64)
    pair_unit[pair_of] = unit
    return k.count(pair_unit, n, nowhere), k.count(pair_unit, n, np.where(nowhere, posts, 0.0))

