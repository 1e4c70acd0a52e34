# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scale benchmark: the dashboard over N complaints, the deadline scheduled action over
the open ones and the recurrence look-up of a complaint being entered (earlier complaints
and open 8Ds on the same product, lot or defect code), with query counts and timings side
by side.

The data set is loaded with set-based SQL (generate_series) so that a million complaints
load in about a minute; the benchmark runs in one transaction that is rolled back.
"""

import argparse
import json
import statistics
import time
from datetime import timedelta

import odoo
from odoo import fields
from odoo.fields import Command
from odoo.modules.registry import Registry


def load(env, n, open_share):
    """N complaints over the last 24 months, ``open_share`` of them open, each with a line (of
    50 products, 500 lots and 10 defect codes) and four deadlines; the open ones' past
    deadlines are already handled (steady state) except those that fell due in the last hour,
    as the hourly scheduled action finds them."""
    cr = env.cr
    now = fields.Datetime.now()
    partners = env["res.partner"].create(
        [{"name": f"Scale customer {i}", "is_company": True} for i in range(200)]
    )
    products = env["product.product"].create(
        [{"name": f"Scale product {i}", "is_storable": True} for i in range(50)]
    )
    lots = env["stock.lot"].create(
        [
            {"name": f"SCALE-{p}-{k}", "product_id": product.id, "company_id": env.company.id}
            for p, product in enumerate(products)
            for k in range(10)
        ]
    )
    defects = env["quality.complaint.defect"].create(
        [{"code": f"SCALE-{i}", "name": f"Scale defect {i}"} for i in range(10)]
    )
    stages = {s.milestone: s.id for s in env["quality.complaint.stage"].search([])}
    categories = env["quality.complaint.category"].search([]).ids
    team = env.ref("quality_complaint.quality_complaint_team_quality").id
    env.flush_all()
    start = time.perf_counter()
    cr.execute(
        """
        INSERT INTO quality_complaint (
            name, subject, partner_id, commercial_partner_id, company_id, stage_id, milestone,
            is_closed, category_id, team_id, severity, kind, channel, priority, responsibility,
            responsible_department, date_received, date_acknowledged, date_closed, date_deadline,
            active, create_uid, write_uid, create_date, write_date)
        SELECT 'SCALE/' || g,
               'Scale complaint ' || g,
               (%(partners)s)[1 + g %% 200],
               (%(partners)s)[1 + g %% 200],
               %(company)s,
               CASE WHEN g %% 100 < %(open_pct)s THEN %(investigating)s ELSE %(closed)s END,
               CASE WHEN g %% 100 < %(open_pct)s THEN 'investigating' ELSE 'closed' END,
               g %% 100 >= %(open_pct)s,
               (%(categories)s)[1 + g %% %(ncat)s],
               %(team)s,
               (ARRAY['minor', 'general', 'major'])[1 + g %% 3],
               (ARRAY['appeal', 'claim', 'non_quality'])[1 + g %% 3],
               'email', '0',
               (ARRAY['company', 'customer', 'supplier', 'undetermined'])[1 + g %% 4],
               (ARRAY['production', 'design', 'warehouse', 'logistics'])[1 + g %% 4],
               %(now)s - (g %% 720) * interval '1 day',
               %(now)s - (g %% 720) * interval '1 day' + (g %% 48) * interval '1 hour',
               CASE WHEN g %% 100 >= %(open_pct)s
                    THEN %(now)s - (g %% 720) * interval '1 day' + (g %% 400) * interval '1 hour'
               END,
               %(now)s - (g %% 720) * interval '1 day' + interval '14 days',
               TRUE, 1, 1, %(now)s, %(now)s
          FROM generate_series(1, %(n)s) g
        """,
        {
            "partners": partners.ids,
            "company": env.company.id,
            "open_pct": round(open_share * 100),
            "investigating": stages["investigating"],
            "closed": stages["closed"],
            "categories": categories,
            "ncat": len(categories),
            "team": team,
            "now": now,
            "n": n,
        },
    )
    cr.execute(
        """
        INSERT INTO quality_complaint_line (complaint_id, company_id, is_closed, product_id,
                                            lot_id, defect_id, quantity, uom_id, sequence,
                                            create_uid, write_uid, create_date, write_date)
        SELECT c.id, c.company_id, c.is_closed, (%(products)s)[1 + c.id %% 50],
               (%(lots)s)[1 + (c.id %% 50) * 10 + (c.id / 50) %% 10],
               (%(defects)s)[1 + c.id %% 10], 1, %(uom)s, 10, 1, 1, %(now)s, %(now)s
          FROM quality_complaint c WHERE c.name LIKE 'SCALE/%%'
        """,
        {
            "products": products.ids,
            "lots": lots.ids,
            "defects": defects.ids,
            "uom": env.ref("uom.product_uom_unit").id,
            "now": now,
        },
    )
    # Deadlines of the open complaints: due times spread around now. Those already due are
    # met, reminded or escalated, except the ones that fell due in the last hour.
    cr.execute(
        """
        INSERT INTO quality_complaint_deadline (complaint_id, company_id, team_id, category_id,
                                                complaint_active, kind, date_deadline,
                                                date_reminded, date_escalated, active,
                                                create_uid, write_uid, create_date, write_date)
        SELECT c.id, c.company_id, c.team_id, c.category_id, c.active, k.kind,
               %(now)s + ((c.id * 7 + k.offs) %% 2880 - 1440) * interval '1 minute' * 30,
               CASE WHEN ((c.id * 7 + k.offs) %% 2880 - 1440) * 30 < -60 THEN %(now)s END,
               CASE WHEN ((c.id * 7 + k.offs) %% 2880 - 1440) * 30 < -60 THEN %(now)s END,
               TRUE, 1, 1, %(now)s, %(now)s
          FROM quality_complaint c
          CROSS JOIN (VALUES ('acknowledge', 0), ('plan', 700), ('verification', 1400),
                             ('closure', 2100)) AS k(kind, offs)
         WHERE c.name LIKE 'SCALE/%%' AND NOT c.is_closed
        """,
        {"now": now},
    )
    load_8ds(env, now)
    env.invalidate_all()
    loaded = time.perf_counter() - start
    cr.execute("SELECT count(*) FROM quality_complaint_deadline WHERE date_done IS NULL")
    return {"load_seconds": round(loaded, 1), "open_deadlines": cr.fetchone()[0]}


def load_8ds(env, now, open_count=200):
    """With the 8D addon: an 8D on every 97th complaint, the ``open_count`` latest of them
    still open (the investigations under way that the recurrence look-up proposes), the
    others closed (which it skips)."""
    if "quality.8d.report" not in env:
        return
    env.cr.execute(
        """
        INSERT INTO quality_8d_report (name, title, company_id, state, discipline, date_start,
                                       create_uid, write_uid, create_date, write_date)
        SELECT '8D/SCALE/' || c.id, 'Scale 8D of ' || c.name, c.company_id,
               CASE WHEN c.rank <= %(open)s THEN 'draft' ELSE 'done' END,
               CASE WHEN c.rank <= %(open)s THEN 'd4' ELSE 'd8' END,
               c.date_received, 1, 1, %(now)s, %(now)s
          FROM (SELECT id, name, company_id, date_received,
                       row_number() OVER (ORDER BY id DESC) AS rank
                  FROM quality_complaint
                 WHERE name LIKE 'SCALE/%%' AND id %% 97 = 0) c
        """,
        {"open": open_count, "now": now},
    )
    env.cr.execute(
        """
        INSERT INTO quality_8d_report_complaint_rel (report_id, complaint_id)
        SELECT id, substring(name from 10)::int FROM quality_8d_report
         WHERE name LIKE '8D/SCALE/%%'
        """
    )


def recurrence_look_up(env):
    """The look-up of a complaint being entered (not saved) on the product, lot and defect
    code of the latest complaint: each is on N/50, N/500 and N/10 complaints."""
    line = env["quality.complaint.line"].search([], order="id desc", limit=1)
    entered = env["quality.complaint"].new(
        {
            "partner_id": line.complaint_id.partner_id.id,
            "line_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "lot_id": line.lot_id.id,
                        "defect_id": line.defect_id.id,
                    }
                )
            ],
        }
    )
    return entered.recurrence_data


def measure(env, func, repeat=3):
    counts, times = [], []
    for _ in range(repeat):
        env.invalidate_all()
        start_count = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        env.flush_all()
        times.append(time.perf_counter() - start)
        counts.append(env.cr.sql_log_count - start_count)
    return {"queries": counts[-1], "median_s": round(statistics.median(times), 3)}


def build_summary(registry, n):
    """The data set was loaded in SQL, behind the ORM: summarise it all, as after an
    upgrade, and time the scheduled action doing it."""
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        Summary = env["quality.complaint.summary"]
        Summary._rebuild()
        start_count, start = cr.sql_log_count, time.perf_counter()
        buckets = Summary._cron_refresh()
        seconds = time.perf_counter() - start
        queries = cr.sql_log_count - start_count
        cr.commit()
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE quality_complaint_summary")
        cr._cnx.autocommit = False
    return {
        "scenario": f"dashboard summary built ({buckets} buckets)",
        "n": n,
        "queries": queries,
        "median_s": round(seconds, 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--complaints", type=int, default=100000)
    parser.add_argument("--open-share", type=float, default=0.1)
    parser.add_argument("--json")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http"])
    registry = Registry(args.database)
    results = []
    # The data set is committed (the benchmark database is a throwaway copy) and vacuumed,
    # as a production database is between two autovacuum runs.
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        info = load(env, args.complaints, args.open_share)
        cr.commit()
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        tables = "quality_complaint, quality_complaint_line, quality_complaint_deadline"
        if "quality.8d.report" in registry:
            tables += ", quality_8d_report, quality_8d_report_complaint_rel"
        cr.execute(f"VACUUM ANALYZE {tables}")
        cr._cnx.autocommit = False
    results.append(build_summary(registry, args.complaints))
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        n_open = round(args.complaints * args.open_share)
        Dashboard = env["quality.complaint.dashboard"]
        today = fields.Date.context_today(env.user)
        whole = measure(
            env,
            lambda: Dashboard.get_dashboard_data(
                fields.Date.to_string(today - timedelta(days=730)), fields.Date.to_string(today)
            ),
        )
        results.append({"scenario": "dashboard, whole data set", "n": args.complaints, **whole})
        year = measure(env, lambda: Dashboard.get_dashboard_data())
        results.append({"scenario": "dashboard, last 12 months", "n": args.complaints, **year})
        Deadline = env["quality.complaint.deadline"]
        cron = measure(env, lambda: Deadline._cron_process_deadlines(batch_size=1000), repeat=1)
        results.append({"scenario": "deadline scheduled action (first run)", "n": n_open, **cron})
        again = measure(env, lambda: Deadline._cron_process_deadlines(batch_size=1000), repeat=1)
        results.append(
            {"scenario": "deadline scheduled action (nothing new)", "n": n_open, **again}
        )
        recurrence = measure(env, lambda: recurrence_look_up(env))
        results.append({"scenario": "recurrence look-up", "n": args.complaints, **recurrence})
        cr.rollback()
    print(
        f"loaded {args.complaints} complaints in {info['load_seconds']} s, "
        f"{info['open_deadlines']} open deadlines"
    )
    print(f"{'scenario':<42}{'n':>10}{'queries':>10}{'median s':>11}")
    for row in results:
        print(f"{row['scenario']:<42}{row['n']:>10}{row['queries']:>10}{row['median_s']:>11}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"load": info, "results": results}, out, indent=2)


if __name__ == "__main__":
    main()
