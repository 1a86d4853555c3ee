"""Ordinary staff days: arrival, sign-in, task bursts (teachers around their periods), lunch,
leaving, evenings from home, phones, weekends, absences; agency staff (support impersonating
districts, IT, analysts, psychologists serving small districts). Special days (look-alikes and
the owners' side of abuse) plug in through staff.plan."""
from . import routes, tasks as T, world as W
from .client import Visit, ln

ARRIVE = {"teacher": 7.45, "office": 7.4, "principal": 7.3, "counselor": 7.7, "nurse": 7.9}
EVENING_P = {"teacher": 0.35, "principal": 0.4, "counselor": 0.25, "psychologist": 0.3, "sped_director": 0.3,
             "district_admin": 0.3, "district_analyst": 0.15, "esa_support": 0.1, "esa_it": 0.25,
             "esa_psychologist": 0.25}
PERIODS = [8.0, 8.93, 9.87, 10.97, 12.4, 13.33]
IMP_SC = "Pathways.Web.Areas.Admin.Controllers.ImpersonateController"


class Devices:
    def __init__(self, ctx, s, r):
        self.ctx, self.s, self.r = ctx, s, r
        shared = getattr(s, "plan", {}).get("shared_pc")
        self.work = shared or ctx.client(work_ip(s), s.work_ua)
        self.home = self.work if s.laptop_home else ctx.client(s.home_ip, s.home_ua)
        self.phone = ctx.client(ctx.w.net.alloc(s.phone_pool), s.phone_ua)

    def visit(self, cl, ip=None):
        if ip:
            cl.ip = ip
        return Visit(self.ctx, cl, self.s, self.r)

    def phone_visit(self, wifi=None):
        self.phone.ip = wifi or self.ctx.w.net.alloc(self.s.phone_pool)
        return Visit(self.ctx, self.phone, self.s, self.r)


def work_ip(s):
    return s.district.nat if s.district else W.ESA_WAN_NAT


def run_staff(ctx, s):
    r = ctx.rng("staff:" + s.login)
    dev = Devices(ctx, s, r)
    plan = getattr(s, "plan", {})
    for day in range(ctx.days):
        if day in plan.get("absent", ()):
            if plan.get("absent_hook"):
                plan["absent_hook"](ctx, s, dev, day)
            continue
        if ctx.school_day(day):
            if r.random() < 0.035 and not plan.get("present"):
                if r.random() < 0.4:
                    quick_phone(ctx, s, dev, ctx.at(day, r.uniform(9.5, 20.0)))
                continue
            workday(ctx, s, dev, day, plan)
            if (r.random() < EVENING_P.get(s.role, 0.08) or day in plan.get("evenings", ())) and not plan.get("no_evening"):
                evening(ctx, s, dev, day)
        elif r.random() < (0.12 if s.role == "teacher" else 0.05):
            evening(ctx, s, dev, day, start=r.uniform(10, 20), minutes=ln(r, 50.0, 0.6))
    if ctx.user_count.get(s.login, 0) < 8:      # everyone looks in at least once
        quick_phone(ctx, s, dev, ctx.at(ctx.days - 1, r.uniform(17.5, 21.0)), n=3)
    return dev


def quick_phone(ctx, s, dev, t, n=None):
    r = dev.r
    v = dev.phone_visit()
    t = T.t_dashboard(v, t, s) if r.random() < 0.5 else T.t_messages(v, t, s)
    for _ in range(n if n is not None else r.randint(0, 3)):
        t = task(v, t + ln(r, 25.0), s)
    v.sleep(t + ln(r, 40.0))


def task(v, t, s):
    if s.district is None:
        return esa_task(v, t, s)
    return T.run_task(v, t, s)


def workday(ctx, s, dev, day, plan):
    r = dev.r
    mean = plan.get("arrive", ARRIVE.get(s.role, 8.0 if s.district else 8.15))
    arrive = ctx.at(day, r.gauss(mean, 0.28))
    leave = ctx.at(day, plan.get("leave", r.gauss(15.9 if s.role == "teacher" else 16.4, 0.45)))
    lunch = ctx.at(day, r.gauss(11.95, 0.2))
    lunch_end = lunch + r.uniform(25, 45) * 60
    v = dev.visit(dev.work, work_ip(s))
    t = arrive + ln(r, 6.0, 0.8) * 60
    v.wake(t)
    t = T.t_dashboard(v, t, s)
    hook = plan.get("day_hook")
    if hook and day in plan.get("hook_days", (day,)):
        t = hook(ctx, s, v, day, t, leave)
    else:
        lunch_sleep, lunch_done = r.random() < 0.5, False
        for when, fn in schedule(ctx, s, r, day, t, lunch, lunch_end, leave):
            if when < t:
                when = t + r.uniform(2, 20)
            if when >= leave:
                break
            if not lunch_done and when >= lunch:
                lunch_done = True
                if lunch_sleep:
                    v.idle(lunch)
                    v.sleep(max(t, lunch))
                    v.wake(max(t, lunch_end))
                if when < lunch_end and s.role != "teacher":
                    when = lunch_end + r.uniform(60, 600)
            t = v.idle(when)
            t = fn(v, t, s)
    t = v.idle(max(t, leave))
    if r.random() < 0.35 or plan.get("sign_out"):
        t = v.sign_out(t + r.uniform(1, 30))
    v.sleep(t + 1)
    if r.random() < 0.12 and not plan.get("no_phone"):
        quick_phone(ctx, s, dev, lunch + r.uniform(60, 1200), n=r.randint(0, 2))


def schedule(ctx, s, r, day, t, lunch, lunch_end, leave):
    """(time, task) pairs for a workday: bursts of the role's tasks; teachers' attendance."""
    rate, _ = T.ROLE_TASKS.get(s.role, (5, None))
    out = []
    if s.role == "teacher" and s.sections:
        elem = s.sections[0][2] == 0
        slots = [(8.2, s.sections[0]), (12.65, s.sections[0])] if elem else [(PERIODS[sec[2] - 1] + 0.03, sec) for sec in s.sections]
        for h, sec in slots:
            out.append((ctx.at(day, h) + r.uniform(0, 420), lambda v, t, s, sec=sec: T.t_attendance(v, t, s, sec)))
        busy = [(t, ctx.at(day, 8.1)), (ctx.at(day, 15.05), leave), (lunch + 300, lunch_end - 120)]
        busy += [(ctx.at(day, r.uniform(9, 14)), None) for _ in range(2)]
    else:
        busy, x = [], t
        while x < leave:
            dur = ln(r, 22.0, 0.6) * 60
            busy.append((x, min(leave, x + dur)))
            x += dur + ln(r, 18.0, 0.7) * 60
    for b0, b1 in busy:
        b1 = b1 or b0 + ln(r, 15.0) * 60
        x = b0 + r.expovariate(rate * 1.6 / 3600)
        while x < b1:
            out.append((x, task))
            x += r.expovariate(rate * 1.6 / 3600)
    if s.role == "teacher":     # a look-up now and then while teaching
        x = ctx.at(day, 8.3)
        while x < ctx.at(day, 14.8):
            x += r.expovariate(0.8 / 3600)
            out.append((x, T.t_student))
    out.sort(key=lambda e: e[0])
    return out


def evening(ctx, s, dev, day, start=None, minutes=None):
    r = dev.r
    t = ctx.at(day, start if start is not None else r.uniform(18.3, 21.8))
    if r.random() < 0.22:
        v = dev.phone_visit(None if r.random() < 0.3 else s.home_ip)
    else:
        v = dev.visit(dev.home, s.home_ip)
    end = t + (minutes or ln(r, 25.0, 0.6)) * 60
    v.wake(t)
    rate = T.ROLE_TASKS.get(s.role, (5, None))[0]
    if getattr(s, "plan", {}).get("evening_hook"):       # evening_grading_marathon
        v = dev.visit(dev.home, s.home_ip)
        end = t + r.uniform(120, 190) * 60
        n = 0
        while t < end:
            t = T.t_gradebook(v, t, s) + ln(r, 60.0)
            n += 1
        s.params["gradebook_sessions_day%d" % (day + 1)] = n
    while t < end:
        t = task(v, t, s)
        t += r.expovariate(rate * 1.3 / 3600)
    v.sleep(t + ln(r, 120.0))


# ------------------------------------------------------------------ agency staff
def ticket(v, t, s, d=None):
    """Support impersonating a district for a help ticket."""
    r, ctx = v.r, v.ctx
    d = d or r.choice(ctx.w.districts)
    t = v.page(t, "/Admin/Users", "q=" + r.choice(W.LAST).lower()[:5], 200)
    tk = r.randint(48100, 49900)
    logs = [(20.0, None, "Support user {UserName} started impersonating district {DistrictId} for ticket {TicketId}",
             {"UserName": s.login, "DistrictId": d.code, "TicketId": "SFESA-%d" % tk}, IMP_SC)]
    t = v.page(t + ln(r, 20.0), "/Admin/Impersonate", "districtId=%d&ticket=SFESA-%d" % (d.code, tk), 302, method="POST")
    if v.ctx.reqs and v.ctx.reqs[-1].path == "/Admin/Impersonate":
        v.ctx.reqs[-1].logs = logs
    v.district = str(d.code)
    t = v.page(t + 0.05, "/", "", 200, [("GET", "/api/v1/dashboard/widgets", "", 200, ln(r, 80.0))])
    for _ in range(r.randint(2, 7)):
        t += ln(r, 30.0)
        k = r.random()
        if k < 0.5:
            t = T.student(v, t, d, r.choice(d.pupils), r.sample(["attendance", "grades", "contacts", "programs"], 2), False, True)
        elif k < 0.75:
            t = v.page(t, "/d/%d/Reports/Run/%s" % (d.code, r.choice(routes.REPORTS)), "schoolId=%d" % r.choice(d.schools).sid, 200, dur=ln(r, 500.0))
        else:
            t = v.page(t, "/Admin/Users", "q=" + r.choice(W.LAST).lower()[:4], 200)
    t = v.page(t + ln(r, 20.0), "/Admin/Impersonate/End", "", 302, method="POST")
    v.district = "ESA"
    return v.page(t + 0.05, "/", "", 200, [("GET", "/api/v1/dashboard/widgets", "", 200, ln(r, 80.0))])


def esa_task(v, t, s):
    r, ctx = v.r, v.ctx
    if s.role == "esa_support":
        return ticket(v, t, s) if r.random() < 0.6 else T.t_messages(v, t, s)
    if s.role == "esa_it":
        if r.random() < 0.3:
            return v.page(t, "/Admin/Integrations/Status", "", 200, dur=ln(r, 150.0))
        return T.t_admin(v, t, s) if r.random() < 0.7 else T.t_messages(v, t, s)
    if s.role == "esa_psychologist":
        d = r.choice([d for d in ctx.w.districts if d.wan])
        return T.iep(v, t, d, r.choice(list(d.iep) or d.pupils), r.random() < 0.5, prefixed=True)
    d = r.choice(ctx.w.districts)       # esa_analyst
    slug = r.choice(routes.REPORTS)
    t = v.page(t, "/d/%d/Reports/Run/%s" % (d.code, slug), "schoolId=%d" % r.choice(d.schools).sid, 200, dur=ln(r, 700.0))
    if r.random() < 0.4:
        t = T.download(v, t + ln(r, 15.0), "/Reports/Export/" + slug, "districtId=%d&format=xlsx" % d.code, slug=slug)
    return t


ROLE_ESA = {"esa_support": 6, "esa_it": 4, "esa_analyst": 5, "esa_psychologist": 4}
T.ROLE_TASKS.update({k: (v, [(esa_task, 1)]) for k, v in ROLE_ESA.items()})
