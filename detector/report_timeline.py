"""One alert's timeline for the HTML report, drawn with matplotlib as an embedded PNG.

Four panels share the UTC time axis: requests per time bucket, distinct
records touched over time, distinct networks, addresses and device families
per bucket, and one row per network with dots coloured by device family.  Text from
logs is drawn as plain text (``$...$`` is never read as mathematics) and cut
to a bounded length.
"""

from __future__ import annotations

import base64
import io

import numpy as np
import pandas as pd


def _plain(text: object, limit: int = 80) -> str:
    """Text safe for a matplotlib label: no control characters, bounded length."""
    s = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _dense(activity: pd.DataFrame, step: int) -> pd.DataFrame:
    """Activity on every bucket between the first and the last (gaps filled with zeros)."""
    act = activity.set_index("minute").sort_index()
    full = pd.date_range(act.index[0], act.index[-1], freq=f"{step}min")
    dense = act.reindex(full)
    for col in ("requests", "errors", "failed_logins", "new_records", "networks", "addresses", "user_agents"):
        if col not in dense.columns:
            dense[col] = 0
        dense[col] = dense[col].fillna(0)
    dense["records_cumulative"] = dense["records_cumulative"].ffill().fillna(0)
    return dense


def timeline_png(activity: pd.DataFrame, lanes: pd.DataFrame | None) -> str:
    """One alert's timeline as a base64 PNG: four panels sharing the UTC time axis.

    Parameters
    ----------
    activity : pandas.DataFrame
        The alert's rows of ``activity.parquet``.
    lanes : pandas.DataFrame or None
        The alert's rows of ``lanes.parquet``.

    Returns
    -------
    str
        Base64 PNG data.
    """
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    step = int(activity["bucket_min"].iloc[0]) if "bucket_min" in activity.columns else 1
    dense = _dense(activity, step)
    x = dense.index.tz_convert("UTC").tz_localize(None).to_numpy()
    width = np.timedelta64(step, "m")
    networks = []
    if lanes is not None and len(lanes):
        networks = list(lanes.groupby("network", observed=True)["requests"].sum().sort_values(ascending=False).index)
    lane_height = 0.9 + 0.22 * max(len(networks), 1)
    unit = "minute" if step == 1 else f"{step} min"
    with matplotlib.rc_context({"text.parse_math": False, "font.size": 9, "axes.titlesize": 9, "axes.titleweight": "bold"}):
        # fixed margins in inches (a layout engine would double the drawing time)
        heights, gap, top, bottom, left, right, width_in = [1.4, 1.4, 1.1, lane_height], 0.42, 0.3, 0.55, 1.25, 1.9, 12.5
        height_in = top + bottom + sum(heights) + gap * (len(heights) - 1)
        fig = Figure(figsize=(width_in, height_in))
        axes = []
        y = height_in - top
        for h in heights:
            y -= h
            rect = [left / width_in, y / height_in, (width_in - left - right) / width_in, h / height_in]
            axes.append(fig.add_axes(rect, sharex=axes[0] if axes else None))
            y -= gap
        ax1, ax2, ax3, ax4 = axes
        xs = np.append(x, x[-1] + width)
        ax1.stairs(dense["requests"].to_numpy(), xs, fill=True, color="#3b6ea8", label="requests")
        if dense["errors"].sum() > 0:
            ax1.stairs(dense["errors"].to_numpy(), xs, fill=True, color="#c0392b", alpha=0.85, label="errors (status ≥ 400)")
            if dense["failed_logins"].sum() > 0:
                ax1.stairs(dense["failed_logins"].to_numpy(), xs, fill=False, color="#111", lw=1.1, label="failed sign-ins")
            ax1.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False, ncols=3, borderaxespad=0)
        ax1.set_title(f"requests per {unit}", loc="left")
        ax1.set_ylim(bottom=0)

        if dense["records_cumulative"].iloc[-1] > 0:
            ax2.plot(np.append(x, x[-1] + width), np.append(dense["records_cumulative"].to_numpy(), dense["records_cumulative"].iloc[-1]),
                     drawstyle="steps-post", color="#8e44ad", lw=1.6)
            ax2b = ax2.twinx()
            ax2b.stairs(dense["new_records"].to_numpy(), xs, fill=True, color="#d7bde2", alpha=0.7)
            ax2b.set_ylabel(f"new per {unit}", color="#9b59b6", fontsize=8)
            ax2b.set_ylim(bottom=0)
            ax2.set_zorder(ax2b.get_zorder() + 1)
            ax2.patch.set_visible(False)
            ax2.set_ylabel("cumulative", color="#8e44ad", fontsize=8)
        else:
            ax2.text(0.5, 0.5, "no records (IDs in URLs) touched", ha="center", va="center", transform=ax2.transAxes, color="#777")
        ax2.set_title("distinct records touched over time", loc="left")
        ax2.set_ylim(bottom=0)

        ax3.plot(x, dense["networks"].to_numpy(), drawstyle="steps-post", color="#16a085", lw=1.4, label="networks")
        ax3.plot(x, dense["user_agents"].to_numpy(), drawstyle="steps-post", color="#e67e22", lw=1.4, label="device families")
        ax3.plot(x, dense["addresses"].to_numpy(), drawstyle="steps-post", color="#7f8c8d", lw=0.9, ls=":", label="addresses")
        ax3.set_title(f"distinct networks, addresses and device families per {unit}", loc="left")
        ax3.set_ylim(bottom=0)
        ax3.yaxis.get_major_locator().set_params(integer=True)
        ax3.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False, ncols=3, borderaxespad=0)

        if networks:
            agents = list(lanes.groupby("user_agent", observed=True)["requests"].sum().sort_values(ascending=False).index)
            palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"]
            ypos = {n: i for i, n in enumerate(networks)}
            for j, agent in enumerate(agents):
                rows = lanes[lanes["user_agent"].astype(str) == str(agent)]
                ax4.scatter(
                    rows["minute"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(),
                    [ypos[n] + (j - (len(agents) - 1) / 2) * 0.12 for n in rows["network"]],
                    s=np.clip(np.sqrt(rows["requests"].to_numpy()) * 3, 3, 40),
                    color=palette[j % len(palette)], alpha=0.75, linewidths=0, label=_plain(agent, 40),
                )
            ax4.set_yticks(range(len(networks)), [_plain(n, 40) for n in networks], fontsize=7)
            ax4.set_ylim(len(networks) - 0.5, -0.5)
            ax4.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False, title="device family",
                       title_fontsize=7, markerscale=1.2)
        else:
            ax4.text(0.5, 0.5, "no network data", ha="center", va="center", transform=ax4.transAxes, color="#777")
            ax4.set_yticks([])
        ax4.set_title("who was active when: network (rows) and device family (colour)", loc="left")
        ax4.grid(axis="x", color="#eee")
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        ax4.xaxis.set_major_locator(locator)
        ax4.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax4.set_xlabel("time (UTC)")
        for ax in (ax1, ax2, ax3):
            ax.tick_params(labelbottom=False)
        for ax in (ax1, ax2, ax3, ax4):
            ax.spines[["top", "right"]].set_visible(False)
            ax.margins(x=0.01)
        return _png(fig)


__all__ = ["timeline_png"]
