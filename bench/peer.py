# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Side-by-side benchmark: our complaint flows and screens beside OCA's rma + rma_sale (the
peer) and plain Odoo (the floor), on a database loaded by bench/peer_data.py.

Run through ``bench/run peer -n 1000,10000,100000`` (it builds and caches the databases).
Each scenario reports the SQL query count (deterministic) and the median wall time of the
repeated runs after the first (which warms the caches), and rows per second where it applies.
Everything runs as the administrator, in one transaction that is rolled back.

``--summary`` puts the results of several sizes side by side: growth of each scenario from
the smallest to the largest size, and our flow's ratio to the peer's and the floor's.
"""

import argparse
import json
import math
import platform
import statistics
import time
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from screens import KANBAN_SPEC, LIST_SPEC

import odoo
from odoo import fields
from odoo.modules.registry import Registry

REPEAT = 5
# The flows take seconds on a shared machine: more runs for a steadier median.
FLOW_REPEAT = 9
# The web client asks for the exact count up to this many records (list and kanban).
COUNT_LIMIT = 10001
OPEN = [("is_closed", "=", False)]
RMA_LIST_SPEC = {
    "name": {},
    "origin": {},
    "user_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "product_id": {"fields": {"display_name": {}}},
    "product_uom_qty": {},
    "product_uom": {"fields": {"display_name": {}}},
    "date": {},
    "deadline": {},
    "state": {},
    "company_id": {"fields": {"display_name": {}}},
}
# Scenarios whose query count must not depend on the size of the data set.
INTERACTIVE = (
    "flow",
    "kanban",
    "list",
    "search",
)


def measure(env, func, repeat=REPEAT):
    """Query count of the last run and median time of the runs after the first."""
    counts, times = [], []
    for i in range(repeat):
        env.invalidate_all()
        start_count = env.cr.sql_log_count
        start = time.perf_counter()
        func(i)
        env.flush_all()
        times.append(time.perf_counter() - start)
        counts.append(env.cr.sql_log_count - start_count)
    return {
        "queries": counts[-1],
        "median_ms": round(statistics.median(times[1:] if repeat > 1 else times) * 1000, 1),
    }


def validate(pickings):
    """Receive the whole of a return, as the warehouse does."""
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
    pickings.move_ids.picked = True
    result = pickings.button_validate()
    assert result is True and set(pickings.mapped("state")) == {"done"}, result


def flow_order(env, flow, i):
    return env["sale.order"].search([("client_order_ref", "=", f"BENCH-FLOW-{flow}-{i}")])


def flow_ours(env, i):
    """A complaint pre-filled from the delivery, its return received, its credit note."""
    order = flow_order(env, "ours", i)
    Complaint = env["quality.complaint"]
    vals = Complaint._prepare_default_vals(
        order.partner_id,
        sale_orders=order,
        pickings=order.picking_ids,
        invoices=order.invoice_ids,
    )
    complaint = Complaint.create({"subject": "Bench flow", **vals})
    wizard = (
        env["quality.complaint.return.wizard"]
        .with_context(default_complaint_id=complaint.id)
        .create({})
    )
    validate(env["stock.picking"].browse(wizard.action_confirm()["res_id"]))
    wizard = (
        env["quality.complaint.refund.wizard"]
        .with_context(default_complaint_id=complaint.id)
        .create({})
    )
    refund = env["account.move"].browse(wizard.action_confirm()["res_id"])
    assert refund.move_type == "out_refund" and len(refund.invoice_line_ids) == 10


def flow_peer(env, i):
    """The peer's RMAs from the order (one per line), received, refunded."""
    order = flow_order(env, "peer", i)
    wizard = env["sale.order.rma.wizard"].browse(order.action_create_rma()["res_id"])
    wizard.operation_id = env.ref("rma.rma_operation_refund")
    rmas = wizard.create_rma()
    rmas.action_confirm()
    validate(rmas.reception_move_id.picking_id)
    rmas.action_refund()
    assert set(rmas.mapped("state")) == {"refunded"} and len(rmas.refund_id.invoice_line_ids) == 10


def flow_floor(env, i):
    """Plain Odoo: the return wizard's "return all", received; the credit note wizard."""
    order = flow_order(env, "floor", i)
    delivery, invoice = order.picking_ids, order.invoice_ids
    wizard = (
        env["stock.return.picking"]
        .with_context(active_id=delivery.id, active_ids=delivery.ids, active_model="stock.picking")
        .create({})
    )
    validate(env["stock.picking"].browse(wizard.action_create_returns_all()["res_id"]))
    reversal = (
        env["account.move.reversal"]
        .with_context(active_model="account.move", active_ids=invoice.ids)
        .create({"journal_id": invoice.journal_id.id, "reason": "Bench"})
    )
    refund = env["account.move"].browse(reversal.refund_moves()["res_id"])
    assert refund.move_type == "out_refund" and len(refund.invoice_line_ids) == 10


def run(env, n):
    Complaint = env["quality.complaint"]
    Rma = env["rma"]
    results = []

    def add(key, label, side, func, repeat=REPEAT, rows=None):
        row = {"key": key, "scenario": label, "side": side, "n": n, **measure(env, func, repeat)}
        if rows:
            row["rows_per_s"] = round(rows / max(row["median_ms"], 0.1) * 1000)
        results.append(row)
        print(f"  {label:<58}{side:<6}{row['queries']:>8}{row['median_ms']:>11}")

    # The first pages of the data set as loaded, before the flows: both lists show about as
    # many customers (80 complaints, 80 RMAs of different orders). After the flows the
    # peer's first page is the flows' own RMAs (ten per order, one customer each), about 8
    # customers' names to format against our 79.
    for side, model, spec in (("ours", Complaint, LIST_SPEC), ("peer", Rma, RMA_LIST_SPEC)):
        add(
            "list",
            "open the list (first page), as loaded",
            side,
            lambda i, model=model, spec=spec: model.web_search_read(
                OPEN if model is Complaint else [], spec, limit=80, count_limit=COUNT_LIMIT
            ),
        )
    for side, flow in (("ours", flow_ours), ("peer", flow_peer), ("floor", flow_floor)):
        add(
            "flow",
            "claim from a 10-line delivery, return, refund",
            side,
            lambda i, flow=flow: flow(env, i),
            repeat=FLOW_REPEAT,
        )
    # The screens as the next request sees them, in a transaction object of its own (Odoo
    # gives each request a new one), on the same cursor (the flows' documents stay). In the
    # flows' transaction, the ORM's look-up of an environment went through the hundreds the
    # flows had made (a linear search, 0.3 ms each): the list took 26 ms instead of 15.
    env.flush_all()
    env.cr.transaction = None
    env = odoo.api.Environment(env.cr, odoo.SUPERUSER_ID, {})
    Complaint = env["quality.complaint"]
    Rma = env["rma"]

    add(
        "kanban",
        "open the kanban (open complaints by stage, progress bars)",
        "ours",
        lambda i: (
            Complaint.with_context(read_group_expand=True).web_read_group(
                OPEN,
                ["stage_id"],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification=KANBAN_SPEC,
                unfold_read_default_limit=80,
            ),
            Complaint.read_progress_bar(
                OPEN,
                "stage_id",
                {"field": "severity", "colors": {"major": "danger", "general": "warning"}},
            ),
        ),
    )
    add(
        "list",
        "open the list (first page), after the flows",
        "ours",
        lambda i: Complaint.web_search_read(OPEN, LIST_SPEC, limit=80, count_limit=COUNT_LIMIT),
    )
    add(
        "list",
        "open the list (first page), after the flows",
        "peer",
        lambda i: Rma.web_search_read([], RMA_LIST_SPEC, limit=80, count_limit=COUNT_LIMIT),
    )
    # What the search bar sends once a customer or product is picked, or a reference typed.
    # The customer, product and reference of an open complaint in the middle of the data set.
    target = Complaint.search(
        [*OPEN, ("name", ">=", f"QCB/{n // 2:07d}"), ("name", "like", "QCB/")],
        order="name",
        limit=1,
    )
    customer, product = target.partner_id, target.line_ids.product_id
    reference = target.name.removeprefix("QCB/")
    searches = {
        "customer": (
            [*OPEN, ("partner_id", "child_of", customer.id)],
            [("partner_id", "=", customer.id)],
        ),
        "product": ([*OPEN, ("product_ids", "in", product.ids)], [("product_id", "=", product.id)]),
        "reference": (
            [*OPEN, "|", ("name", "ilike", reference), ("subject", "ilike", reference)],
            [("name", "ilike", reference)],
        ),
    }
    for what, (ours, peer) in searches.items():
        add(
            "search",
            f"search by {what} (first page)",
            "ours",
            lambda i, d=ours: Complaint.web_search_read(
                d, LIST_SPEC, limit=80, count_limit=COUNT_LIMIT
            ),
        )
        add(
            "search",
            f"search by {what} (first page)",
            "peer",
            lambda i, d=peer: Rma.web_search_read(
                d, RMA_LIST_SPEC, limit=80, count_limit=COUNT_LIMIT
            ),
        )

    Dashboard = env["quality.complaint.dashboard"]
    today = fields.Date.context_today(env.user)
    add(
        "dashboard",
        "dashboard and KPIs, whole data set (24 months)",
        "ours",
        lambda i: Dashboard.get_dashboard_data(
            fields.Date.to_string(today - timedelta(days=760)), fields.Date.to_string(today)
        ),
        repeat=3,
        rows=n,
    )
    add(
        "dashboard",
        "dashboard and KPIs, last 12 months (default)",
        "ours",
        lambda i: Dashboard.get_dashboard_data(),
        repeat=3,
        rows=n // 2,
    )
    # Between two refreshes of the summary: a complaint of each of the 11 earlier months
    # changed (older complaints are closed every day). Each changed day is counted from the
    # complaints, the rest of its month from its days' rows.
    earlier = Complaint.browse()
    for months_ago in range(1, 12):
        month = today.replace(day=1) - relativedelta(months=months_ago)
        earlier |= Complaint.search(
            [
                ("date_received", ">=", fields.Datetime.to_datetime(month)),
                (
                    "date_received",
                    "<",
                    fields.Datetime.to_datetime(month + relativedelta(months=1)),
                ),
            ],
            limit=1,
        )
    earlier.write({"priority": "1"})
    env.flush_all()
    add(
        "dashboard",
        f"dashboard, last 12 months, {len(earlier)} earlier days changed since the refresh",
        "ours",
        lambda i: Dashboard.get_dashboard_data(),
        repeat=3,
        rows=n // 2,
    )
    Deadline = env["quality.complaint.deadline"].sudo()
    env.cr.execute("SELECT count(*) FROM quality_complaint_deadline WHERE date_done IS NULL")
    open_deadlines = env.cr.fetchone()[0]
    add(
        "cron",
        "deadline scheduled action, a run with work",
        "ours",
        lambda i: Deadline._cron_process_deadlines(batch_size=1000),
        repeat=1,
        rows=open_deadlines,
    )
    add(
        "cron",
        "deadline scheduled action, nothing new",
        "ours",
        lambda i: Deadline._cron_process_deadlines(batch_size=1000),
        repeat=3,
        rows=open_deadlines,
    )
    return results


def machine():
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        model = next((ln.split(":", 1)[1].strip() for ln in info if "model name" in ln), "?")
    return f"{platform.node()}: {model}, {len(__import__('os').sched_getaffinity(0))} cores"


def summary(paths, out):
    """The sizes side by side, growth from the smallest to the largest, ratios to the peer
    and the floor."""
    runs = []
    for path in paths:
        with open(path, encoding="utf-8") as data:
            runs.append(json.load(data))
    runs.sort(key=lambda r: r["n"])
    sizes = [r["n"] for r in runs]
    table = {}
    for r in runs:
        for row in r["results"]:
            table.setdefault((row["scenario"], row["side"], row["key"]), {})[r["n"]] = row
    lines = []
    for (scenario, side, key), by_n in table.items():
        first, last = by_n[sizes[0]], by_n[sizes[-1]]
        line = {
            "scenario": scenario,
            "side": side,
            "key": key,
            "by_n": {
                str(n): {
                    k: by_n[n][k] for k in by_n[n] if k not in ("key", "scenario", "side", "n")
                }
                for n in sizes
            },
            "time_growth": round(last["median_ms"] / max(first["median_ms"], 0.1), 2),
            "log_growth": round(math.log10(sizes[-1]) / math.log10(sizes[0]), 2),
            # A few queries more or less come from sequences and caches, not from the size.
            "queries_constant": last["queries"] <= first["queries"] * 1.02 + 1,
        }
        lines.append(line)
    # Ours beside the peer and the floor in the same scenario, at each size.
    ratios = {}
    for line in lines:
        if line["side"] != "ours":
            continue
        for other in lines:
            if other["scenario"] == line["scenario"] and other["side"] != "ours":
                ratios.setdefault(line["scenario"], {})[other["side"]] = {
                    str(n): {
                        "time": round(
                            line["by_n"][str(n)]["median_ms"]
                            / max(other["by_n"][str(n)]["median_ms"], 0.1),
                            2,
                        ),
                        "queries": round(
                            line["by_n"][str(n)]["queries"] / other["by_n"][str(n)]["queries"], 2
                        ),
                    }
                    for n in sizes
                }
    print(f"{runs[-1]['machine']}, {runs[-1]['date']}")
    markdown = [
        "| scenario | side | "
        + " | ".join(f"n = {n:,}: queries / median ms" for n in sizes)
        + f" | time x{sizes[-1] // sizes[0]:,} n |",
        "| --- | --- | " + " | ".join("---" for _n in sizes) + " | --- |",
    ]
    for line in lines:
        cells = " | ".join(
            f"{line['by_n'][str(n)]['queries']} / {line['by_n'][str(n)]['median_ms']}"
            for n in sizes
        )
        flag = "" if line["queries_constant"] else " (queries grow)"
        markdown.append(
            f"| {line['scenario']} | {line['side']} | {cells} | {line['time_growth']}{flag} |"
        )
    markdown += [
        "",
        "| ours ÷ other, time (queries) | other | "
        + " | ".join(f"n = {n:,}" for n in sizes)
        + " |",
        "| --- | --- | " + " | ".join("---" for _n in sizes) + " |",
    ]
    for scenario, by_side in ratios.items():
        for side, by_n in by_side.items():
            cells = " | ".join(f"{by_n[str(n)]['time']} ({by_n[str(n)]['queries']})" for n in sizes)
            markdown.append(f"| {scenario} | {side} | {cells} |")
    print("\n".join(markdown))
    result = {
        "machine": runs[-1]["machine"],
        "date": runs[-1]["date"],
        "sizes": sizes,
        "load_seconds": {str(r["n"]): r["load_seconds"] for r in runs},
        "scenarios": lines,
        "ratios": ratios,
    }
    if out:
        with open(out, "w", encoding="utf-8") as dump:
            json.dump(result, dump, indent=2)
        with open(out.replace(".json", ".md"), "w", encoding="utf-8") as dump:
            dump.write("\n".join(markdown) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config")
    parser.add_argument("-d", "--database")
    parser.add_argument("-n", "--sales", type=int)
    parser.add_argument("--summary", nargs="+", metavar="JSON")
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.summary:
        summary(args.summary, args.json)
        return
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"]
    )
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin"))
        load_seconds = float(env["ir.config_parameter"].sudo().get_param("bench.load_seconds", 0))
        print(f"n = {args.sales}{'':<44}{'queries':>9}{'median ms':>11}")
        results = run(env, args.sales)
        cr.rollback()
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "n": args.sales,
                    "machine": machine(),
                    "date": time.strftime("%Y-%m-%d"),
                    "load_seconds": load_seconds,
                    "results": results,
                },
                out,
                indent=2,
            )


if __name__ == "__main__":
    main()
