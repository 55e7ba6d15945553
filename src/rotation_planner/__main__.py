"""python -m rotation_planner INSTANCE.json --time-limit SECONDS --out PLAN.json

Exit 0 when a plan or a proof of infeasibility was written; 2 for a malformed instance (nothing is written);
1 for anything else. The time limit covers the whole process.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()

import argparse  # noqa: E402
import sys  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rotation_planner", description=__doc__.splitlines()[0])
    parser.add_argument("instance", help="instance JSON file")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds for the whole run (default 60)")
    parser.add_argument("--out", required=True, help="where to write the plan JSON")
    parser.add_argument("--greedy", action="store_true", help="use the greedy baseline instead of the optimiser")
    parser.add_argument("--stats", help="also write the solver's statistics (timings, sizes) to this JSON file")
    args = parser.parse_args(argv)
    if args.time_limit <= 0:
        parser.error("--time-limit must be more than 0")

    from .instance import InstanceError, load_instance

    try:
        instance = load_instance(args.instance)
    except InstanceError as exc:
        print(f"rotation_planner: the instance is not valid: {exc}", file=sys.stderr)
        return 2
    if args.greedy:
        from .greedy import greedy_plan

        plan = greedy_plan(instance)
    else:
        from .solver import solve

        # leave room for HiGHS finishing its last step past its own limit, writing the file and exiting
        margin = 0.35 + 0.03 * args.time_limit
        plan = solve(instance, time_limit=max(0.2, args.time_limit - margin), started=STARTED)
    try:
        plan.write(args.out)
    except OSError as exc:
        print(f"rotation_planner: cannot write {args.out}: {exc}", file=sys.stderr)
        return 1
    if args.stats:
        import json
        import resource

        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open(args.stats, "w", encoding="utf-8") as fh:
            json.dump({**plan.stats, "peak_mb": round(peak_mb, 1), "explanation": plan.explanation}, fh, default=str)
    print(f"{plan.status} objective={plan.objective} bound={plan.bound} seconds={plan.solve_seconds:.2f}")
    return 0 if plan.status in ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN") else 1


if __name__ == "__main__":
    sys.exit(main())
