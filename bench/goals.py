"""Reads what bench/run printed and ends it with issue 16's goals, one line each: the figure this run measured, the
goal, and whether the run met it. Usage: python3 bench/goals.py BENCH_OUTPUT"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()


def number(pattern):
    """The first group of the first match as a float, or None when the line is missing (a section that failed)."""
    match = re.search(pattern, text)
    return float(match.group(1).replace(",", "")) if match else None


def line(what, measured, goal, met):
    verdict = met if isinstance(met, str) else "not measured" if met is None else "met" if met else "missed"
    print(f"  {what:58} {measured:34} {goal:26} {verdict}")


def judged(value, test):
    return None if value is None else test(value)


def shown(value, unit):
    return "—" if value is None else f"{value:g}{unit}" if unit == "×" else f"{value:g} {unit}"


passes = number(r"both passes as a run makes them: ([\d.]+) µs")
deciding = number(r"PluginHost deciding vs hand-written C#: ([\d.]+)×")
peers = [number(r"json-rules-engine / PluginHost: ([\d.]+)×"), number(r"zen-engine / PluginHost: ([\d.]+)×")]
json640 = number(r"(?m)^640 schools, JSON: time: ([\d.]+) s")
memo640 = number(r"640 schools, md\+html\+json \(goal: under 2 s\): time: ([\d.]+) s")
json6400 = number(r"6,400 schools, JSON: time: ([\d.]+) s")
memo6400 = number(r"6,400 schools, md\+html\+json \(goal: under 12 s\): time: ([\d.]+) s")
impact = number(r"impact = ([\d.]+)× district")
baseline = number(r"by wall clock ([\d.]+)x the baseline")
baseline_cpu = number(r"by processor time ([\d.]+)x")
slider = number(r"slider recompute .*p95 ([\d.]+) ms")
page = number(r"district page, .*median ([\d.]+) ms")
errors = number(r"load: .*errors (\d+)")
large = re.search(r"^(\d+) schools, JSON and the summary .*time: ([\d.]+) s, .*peak memory (\d+) MB", text, re.M)
imported = number(r"import roster \(median of 3\): ([\d.]+) s")
cold = number(r"cold plan: ([\d.]+) s")

print("== goals (issue 16), as this run measured them")
line("rule evaluation, both passes, per school", shown(passes, "µs"), "under 2 µs", judged(passes, lambda v: v < 2))
line("deciding the 8 blockers against hand-written C#", shown(deciding, "×"), "within 5×", judged(deciding, lambda v: v <= 5))
line("json-rules-engine and zen-engine against PluginHost", " / ".join(shown(p, "×") for p in peers), "at least 100× each",
     None if None in peers else min(peers) >= 100)
line("640 schools, md+html+json", shown(memo640, "s"), "under 2 s", judged(memo640, lambda v: v < 2))
line("6,400 schools, md+html+json", shown(memo6400, "s"), "under 12 s", judged(memo6400, lambda v: v < 12))
if large:
    schools, seconds, peak = int(large.group(1)), float(large.group(2)), int(large.group(3))
    if schools == 100000:
        line("100,000 schools, JSON: time and peak memory", f"{seconds:g} s, {peak} MB", "under 60 s, under 500 MB", seconds < 60 and peak < 500)
    else:
        line(f"{schools:,} schools, JSON (--quick; the goal is for 100,000)", f"{seconds:g} s, {peak} MB", "under 60 s, under 500 MB", "not judged")
    costs = [(n, s * 1000 / n) for n, s in ((640, json640), (6400, json6400), (schools, seconds)) if s is not None]
    grows = any(later > earlier * 1.2 for (_, earlier), (_, later) in zip(costs, costs[1:]))
    line("per-school cost as the district grows (JSON)", " -> ".join(f"{c:.2f}" for _, c in costs) + " ms",
         "grows by at most 20 %", None if len(costs) < 3 else not grows)
else:
    line("the large district, JSON", "—", "under 60 s, under 500 MB", None)
line("impact against district, 640 schools", shown(impact, "×"), "under 2.2×", judged(impact, lambda v: v < 2.2))
line("product against the plain baseline (wall / processor)", f"{shown(baseline, '×')} / {shown(baseline_cpu, '×')}", "at most 2×",
     judged(baseline, lambda v: v <= 2))
line("serve: slider recompute p95 / district page", f"{shown(slider, 'ms')} / {shown(page, 'ms')}", "under 100 ms / under 1 s",
     None if slider is None or page is None else slider < 100 and page < 1000)
line("serve: 50 clients for 60 s, errors", "—" if errors is None else f"{errors:.0f}", "none", judged(errors, lambda v: v == 0))
line("import roster, 44,574 rows", shown(imported, "s"), "under 5 s", judged(imported, lambda v: v < 5))
line("cold plan", shown(cold, "s"), "under 0.5 s", judged(cold, lambda v: v < 0.5))
