"""Shared state for the scenario modules: who is ordinary, who is labelled, and helpers."""
from __future__ import annotations

import random

from .humans import Person
from .site import Client, Site
from .world import ROLE_MIX, Lea, Nets, make_staff

ROLES = tuple(k for k, _ in ROLE_MIX)


class Ctx:
    def __init__(self, site: Site, nets: Nets, leas: list[Lea], persons: list[Person], r: random.Random,
                 days: int, seen: set):
        self.site, self.nets, self.leas, self.r, self.days, self.seen = site, nets, leas, r, days, seen
        self.pool = list(persons)          # still ordinary (unlabelled) staff
        self.normal = list(persons)        # persons whose ordinary working days are simulated
        self.accounts: dict[str, dict] = {}
        self.sources: dict[str, dict] = {}
        self.notes: dict[str, str] = {}

    def take(self, pred=lambda p: True, normal: bool = True) -> Person:
        cands = [p for p in self.pool if pred(p)]
        if not cands:                      # tiny populations: hire someone who fits
            for _ in range(200):
                lea = self.r.choice(self.leas)
                p = Person(make_staff(self.r, self.nets, lea, self.r.choice(ROLES), self.seen), self.nets, self.r)
                self.seen.add(p.s.account)
                if pred(p):
                    break
            if normal:
                self.normal.append(p)
            return p
        p = self.r.choice(cands)
        self.pool.remove(p)
        if not normal:
            self.normal.remove(p)
        return p

    def schooled(self, p: Person) -> Person:
        """Make sure the person works at a school (fallback hires may be district-office staff)."""
        if p.s.school is None:
            p.s.school = self.r.choice(p.s.lea.schools)
        return p

    def lea(self, pred=lambda l: True) -> Lea:
        cands = [l for l in self.leas if pred(l)] or self.leas
        return self.r.choice(cands)

    def new_person(self, lea: Lea, role: str, account: str, ua: str | None = None, school=None) -> Person:
        s = make_staff(self.r, self.nets, lea, role, self.seen, account=account)
        self.seen.add(account)
        if ua:
            s.desk_ua = ua
        if school is not None:
            s.school = school
        return Person(s, self.nets, self.r)

    def bot(self, ip: str, ua: str, user: str | None = None) -> Client:
        return Client(ip, ua, user, browser=False)

    def acct(self, account: str, label: str, behaviour: str, kinds: list, **params) -> None:
        self.accounts[account] = {"label": label, "behaviour": behaviour, "kinds": kinds, "params": params}

    def src(self, ip: str, label: str, behaviour: str, kinds: list, **params) -> None:
        self.sources[ip] = {"label": label, "behaviour": behaviour, "kinds": kinds, "params": params}
