"""What the behaviours declare for labels.json: abusive behaviours with their accounts, extra (non-staff)
account names, and labelled source addresses.  Counts are filled in later from the requests themselves."""


class Registry:
    def __init__(self):
        self.behaviours = {}   # key -> {"label", "kinds", "accounts", "params"}
        self.extra = {}        # account name -> {"label", "behaviour", "kinds", "params"}
        self.sources = {}      # address -> {"label", "behaviour", "kinds", "params"}
        self.benign_params = {}  # staff login -> extra params for a benign account (e.g. spray attempts)

    def behaviour(self, key, label, kinds, accounts, **params):
        self.behaviours[key] = {"label": label, "kinds": list(kinds), "accounts": list(accounts), "params": params}

    def account(self, name, label, behaviour, kinds, **params):
        self.extra[name] = {"label": label, "behaviour": behaviour, "kinds": list(kinds), "params": params}

    def source(self, ip, label, behaviour, kinds, **params):
        if ip in self.sources and self.sources[ip]["label"] != label:
            raise ValueError("address %s labelled twice" % ip)
        self.sources[ip] = {"label": label, "behaviour": behaviour, "kinds": list(kinds), "params": params}
