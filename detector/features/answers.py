"""Session feature family: records asked for in the request body, seen through the answers.

GraphQL, SOAP and JSON-RPC APIs take the record in the body of a POST to one
URL, so the log shows the same line thousands of times and no record at all:
every breadth feature reads nothing.  What the log does show is the size of
each answer.  Two answers of different sizes from one route are two
different answers, so the number of distinct (route, size) pairs among
successful requests whose URL names no record (sign-ins, downloads and
assets aside) is a floor on the records served that way.  A person's
dashboard and search calls give a few dozen; polling an unchanged count
gives one; a tool walking a district through the API gives thousands.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from detector.features import kernels as k
from detector.features.registry import FeatureParams, feature_family
from detector.sessions import Sessionised


@feature_family("answers", "session", "distinct answer sizes from URLs that name no record (records asked for in the body)")
def unnamed_answer_features(data: Sessionised, params: FeatureParams) -> pd.DataFrame:
    req = data.requests
    n = len(data.sessions)
    size = req["bytes"].to_numpy()  # int64, 0 when the log gives none
    status = req["status"].to_numpy()
    keep = (~req["is_static"].to_numpy(dtype=bool) & ~req["is_download"].to_numpy(dtype=bool)
            & ~req["is_login"].to_numpy(dtype=bool)
            & (req["entity"].to_numpy() == 0) & (status >= 200) & (status < 300) & (size > 0))
    rows = np.flatnonzero(keep)
    template = np.maximum(k.codes(data, "template")[0][rows], 0)
    answer = k.dense(k.pair_codes(template, size[rows]))
    return pd.DataFrame({"distinct_unnamed_answers": k.distinct(k.session_of(data)[rows], answer, n)},
                        index=data.sessions.index)
