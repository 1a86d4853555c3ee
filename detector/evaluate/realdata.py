"""Detection quality on real, labelled public logs (``../shared/realdata``).

* CERTH web-bot sessions (Iliou et al., 2021): humans and bots share one
  browser user agent, so only behaviour separates them.  Sessions are keyed
  on the PHP session id the log carries; the unsupervised score is fitted on
  all sessions without labels and its AUC measured on the labelled ones.
* The elastic Apache sample: clients whose user agent matches the public
  crawler list are the positives; AUC of the same unsupervised score.
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
