"""Ground truth kept while generating: abusive tags, extra accounts and known sources, turned into labels later."""


class Truth:
    def __init__(self):
        self.tags = {}         # tag -> {"label", "behaviour", "kinds", "account" (or None), "params"}
        self.accounts = {}     # extra (non-staff, non-parent) benign accounts: name -> entry
        self.sources = {}      # benign sources: ip -> entry
        self.account_params = {}   # name -> extra params for benign accounts (e.g. sprayed)
        self.no_list = {}      # addresses never listed as sources (campus NATs shared with abuse)

    def abuse(self, tag, label, behaviour, kinds, account=None, **params):
        self.tags[tag] = {"label": label, "behaviour": behaviour, "kinds": list(kinds), "account": account,
                          "params": params}
        return tag

    def account(self, name, behaviour, **params):
        self.accounts[name] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}

    def source(self, ip, behaviour, **params):
        if ip not in self.sources:
            self.sources[ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}
