# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Query budgets of the interactive complaint screens, with timings beside them.

Run through bench/run (it prepares the database); everything happens in one transaction
that is rolled back, so the database is left as it was.

Scenarios:
- kanban: the complaints kanban grouped by stage, as the web client loads it
  (web_read_group with the cards of each column), at 80 and 800 complaints;
- list: the first page of the list view;
- recurrence look-up: the earlier complaints and open 8Ds on the same product, lot or
  defect code, as the form computes them for a complaint being entered;
- create from delivery: a complaint pre-filled from a done delivery of 10 and 100 lines.
The query count must not grow with the number of complaints or lines.
"""

import argparse
import json
import statistics
import time

from screens import KANBAN_SPEC, LIST_SPEC

import odoo
from odoo.fields import Command
from odoo.modules.registry import Registry


def measure(env, func, repeat=5):
    """Query count (deterministic) and median wall time of ``func``."""
    counts, times = [], []
    for _ in range(repeat):
        env.invalidate_all()
        env.registry.clear_cache()
        start_count = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        env.flush_all()
        times.append(time.perf_counter() - start)
        counts.append(env.cr.sql_log_count - start_count)
    # The first run warms the ormcache; the steady state is what users see.
    return {"queries": counts[-1], "median_ms": round(statistics.median(times[1:]) * 1000, 2)}


def make_fixtures(env):
    return {
        "partners": env["res.partner"].create(
            [{"name": f"Bench customer {i}", "is_company": True} for i in range(20)]
        ),
        "tags": env["quality.complaint.tag"].create([{"name": f"bench-tag-{i}"} for i in range(5)]),
        "stages": env["quality.complaint.stage"].search([]),
        "categories": env["quality.complaint.category"].search([]),
        "products": env["product.product"].create(
            [{"name": f"Bench product {i}", "is_storable": True} for i in range(5)]
        ),
    }


def make_complaints(env, count, fixtures):
    partners, tags, stages, categories, products = (
        fixtures[key] for key in ("partners", "tags", "stages", "categories", "products")
    )
    vals = []
    for i in range(count):
        vals.append(
            {
                "subject": f"Bench complaint {i}",
                "partner_id": partners[i % len(partners)].id,
                "stage_id": stages[i % len(stages)].id,
                "category_id": categories[i % len(categories)].id,
                "severity": ("minor", "general", "major")[i % 3],
                "tag_ids": [Command.set(tags[: i % 3].ids)],
                "line_ids": [Command.create({"product_id": products[i % 5].id, "quantity": 1.0})],
            }
        )
    return env["quality.complaint"].create(vals)


def prepare_delivery(env, lines, tag):
    """A confirmed, reserved and picked outgoing delivery of ``lines`` new storable products
    in stock to a new customer (``tag`` names them)."""
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    customer = env["res.partner"].create({"name": f"Bench delivery customer {tag}"})
    products = env["product.product"].create(
        [{"name": f"Bench delivered {tag}-{i}", "is_storable": True} for i in range(lines)]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100)
    picking = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.out_type_id.id,
            "partner_id": customer.id,
            "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": customer.property_stock_customer.id,
            "move_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": 2.0,
                        "location_id": warehouse.lot_stock_id.id,
                        "location_dest_id": customer.property_stock_customer.id,
                    }
                )
                for product in products
            ],
        }
    )
    picking.action_confirm()
    picking.action_assign()
    picking.move_ids.picked = True
    return picking


def make_delivery(env, lines):
    """A done outgoing delivery of ``lines`` products to a customer."""
    picking = prepare_delivery(env, lines, lines)
    picking.button_validate()
    return picking


def recurrence_look_up(env, fixtures):
    """What the complaint form computes while a line of a common product is entered."""
    entered = env["quality.complaint"].new(
        {
            "partner_id": fixtures["partners"][0].id,
            "line_ids": [Command.create({"product_id": fixtures["products"][0].id})],
        }
    )
    return entered.recurrence_data


def run(env, sizes, line_counts):
    Complaint = env["quality.complaint"]
    results = []
    made = 0
    fixtures = make_fixtures(env)
    for size in sizes:
        make_complaints(env, size - made, fixtures)
        made = size
        env.flush_all()
        kanban = measure(
            env,
            lambda: Complaint.web_read_group(
                [],
                ["stage_id"],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification=KANBAN_SPEC,
                unfold_read_default_limit=80,
            ),
        )
        results.append({"scenario": "open kanban", "n": size, **kanban})
        listing = measure(env, lambda: Complaint.web_search_read([], LIST_SPEC, limit=80))
        results.append({"scenario": "open list (first page)", "n": size, **listing})
        looked_up = measure(env, lambda: recurrence_look_up(env, fixtures))
        results.append({"scenario": "recurrence look-up", "n": size, **looked_up})
    for lines in line_counts:
        picking = make_delivery(env, lines)
        env.flush_all()

        def create_from_delivery(picking=picking):
            vals = Complaint._prepare_default_vals(picking.partner_id, pickings=picking)
            Complaint.create({"subject": "Bench", **vals})

        created = measure(env, create_from_delivery)
        results.append({"scenario": "create from delivery", "n": lines, **created})
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="80,800")
    parser.add_argument("--lines", default="10,100")
    parser.add_argument("--json")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        results = run(
            env,
            [int(s) for s in args.sizes.split(",")],
            [int(s) for s in args.lines.split(",")],
        )
        cr.rollback()
    print(f"{'scenario':<28}{'n':>8}{'queries':>10}{'median ms':>12}")
    for row in results:
        print(f"{row['scenario']:<28}{row['n']:>8}{row['queries']:>10}{row['median_ms']:>12}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
