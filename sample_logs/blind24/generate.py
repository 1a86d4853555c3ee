"""Builds the events of a blind24 log (world, staff days, look-alikes, services, abuse), renders
them in one format and writes the log and labels.json. `build()` is shared with check.py."""
import json
import os
import random

from . import lookalikes, render_clef, render_csv, scraping, services, sharing, staff as S, world as W
from .client import Ctx
from .population import World

FORMATS = {"serilog_clef": ("pathways-.clef", render_clef, "\n"),
           "appinsights_csv": ("AppRequests.csv", render_csv, "\r\n")}
B32 = "0123456789ABCDEFGHIJKLMNOPQRSTUV"


def _force_local(s):
    s.auth, s.login = "local", s.login.lower()


def build(seed=1, days=2, n_staff=240, fmt="serilog_clef"):
    if fmt not in FORMATS:
        raise ValueError("unknown fmt %r (use one of %s)" % (fmt, ", ".join(FORMATS)))
    if n_staff < 100:
        raise ValueError("n_staff must be at least 100")
    if days < 1:
        raise ValueError("days must be at least 1")
    w = World(seed, n_staff)
    ctx = Ctx(w, seed, days)
    r = ctx.rng("abuse:pick")
    taken = set()
    big = lambda s: len(s.district.pupils) > 900
    psych = w.pick(r, taken, ["psychologist"], lambda s: s.district.entra and len(s.district.iep) > 150 and s.auth == "entra")
    clerk = w.pick(r, taken, ["data_clerk"], lambda s: len(s.district.schools) >= 3)
    _force_local(clerk)
    ext = w.pick(r, taken, ["teacher"], lambda s: big(s) and s.sections and not s.district.wan)
    c1 = w.pick(r, taken, ["teacher"], lambda s: s.sections and s.laptop_home is False)
    _force_local(c1)
    c1.plan = {"no_evening": True, "no_phone": True, "present": True}
    director = w.pick(r, taken, ["sped_director"], lambda s: s.auth == "entra" and not s.district.wan)
    director.plan = {"arrive": 7.75, "leave": 12.0, "present": True, "no_evening": True, "no_phone": True}
    sub = w.pick(r, taken, ["teacher"], lambda s: s.sections and s.school.level != "high" and not s.district.wan)
    _force_local(sub)
    sub.plan = {"absent": {0}, "absent_hook": sharing.absent_teacher_home}
    target = w.pick(r, taken, ["district_it", "esa_it"])
    _force_local(target)
    schools = [(sc, d) for d in w.districts for sc in d.schools
               if sc.level in ("elem", "k8") and len(sc.pupils) > 200 and not d.wan]
    sc, d = r.choice(schools)
    fd = W.Staff("frontdesk.%s@%s" % (sc.name.split()[0].lower(), d.domain), "", "", "generic_front_office", d, sc, "local", d.city)
    w.equip(r, fd)
    sync = sorted(r.sample([x.code for x in w.districts if 900 < len(x.pupils) < 2600 and x.code != clerk.district.code], 4))
    key_district = w.by_code[sync[0]]
    for s in (psych, clerk, ext, c1, director, sub, target):
        s.behaviour = s.behaviour or s.role
    extras = lookalikes.setup(ctx, taken)
    for s in w.staff:
        S.run_staff(ctx, s)
    ext_key = _main_client(ctx, ext)
    for s, fn in extras:
        fn(ctx, s)
    sharing.owner_phone_evenings(ctx, c1)
    services.run(ctx, sync)
    abuses = [scraping.vendor_key(ctx, "api:attendance-sync-%d" % key_district.code, key_district),
              scraping.playwright_iep(ctx, psych), scraping.export_clerk(ctx, clerk),
              scraping.extension_contacts(ctx, ext, ext_key), sharing.five_devices(ctx, c1),
              sharing.frontdesk(ctx, fd), sharing.assistant(ctx, director), sharing.substitute(ctx, sub),
              sharing.spray(ctx), sharing.slow_guesser(ctx, target)]
    finalize(ctx)
    accounts = [s for s in w.staff] + [fd] + [s for s, _ in extras if s not in w.staff]
    mod = FORMATS[fmt][1]
    (lines, dmg), extra = _render(ctx, mod, seed)
    from .labels import make_labels
    labels = make_labels(ctx, fmt, lines, dmg, accounts, abuses, services.INTEGRATIONS, extra)
    return lines, labels


def _render(ctx, mod, seed):
    rng = random.Random("blind24:%d:damage" % seed)
    if mod is render_csv:
        (lines, dmg), kept = mod.render(ctx, ctx.reqs, rng)
        return (lines, dmg), {"n_kept": kept}
    return mod.render(ctx, ctx.reqs, rng), {}


def _main_client(ctx, s):
    counts = {}
    for q in ctx.reqs:
        if q.user == s.login and q.ip == s.district.nat:
            counts[q.ckey] = counts.get(q.ckey, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k])


def finalize(ctx):
    """Time order; Kestrel connection ids (per-instance counters, reset by the deployment); instances."""
    ctx.reqs.sort(key=lambda q: q.t)
    rng = random.Random("blind24:%d:conn" % ctx.seed)
    ctr = [[int((ctx.t0 - rng.uniform(2, 9) * 86400) * 1e7) + 621355968000000000, 0] for _ in range(2)]
    state = {}
    for q in ctx.reqs:
        st = state.get(q.ckey)
        inst = q.inst
        if inst is None:
            inst = st[3] if st and q.t - st[1] < 120 else rng.randrange(2)
        q.inst = inst
        ver = 1 if q.t >= ctx.deploy_times[inst] else 0
        if ver != ctr[inst][1]:
            ctr[inst] = [int(ctx.deploy_times[inst] * 1e7) + 621355968000000000 + rng.randint(10 ** 6, 10 ** 7), ver]
        if st is None or q.t - st[1] > 120 or st[3] != inst or st[4] != ver:
            ctr[inst][0] += 1
            cid = _b32(ctr[inst][0])
            st = [cid, q.t, 0, inst, ver]
            state[q.ckey] = st
        st[1] = q.t + q.dur / 1000.0
        st[2] += 1
        q.conn, q.rid = st[0], "%s:%08X" % (st[0], st[2])


def _b32(n):
    return "".join(B32[(n >> s) & 31] for s in range(60, -1, -5))


def generate(log_path, labels_path, seed=1, days=2, n_staff=240, fmt="serilog_clef"):
    lines, labels = build(seed, days, n_staff, fmt)
    nl = FORMATS[fmt][2]
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    with open(log_path, "w", encoding="utf-8", newline="") as f:
        f.write(nl.join(x[0] for x in lines) + nl)
    with open(labels_path, "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1, sort_keys=False)
        f.write("\n")
    return labels
