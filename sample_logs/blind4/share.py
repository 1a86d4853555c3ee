"""Labelled credential sharing: generic accounts and personal logins used by other people."""
from __future__ import annotations

from .ctx import Ctx
from .humans import Person, plan_day, run_day
from .site import Client
from .world import UA, day_start


def _plan(cx: Ctx, p: Person, d: int, busy: float = 1.0):
    return plan_day(cx.r, p, d, busy, force=True)


def _users(cx: Ctx, lea, acct: str, specs) -> list[Person]:
    """specs: (role, ua key, school or None, remote)."""
    out = []
    for role, ua, school, remote in specs:
        p = cx.new_person(lea, role, acct, ua=UA[ua], school=school)
        p.s.local_auth, p.s.remote = True, remote
        p.s.phone_user = False
        out.append(p)
    return out


def _run(cx: Ctx, people: list[Person], busy: float = 1.0) -> None:
    for d in range(cx.days):
        for p in people:
            run_day(cx.site, p, d, _plan(cx, p, d, busy))


def generic_data_admin(cx: Ctx) -> None:
    lea = cx.lea(lambda l: len(l.schools) >= 3 and not l.via_coe)
    acct = f"data.admin@{lea.domain}"
    ppl = _users(cx, lea, acct, [("data", "win_chrome", None, False), ("clerk", "win_edge", lea.schools[-1], False),
                                 ("data", "mac_safari", None, True)])
    _run(cx, ppl, 0.8)
    cx.acct(acct, "credential_sharing", "generic_account_data_admin", ["credential_sharing"], people=3,
            where=["district office", lea.schools[-1].name, "home broadband"], uas=["win_chrome", "win_edge", "mac_safari"],
            note="generic e-mail account (the Flash #316 example), used concurrently by three staff")


def generic_role_office(cx: Ctx) -> None:
    lea = cx.lea(lambda l: l.school_egress == "own" and len(l.schools) >= 4)
    acct = f"calpads.office@{lea.domain}"
    sch = [lea.schools[i % len(lea.schools)] for i in range(4)]
    ppl = _users(cx, lea, acct, [("clerk", "win_edge", sch[0], False), ("clerk", "win_chrome", sch[1], False),
                                 ("clerk", "cros", sch[2], False), ("clerk", "win_chrome143", sch[3], False)])
    _run(cx, ppl, 0.7)
    cx.acct(acct, "credential_sharing", "generic_role_account_four_schools", ["credential_sharing"], people=4,
            schools=[s.name for s in sch], note="role-named shared account used by the clerks of four schools")


def generic_no_role(cx: Ctx) -> None:
    lea = cx.lea(lambda l: len(l.schools) >= 2)
    sch = lea.schools[0]
    acct = f"{sch.name.split()[0].lower()}{cx.r.randint(2, 9)}@{lea.domain}"
    ppl = _users(cx, lea, acct, [("clerk", "win_edge", sch, False), ("counselor", "mac_chrome", sch, False),
                                 ("clerk", "win_chrome", sch, True)])
    _run(cx, ppl, 0.8)
    cx.acct(acct, "credential_sharing", "generic_account_no_role_word", ["credential_sharing"], people=3, school=sch.name,
            note="account named after the school, no role word; two PCs on the school NAT plus one from home")


def other_city(cx: Ctx) -> None:
    p = cx.take(lambda p: p.s.role in ("data", "clerk", "sped") and not p.s.remote)
    q = cx.new_person(p.s.lea, p.s.role, p.s.account, ua=UA["mac_chrome"] if "Windows" in p.s.desk_ua else UA["win_chrome"],
                      school=p.s.school)
    q.s.remote, q.s.local_auth, q.s.phone_user = True, True, False
    q.s.home_ip = cx.nets.ip("home_other_state", f"home broadband in another city (second user of {p.s.account})")
    _run(cx, [q], 0.9)
    cx.acct(p.s.account, "credential_sharing", "same_login_another_city", ["credential_sharing"], second_ip=q.s.home_ip,
            second_ua=q.s.desk_ua, note="owner works at the office; a former colleague uses the login from another city "
                                        "during the same hours")


def other_school(cx: Ctx) -> None:
    p = cx.take(lambda p: p.s.school is not None and p.s.lea.school_egress == "own" and not p.s.remote
                and len(p.s.lea.schools) >= 3)
    cx.schooled(p)
    other = next((s for s in p.s.lea.schools if s is not p.s.school), p.s.school)
    ua = UA["win_edge"] if "Edg/" not in p.s.desk_ua else UA["win_chrome"]
    q = cx.new_person(p.s.lea, "clerk", p.s.account, ua=ua, school=other)
    q.s.remote, q.s.phone_user = False, False
    _run(cx, [q], 0.9)
    cx.acct(p.s.account, "credential_sharing", "same_login_another_school", ["credential_sharing"], owner_school=p.s.school.name,
            other_school=other.name, other_ip=other.ip, other_ua=ua)


def aide_same_office(cx: Ctx) -> None:
    p = cx.take(lambda p: p.s.school is not None and not p.s.remote and p.s.role == "clerk"
                and "Firefox" not in p.s.desk_ua)
    cx.schooled(p)
    q = cx.new_person(p.s.lea, "clerk", p.s.account, ua=UA["win_firefox"], school=p.s.school)
    q.s.remote, q.s.phone_user, q.s.evening = False, False, False
    _run(cx, [q], 0.8)
    cx.acct(p.s.account, "credential_sharing", "login_given_to_aide_same_office", ["credential_sharing"],
            ip=p.s.school.ip, owner_ua=p.s.desk_ua, aide_ua=q.s.desk_ua,
            note="same NAT address, a second browser (Firefox) on the aide's PC, overlapping sessions")


def overseas_contractor(cx: Ctx) -> None:
    r = cx.r
    p = cx.take(lambda p: p.s.role in ("data", "it", "admin"))
    q = cx.new_person(p.s.lea, "data", p.s.account, ua=UA["win_chrome"])
    q.s.local_auth = True
    ips = []
    for d in range(cx.days):
        ip = cx.nets.ip("india", f"contractor's broadband in India (using {p.s.account})")
        ips.append(ip)
        q.dev["office"] = Client(ip, q.s.desk_ua, p.s.account)
        base = day_start(d)
        plan, t = [], base + r.uniform(21.3, 22.0) * 3600
        while t < base + 27.0 * 3600:
            t1 = t + r.uniform(20, 70) * 60
            plan.append((t, t1, "office"))
            t = t1 + r.uniform(10, 50) * 60
        run_day(cx.site, q, d, plan)
    cx.acct(p.s.account, "credential_sharing", "overseas_contractor_at_night", ["credential_sharing"], ips=ips,
            ua=q.s.desk_ua, hours="21:30-03:00 Pacific (daytime in India)")


ALL = (generic_data_admin, generic_role_office, generic_no_role, other_city, other_school, aide_same_office,
       overseas_contractor)
