"""Entry point: build the world, cast the look-alikes and abusers, simulate everything, render one format,
damage it, write the log and labels.json (verified with the strict checker before writing)."""
import json
import os
import random

from . import lookalikes, scraping, services, sharing, staff
from .labels import GAP_S, build
from .render import LOG_FILE, damage, render_apigw, render_app
from .world import COOP_NAT, STATE_NAT, World

FORMATS = ("apigw", "app")


def _cast(w, seed, la):
    rng = random.Random("blind13:%d:cast" % seed)
    used = set(la)
    five = lambda s: w.district[s.district]["week"] == 5 and s.district != "STATE"

    def pick(pred, key=None):
        pool = [s for s in w.staff if s.sid not in used and pred(s)]
        if not pool:
            pool = [s for s in w.staff if s.sid not in used and s.role == "teacher" and five(s)]
        s = max(pool, key=key) if key else rng.choice(pool)
        used.add(s.sid)
        return s

    cast = {"vendor": pick(lambda s: s.role == "principal" and five(s) and not w.district[s.district]["coop"]),
            "headless": pick(lambda s: s.role == "data_coordinator" and s.auth == "cognito",
                             key=lambda s: (len(w.by_district.get(s.district, ())), s.sid)),
            "student_teacher": pick(lambda s: s.role == "teacher" and five(s) and s.secondary and s.district != "TMP"),
            "idwalk": pick(lambda s: s.role == "teacher" and s.secondary),
            "consultant": pick(lambda s: s.role == "data_coordinator"),
            "replay": pick(lambda s: s.role == "counselor" or (s.role == "secretary" and rng.random() < 0.2)),
            "stuff_hit": pick(lambda s: s.role == "teacher" and s.auth == "cognito")}
    roles = ("teacher", "secretary", "principal", "nurse", "clerk", "counselor")
    cast["phished"] = [pick(lambda s: s.auth == "cognito" and s.role in roles) for _ in range(12)]
    return cast


def _drop_conflicts(events, entries):
    """Drop an owner's own requests that would be indistinguishable from the abuser's (same address, same UA,
    inside an abuse window): the n_requests rule must count the abuser exactly."""
    drop = set()
    for ent in entries:
        s, key = ent["account"], ent["key"]
        mine = sorted((e for e in events if e.tag == key and e.who is s), key=lambda e: e.t)
        if not mine:
            continue
        ips, uas = {e.ip for e in mine}, {e.ua for e in mine}
        wins, last = [], None
        for e in mine:
            if last is None or e.t - last > GAP_S:
                wins.append([e.t, e.t])
            wins[-1][1], last = e.t, e.t
        for e in events:
            if e.who is s and e.tag is None and e.ip in ips and e.ua in uas and any(a <= e.t <= b for a, b in wins):
                drop.add(id(e))
    return [e for e in events if id(e) not in drop]


def simulate(seed, days, n_staff):
    w = World(seed, n_staff, days)
    la = lookalikes.assign(w, seed)
    cast = _cast(w, seed, la)
    sink, entries = [], []
    entries.append(scraping.vendor_night_sync(w, sink, seed, cast["vendor"]))
    entries.append(scraping.headless_spa_weekend(w, sink, seed, cast["headless"]))
    entries += scraping.phished_accounts(w, sink, seed, cast["phished"])
    entries.append(scraping.persisted_id_walk(w, sink, seed, cast["idwalk"]))
    entries.append(sharing.consultant_out_of_state(w, sink, seed, cast["consultant"]))
    entries.append(sharing.generic_office(w, sink, seed))
    entries.append(sharing.student_teacher(w, sink, seed, cast["student_teacher"]))
    entries.append(sharing.token_replay(w, sink, seed, cast["replay"]))
    entries.append(sharing.residential_stuffing(w, sink, seed, cast["stuff_hit"]))
    staff.simulate(w, sink, seed, la)
    svc = services.accounts(w)
    bsrc = {}
    services.run(w, sink, seed, svc, bsrc)
    staff.ensure_presence(w, sink, seed, w.staff)
    for sc, info in sorted(w.schools.items()):
        if info["nat"] == COOP_NAT:
            continue
        campuses = bsrc.get(info["nat"], ("school_nat", {"campuses": []}))[1]["campuses"]
        bsrc[info["nat"]] = ("school_nat", {"campuses": campuses + [sc]})
    coop = sorted(k for k, d in w.district.items() if d.get("coop"))
    bsrc[COOP_NAT] = ("coop_shared_nat", {"cooperative": "Prairie Winds Education Cooperative", "districts": coop})
    bsrc[STATE_NAT] = ("state_office_nat", {"site": "MTSIS Helena"})
    events = [e for e in sink if w.start <= e.t < w.end]
    events = _drop_conflicts(events, entries)
    office = next(e["account"] for e in entries if e["key"] == "generic_office_login")
    return w, la, entries, svc + [office], bsrc, events


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="apigw"):
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (expected one of %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    w, la, entries, extra, bsrc, events = simulate(seed, days, n_staff)
    rng = random.Random("blind13:%d:render:%s" % (seed, fmt))
    lines = render_apigw(events, rng) if fmt == "apigw" else render_app(events, rng, w)
    lines = damage(lines, fmt, rng, w)
    labels = build(w, fmt, lines, entries, extra, la, bsrc, seed)
    texts = [ln.text for ln in lines]
    from .check import verify
    errors = verify(fmt, texts, labels)
    if errors:
        raise RuntimeError("blind13 self-check failed: %s" % "; ".join(errors[:5]))
    for p in (log_path, labels_path):
        if os.path.dirname(p):
            os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(log_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(texts) + "\n")
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return labels


__all__ = ["generate", "FORMATS", "LOG_FILE"]
