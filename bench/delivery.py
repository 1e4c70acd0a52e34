# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What our addons cost a warehouse that never opens a complaint: the same delivery
validated in a database with our addons and in one without them (Odoo's modules that our
addons depend on, nothing else), query counts and times side by side.

Run through ``bench/run delivery`` (it copies both template databases). In each database,
for 1 and 10 lines, it prepares REPEAT deliveries of new storable products in stock to a
new customer (confirmed, reserved, every move picked) and validates them one by one,
caches cleared before each; the first validation warms the caches. Everything happens in
one transaction that is rolled back.
"""

import argparse
import json
import statistics
import time

from query_budget import prepare_delivery

import odoo
from odoo.modules.registry import Registry

REPEAT = 7


def measure_validation(env, lines):
    pickings = [prepare_delivery(env, lines, f"{lines}-{i}") for i in range(REPEAT)]
    env.flush_all()
    counts, times = [], []
    for picking in pickings:
        env.invalidate_all()
        start_count = env.cr.sql_log_count
        start = time.perf_counter()
        assert picking.button_validate() is True
        env.flush_all()
        times.append(time.perf_counter() - start)
        counts.append(env.cr.sql_log_count - start_count)
        assert picking.state == "done"
    return {"queries": counts[-1], "median_ms": round(statistics.median(times[1:]) * 1000, 1)}


def run(database, config, line_counts):
    odoo.tools.config.parse_config(["-c", config, "-d", database, "--no-http"])
    registry = Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        installed = bool(
            env["ir.module.module"].search_count(
                [("name", "=", "quality_complaint"), ("state", "=", "installed")]
            )
        )
        results = [
            {"lines": lines, "addons": installed, **measure_validation(env, lines)}
            for lines in line_counts
        ]
        cr.rollback()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True, help="with our addons")
    parser.add_argument("--without", required=True, help="database without our addons")
    parser.add_argument("--lines", default="1,10")
    parser.add_argument("--json")
    args = parser.parse_args()
    line_counts = [int(n) for n in args.lines.split(",")]
    without = run(args.without, args.config, line_counts)
    with_ours = run(args.database, args.config, line_counts)
    print(f"{'validate a delivery of':<24}{'without our addons':>22}{'with our addons':>20}")
    for plain, ours in zip(without, with_ours, strict=True):
        print(
            f"{str(plain['lines']) + ' line(s)':<24}"
            f"{plain['queries']:>10} q {plain['median_ms']:>7} ms"
            f"{ours['queries']:>8} q {ours['median_ms']:>7} ms"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"without": without, "with": with_ours}, out, indent=2)


if __name__ == "__main__":
    main()
