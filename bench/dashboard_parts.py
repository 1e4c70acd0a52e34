# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Where the dashboard's time goes, on a benchmark database (bench/run keeps them as
templates: ``bench/run parts -n N``).

Each part of the dashboard is timed (median of repeated runs) and its queries counted, the
way the dashboard computes it and, side by side, counted from the records themselves
without the summaries (what the dashboard did before them), over the period of the
``dashboard`` scenarios of bench/peer.py (the whole data set and the default 12 months).
"""

import argparse
import json
import statistics
import time
from datetime import timedelta
from unittest.mock import patch

import odoo
from odoo import fields
from odoo.modules.registry import Registry

REPEAT = 5
Dashboard_cls = None


def measure(env, func):
    """(median ms, queries) of ``func`` run REPEAT times after a warm-up."""
    func()
    times, queries = [], 0
    for _run in range(REPEAT):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
        queries = env.cr.sql_log_count - before
    return round(statistics.median(times), 1), queries


def without_summaries(func):
    """``func`` run as if the summaries did not answer (the records are counted)."""

    def run():
        with patch.object(Dashboard_cls, "_summary_allowed", lambda self: False):
            return func()

    return run


def parts(env, start, stop):
    Dashboard = env["quality.complaint.dashboard"]
    Daily = env["quality.complaint.daily"]
    domain = Dashboard._complaint_domain(start, stop)
    now = fields.Datetime.now()

    def daily(source, stop, **kwargs):
        return lambda: Daily._counts(source, start, stop, Dashboard._summary_allowed(), **kwargs)

    rows = {
        "complaint figures (monthly summary)": (lambda: Dashboard._figures(start, stop), None),
        "top 10 customers": (
            lambda: Dashboard._top_customers(domain),
            lambda: Dashboard._customer_counts(domain, limit=10),
        ),
        "deliveries per month (control chart)": (
            daily("delivery", stop, by_month=True, sudo=True),
            None,
        ),
        "on-time rates": (daily("deadline", min(stop, now)), None),
        # Read from the cost report (no summary): the same either way.
        "cost of poor quality card": (
            lambda: Dashboard._cost_of_poor_quality(start, stop),
            None,
        ),
    }
    if "closing" in Daily._sources():
        rows["callback rate"] = (daily("closing", stop), None)
    rows["whole dashboard"] = (
        lambda: Dashboard.get_dashboard_data(
            fields.Date.to_string(start.date()),
            fields.Date.to_string(stop.date() - timedelta(days=1)),
        ),
        None,
    )
    result = []
    for name, (func, live_func) in rows.items():
        ms, queries = measure(env, func)
        live_ms, live_queries = measure(env, live_func or without_summaries(func))
        result.append(
            {
                "part": name,
                "ms": ms,
                "queries": queries,
                "records_ms": live_ms,
                "records_queries": live_queries,
            }
        )
        print(
            f"  {name}: {ms} ms, {queries} queries; from the records {live_ms} ms, {live_queries}"
        )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--sales", type=int, required=True)
    parser.add_argument("--json")
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"]
    )
    registry = Registry(args.database)
    global Dashboard_cls  # noqa: PLW0603
    Dashboard_cls = registry["quality.complaint.dashboard"]
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin").id)
        Dashboard = env["quality.complaint.dashboard"]
        today = fields.Date.context_today(env.user)
        periods = {
            "whole data set (24 months)": (today - timedelta(days=760), today),
            "last 12 months (default)": (None, None),
        }
        out = {"n": args.sales, "periods": {}}
        cr.execute("SET jit = off")
        for label, (date_from, date_to) in periods.items():
            start, stop = Dashboard._period(date_from, date_to)
            print(f"n = {args.sales}, {label}:")
            out["periods"][label] = parts(env, start, stop)
        cr.rollback()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as dump:
            json.dump(out, dump, indent=1)


if __name__ == "__main__":
    main()
