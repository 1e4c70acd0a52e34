# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Prepares the data set of the load benchmark (bench/load.py) on a copy of the demo
database; bench/run keeps the result as a template.

On top of the demo (its five customers, products, users and complaints), through the ORM:
- the customers' sign-up invitations in b2c mode (``auth_signup.invitation_scope``), the
  setting under which every message to a customer without a user used to write the
  customer's row;
- the users the clients act as: sales reps (complaint users, members of every team) and
  quality managers (bench/load.py gives each an API key for Odoo 19's JSON-2 API when it
  starts), and one portal user per customer (login = password);
- ``--orders`` sales orders of the five customers, two lines each, confirmed, delivered and
  invoiced: each complaint the clients open from a delivery has its own delivery and
  invoice, so that its return and refund never wait on another complaint's;
- a backlog of ``--backlog`` open complaints (on deliveries of their own) whose deadlines
  the fault run (``bench/run load --faults``) makes due, for the deadline scheduled action
  to remind and escalate while it is killed.

What the benchmark works on (users, deliveries, backlog) is stored in the database
(``bench.load.data``).
"""

import argparse
import json
import time

import odoo
from odoo.api import SUPERUSER_ID
from odoo.fields import Command
from odoo.modules.registry import Registry

CUSTOMERS = (
    "quality_complaint.partner_bright_demo",
    "quality_complaint.partner_harbour_demo",
    "quality_complaint.partner_gulf_demo",
    "quality_complaint.partner_nordic_demo",
    "quality_complaint.partner_sunrise_demo",
)
PRODUCTS = ("quality_complaint.product_housing_demo", "quality_complaint.product_panel_demo")
REP_GROUPS = (
    "base.group_user",
    "sales_team.group_sale_salesman",
    "stock.group_stock_user",
    "quality_complaint.quality_complaint_group_user",
)
MANAGER_GROUPS = (
    "base.group_user",
    "sales_team.group_sale_manager",
    "stock.group_stock_user",
    "quality_complaint.quality_complaint_group_manager",
)


def make_users(env, reps, managers):
    """The internal users the clients act as."""
    Users = env["res.users"].with_context(no_reset_password=True)
    vals = []
    for prefix, count, groups in (
        ("load_rep", reps, REP_GROUPS),
        ("load_quality", managers, MANAGER_GROUPS),
    ):
        vals += [
            {
                "name": f"{prefix.replace('_', ' ').title()} {i + 1:02d}",
                "login": f"{prefix}_{i + 1:02d}",
                "password": f"{prefix}_{i + 1:02d}",
                "email": f"{prefix}_{i + 1:02d}@example.com",
                "group_ids": [Command.set([env.ref(g).id for g in groups])],
            }
            for i in range(count)
        ]
    users = Users.create(vals)
    # Reps handle the complaints of every team, as a small customer service does.
    env["quality.complaint.team"].search([]).write(
        {"member_ids": [Command.link(u.id) for u in users]}
    )
    return users


def make_portal_users(env):
    """One portal user per customer (a contact of it); the demo's own portal user buys for
    Harbour Electrical. {login: password}."""
    portal = env.ref("base.group_portal")
    logins = {}
    for xmlid in CUSTOMERS:
        customer = env.ref(xmlid)
        user = env["res.users"].search(
            [("partner_id.commercial_partner_id", "=", customer.id), ("share", "=", True)],
            limit=1,
        )
        if not user:
            login = f"portal_{customer.id}"
            user = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": f"Buyer of {customer.name}",
                        "login": login,
                        "password": login,
                        "email": f"{login}@example.com",
                        "parent_id": customer.id,
                        "group_ids": [Command.set([portal.id])],
                    }
                )
            )
            user.partner_id.parent_id = customer
        else:
            user.password = user.login
        logins[user.login] = user.login
    return logins


def make_orders(env, count, products, reps):
    """``count`` orders of the customers in turn, sold by the ``reps`` in turn (a rep reads
    their own orders only), delivered in full and invoiced; their deliveries, in creation
    order."""
    customers = [env.ref(xmlid) for xmlid in CUSTOMERS]
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 40.0 * count)
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customers[i % len(customers)].id,
                "client_order_ref": f"LOAD-{i:05d}",
                "user_id": reps[i % len(reps)].id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 10.0})
                    for product in products
                ],
            }
            for i in range(count)
        ]
    )
    orders.action_confirm()
    deliveries = orders.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
    deliveries.action_assign()
    deliveries.move_ids.picked = True
    deliveries.with_context(skip_backorder=True, skip_sms=True).button_validate()
    assert set(deliveries.mapped("state")) == {"done"}, deliveries.mapped("state")
    invoices = orders._create_invoices(grouped=True)
    invoices.action_post()
    return deliveries.sorted("id")


def make_backlog(env, deliveries):
    """Open complaints of their own, one per delivery, left in the New stage."""
    Complaint = env["quality.complaint"]
    vals_list = []
    for i, delivery in enumerate(deliveries):
        vals = Complaint._prepare_default_vals(
            delivery.partner_id, **delivery._complaint_documents()
        )
        vals.update(
            subject=f"Backlog complaint {i + 1}",
            severity=("minor", "general", "major")[i % 3],
        )
        vals_list.append(vals)
    return Complaint.create(vals_list)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--orders", type=int, default=600)
    parser.add_argument("--backlog", type=int, default=300)
    parser.add_argument("--reps", type=int, default=8)
    parser.add_argument("--managers", type=int, default=2)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"]
    )
    registry = Registry(args.database)
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        users = make_users(env, args.reps, args.managers)
        reps = users.filtered(lambda u: u.login.startswith("load_rep"))
        portal = make_portal_users(env)
        print(f"  users ready after {time.perf_counter() - start:.1f} s")
        products = env["product.product"].browse([env.ref(x).id for x in PRODUCTS])
        deliveries = make_orders(env, args.orders + args.backlog, products, reps)
        print(
            f"  {len(deliveries)} orders delivered and invoiced after "
            f"{time.perf_counter() - start:.1f} s"
        )
        backlog = make_backlog(env, deliveries[args.orders :])
        print(f"  {len(backlog)} backlog complaints after {time.perf_counter() - start:.1f} s")
        env["ir.config_parameter"].set_param(
            "bench.load.data",
            json.dumps(
                {
                    "users": users.mapped("login"),
                    "portal": portal,
                    # Each rep's deliveries to open complaints from.
                    "deliveries": {
                        rep.login: deliveries[: args.orders]
                        .filtered(lambda d, rep=rep: d.sale_id.user_id == rep)
                        .ids
                        for rep in reps
                    },
                    "backlog": backlog.ids,
                }
            ),
        )
        # The dashboard's summaries current, as the scheduled action keeps them.
        env["quality.complaint.summary"]._cron_refresh()
        cr.commit()
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")
        cr._cnx.autocommit = False
    print(f"load data set ready in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
