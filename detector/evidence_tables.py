"""The per-alert evidence tables, computed for all alerts at once.

Every table is built from one frame of the alerts' requests (:func:`alert_rows`),
sorted by alert then time, so each alert's rows, and each of its time buckets,
are contiguous runs: reductions are ``reduceat`` / ``bincount`` over run
numbers rather than one pandas ``groupby`` per alert.  See
:mod:`detector.evidence` for what each table means.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from detector.schema import epoch_ns

#: The request columns the evidence reads (with ``session_idx``): all a partitioned scan keeps of the
#: requests of alerted sessions (``detector explain`` reads raw lines back from the logs by ``line_no``).
REQUEST_COLUMNS = ("ts", "entity", "net_wide", "client_ip", "ua_family", "template", "status", "method", "is_login",
                   "file_idx", "line_no")
#: Bucket sizes (minutes) tried in order when an alert is too long for 1-minute buckets.
BUCKET_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 240, 720, 1440)
_NS_MIN = 60_000_000_000


def bucket_minutes(first: pd.Timestamp, last: pd.Timestamp, max_buckets: int) -> int:
    """The smallest bucket size (minutes) that covers ``first..last`` in at most ``max_buckets``."""
    span_min = max((last - first).total_seconds() / 60.0, 0.0)
    for step in BUCKET_STEPS:
        if span_min / step < max_buckets:
            return step
    return int(np.ceil(span_min / max_buckets / 1440.0)) * 1440


def labels(values: pd.Series) -> np.ndarray:
    """Plain strings of a (possibly categorical) column as an object array; missing becomes ''."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = np.asarray(values.cat.categories.astype(object), dtype=object)
        return np.append(cats, "")[values.cat.codes.to_numpy()]  # code -1 (missing) picks the ''
    arr = values.to_numpy(dtype=object, copy=True)
    arr[pd.isna(arr)] = ""
    return arr


def taken_text(dictionary: np.ndarray, picks: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``dictionary[picks]`` as a pandas ``str`` array, built by Arrow without a Python string per row.

    ``dictionary`` holds strings only; the result equals ``pd.array(dictionary[picks], dtype="str")``.
    """
    indices = pa.array(np.asarray(picks, dtype=np.int32))
    return pd.array(pa.DictionaryArray.from_arrays(indices, pa.array(dictionary, type=pa.string())).dictionary_decode(),
                    dtype="str")


def label_text(values: pd.Series, rows: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``labels(values)[rows]``, as :func:`taken_text` builds it when ``values`` is a categorical of strings."""
    if isinstance(values.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(values.cat.categories.dtype):
        cats = np.append(np.asarray(values.cat.categories.astype(object), dtype=object), "")
        picks = values.cat.codes.to_numpy()[rows]
        return taken_text(cats, np.where(picks < 0, len(cats) - 1, picks))  # code -1 (missing) picks the ''
    return labels(values)[rows]


def codes(values: pd.Series) -> np.ndarray:
    """Integer codes of a column, missing values as a value of their own."""
    return pd.factorize(values, use_na_sentinel=False)[0] if len(values) else np.zeros(0, dtype=np.int64)


def _runs(*keys: np.ndarray) -> np.ndarray:
    """Run number of every row: a new run wherever any key changes (rows are sorted by the keys)."""
    if len(keys[0]) == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.zeros(len(keys[0]), dtype=bool)
    new[0] = True
    for key in keys:
        new[1:] |= key[1:] != key[:-1]
    return np.cumsum(new) - 1


def distinct_per(group: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Distinct ``values`` within each of ``n`` groups."""
    if len(group) == 0:
        return np.zeros(n, dtype=np.int64)
    dense = pd.factorize(values)[0].astype(np.int64)  # any values (64-bit hashes too) as 0..k-1
    width = int(dense.max()) + 1
    pairs = pd.unique(group.astype(np.int64) * width + dense)  # hashing: several times faster than np.unique's sort
    return np.bincount(pairs // width, minlength=n).astype(np.int64)


def failed_logins(req: pd.DataFrame) -> np.ndarray:
    """Failed sign-ins as the features count them: a POST to a sign-in route answered with status >= 400."""
    if "is_login" not in req.columns or "method" not in req.columns:
        return np.zeros(len(req), dtype=bool)
    method = req["method"].astype(object).to_numpy()
    return req["is_login"].to_numpy(dtype=bool) & (method == "POST") & (req["status"].to_numpy() >= 400)


def alert_rows(requests: pd.DataFrame, positions: list[np.ndarray], columns: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The alerts' requests in one frame, sorted by alert then time.

    Parameters
    ----------
    requests : pandas.DataFrame
        Sessionised requests.
    positions : list of numpy.ndarray
        Per alert, its requests' row positions (session by session).
    columns : list of str
        Columns to keep.

    Returns
    -------
    rows : pandas.DataFrame
        Index 0..n-1; within an alert, time order, ties in session order.
    alert : numpy.ndarray
        Each row's alert number (position in ``positions``).
    """
    alert = np.repeat(np.arange(len(positions)), [len(p) for p in positions])
    pos = np.concatenate(positions) if positions else np.zeros(0, dtype=np.int64)
    rows = requests.iloc[pos][columns].reset_index(drop=True)
    order = np.lexsort((rows["ts"].array.asi8, alert))  # stable: equal times keep session order
    return rows.iloc[order].reset_index(drop=True), alert[order]


def buckets(rows: pd.DataFrame, alert: np.ndarray, n_alerts: int, max_buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Each alert's bucket size (minutes) and each row's bucket start (UTC ns)."""
    ts = epoch_ns(rows["ts"])
    step = np.ones(n_alerts, dtype=np.int64)
    if len(ts):
        first = np.searchsorted(alert, np.arange(n_alerts), side="left")
        last = np.searchsorted(alert, np.arange(n_alerts), side="right") - 1
        for a in np.flatnonzero(last >= first):
            step[a] = bucket_minutes(pd.Timestamp(int(ts[first[a]])), pd.Timestamp(int(ts[last[a]])), max_buckets)
    width = step[alert] * _NS_MIN
    return step, ts // width * width


def activity_table(rows: pd.DataFrame, alert: np.ndarray, alert_ids: np.ndarray, step: np.ndarray,
                   bucket: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """Per alert and bucket: requests, errors, failed sign-ins, new and cumulative records, distinct sources."""
    run = _runs(alert, bucket)
    n = int(run[-1]) + 1 if len(run) else 0
    head = np.flatnonzero(np.diff(run, prepend=-1)) if len(run) else np.zeros(0, dtype=np.int64)
    entity = rows["entity"].to_numpy()
    first_touch = ~pd.DataFrame({"a": alert, "e": entity}).duplicated().to_numpy() & (entity != 0)
    new_records = np.bincount(run, weights=first_touch, minlength=n).astype(np.int64)
    run_alert = alert[head]
    cumulative = np.cumsum(new_records)
    alert_start = np.flatnonzero(np.diff(run_alert, prepend=-1))
    before = np.repeat(np.concatenate([[0], cumulative[alert_start[1:] - 1]]) if len(alert_start) else np.zeros(0, np.int64),
                       np.diff(np.append(alert_start, n)))
    out = pd.DataFrame(
        {
            "alert_id": taken_text(alert_ids, run_alert),
            "minute": pd.to_datetime(bucket[head], utc=True),
            "bucket_min": step[run_alert],
            "requests": np.bincount(run, minlength=n).astype(np.int64),
            "errors": np.bincount(run, weights=rows["status"].to_numpy() >= 400, minlength=n).astype(np.int64),
            "failed_logins": np.bincount(run, weights=failed_logins(rows), minlength=n).astype(np.int64),
            "new_records": new_records,
            "records_cumulative": cumulative - before,
            "networks": distinct_per(run, codes(rows["net_wide"]), n),
            "addresses": distinct_per(run, codes(rows["client_ip"]), n),
            "user_agents": distinct_per(run, codes(rows["ua_family"]), n),
        }
    )
    return out[columns]


def sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of a column's :func:`labels`, numbered in the labels' sorted order, and the sorted labels."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        names = np.append(np.asarray(values.cat.categories.astype(object), dtype=object), "")
        raw = values.cat.codes.to_numpy().astype(np.int64)
        raw[raw < 0] = len(names) - 1  # missing is ''
    else:
        raw, uniques = pd.factorize(labels(values))
        names = np.asarray(uniques, dtype=object)
    if len(names) == 0:
        return np.zeros(len(values), dtype=np.int64), names
    ordered, rank = np.unique(names, return_inverse=True)  # equal labels (a category '' and missing) merge
    return rank.reshape(-1)[raw], ordered


def _top_or_other(alert: np.ndarray, codes: np.ndarray, keep: int) -> np.ndarray:
    """``codes`` (numbered in label order), all but each alert's ``keep`` busiest as -1 (ties: alphabetical)."""
    if len(codes) == 0:
        return codes
    width = int(codes.max()) + 1
    key = alert.astype(np.int64) * width + codes
    pairs, counts = np.unique(key, return_counts=True)  # sorted by alert, then label
    a = pairs // width
    order = np.lexsort((-counts, a))  # per alert, busiest first; stable, so ties stay in label order
    starts = np.r_[0, np.flatnonzero(np.diff(a[order])) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    kept = pairs[order[rank < keep]]
    return np.where(np.isin(key, kept), codes, -1)


def lanes_table(rows: pd.DataFrame, alert: np.ndarray, alert_ids: np.ndarray, bucket: np.ndarray,
                keep_networks: int, keep_agents: int, other_networks: str, other_agents: str) -> pd.DataFrame:
    """Per alert, bucket, network and device family: requests.

    Counted on integer codes; only the counted rows are given their labels
    (each alert's ``keep_*`` busiest networks and families, the rest as
    ``other_*``) and sorted by alert, bucket, network and family.
    """
    net, net_names = sorted_codes(rows["net_wide"])
    agent, agent_names = sorted_codes(rows["ua_family"])
    frame = pd.DataFrame({"a": alert, "minute": bucket, "network": _top_or_other(alert, net, keep_networks),
                          "user_agent": _top_or_other(alert, agent, keep_agents)})
    out = frame.groupby(["a", "minute", "network", "user_agent"], sort=False).size().rename("requests").reset_index()
    out["minute"] = pd.to_datetime(out["minute"], utc=True)
    out["network"] = np.append(net_names, other_networks).astype(object)[out["network"].to_numpy()]
    out["user_agent"] = np.append(agent_names, other_agents).astype(object)[out["user_agent"].to_numpy()]
    out = out.sort_values(["a", "minute", "network", "user_agent"], kind="stable", ignore_index=True)
    out.insert(0, "alert_id", taken_text(alert_ids, out.pop("a").to_numpy()))
    return out


def routes_table(rows: pd.DataFrame, alert: np.ndarray, alert_ids: np.ndarray, keep: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Per alert and route template: requests, distinct records, errors; the ``keep`` busiest plus one "other" row.

    Returns
    -------
    routes : pandas.DataFrame
    templates : numpy.ndarray
        Distinct templates per alert (before the cap).
    """
    template = labels(rows["template"])
    entity = rows["entity"].to_numpy()
    frame = pd.DataFrame({"a": alert, "template": template, "entity": entity, "err": rows["status"].to_numpy() >= 400})
    g = frame.groupby(["a", "template"], sort=False)
    out = pd.DataFrame({"requests": g.size(), "errors": g["err"].sum().astype(np.int64)})
    touched = frame.loc[entity != 0, ["a", "template", "entity"]].drop_duplicates()
    records = touched.groupby(["a", "template"], sort=False).size().reindex(out.index, fill_value=0).astype(np.int64)
    out.insert(1, "records", records.to_numpy())
    out = out.reset_index()
    out = out.iloc[np.lexsort((-out["records"].to_numpy(), -out["requests"].to_numpy(), out["a"].to_numpy()))]
    rank = out.groupby("a").cumcount().to_numpy()
    totals = np.bincount(out["a"].to_numpy(), minlength=len(alert_ids))
    kept = out.loc[rank < keep]
    others = []
    for a in np.flatnonzero(totals > keep):
        rest = out.loc[(out["a"].to_numpy() == a) & (rank >= keep)]
        mine = frame.loc[(alert == a) & frame["template"].isin(set(rest["template"])).to_numpy(), "entity"].to_numpy()
        others.append({"a": a, "template": f"({totals[a] - keep} other templates)", "requests": int(rest["requests"].sum()),
                       "records": int(np.unique(mine[mine != 0]).size), "errors": int(rest["errors"].sum())})
    if others:
        kept = pd.concat([kept, pd.DataFrame(others)], ignore_index=True)
        kept = kept.iloc[np.argsort(kept["a"].to_numpy(), kind="stable")]
    kept = kept.reset_index(drop=True)
    kept.insert(0, "alert_id", taken_text(alert_ids, kept.pop("a").to_numpy()))
    return kept[["alert_id", "template", "requests", "records", "errors"]], totals


def lines_table(rows: pd.DataFrame, alert: np.ndarray, alert_ids: np.ndarray, keep: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Per alert, its lines in file order: ``file_idx``, ``line_no``, ``ts``, ``template``; at most ``keep`` each.

    Returns
    -------
    lines : pandas.DataFrame
    totals : numpy.ndarray
        Lines per alert (before the cap).
    """
    file_idx = rows["file_idx"].to_numpy(dtype=np.int32)
    line_no = rows["line_no"].to_numpy(dtype=np.int64)
    order = np.lexsort((line_no, file_idx, alert))
    a = alert[order]
    start = np.searchsorted(a, a, side="left")
    kept = order[(np.arange(len(order)) - start) < keep]
    out = pd.DataFrame(
        {
            "alert_id": taken_text(alert_ids, alert[kept]),
            "file_idx": file_idx[kept],
            "line_no": line_no[kept],
            "ts": rows["ts"].array[kept],
            "template": label_text(rows["template"], kept),
        }
    )
    return out, np.bincount(alert, minlength=len(alert_ids))
