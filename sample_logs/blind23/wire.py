"""blind23 wire: the raw request (request line, headers in each client's own order, body) as ASM logs it."""
from . import world as W

MAX_REQ = 2048                       # logging profile: maximum request size; longer requests are cut here
ACC_NAV_CR = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
              "application/signed-exchange;v=b3;q=0.7")
ACC_NAV = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACC_XHR = "application/json, text/javascript, */*; q=0.01"
ACC_ASSET = {"css": "text/css,*/*;q=0.1", "js": "*/*", "font": "*/*",
             "img": "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"}
DEST = {"css": "style", "js": "script", "img": "image", "font": "font"}


def _site(e):
    if e.ref is None:
        return "none"
    return "same-origin" if e.ref.startswith(W.BASE) else "cross-site"


def _chromium(e, h):
    p, k = e.prof, e.kind
    h.append(("Connection", "keep-alive"))
    if e.body is not None:
        h.append(("Content-Length", str(e.clen or len(e.body))))
        if k == "form":
            h.append(("Cache-Control", "max-age=0"))
    if k in ("nav", "form", "dl"):
        h += [("sec-ch-ua", p.ch), ("sec-ch-ua-mobile", "?1" if p.mobile else "?0"),
              ("sec-ch-ua-platform", '"%s"' % p.platform)]
        if k == "form":
            h.append(("Origin", _origin(e)))
            h.append(("Content-Type", e.ctype))
        h += [("Upgrade-Insecure-Requests", "1"), ("User-Agent", p.ua), ("Accept", ACC_NAV_CR),
              ("Sec-Fetch-Site", _site(e)), ("Sec-Fetch-Mode", "navigate")]
        if e.ref is not None or k == "form":
            h.append(("Sec-Fetch-User", "?1"))
        h.append(("Sec-Fetch-Dest", "document"))
    else:
        h.append(("sec-ch-ua-platform", '"%s"' % p.platform))
        if k == "xhr":
            h.append(("X-Requested-With", "XMLHttpRequest"))
        h.append(("User-Agent", p.ua))
        h.append(("Accept", ACC_XHR if k == "xhr" else ACC_ASSET.get(k, "*/*")))
        h += [("sec-ch-ua", p.ch), ("sec-ch-ua-mobile", "?1" if p.mobile else "?0")]
        if k == "ext":
            h.append(("Origin", "chrome-extension://" + p.ext))
        if e.ctype:
            h.append(("Content-Type", e.ctype))
        h += [("Sec-Fetch-Site", "none" if k == "ext" else "same-origin"),
              ("Sec-Fetch-Mode", "cors" if k in ("xhr", "ext") else "no-cors"),
              ("Sec-Fetch-Dest", DEST.get(k, "empty"))]
    if e.ref is not None and k != "ext":
        h.append(("Referer", e.ref))
    h += [("Accept-Encoding", "gzip, deflate, br, zstd"), ("Accept-Language", "en-US,en;q=0.9")]


def _origin(e):
    for k, v in e.extra or ():
        if k == "Origin":
            return v
    return W.BASE


def _firefox(e, h):
    k = e.kind
    h.append(("User-Agent", e.prof.ua))
    h.append(("Accept", ACC_NAV if k in ("nav", "form", "dl") else (ACC_XHR if k == "xhr" else
                                                                      ACC_ASSET.get(k, "*/*"))))
    h += [("Accept-Language", "en-US,en;q=0.5"), ("Accept-Encoding", "gzip, deflate, br, zstd")]
    if k == "xhr":
        h.append(("X-Requested-With", "XMLHttpRequest"))
    if e.body is not None:
        h += [("Content-Type", e.ctype), ("Content-Length", str(e.clen or len(e.body))), ("Origin", _origin(e))]
    h.append(("Connection", "keep-alive"))
    if e.ref is not None:
        h.append(("Referer", e.ref))
    h.append(("COOKIE", None))
    if k in ("nav", "form", "dl"):
        h += [("Upgrade-Insecure-Requests", "1"), ("Sec-Fetch-Dest", "document"), ("Sec-Fetch-Mode", "navigate"),
              ("Sec-Fetch-Site", _site(e)), ("Sec-Fetch-User", "?1"), ("Priority", "u=0, i")]
    else:
        h += [("Sec-Fetch-Dest", DEST.get(k, "empty")), ("Sec-Fetch-Mode", "cors" if k == "xhr" else "no-cors"),
              ("Sec-Fetch-Site", "same-origin")]


def _safari(e, h):
    k = e.kind
    if e.body is not None:
        h += [("Content-Type", e.ctype), ("Origin", _origin(e))]
    h.append(("Accept", ACC_NAV if k in ("nav", "form", "dl") else (ACC_XHR if k == "xhr" else
                                                                      ACC_ASSET.get(k, "*/*"))))
    h.append(("Sec-Fetch-Site", _site(e) if k in ("nav", "form", "dl") else "same-origin"))
    h.append(("COOKIE", None))
    h += [("Sec-Fetch-Dest", "document" if k in ("nav", "form", "dl") else DEST.get(k, "empty")),
          ("Accept-Language", "en-US,en;q=0.9"),
          ("Sec-Fetch-Mode", "navigate" if k in ("nav", "form", "dl") else ("cors" if k == "xhr" else "no-cors")),
          ("User-Agent", e.prof.ua)]
    if e.ref is not None:
        h.append(("Referer", e.ref))
    if k == "xhr":
        h.append(("X-Requested-With", "XMLHttpRequest"))
    h += [("Accept-Encoding", "gzip, deflate, br")]
    if e.body is not None:
        h.append(("Content-Length", str(e.clen or len(e.body))))
    h += [("Connection", "keep-alive"), ("Priority", "u=0, i" if k in ("nav", "form") else "u=3")]


def _script(e, h):
    """Non-browser clients: python-requests, Java HttpClient, PowerShell, curl-like monitors, bots."""
    eng, ua = e.prof.engine, e.prof.ua
    if eng == "python":
        h += [("User-Agent", ua), ("Accept-Encoding", "gzip, deflate"), ("Accept", "*/*"),
              ("Connection", "keep-alive")]
    elif eng == "java":
        h += [("Accept", "application/json"), ("Connection", "Keep-Alive"), ("User-Agent", ua),
              ("Accept-Encoding", "gzip,deflate")]
    elif eng == "powershell":
        h += [("User-Agent", ua)]
    elif eng == "crawler":
        h += [("Connection", "keep-alive"), ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,"
                                             "*/*;q=0.8"), ("User-Agent", ua), ("Accept-Encoding", "gzip, deflate, br")]
    elif eng == "scanner":
        h += [("Connection", "Close"), ("User-Agent", ua), ("Pragma", "no-cache"), ("Accept", "*/*")]
    elif eng == "bot":
        h += [("User-Agent", ua), ("Accept", ACC_NAV), ("Accept-Language", "en-US,en;q=0.9"),
              ("Accept-Encoding", "gzip, deflate"), ("Connection", "keep-alive")]
    else:                                                   # monitors
        h += [("User-Agent", ua), ("Accept", "*/*")]
    if e.ref is not None:
        h.append(("Referer", e.ref))
    if e.body is not None:
        h += [("Content-Type", e.ctype), ("Content-Length", str(e.clen or len(e.body)))]


BUILD = {"chromium": _chromium, "firefox": _firefox, "safari": _safari}


def raw_request(e):
    target = e.path + ("?" + e.query if e.query else "")
    h = [("Host", W.HOST)]
    BUILD.get(e.prof.engine, _script)(e, h)
    for k, v in e.extra or ():
        if k != "Origin":
            h.append((k, v))
    if e.xff:
        h.append(("X-Forwarded-For", e.xff))
    out = [e.method + " " + target + " HTTP/1.1"]
    placed = False
    for k, v in h:
        if k == "COOKIE":
            if e.cookie:
                out.append("Cookie: " + e.cookie)
            placed = True
        else:
            out.append(k + ": " + v)
    if e.cookie and not placed:
        out.append("Cookie: " + e.cookie)
    raw = "\r\n".join(out) + "\r\n\r\n" + (e.body or "")
    return raw[:MAX_REQ] if len(raw) > MAX_REQ else raw
