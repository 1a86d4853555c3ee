"""Rails production.log rendering: default Logger prefix, request-id/user tags, interleaved Puma workers."""
import base64

from .routes import describe, ruby_hash
from .world import BASE, START, START_LOCAL
import datetime as _dt

STATUS = {200: "OK", 302: "Found", 303: "See Other", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
          422: "Unprocessable Entity", 500: "Internal Server Error"}
SEV = {"I": " INFO", "W": " WARN", "F": "FATAL", "E": "ERROR"}
DEPRECATION = ("DEPRECATION WARNING: `Rails.application.secrets` is deprecated in favor of "
               "`Rails.application.credentials` and will be removed in Rails 7.2. (called from signed_pdf_footer at "
               "/var/www/ledger/releases/%s/app/helpers/transcripts_helper.rb:9)")
RELEASES = ("20261215213002", "20261216213846")
ERRORS = [
    ("ActionView::Template::Error (undefined method `letter_grade' for nil):",
     ["    18:         <td><%= row.course.name %></td>", "    19:         <td><%= row.credits %></td>",
      "    20:         <td><%= row.final_mark.letter_grade %></td>", "    21:       </tr>", "  ",
      "app/views/transcripts/_course_row.html.erb:20", "app/views/transcripts/show.html.erb:31",
      "app/controllers/transcripts_controller.rb:14:in `show'"]),
    ("ActiveRecord::QueryCanceled (PG::QueryCanceled: ERROR:  canceling statement due to statement timeout",
     ["):", "  ", "app/models/reports/failing_grades.rb:42:in `rows'",
      "app/controllers/reports_controller.rb:19:in `show'"]),
    ("Redis::TimeoutError (Connection timed out):",
     ["  ", "app/controllers/concerns/unread_counts.rb:11:in `unread_count'",
      "app/controllers/notifications_controller.rb:6:in `index'"]),
]
CSRF_TRACE = ["actionpack (7.1.5.1) lib/action_controller/metal/request_forgery_protection.rb:279:in "
              "`handle_unverified_request'",
              "actionpack (7.1.5.1) lib/action_controller/metal/request_forgery_protection.rb:370:in "
              "`handle_unverified_request'",
              "devise (4.9.4) lib/devise/controllers/helpers.rb:257:in `handle_unverified_request'"]


class Clock:
    def __init__(self):
        self.cache = {}

    def sec(self, t):
        s = int(t)
        v = self.cache.get(s)
        if v is None:
            d = START_LOCAL + _dt.timedelta(seconds=s - int(START))
            v = self.cache[s] = (d.strftime("%Y-%m-%dT%H:%M:%S"), d.strftime("%Y-%m-%d %H:%M:%S -0500"))
        return v


def gid(uid):
    return base64.urlsafe_b64encode(("gid://ledger/User/%s" % uid).encode()).decode().rstrip("=")


def _fmt(ev, ext):
    if ext:
        return ext.upper()
    acc = (ev.x or {}).get("accept")
    if ev.kind == "api":
        return "JSON"
    if acc:
        return acc
    if ev.rm in ("POST", "PATCH", "DELETE") and ev.kind in ("redirect", "signin_ok", "signin_fail", "signout",
                                                             "stream", "csrf"):
        return "TURBO_STREAM"
    return "HTML"


def _body(ev):
    x = ev.x or {}
    if "body" in x:
        return x["body"]
    if ev.kind in ("signin_ok", "signin_fail", "csrf"):
        b = {} if ev.kind == "csrf" and not x.get("token") else {"authenticity_token": "[FILTERED]"}
        b["user"] = {"email": x.get("email", ""), "password": "[FILTERED]", "remember_me": "0"}
        b["commit"] = "Log in"
        return b
    if ev.kind == "signout":
        return {"authenticity_token": "[FILTERED]"}
    return None


def entries(ev, rng, pid, clock):
    """The log writes of one request: list of (time, severity, progname, text); text may span lines."""
    out = []
    t0 = ev.t + 0.0003
    at = clock.sec(ev.t)[1]
    out.append((t0, "I", "", 'Started %s "%s" for %s at %s' % (ev.rm, ev.path, ev.ip, at)))
    k, dur = ev.kind, ev.dur
    end = ev.t + (dur or 0.0)
    if k == "routing":
        out.append((end, "F", "", "  \n" + 'ActionController::RoutingError (No route matches [%s] "%s"):\n  '
                    % (ev.rm, ev.path.partition("?")[0])))
        return out
    if k == "omni_req":
        out.append((t0 + 0.001, "I", "omniauth", "(google_oauth2) Request phase initiated."))
        return out
    if k == "cable":
        g = gid(ev.x["uid"])
        out.append((t0 + 0.0004, "I", "", 'Started GET "/cable/" [WebSocket] for %s at %s' % (ev.ip, at)))
        out.append((t0 + 0.0006, "I", "", "Successfully upgraded to WebSocket (REQUEST_METHOD: GET, "
                                          "HTTP_CONNECTION: Upgrade, HTTP_UPGRADE: websocket)"))
        out.append((t0 + 0.012, "I", "", "Registered connection (%s)" % g))
        out.append((t0 + 0.05, "I", "", "Turbo::StreamsChannel is transmitting the subscription confirmation"))
        out.append((t0 + 0.051, "I", "", "Turbo::StreamsChannel is streaming from %s:notifications" % g))
        if dur is not None:
            out.append((end, "I", "", 'Finished "/cable/" [WebSocket] for %s at %s' % (ev.ip, clock.sec(end)[1])))
            out.append((end + 0.0002, "I", "", "Turbo::StreamsChannel stopped streaming from %s:notifications" % g))
        return out
    d = describe(ev.rm, ev.path, _body(ev))
    if d is None:
        out.append((end, "F", "", "  \n" + 'ActionController::RoutingError (No route matches [%s] "%s"):\n  '
                    % (ev.rm, ev.path.partition("?")[0])))
        return out
    ctrl, action, tpl, ext, params = d
    if k == "signin_fail":
        ctrl, action = "Users::SessionsController", "create"
    tp = t0 + rng.uniform(0.0008, 0.003)
    if k == "omni_cb":
        out.append((tp - 0.0005, "I", "omniauth", "(google_oauth2) Callback phase initiated."))
    fmt = _fmt(ev, ext)
    out.append((tp, "I", "", "Processing by %s#%s as %s" % (ctrl, action, fmt)))
    if params:
        out.append((tp + 0.00005, "I", "", "  Parameters: " + ruby_hash(params)))
    ms = dur * 1000.0
    ar = ms * rng.uniform(0.05, 0.35)
    alloc = int(ms * rng.uniform(60, 260)) + 300
    if k in ("redirect", "signin_ok", "signout", "omni_cb"):
        loc = ev.x["loc"]
        out.append((end - 0.0004, "I", "", "Redirected to " + (loc if loc.startswith("http") else BASE + loc)))
        out.append((end, "I", "", "Completed %d %s in %dms (ActiveRecord: %.1fms | Allocations: %d)"
                    % (ev.st if k != "omni_cb" else 302, STATUS[ev.st if k != "omni_cb" else 302], ms, ar, alloc)))
        return out
    if k == "csrf":
        out.append((tp + 0.0003, "W", "", "Can't verify CSRF token authenticity."))
        out.append((end, "I", "", "Completed 422 Unprocessable Entity in %dms (ActiveRecord: 0.0ms | Allocations: %d)"
                    % (ms, alloc)))
        out.append((end + 0.0002, "F", "", "  \nActionController::InvalidAuthenticityToken (Can't verify CSRF token "
                    "authenticity.):\n  \n" + "\n".join(CSRF_TRACE)))
        return out
    if k in ("authfail", "notfound", "error"):
        code = {"authfail": 401, "notfound": 404, "error": 500}[k]
        out.append((end, "I", "", "Completed %d %s in %dms (ActiveRecord: %.1fms | Allocations: %d)"
                    % (code, STATUS[code], ms, ar, alloc)))
        if k == "notfound":
            model = "Section" if "/sections/" in ev.path else "Student"
            out.append((end + 0.0002, "F", "", "  \nActiveRecord::RecordNotFound (Couldn't find %s with 'id'=%s):\n  \n"
                        "app/controllers/concerns/%s_scoped.rb:12:in `set_%s'" % (
                            model, params.get("id", params.get("student_id", params.get("section_id"))),
                            model.lower(), model.lower())))
        elif k == "error":
            head, tail = ERRORS[(ev.x or {}).get("err", 0)]
            out.append((end + 0.0002, "F", "", "  \n" + head + "\n" + "\n".join(tail)))
        return out
    if k == "signin_fail":
        out.append((tp + ms * 0.0009, "I", "", "Completed 401 Unauthorized in %dms (ActiveRecord: %.1fms | "
                    "Allocations: %d)" % (ms * 0.9, ar, alloc)))
        tp2 = tp + dur * 0.91
        out.append((tp2, "I", "", "Processing by Users::SessionsController#new as %s" % fmt))
        out.append((tp2 + 0.00005, "I", "", "  Parameters: " + ruby_hash(params)))
        tpl, k = "devise/sessions/new", "page"
    if k == "health":
        out.append((end, "I", "", "Completed 200 OK in 0ms (Views: 0.1ms | ActiveRecord: 0.0ms | Allocations: %d)"
                    % rng.randint(70, 95)))
        return out
    if ext == "pdf":
        out.append((ev.t + dur * 0.2, "W", "", DEPRECATION % RELEASES[pid >= 60000]))
    views = ms * rng.uniform(0.3, 0.6)
    if k in ("page", "frame", "forbidden") or ext == "pdf":
        lay = "pdf" if ext == "pdf" else ("turbo_rails/frame" if k == "frame" else "application")
        t1 = "errors/forbidden" if k == "forbidden" else tpl
        out.append((ev.t + dur * 0.8, "I", "", "  Rendered %s.html.erb within layouts/%s (Duration: %.1fms | "
                    "Allocations: %d)" % (t1, lay, views * 0.8, alloc // 2)))
        out.append((ev.t + dur * 0.9, "I", "", "  Rendered layout layouts/%s.html.erb (Duration: %.1fms | "
                    "Allocations: %d)" % (lay, views, int(alloc * 0.7))))
    elif k in ("stream", "json", "api") and not (ext == "csv"):
        kind = "turbo_stream.erb" if k == "stream" else "json.jbuilder"
        out.append((ev.t + dur * 0.85, "I", "", "  Rendered %s.%s (Duration: %.1fms | Allocations: %d)"
                    % (tpl, kind, views, alloc // 2)))
    if ext in ("pdf", "csv"):
        name = ev.path.partition("?")[0].rsplit("/", 2)
        fn = (ev.x or {}).get("file") or "%s-%s.%s" % (name[-1].split(".")[0], name[-2], ext)
        out.append((ev.t + dur * 0.97, "I", "", "Sent data %s (%.1fms)" % (fn, rng.uniform(0.1, 0.9))))
    st = 403 if k == "forbidden" else (422 if ev.kind == "signin_fail" else 200)
    out.append((end, "I", "", "Completed %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)"
                % (st, STATUS[st], ms, views, ar, alloc)))
    return out


def render(events, rng, window_end, deploy_t):
    """Returns (lines, meta): meta[i] = (event index or -1, is_start, damageable)."""
    clock = Clock()
    pids = [sorted(rng.sample(range(2100, 4000), 4)), sorted(rng.sample(range(61000, 64000), 4))]
    recs = []
    for i, ev in enumerate(events):
        if ev.kind in ("static", "nginx", "alb") or ev.t >= window_end:
            continue
        pid = rng.choice(pids[1 if ev.t >= deploy_t else 0])
        tags = "[%s] " % ev.rid + ("[user:%s] " % ev.ru if ev.ru is not None else "")
        anon = ev.ru is None and ev.nu is None and ev.actor is None
        last = 0.0
        for j, (t, sev, prog, text) in enumerate(entries(ev, rng, pid, clock)):
            t = last = max(t, last + 0.000004)
            if t >= window_end:
                continue
            recs.append((t, i, j, sev, prog, text, pid, tags, anon))
    recs.sort(key=lambda r: (r[0], r[1], r[2]))
    lines, meta = [], []
    for t, i, j, sev, prog, text, pid, tags, anon in recs:
        head = "%s, [%s.%06d #%d] %s -- %s: " % (sev, clock.sec(t)[0], int((t % 1) * 1e6), pid, SEV[sev], prog)
        if prog:
            lines.append(head + text)
            meta.append((i, False, False))
            continue
        parts = text.split("\n")
        lines.append(head + tags + parts[0])
        meta.append((i, j == 0, anon and len(parts) == 1))
        for p in parts[1:]:
            lines.append(tags + p)
            meta.append((i, False, False))
    return lines, meta
