"""Ground-truth records of the abusive clients, shared by the scraping and sharing modules."""


class Abuse:
    """One abusive behaviour. key: the log name labelled for it (None for source-only brute force)."""

    def __init__(self, behaviour, label, kinds, actor, owner=None, names=(), ips=(), user_agents=(), **params):
        self.behaviour, self.label, self.kinds, self.actor = behaviour, label, list(kinds), actor
        self.owner, self.names, self.ips, self.user_agents = owner, list(names), list(ips), list(user_agents)
        self.params = params
        self.source_only = not names


def pick_owner(W, role, building=None, exclude_buildings=(), tag=""):
    """A staff member not yet used by another abuse or look-alike."""
    pool = [s for s in W.staff if s.role == role and s.abuse is None and s.lookalike is None
            and (building is None or s.building == building) and s.building not in exclude_buildings]
    s = W.rng("owner", tag).choice(pool)
    s.abuse = tag
    return s
