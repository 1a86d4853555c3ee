"""Generate a blind22 log (Filebeat file output or Fluentd out_file of Beacon SIS's nginx) and its labels."""
import json
import os

from . import labels as L
from . import parents, services, staff
from .client import Out
from .people import build_world
from .render import render

FORMATS = {"filebeat": "filebeat.ndjson", "fluentd": "fluentd_access.log"}
BEHAVIOURS = ("lookalikes", "scraping", "sharing", "bruteforce")
NOTES = {
    "system": "Beacon SIS of Harlow County Public Schools, nginx on web01-03 behind an F5 pair; see README.md",
    "client_field": "first X-Forwarded-For entry, or the F5 self IP (10.50.0.11/.12) when absent; spoofable "
                    "(the scanner's 127.0.0.1)",
    "user_field": "X-Beacon-User: login as typed at a form sign-in (iPhone capitalises the first letter), "
                  "'-' for static files, pre-auth pages, failed sign-ins; accounts' log_names list every spelling",
    "time": "nginx $time_local = request end, second precision, America/New_York (UTC-5 in the window)",
    "n_events": "request lines, each request once (Filebeat re-sent copies, duplicate_lines, excluded)",
    "sources": "shared addresses also used by an abusive client are not listed (mixed_addresses_not_listed)",
    "brute_force_accounts": "the superintendent (target of the guesser) and the stuffing victim are labelled "
                            "brute_force; n_requests counts the attacker's requests, most of them with user '-'",
}


def _modules():
    import importlib
    return [importlib.import_module("." + m, __package__) for m in BEHAVIOURS]


def build(seed=1, days=2, n_staff=240, fmt="filebeat", full=False):
    """Return (lines, labels) without writing anything; with ``full`` also the events and per-line meta."""
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (expected one of %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    w = build_world(seed, n_staff, days)
    w.notes = dict(NOTES)
    out = Out()
    mods = _modules()
    for m in mods:
        m.setup(w, out)           # pick people and give them their behaviours before the ordinary days run
    staff.run_staff(w, out)
    services.run(w, out)
    parents.run(w, out)
    for m in mods:
        m.run(w, out)             # behaviours that run alongside (or instead of) the owners' own days
    w.all_accounts = {p.login: p for p in w.staff}
    w.all_accounts.update(w.extra_accounts)
    for g in w.guardians:
        w.all_accounts.setdefault(g.login, g)
    end = w.t(days - 1, 24)
    events = sorted((e for e in out if w.midnights[0] <= e[0] < end), key=lambda e: e[0])
    lines, meta, ship = render(events, w, fmt)
    labels = L.build(w, events, lines, meta, fmt, ship)
    return (lines, labels, events, meta, w) if full else (lines, labels)


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="filebeat"):
    lines, labels = build(seed, days, n_staff, fmt)
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
