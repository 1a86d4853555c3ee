"""Self-check: python -m sample_logs.blind5.check DIR  (validates access.jsonl against labels.json)."""
import collections
import json
import sys


def client_ip(r, fmt):
    if fmt == "pino":
        return r["req"]["headers"]["x-forwarded-for"].split(",")[-1].strip()
    return r["downstream_remote_address"].rsplit(":", 1)[0]


def user_of(r, fmt):
    return r.get("user") if fmt == "pino" else (None if r["user"] == "-" else r["user"])


def main(d):
    lab = json.load(open(d + "/labels.json"))
    fmt = lab["format"]
    n, bad, users, ips = 0, 0, collections.Counter(), collections.Counter()
    status, last_t, disorder = collections.Counter(), None, 0
    for line in open(d + "/access.jsonl"):
        n += 1
        try:
            r = json.loads(line)
        except ValueError:
            bad += 1
            continue
        users[user_of(r, fmt)] += 1
        ips[client_ip(r, fmt)] += 1
        status[r["res"]["statusCode"] if fmt == "pino" else r["response_code"]] += 1
        t = r["time"] / 1000 if fmt == "pino" else r["start_time"]
        if last_t is not None and t < last_t:
            disorder += 1
        last_t = t
    assert n == lab["n_lines"], (n, lab["n_lines"])
    miss_a = [a for a in lab["accounts"] if a not in users]
    miss_s = [s for s in lab["sources"] if s not in ips]
    miss_st = [s for s in lab["staff"] if s not in users]
    print("%s: %d lines, %d invalid JSON, %d out of order, statuses %s" % (d, n, bad, disorder, dict(status.most_common(9))))
    print("  missing: accounts %s sources %s staff %s" % (miss_a, miss_s, miss_st))
    beh = collections.defaultdict(lambda: [0, 0, set()])
    for a, v in lab["accounts"].items():
        b = beh[v["behaviour"]]
        b[0] += 1
        b[1] += users[a]
        b[2] = b[2] | set(v["kinds"]) | {v["label"]}
    for s, v in lab["sources"].items():
        b = beh[v["behaviour"]]
        b[0] += 1
        b[1] += ips[s]
        b[2] = b[2] | set(v["kinds"]) | {v["label"]}
    for k, (cnt, lines, kinds) in sorted(beh.items()):
        print("  %-32s %3d labelled, %6d lines (incl. owner's own) %s" % (k, cnt, lines, sorted(kinds)))
    return bad == 0 and not (miss_a or miss_s or miss_st)


if __name__ == "__main__":
    sys.exit(0 if all([main(d) for d in sys.argv[1:]]) else 1)
