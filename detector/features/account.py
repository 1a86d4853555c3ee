"""Account-day and source-day feature families.

Credential sharing shows across sessions, not inside one: one account used
from several networks at the same time, switching between them faster than a
person travels, by several kinds of device.  These families describe each
(account, local day) from all its requests, and each (client address, local
day) for sign-in abuse that carries no account.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from detector.schema import epoch_ns

from detector.features.registry import FeatureParams, feature_family
from detector.features.session import AUTOMATION_CLASSES
from detector.sessions import Sessionised

BUCKET_MINUTES = 5


def account_day_index(requests: pd.DataFrame) -> pd.MultiIndex:
    """The (user, local_day) units of authenticated requests, sorted."""
    authed = requests.loc[requests["user"].notna(), ["user", "local_day"]].drop_duplicates()
    return pd.MultiIndex.from_frame(authed.sort_values(["user", "local_day"]))


def _authed(data: Sessionised) -> pd.DataFrame:
    req = data.requests
    return req.loc[req["user"].notna()].sort_values(["user", "local_day", "ts"], kind="stable")


@feature_family("volume", "account_day", "requests, sessions, records and hours of one account's day")
def account_volume(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = _authed(data)
    keys = ["user", "local_day"]
    g = req.groupby(keys, sort=True)
    pages = req[~req["is_static"].to_numpy()]
    ents = pages[pages["entity"].to_numpy() != 0]
    population = max(int(ents["entity"].nunique()), 1)
    index = account_day_index(data.requests)
    distinct = ents.groupby(keys)["entity"].nunique().reindex(index, fill_value=0)
    cls = req["ua_class"].astype(object).to_numpy()
    automation = pd.Series(np.isin(cls, AUTOMATION_CLASSES), index=req.index).groupby([req["user"], req["local_day"]]).mean()
    login_post = req["is_login"].to_numpy() & (req["method"].to_numpy() == "POST") & (req["status"].to_numpy() >= 400)
    return pd.DataFrame(
        {
            "ad_requests": g.size().reindex(index, fill_value=0),
            "ad_sessions": g["session_idx"].nunique().reindex(index, fill_value=0),
            "ad_distinct_entities": distinct,
            "ad_entity_share": distinct / population,
            "ad_active_hours": g["local_hour"].nunique().reindex(index, fill_value=0),
            "ad_automation_share": automation.reindex(index, fill_value=0),
            "ad_downloads": pd.Series(req["is_download"].to_numpy() & ~req["is_static"].to_numpy(), index=req.index)
            .groupby([req["user"], req["local_day"]]).sum().reindex(index, fill_value=0),
            "ad_login_failures": pd.Series(login_post, index=req.index).groupby([req["user"], req["local_day"]]).sum().reindex(index, fill_value=0),
        },
        index=index,
    )


@feature_family("sharing", "account_day", "networks, devices, concurrency and impossible travel of one account's day")
def account_sharing(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = _authed(data)
    keys = ["user", "local_day"]
    index = account_day_index(data.requests)
    g = req.groupby(keys, sort=True)
    # concurrency: 5-minute buckets in which two or more wide networks were active
    bucket = epoch_ns(req["ts"]) // int(BUCKET_MINUTES * 60e9)
    per_bucket = (
        pd.DataFrame({"user": req["user"].to_numpy(), "local_day": req["local_day"].to_numpy(), "b": bucket, "n": req["net_wide"].astype(object).to_numpy()})
        .groupby(["user", "local_day", "b"])["n"].nunique()
    )
    concurrent = (per_bucket >= 2).groupby(level=[0, 1]).sum() * BUCKET_MINUTES
    max_nets = per_bucket.groupby(level=[0, 1]).max()
    # fast switches: the wide network changes between consecutive requests less than travel_max apart
    user = req["user"].to_numpy()
    day = req["local_day"].to_numpy()
    net = req["net_wide"].cat.codes.to_numpy()
    t = epoch_ns(req["ts"]) / 60e9
    same_unit = np.zeros(len(req), dtype=bool)
    same_unit[1:] = (user[1:] == user[:-1]) & (day[1:] == day[:-1])
    switch = same_unit & (np.diff(net, prepend=-1) != 0) & (np.diff(t, prepend=np.inf) < params.travel_max_minutes)
    switches = pd.Series(switch, index=req.index).groupby([req["user"], req["local_day"]]).sum()
    overlap, returns = _session_overlap_and_returns(data, params)
    # families of clients (versions ignored, so a browser update is not a new device)
    return pd.DataFrame(
        {
            "ad_session_overlap_minutes": overlap.reindex(index, fill_value=0),
            "ad_network_returns": returns.reindex(index, fill_value=0),
            "ad_distinct_ips": g["client_ip"].nunique().reindex(index, fill_value=0),
            "ad_distinct_networks": g["net_wide"].nunique().reindex(index, fill_value=0),
            "ad_distinct_subnets": g["net_narrow"].nunique().reindex(index, fill_value=0),
            "ad_distinct_ua_families": g["ua_family"].nunique().reindex(index, fill_value=0),
            "ad_concurrent_minutes": concurrent.reindex(index, fill_value=0),
            "ad_max_simultaneous_networks": max_nets.reindex(index, fill_value=0),
            "ad_fast_network_switches": switches.reindex(index, fill_value=0),
        },
        index=index,
    )


def _session_overlap_and_returns(data: Sessionised, params: FeatureParams) -> tuple[pd.Series, pd.Series]:
    """Per account-day: minutes during which sessions from different networks overlapped,
    and how often a non-mobile client came back to a network left earlier that day."""
    s = data.sessions
    req = data.requests
    starts = s["start"].to_numpy(dtype=np.int64)
    if len(starts) == 0:
        empty = pd.Series(dtype=np.float64, index=pd.MultiIndex.from_tuples([], names=["user", "local_day"]))
        return empty, empty
    frame = pd.DataFrame(
        {
            "user": s["user"].to_numpy(),
            "local_day": req["local_day"].to_numpy()[starts],
            "net": req["net_wide"].astype(object).to_numpy()[starts],
            "mobile": req["ua_class"].astype(object).to_numpy()[starts] == "mobile",
            "t0": epoch_ns(s["first_seen"]) / 60e9,
            "t1": epoch_ns(s["last_seen"]) / 60e9,
        }
    )
    frame = frame[frame["user"].notna()]
    multi = frame.groupby(["user", "local_day"])["net"].transform("nunique") >= 2
    overlap: dict[tuple, float] = {}
    returns: dict[tuple, float] = {}
    for key, group in frame[multi].sort_values("t0").groupby(["user", "local_day"], sort=False):
        t0, t1, net = group["t0"].to_numpy(), group["t1"].to_numpy(), group["net"].to_numpy()
        total = 0.0
        for i in range(len(t0)):
            later = slice(i + 1, None)
            other = net[later] != net[i]
            ends = np.minimum(t1[i], t1[later])
            begins = np.maximum(t0[i], t0[later])
            total += float(np.clip(ends - begins, 0, None)[other].sum())
        overlap[key] = total
        seen: set = set()
        count, previous = 0, None
        # returns are counted between non-mobile clients: a person's phone on a carrier network
        # alternating with their desktop is normal, two desktops taking turns on two networks is not
        for n in net[~group["mobile"].to_numpy()]:
            if n != previous and n in seen:
                count += 1
            seen.add(n)
            previous = n
        returns[key] = float(count)
    names = ["user", "local_day"]
    as_series = lambda d: pd.Series(d, dtype=np.float64).rename_axis(names) if d else pd.Series(  # noqa: E731
        dtype=np.float64, index=pd.MultiIndex.from_tuples([], names=names)
    )
    return as_series(overlap), as_series(returns)


@feature_family("identity", "account_day", "whether the account name looks generic rather than personal")
def account_identity(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    index = account_day_index(data.requests)
    patterns = [re.compile(p, re.I) for p in params.generic_account_patterns]
    users = index.get_level_values("user") if len(index) else pd.Index([])
    generic = {u: float(any(p.search(u) for p in patterns)) for u in pd.unique(users)}
    return pd.DataFrame({"generic_account": [generic[u] for u in users]}, index=index)


def source_day_index(requests: pd.DataFrame) -> pd.MultiIndex:
    """The (client_ip, local_day) units of all requests, sorted."""
    pairs = requests[["client_ip", "local_day"]].drop_duplicates().sort_values(["client_ip", "local_day"])
    return pd.MultiIndex.from_frame(pairs)


@feature_family("sign_in", "source_day", "sign-in attempts, failures and accounts tried from one address in a day")
def source_sign_in(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    index = source_day_index(req)
    login = req["is_login"].to_numpy() & (req["method"].to_numpy() == "POST")
    failed = login & (req["status"].to_numpy() >= 400)
    keys = [req["client_ip"], req["local_day"]]
    attempts = pd.Series(login, index=req.index).groupby(keys).sum().reindex(index, fill_value=0)
    failures = pd.Series(failed, index=req.index).groupby(keys).sum().reindex(index, fill_value=0)
    tried = req.loc[login & req["user"].notna().to_numpy()].groupby(["client_ip", "local_day"])["user"].nunique()
    return pd.DataFrame(
        {
            "src_requests": req.groupby(["client_ip", "local_day"]).size().reindex(index, fill_value=0),
            "src_login_attempts": attempts,
            "src_login_failures": failures,
            "src_login_failure_share": failures / np.maximum(attempts, 1),
            "src_accounts_tried": tried.reindex(index, fill_value=0),
            "src_user_agents": req.groupby(["client_ip", "local_day"])["ua_family"].nunique().reindex(index, fill_value=0),
        },
        index=index,
    )
