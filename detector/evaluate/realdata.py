"""Detection quality on real, labelled public logs (``../shared/realdata``).

* CERTH web-bot sessions (Iliou et al., 2021): humans and bots share one
  browser user agent, so only behaviour separates them.  Sessions are keyed
  on the PHP session id the log carries; the unsupervised score is fitted on
  all sessions without labels and its AUC measured on the labelled ones.
* The elastic Apache sample: clients whose user agent matches the public
  crawler list are the positives; AUC of the same unsupervised score.
* Three vulnerability scanners (Acunetix, Netsparker, w3af; Baş Seyyar et
  al., 2018), each alone in its log: every line is the scanner's, so there
  are no peers to compare with.  Whether each scanner's address is alerted,
  and the share of the log's requests in the alerted subjects' sessions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from detector.config import Settings
from detector.io.reader import read_logs
from detector.pipeline import analyse

CERTH_LOG_FORMAT = '%h %u %t "%r" %>s %b "%{Referer}i" %{PHPSESSID}C "%{User-Agent}i"'
CERTH_LOGS = (
    "web_logs/bots/access_moderate_bots.log",
    "web_logs/bots/access_advanced_bots.log",
    "web_logs/humans/access_2.log",
    "web_logs/humans/access_3.log",
    "web_logs/humans/access_4.log",
)


def _labels(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            out[parts[0]] = parts[1]
    return out


def certh_scores(realdata: Path, settings: Settings | None = None) -> pd.DataFrame:
    """Unsupervised score of every CERTH application session.

    Parameters
    ----------
    realdata : Path
        The ``shared/realdata`` folder.
    settings : Settings, optional
        Defaults otherwise.

    Returns
    -------
    pandas.DataFrame
        Indexed by PHP session id: ``score`` (the session's highest anomaly
        score), ``rule_hit`` (whether any session rule fired).
    """
    base = realdata / "certh_webbot_phase1"
    settings = (settings or Settings()).model_copy(update={"log_format": CERTH_LOG_FORMAT})
    records, _ = read_logs([base / p for p in CERTH_LOGS], log_format=CERTH_LOG_FORMAT)
    sessions = analyse(records, settings).sessions
    sessions = sessions[sessions["app_session"] != ""]
    grouped = sessions.groupby("app_session")
    return pd.DataFrame({"score": grouped["score"].max(), "rule_hit": grouped["rules"].apply(lambda r: bool("".join(r)))})


def certh_auc(realdata: Path, settings: Settings | None = None) -> dict[str, dict]:
    """AUC of the unsupervised score on CERTH humans vs moderate and advanced bots.

    Returns
    -------
    dict
        ``{"moderate": {...}, "advanced": {...}}`` each with ``auc_all``
        (train+test annotations), ``auc_test`` (test split only) and counts.
    """
    scores = certh_scores(realdata, settings)
    out = {}
    for kind in ("moderate", "advanced"):
        folder = realdata / "certh_webbot_phase1" / "annotations" / f"humans_and_{kind}_bots"
        result = {}
        for split in ("all", "test"):
            labels: dict[str, str] = {}
            for part in (("train", "test") if split == "all" else ("test",)):
                labels.update(_labels(folder / part))
            present = [s for s in labels if s in scores.index]
            y = np.array([labels[s] != "human" for s in present], dtype=int)
            s = scores.loc[present, "score"].to_numpy()
            result[f"auc_{split}"] = float(roc_auc_score(y, s)) if 0 < y.sum() < len(y) else float("nan")
            result[f"n_{split}"] = {"humans": int((y == 0).sum()), "bots": int(y.sum())}
        out[kind] = result
    return out


def crawler_patterns(realdata: Path) -> list[re.Pattern]:
    """Compiled patterns of the public crawler user-agent list."""
    entries = json.loads((realdata / "crawler_user_agents" / "crawler-user-agents.json").read_text(encoding="utf-8"))
    return [re.compile(e["pattern"]) for e in entries]


def elastic_crawler_auc(realdata: Path, settings: Settings | None = None) -> dict:
    """AUC of the unsupervised score for self-declared crawlers in the elastic sample."""
    records, _ = read_logs([realdata / "elastic_apache" / "apache_logs"])
    sessions = analyse(records, settings or Settings()).sessions
    patterns = crawler_patterns(realdata)
    uas = sessions["user_agent"].fillna("").unique()
    is_crawler = {ua: any(p.search(ua) for p in patterns) for ua in uas}
    y = sessions["user_agent"].fillna("").map(is_crawler).to_numpy(dtype=int)
    return {
        "auc": float(roc_auc_score(y, sessions["score"].to_numpy())),
        "sessions": int(len(y)),
        "crawler_sessions": int(y.sum()),
    }


#: The scanner logs, by name; every line of each is that scanner's.
SCANNER_LOGS = (("Acunetix", "acunetix.txt"), ("Netsparker", "netsparker.txt"), ("w3af", "w3af.txt"))
#: An address sending at least this many requests is one the scanner ran from (the rest are a few stray lines).
SCANNER_MIN_REQUESTS = 100


def scanner_alerts(realdata: Path, settings: Settings | None = None) -> dict[str, dict]:
    """Whether each scanner log alerts its scanner, scanned alone with default settings.

    Returns
    -------
    dict
        Per scanner: ``addresses`` (those with at least
        :data:`SCANNER_MIN_REQUESTS` requests), ``alerted`` (of those, the
        ones an alert names, by address or through an account seen there),
        ``kinds`` and ``rules`` of the alerts, and ``covered`` (share of the
        log's requests in sessions of an alerted address or account).
    """
    out = {}
    for name, file in SCANNER_LOGS:
        records, _ = read_logs([realdata / "ocatak_scanner_logs" / file])
        analysis = analyse(records, settings or Settings())
        sessions = analysis.sessions
        per_ip = sessions.groupby("client_ip")["requests"].sum()
        addresses = sorted(per_ip.index[per_ip >= SCANNER_MIN_REQUESTS])
        ips = {ip for a in analysis.alerts for ip in (a.client_ips or [])}
        users = {a.user for a in analysis.alerts if a.user}
        hit = sessions["client_ip"].isin(ips) | sessions["user"].isin(users)
        alerted = sorted(set(addresses) & set(sessions.loc[hit, "client_ip"]))
        out[name] = {
            "lines": int(sessions["requests"].sum()),
            "addresses": addresses,
            "alerted": alerted,
            "kinds": sorted({a.kind for a in analysis.alerts}),
            "rules": sorted({r for a in analysis.alerts for r in a.rules}),
            "covered": float(sessions.loc[hit, "requests"].sum() / max(sessions["requests"].sum(), 1)),
        }
    return out
