"""Rotation planner benchmark: `make bench` (or `python benchmarks/rotations.py --help`).

Generates instances with fixed seeds (src/rotation_planner/generator.py), runs `python -m rotation_planner` as a
whole process with the scale's time limit, verifies every plan with the independent checker and recomputes its
cost, runs the greedy baseline on the same instance, and writes docs/benchmarks/rotations.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rotation_planner import check_plan, parse_instance, plan_cost  # noqa: E402
from rotation_planner.generator import generate, generate_connected, replan_variant  # noqa: E402
from rotation_planner.greedy import greedy_plan  # noqa: E402
from rotation_planner.instance import travel_minutes  # noqa: E402

TARGETS = {
    "pilot": "proved optimal in < 1 s",
    "regional": "proved optimal or gap ≤ 0.1% within 60 s",
    "ics": "bound ≤ 30 s; a plan ≤ 5 min; gap ≤ 1% within 30 min",
}


PLANNER_SRC = ROOT / "src"  # --planner-src runs another checkout's planner on the same instances (before/after)


def run_cli(raw: dict[str, Any], limit: float, workdir: Path, name: str) -> dict[str, Any]:
    inst_path, out, stats_path = workdir / f"{name}.json", workdir / f"{name}.plan.json", workdir / f"{name}.stats.json"
    inst_path.write_text(json.dumps(raw))
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "rotation_planner",
            str(inst_path),
            "--time-limit",
            str(limit),
            "--out",
            str(out),
            "--stats",
            str(stats_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(PLANNER_SRC)},
    )
    wall = time.monotonic() - started
    if proc.returncode != 0:
        return {"status": f"exit {proc.returncode}", "wall": wall, "error": proc.stderr.strip()[-300:]}
    plan = json.loads(out.read_text())
    stats = json.loads(stats_path.read_text())
    return {**plan, "wall": wall, "stats": stats}


def judge(raw: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    inst = parse_instance(raw)
    assignments = [(a["apprentice"], a["block"], a["setting"]) for a in result.get("assignments", [])]
    row: dict[str, Any] = {
        "status": result["status"],
        "wall": result["wall"],
        "peak_mb": result.get("stats", {}).get("peak_mb"),
        "bound_s": result.get("stats", {}).get("bound_seconds"),
        "first_s": result.get("stats", {}).get("first_feasible_seconds"),
        "bound": result.get("bound"),  # a plan without assignments (UNKNOWN) still carries its proved bound
    }
    if assignments:
        problems = check_plan(inst, assignments)
        cost = plan_cost(inst, assignments)
        row.update(
            valid=not problems, exact=cost == result["objective"], objective=result["objective"], bound=result["bound"]
        )
        row["gap"] = (
            (result["objective"] - result["bound"]) / max(1, result["objective"])
            if result["bound"] is not None
            else None
        )
        by_id = {a.id: a for a in inst.apprentices}
        minutes = [travel_minutes(inst, by_id[a], inst.settings[inst.setting_index[s]]) for a, _, s in assignments]
        row.update(
            mean_travel=statistics.mean(minutes),
            max_travel=max(minutes),
            unfilled=sum(len(inst.attended(a)) for a in inst.apprentices) - len(assignments),
        )
    greedy = greedy_plan(inst)
    row.update(
        greedy_cost=greedy.objective,
        greedy_violations=len(greedy.stats["violations"]),
        greedy_unfilled=greedy.stats["unfilled_blocks"],
    )
    if result["status"] == "INFEASIBLE":
        row["explanation"] = (result.get("explanation") or [""])[0]
    return row


def fmt(x: Any, digits: int = 1) -> str:
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "NO"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def table(rows: list[dict[str, Any]]) -> list[str]:
    head = (
        "| seed | variant | status | objective | bound | gap | bound at (s) | first plan (s) | total (s) | unfilled "
        "| mean / max travel (min) | valid, cost exact | greedy cost | greedy violations (unfilled) | peak MB |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        gap = f"{100 * r['gap']:.3f}%" if r.get("gap") is not None else "–"
        lines.append(
            f"| {r['seed']} | {r['variant']} | {r['status']} | {fmt(r.get('objective'))} | {fmt(r.get('bound'))} | {gap} "
            f"| {fmt(r.get('bound_s'))} | {fmt(r.get('first_s'))} | {fmt(r['wall'])} | {fmt(r.get('unfilled'))} "
            f"| {fmt(r.get('mean_travel'))} / {fmt(r.get('max_travel'))} "
            f"| {fmt(r.get('valid'))}, {fmt(r.get('exact'))} | {fmt(r.get('greedy_cost'))} "
            f"| {fmt(r.get('greedy_violations'))} ({fmt(r.get('greedy_unfilled'))}) | {fmt(r.get('peak_mb'), 0)} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds for pilot and regional (default 10)")
    parser.add_argument("--ics-seeds", type=int, default=2, help="seeds at ICS scale (default 2)")
    parser.add_argument("--ics-limit", type=float, default=300.0, help="seconds per ICS run (default 300)")
    parser.add_argument("--scales", default="pilot,regional,ics")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "rotations.md"))
    parser.add_argument(
        "--connected",
        action="store_true",
        help="only the instances that do not split (written into the --out file's section of that name)",
    )
    parser.add_argument("--connected-seeds", type=int, default=10, help="seeds of the single-part tight variant")
    parser.add_argument("--planner-src", help="run the planner from this source folder (for before/after)")
    args = parser.parse_args()
    if args.planner_src:
        global PLANNER_SRC
        PLANNER_SRC = Path(args.planner_src).resolve()
    if args.connected:
        return connected(args)
    limits = {"pilot": 10.0, "regional": 60.0, "ics": args.ics_limit}
    written: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for scale in args.scales.split(","):
            sections: list[str] = []
            written[scale] = sections
            rows = []
            seeds = range(1, (args.ics_seeds if scale == "ics" else args.seeds) + 1)
            plans: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
            for seed in seeds:
                raw = generate(scale, seed, "base")
                result = run_cli(raw, limits[scale], work, f"{scale}-{seed}")
                rows.append({"seed": seed, "variant": "base", **judge(raw, result)})
                plans[seed] = (raw, result)
                print(
                    scale, seed, rows[-1]["status"], rows[-1].get("objective"), round(rows[-1]["wall"], 1), flush=True
                )
            if scale != "ics":
                for seed in list(seeds)[:3]:
                    for variant in ("tight", "infeasible"):
                        raw = generate(scale, seed, variant)
                        result = run_cli(raw, limits[scale], work, f"{scale}-{variant}-{seed}")
                        rows.append({"seed": seed, "variant": variant, **judge(raw, result)})
                        print(scale, seed, variant, rows[-1]["status"], flush=True)
                    raw, result = plans[seed]
                    if result.get("assignments"):
                        replan = replan_variant(raw, result, seed)
                        replan.pop("_withdrawn_host"), replan.pop("_today")
                        again = run_cli(
                            replan, 10.0 if scale == "regional" else limits[scale], work, f"{scale}-replan-{seed}"
                        )
                        row = {"seed": seed, "variant": "replan", **judge(replan, again)}
                        before = {(a["apprentice"], a["block"]): a["setting"] for a in result["assignments"]}
                        row["variant"] = (
                            f"replan ({sum(1 for a in again.get('assignments', []) if before.get((a['apprentice'], a['block'])) != a['setting'])} moved)"
                        )
                        rows.append(row)
                        print(scale, seed, "replan", row["status"], round(row["wall"], 1), flush=True)
            base = [r for r in rows if r["variant"] == "base"]
            sizes = generate(scale, 1, "base")
            sections += [
                f"## {scale.capitalize()} ({len(sizes['apprentices'])} apprentices, {len(sizes['settings'])} settings, "
                f"{len(sizes['cohorts'])} cohorts; time limit {limits[scale]:g} s)",
                "",
                f"Target: {TARGETS[scale]}. Base seeds proved optimal: "
                f"{sum(1 for r in base if r['status'] == 'OPTIMAL')} of {len(base)}; worst total time "
                f"{max(r['wall'] for r in base):.1f} s; worst gap "
                f"{max((r.get('gap') or 0) for r in base) * 100:.3f}%.",
                "",
                *table(rows),
                "",
            ]
            infeasible = [r for r in rows if r["variant"] == "infeasible"]
            if infeasible:
                sections += ["Explanations given for the infeasible variants (first reason each):", ""]
                sections += [f"- seed {r['seed']}: {r.get('explanation', '')}" for r in infeasible]
                sections.append("")
    header = [
        "# Rotation planner benchmark",
        "",
        f"Measured by `make bench` (`python benchmarks/rotations.py`) on {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}. Instances come from the committed generator with "
        "fixed seeds; each run is the whole `python -m rotation_planner` process. Every plan is checked by the "
        "independent checker (`rotation_planner.plan.check_plan`) and its cost recomputed. *Greedy* is the baseline "
        "a coordinator would produce by hand: apprentice by apprentice, the nearest allowed setting with room; its "
        "violations are broken hard rules (unfilled blocks, required types missed).",
        "",
        "Columns: *bound at* is when every part had its LP bound; *first plan* when a complete valid plan existed; "
        "*gap* is (objective − bound) / objective.",
        "",
    ]
    out = Path(args.out)
    old = sections_of(out.read_text(encoding="utf-8")) if out.exists() else {}
    # the scales run now replace theirs; the rest (scales not run, `--connected`'s section, the dated before/after
    # sections) stay where they were; the header is written anew
    body = [written.get(scale) or old.get(scale, []) for scale in limits]
    body += [lines for key, lines in old.items() if key not in limits and key != PREAMBLE]
    write_sections(out, header + [line for lines in body for line in lines])
    print(f"wrote {args.out}")
    return 0


PREAMBLE = ""  # `sections_of`'s key for the title and the measurement note before the first section


def sections_of(text: str) -> dict[str, list[str]]:
    """The lines of a results file by section: the scales' own by scale, the others by heading, and what comes
    before the first under PREAMBLE. Each ends with a blank line."""
    found: dict[str, list[str]] = {PREAMBLE: []}
    current = found[PREAMBLE]
    for line in text.rstrip("\n").split("\n"):
        if line.startswith("## "):
            scale = next((s for s in TARGETS if line.startswith(f"## {s.capitalize()} (")), line)
            current = found[scale] = []
        current.append(line)
    for lines in found.values():
        if lines and lines[-1] != "":
            lines.append("")
    return found


def write_sections(out: Path, lines: list[str]) -> None:
    out.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


CONNECTED_HEADING = "## Instances that do not split"


def connected(args: argparse.Namespace) -> int:
    """Single-part instances: regional with one cohort and places for 1.05 x the apprentices in every block
    (`single`), regional tight and the ICS with towns close enough to join into one part (`connected`)."""
    runs: list[tuple[str, str, int, float, dict[str, Any]]] = []
    for seed in range(1, args.connected_seeds + 1):
        runs.append(("regional", "single", seed, 60.0, generate_connected("regional", seed, "single")))
    for seed in range(1, 4):
        raw = generate_connected("regional", seed, "connected")
        tight = generate("regional", seed, "tight", spacing_km=35.0)
        tight["name"] = f"regional-connected-tight-{seed}"
        runs += [("regional", "connected", seed, 60.0, raw), ("regional", "connected tight", seed, 60.0, tight)]
    for seed in range(1, args.ics_seeds + 1):
        runs.append(("ics", "connected", seed, args.ics_limit, generate_connected("ics", seed, "connected")))
    rows: dict[str, list[dict[str, Any]]] = {"regional": [], "ics": []}
    with tempfile.TemporaryDirectory() as tmp:
        for scale, variant, seed, limit, raw in runs:
            result = run_cli(raw, limit, Path(tmp), f"{scale}-{variant.replace(' ', '-')}-{seed}")
            row = {"seed": seed, "variant": variant, **judge(raw, result)}
            row["parts"] = result.get("stats", {}).get("parts")
            rows[scale].append(row)
            print(
                scale,
                variant,
                seed,
                row["status"],
                row.get("objective"),
                row.get("gap"),
                round(row["wall"], 1),
                flush=True,
            )
    single = [r for r in rows["regional"] if r["variant"] == "single"]
    section = [
        CONNECTED_HEADING,
        "",
        f"Measured by `python benchmarks/rotations.py --connected` ({'planner from ' + str(args.planner_src) if args.planner_src else 'this checkout'}), "
        f"{time.strftime('%Y-%m-%d')}. Towns 35 km apart instead of 110 km, so chains of apprentices within the "
        "60-minute limit join every setting into one part (the *parts* the decomposition finds are in the last "
        "column). *single*: regional size, one cohort, every block with places for only 1.05 times the apprentices "
        "(capacities from a planted plan that keeps every rule, the middle blocks sharing the planted use averaged over "
        "them, plus 5% spare at random; the averaging can leave a seed with no plan). *connected*: the usual "
        "cohorts and places. *connected tight*: the tight variant's places.",
        "",
        f"Target (regional): gap ≤ 0.1% within 60 s. Single-part tight within 0.1%: "
        f"{sum(1 for r in single if r.get('gap') is not None and r['gap'] <= 0.001)} of {len(single)} "
        f"({sum(1 for r in single if r['status'] == 'INFEASIBLE')} with no plan at all); worst gap "
        f"{max(((r.get('gap') or 0) for r in single), default=0) * 100:.3f}%; worst first plan "
        f"{max(((r.get('first_s') or 0) for r in single), default=0):.1f} s.",
        "",
        *[
            line + (" parts |" if i == 0 else (" --- |" if i == 1 else f" {rows['regional'][i - 2].get('parts')} |"))
            for i, line in enumerate(table(rows["regional"]))
        ],
        "",
        f"ICS with towns joined (time limit {args.ics_limit:g} s; target: bound ≤ 30 s, a plan ≤ 5 min, gap ≤ 1% "
        "within 30 min):",
        "",
        *[
            line + (" parts |" if i == 0 else (" --- |" if i == 1 else f" {rows['ics'][i - 2].get('parts')} |"))
            for i, line in enumerate(table(rows["ics"]))
        ],
        "",
    ]
    out = Path(args.out)
    found = sections_of(out.read_text(encoding="utf-8") if out.exists() else "# Rotation planner benchmark\n")
    found[CONNECTED_HEADING] = section  # in its place, or last
    write_sections(out, [line for lines in found.values() for line in lines])
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
