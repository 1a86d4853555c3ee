"""Deliberate damage, 5-7 lines per log, the way these files really break: records cut short (a sensor
restart; for Zeek the cut file also lacks its `#close`), a cut record with the next one glued on, a run of
NUL bytes in front of a record tail (a crash / logrotate copytruncate), and for eve.json a blank line.
Only lines of requests that carry no user name and belong to no labelled abuse are damaged, so the
labels' counts stay exact."""


def _safe(kind):
    return kind == "o" or (not isinstance(kind, str) and kind.actor is None and kind.user is None)


def _cut(text, rng, fmt):
    if fmt == "zeek_tsv":
        last_tab = text.rfind("\t")
        return text[:rng.randint(len(text) // 4, max(len(text) // 4 + 1, last_tab - 1))]
    return text[:rng.randint(len(text) // 4, len(text) * 3 // 4)]


def damage(lines, kinds, rng, fmt):
    """Returns (lines, kinds, malformed): kinds of damaged lines become "x"; malformed are 1-based numbers."""
    n = len(lines)
    ops, taken = {}, set()

    def free(i, span=2):
        return all(j not in taken and 0 <= j < n for j in range(i - 1, i + span + 1))

    def choose(need_next):
        for _ in range(10000):
            i = rng.randrange(n // 20, n - 2)
            if not free(i) or not _safe(kinds[i]) or kinds[i] == "h":
                continue
            if need_next and (not _safe(kinds[i + 1]) or kinds[i + 1] == "h"):
                continue
            return i
        raise RuntimeError("no place to damage")

    plan = ["cut"] * rng.randint(1, 2) + ["glue"] * 2 + ["nul"] + (["blank"] if fmt == "suricata_eve" else [])
    if fmt == "zeek_tsv":
        closes = [i for i in range(n // 10, n - 10) if lines[i].startswith("#close") and not isinstance(
            kinds[i - 1], str) and _safe(kinds[i - 1])]
        if closes:
            i = rng.choice(closes)
            ops[i - 1], ops[i] = "cut", "drop"
            taken.update(range(i - 2, i + 2))
        else:                                   # no hour ends on a line we may damage: cut one more instead
            plan.append("cut")
    for op in plan:
        i = choose(op == "glue")
        ops[i] = op
        taken.update(range(i - 1, i + 3))
    out, okinds, bad = [], [], []
    skip = False
    for i in range(n):
        if skip:
            skip = False
            continue
        op = ops.get(i)
        text, kind = lines[i], kinds[i]
        if op == "drop":
            continue
        if op == "cut":
            text, kind = _cut(text, rng, fmt), "x"
        elif op == "glue":
            text, kind, skip = _cut(text, rng, fmt) + lines[i + 1], "x", True
        elif op == "nul":
            text, kind = "\x00" * rng.choice((512, 1024, 2048)) + text[rng.randint(len(text) // 3, len(text) - 8):], "x"
        elif op == "blank":
            out.append(text)
            okinds.append(kind)
            text, kind = "", "x"
        out.append(text)
        okinds.append(kind)
        if kind == "x":
            bad.append(len(out))
    return out, okinds, bad
