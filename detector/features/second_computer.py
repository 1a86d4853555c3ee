"""Account-day feature family: a second kind of computer in use elsewhere for much of the day.

A login handed over at the end of a shift (the owner in the office until
three, someone else at home from five past until eleven, with another
browser) is never used from two places at once, so no concurrency measure
sees it.  What it shows is two working days on one login: a second kind of
computer (browser and operating system family, versions ignored, phones
left out) in use for hours, on networks the account's main computer never
used that day.  One person's evening at home on a family PC is an hour or
two; a desktop and a laptop of the same kind are one kind; one computer on
two networks (a VPN, a second line) is one kind.

Measured over every ``make eval`` log before it became a rule: the ordinary
staff's account-days with two kinds of computer reached at most 74 minutes on
the second one elsewhere; the benign look-alikes at most 260 (a person
with a desktop and a laptop at two sites, already alerted by the concurrency
rules); shared and handed-over logins 150 to over 1,000.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.features import kernels as k
from detector.features.account import account_units
from detector.features.registry import FeatureParams, feature_family
from detector.sessions import Sessionised


@feature_family("second_computer", "account_day",
                "minutes a second kind of computer was in use in one account's day, on networks the main one never used")
def second_computer(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    """``ad_other_computer_minutes`` per account-day.

    Time in use is the sum, over the sessions of a kind of computer that day,
    of each session's span from its first to its last request of the day.
    The *main* kind is the one longest in use (ties: the first by name);
    ``ad_other_computer_minutes`` is the longest time in use of any other kind,
    counting only its requests from narrow networks (/24, /48) the main kind
    did not use that day.  0 when the account-day had one kind of computer.
    """
    rows, unit, index = account_units(data)
    n = len(index)
    out = np.zeros(n)
    family_codes, families = k.codes(data, "ua_family")
    computer = ~k.value_mask(data, "ua_class", ("mobile",))[rows] & (family_codes[rows] >= 0)
    rows, unit = rows[computer], unit[computer]
    family = family_codes[rows]
    if n and len(np.unique(family)) >= 2:
        ts = k.ts_ns(data)[rows]
        session = k.session_of(data)[rows]
        net = np.maximum(k.codes(data, "net_narrow")[0][rows], 0)
        used = _minutes_in_use(unit, family, session, ts)
        # the main kind of each account-day: longest in use, ties by name, so that every engine picks the same
        name_rank = np.argsort(np.argsort(np.asarray(families, dtype=object).astype(str)))
        ranked = used.assign(rank=name_rank[used["family"].to_numpy()])
        main = ranked.sort_values(["unit", "minutes", "rank"], ascending=[True, False, True], kind="stable")
        main = main.drop_duplicates("unit")
        main_family = np.full(n, -1, dtype=np.int64)
        main_family[main["unit"].to_numpy()] = main["family"].to_numpy()
        is_main = family == main_family[unit]
        place = k.pair_codes(unit, net)
        elsewhere = ~is_main & ~np.isin(place, pd.unique(place[is_main]))
        if elsewhere.any():
            other = _minutes_in_use(unit[elsewhere], family[elsewhere], session[elsewhere], ts[elsewhere])
            best = other.groupby("unit")["minutes"].max()
            out[best.index.to_numpy()] = best.to_numpy()
    return pd.DataFrame({"ad_other_computer_minutes": out}, index=index)


def _minutes_in_use(unit: np.ndarray, family: np.ndarray, session: np.ndarray, ts: np.ndarray) -> pd.DataFrame:
    """Per (unit, family): the sum over its sessions of each one's span in minutes (columns unit, family, minutes)."""
    spans = (pd.DataFrame({"unit": unit, "family": family, "session": session, "ts": ts})
             .groupby(["unit", "family", "session"], sort=False)["ts"].agg(["min", "max"]))
    minutes = ((spans["max"] - spans["min"]) / 60e9).groupby(level=["unit", "family"], sort=False).sum()
    return minutes.rename("minutes").reset_index()
