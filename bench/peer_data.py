# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Loads the data set of the side-by-side benchmark (bench/peer.py) into a database that has
our addons and OCA's rma + rma_sale installed; bench/run keeps the result as a template.

For N given on the command line: N / 10 customers, and for each of N sales: a confirmed order
line, its done delivery (move and move line), its posted invoice (product and receivable lines),
a complaint with its line linked to all three, and an RMA of the peer on the same delivery.
A tenth of the complaints and of the RMAs are open (``--open K``: K of them at every N, a
backlog that does not grow with the history); the open complaints have four deadlines
each, as bench/scale.py loads them. Everything is inserted with set-based SQL
(generate_series), in batches of 100,000 sales, with contiguous blocks of ids reserved from
each table's sequence.

Then, through the ORM, the real documents the flow scenarios work on: for each flow (ours,
the peer's, the floor's) and each repetition, a confirmed order of 10 lines, delivered and
invoiced.

The sales are spread over the customers as complaints are in practice, a few key accounts
with many and a long tail with few (``--customers skewed``, the default: the customer of a
sale is N / 10 * u^3 for u uniform in [0, 1), so that the top customer has about 2 % of a
million sales, the top fifth 58 %), or evenly (``--customers uniform``: every customer
10 sales, the worst case of the dashboard's top customers).
"""

import argparse
import time
from contextlib import contextmanager

import odoo
from odoo import fields
from odoo.fields import Command
from odoo.modules.registry import Registry

BATCH = 100_000
PRODUCTS = 200
FLOW_LINES = 10
FLOWS = ("ours", "peer", "floor")
REPEAT = 9
OPEN_PCT = 10


def reserve(cr, table, count):
    """First id of a contiguous block of ``count`` ids of ``table``."""
    cr.execute(f"SELECT nextval('{table}_id_seq')")
    first = cr.fetchone()[0]
    cr.execute(f"SELECT setval('{table}_id_seq', %s)", [first + count])
    return first


def fixtures(env):
    """The ids the SQL needs: company, warehouse, accounts, stages, the peer's operation."""
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    receivable = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)], limit=1
    )
    categories = env["quality.complaint.category"].search([])
    stages = {s.milestone: s.id for s in env["quality.complaint.stage"].search([])}
    products = env["product.product"].create(
        [
            {
                "name": f"Bench product {i:03d}",
                "default_code": f"BP{i:03d}",
                "is_storable": True,
                "list_price": 10.0 + i,
                "invoice_policy": "delivery",
            }
            for i in range(PRODUCTS)
        ]
    )
    env.flush_all()
    return {
        "company": company.id,
        "currency": company.currency_id.id,
        "warehouse": warehouse.id,
        "out_type": warehouse.out_type_id.id,
        "stock": warehouse.lot_stock_id.id,
        "customers": env.ref("stock.stock_location_customers").id,
        "rma_loc": warehouse.rma_loc_id.id,
        "journal": journal.id,
        "income": journal.default_account_id.id,
        "receivable": receivable.id,
        "uom": env.ref("uom.product_uom_unit").id,
        "products": products.ids,
        "nprod": len(products),
        "investigating": stages["investigating"],
        "closed": stages["closed"],
        "categories": categories.ids,
        "routings": [c.routing or None for c in categories],
        "team": env.ref("quality_complaint.quality_complaint_team_quality").id,
        "operation": env.ref("rma.rma_operation_refund").id,
        "open_mod": 100,
        "open_below": OPEN_PCT,
    }


def load_partners(env, n, ids):
    """Customers copied from one made through the ORM, so that the columns other addons add
    to partners get their values."""
    cr = env.cr
    model = env["res.partner"].create(
        {"name": "Bench customer model", "is_company": True, "customer_rank": 1}
    )
    env.flush_all()
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'"
    )
    own = {
        "id": "%(first)s + g",
        "name": "'Bench customer ' || g",
        "complete_name": "'Bench customer ' || g",
        "commercial_partner_id": "%(first)s + g",
        "create_date": "%(now)s",
        "write_date": "%(now)s",
    }
    columns = [row[0] for row in cr.fetchall()]
    first = reserve(cr, "res_partner", n)
    cr.execute(
        f"""
        INSERT INTO res_partner ({", ".join(columns)})
        SELECT {", ".join(own.get(col, f"m.{col}") for col in columns)}
          FROM generate_series(0, %(n)s - 1) g, res_partner m
         WHERE m.id = %(model)s
        """,
        {"first": first, "n": n, "now": ids["now"], "model": model.id},
    )
    return first


# One statement per table and batch; %(x)s are the fixtures, g runs over the batch's sales and
# "d" is the sale's date. The id of sale g in table t is %(t)s + g.
SALE_SQL = [
    """
    INSERT INTO sale_order (id, name, partner_id, partner_invoice_id, partner_shipping_id,
        company_id, currency_id, warehouse_id, date_order, state, picking_policy,
        invoice_status, delivery_status, amount_untaxed, amount_tax, amount_total,
        currency_rate, locked, require_signature, require_payment,
        create_uid, write_uid, create_date, write_date)
    SELECT %(so)s + g, 'BS' || lpad(g::text, 7, '0'), %(partner)s, %(partner)s, %(partner)s,
           %(company)s, %(currency)s, %(warehouse)s, d, 'sale', 'direct', 'invoiced', 'full',
           %(amount)s, 0, %(amount)s, 1, FALSE, FALSE, FALSE, 1, 1, d, d
      FROM batch
    """,
    """
    INSERT INTO sale_order_line (id, order_id, sequence, company_id, currency_id,
        order_partner_id, product_id, product_uom_id, state, qty_delivered_method,
        invoice_status, name, product_uom_qty, price_unit, discount, price_subtotal,
        price_total, price_tax, price_reduce_taxexcl, price_reduce_taxinc, qty_delivered,
        qty_invoiced, qty_to_invoice, untaxed_amount_invoiced, untaxed_amount_to_invoice,
        technical_price_unit, customer_lead, warehouse_id, is_downpayment, is_expense,
        create_uid, write_uid, create_date, write_date)
    SELECT %(sol)s + g, %(so)s + g, 10, %(company)s, %(currency)s, %(partner)s, %(product)s,
           %(uom)s, 'sale', 'stock_move', 'invoiced', 'Bench product', 2, %(price)s, 0,
           %(amount)s, %(amount)s, 0, %(price)s, %(price)s, 2, 2, 0, %(amount)s, 0,
           %(price)s, 0, %(warehouse)s, FALSE, FALSE, 1, 1, d, d
      FROM batch
    """,
    """
    INSERT INTO stock_picking (id, name, origin, sale_id, partner_id, company_id,
        picking_type_id, location_id, location_dest_id, move_type, state, priority, printed,
        is_locked, has_deadline_issue, scheduled_date, date_done,
        create_uid, write_uid, create_date, write_date)
    SELECT %(pick)s + g, 'WH/OUT/B' || lpad(g::text, 7, '0'), 'BS' || lpad(g::text, 7, '0'),
           %(so)s + g, %(partner)s, %(company)s, %(out_type)s, %(stock)s, %(customers)s,
           'direct', 'done', '0', FALSE, TRUE, FALSE, d, d + interval '1 day',
           1, 1, d, d
      FROM batch
    """,
    """
    INSERT INTO stock_move (id, sequence, company_id, product_id, product_uom, location_id,
        location_dest_id, partner_id, picking_id, picking_type_id, warehouse_id, priority,
        state, origin, procure_method, reference, product_qty, product_uom_qty, quantity,
        picked, propagate_cancel, is_inventory, additional, date, sale_line_id,
        create_uid, write_uid, create_date, write_date)
    SELECT %(move)s + g, 10, %(company)s, %(product)s, %(uom)s, %(stock)s, %(customers)s,
           %(partner)s, %(pick)s + g, %(out_type)s, %(warehouse)s, '0', 'done',
           'BS' || lpad(g::text, 7, '0'), 'make_to_stock', 'WH/OUT/B' || lpad(g::text, 7, '0'),
           2, 2, 2, TRUE, TRUE, FALSE, FALSE, d + interval '1 day', %(sol)s + g, 1, 1, d, d
      FROM batch
    """,
    """
    INSERT INTO stock_move_line (id, picking_id, move_id, company_id, product_id,
        product_uom_id, location_id, location_dest_id, state, quantity, quantity_product_uom,
        picked, date, create_uid, write_uid, create_date, write_date)
    SELECT %(mline)s + g, %(pick)s + g, %(move)s + g, %(company)s, %(product)s, %(uom)s,
           %(stock)s, %(customers)s, 'done', 2, 2, TRUE, d + interval '1 day', 1, 1, d, d
      FROM batch
    """,
    """
    INSERT INTO account_move (id, name, sequence_prefix, sequence_number, journal_id,
        company_id, currency_id, partner_id, commercial_partner_id, partner_shipping_id,
        state, move_type, auto_post, payment_state, invoice_origin,
        invoice_partner_display_name, date, invoice_date, invoice_date_due,
        amount_untaxed, amount_tax, amount_total, amount_residual, amount_untaxed_signed,
        amount_untaxed_in_currency_signed, amount_tax_signed, amount_total_signed,
        amount_total_in_currency_signed, amount_residual_signed, invoice_currency_rate,
        always_tax_exigible, checked, posted_before, made_sequence_gap, is_manually_modified,
        is_move_sent, create_uid, write_uid, create_date, write_date)
    SELECT %(inv)s + g, 'BINV/' || to_char(d, 'YYYY') || '/' || lpad(g::text, 7, '0'),
           'BINV/' || to_char(d, 'YYYY') || '/', g, %(journal)s, %(company)s, %(currency)s,
           %(partner)s, %(partner)s, %(partner)s, 'posted', 'out_invoice', 'no', 'not_paid',
           'BS' || lpad(g::text, 7, '0'), 'Bench customer', d::date, d::date,
           d::date + 30, %(amount)s, 0, %(amount)s, %(amount)s, %(amount)s, %(amount)s, 0,
           %(amount)s, %(amount)s, %(amount)s, 1, FALSE, TRUE, TRUE, FALSE, FALSE, TRUE,
           1, 1, d, d
      FROM batch
    """,
    # The product line (credit) and the receivable line (debit) of each invoice.
    """
    INSERT INTO account_move_line (id, move_id, journal_id, company_id, company_currency_id,
        currency_id, sequence, account_id, partner_id, product_id, product_uom_id, move_name,
        parent_state, name, display_type, date, invoice_date, date_maturity, debit, credit,
        balance, amount_currency, amount_residual, amount_residual_currency, quantity,
        price_unit, price_subtotal, price_total, discount, tax_base_amount, reconciled,
        is_downpayment, create_uid, write_uid, create_date, write_date)
    SELECT %(aml)s + 2 * g + k, %(inv)s + g, %(journal)s, %(company)s, %(currency)s,
           %(currency)s, 10 + k, CASE k WHEN 0 THEN %(income)s ELSE %(receivable)s END,
           %(partner)s, CASE k WHEN 0 THEN %(product)s END, CASE k WHEN 0 THEN %(uom)s END,
           'BINV/' || to_char(d, 'YYYY') || '/' || lpad(g::text, 7, '0'), 'posted',
           CASE k WHEN 0 THEN 'Bench product' END,
           CASE k WHEN 0 THEN 'product' ELSE 'payment_term' END, d::date, d::date,
           CASE k WHEN 1 THEN d::date + 30 END,
           CASE k WHEN 1 THEN %(amount)s ELSE 0 END, CASE k WHEN 0 THEN %(amount)s ELSE 0 END,
           CASE k WHEN 0 THEN -%(amount)s ELSE %(amount)s END,
           CASE k WHEN 0 THEN -%(amount)s ELSE %(amount)s END,
           CASE k WHEN 1 THEN %(amount)s ELSE 0 END, CASE k WHEN 1 THEN %(amount)s ELSE 0 END,
           CASE k WHEN 0 THEN 2 ELSE 1 END, CASE k WHEN 0 THEN %(price)s ELSE 0 END,
           CASE k WHEN 0 THEN %(amount)s ELSE 0 END, CASE k WHEN 0 THEN %(amount)s ELSE 0 END,
           0, 0, FALSE, FALSE, 1, 1, d, d
      FROM batch CROSS JOIN (VALUES (0), (1)) AS lines(k)
    """,
    """
    INSERT INTO sale_order_line_invoice_rel (invoice_line_id, order_line_id)
    SELECT %(aml)s + 2 * g, %(sol)s + g FROM batch
    """,
    """
    INSERT INTO quality_complaint (id, name, subject, partner_id, commercial_partner_id,
        contact_name, company_id, stage_id, milestone, is_closed, category_id, routing,
        team_id, severity, kind, channel, priority, responsibility, responsible_department,
        date_received, date_acknowledged, date_closed, date_deadline, active,
        create_uid, write_uid, create_date, write_date)
    SELECT %(qc)s + g, 'QCB/' || lpad(g::text, 7, '0'),
           (ARRAY['Flickering drivers', 'Broken housing', 'Late delivery', 'Wrong label',
                  'Scratched surface'])[1 + g %% 5] || ' ' || g,
           %(partner)s, %(partner)s, 'Bench customer', %(company)s,
           CASE WHEN is_open THEN %(investigating)s ELSE %(closed)s END,
           CASE WHEN is_open THEN 'investigating' ELSE 'closed' END, NOT is_open,
           (%(categories)s)[1 + g %% cardinality(%(categories)s)],
           (%(routings)s::varchar[])[1 + g %% cardinality(%(categories)s)], %(team)s,
           (ARRAY['minor', 'general', 'major'])[1 + g %% 3],
           (ARRAY['appeal', 'claim', 'non_quality'])[1 + g %% 3],
           'email', (g %% 2)::text,
           (ARRAY['company', 'customer', 'supplier', 'undetermined'])[1 + g %% 4],
           (ARRAY['production', 'design', 'warehouse', 'logistics'])[1 + g %% 4],
           d + interval '10 days',
           LEAST(d + interval '10 days' + (g %% 48) * interval '1 hour', %(now)s),
           CASE WHEN NOT is_open
                THEN LEAST(d + interval '10 days' + (g %% 400) * interval '1 hour', %(now)s)
           END,
           d + interval '24 days', TRUE, 1, 1, d, d
      FROM batch
    """,
    """
    INSERT INTO quality_complaint_line (complaint_id, company_id, is_closed, product_id,
        quantity, uom_id, sequence, sale_line_id, move_line_id, create_uid, write_uid,
        create_date, write_date)
    SELECT %(qc)s + g, %(company)s, NOT is_open, %(product)s, 1, %(uom)s, 10, %(sol)s + g,
           %(mline)s + g, 1, 1, d, d
      FROM batch
    """,
    """
    INSERT INTO quality_complaint_sale_order_rel (complaint_id, order_id)
    SELECT %(qc)s + g, %(so)s + g FROM batch
    """,
    """
    INSERT INTO quality_complaint_picking_rel (complaint_id, picking_id)
    SELECT %(qc)s + g, %(pick)s + g FROM batch
    """,
    """
    INSERT INTO quality_complaint_invoice_rel (complaint_id, move_id)
    SELECT %(qc)s + g, %(inv)s + g FROM batch
    """,
    # The open complaints' deadlines, due around now; those already due are met, reminded or
    # escalated (steady state), except the ones that fell due in the last hour.
    """
    INSERT INTO quality_complaint_deadline (complaint_id, company_id, team_id, category_id,
        complaint_active, kind, date_deadline, date_reminded, date_escalated, active,
        create_uid, write_uid, create_date, write_date)
    SELECT %(qc)s + g, %(company)s, %(team)s,
           (%(categories)s)[1 + g %% cardinality(%(categories)s)], TRUE, k.kind,
           %(now)s + ((g * 7 + k.offs) %% 2880 - 1440) * interval '1 minute' * 30,
           CASE WHEN ((g * 7 + k.offs) %% 2880 - 1440) * 30 < -60 THEN %(now)s END,
           CASE WHEN ((g * 7 + k.offs) %% 2880 - 1440) * 30 < -60 THEN %(now)s END,
           TRUE, 1, 1, %(now)s, %(now)s
      FROM batch
      CROSS JOIN (VALUES ('acknowledge', 0), ('plan', 700), ('verification', 1400),
                         ('closure', 2100)) AS k(kind, offs)
     WHERE is_open
    """,
    # The peer's RMA of the same delivery: open ones received and waiting, the others refunded.
    """
    INSERT INTO rma (id, name, origin, partner_id, partner_invoice_id, partner_shipping_id,
        company_id, order_id, sale_line_id, picking_id, move_id, product_id, product_uom,
        product_uom_qty, operation_id, location_id, warehouse_id, state, priority, date,
        sent, create_uid, write_uid, create_date, write_date)
    SELECT %(rma)s + g, 'RMAB' || lpad(g::text, 7, '0'), 'BS' || lpad(g::text, 7, '0'),
           %(partner)s, %(partner)s, %(partner)s, %(company)s, %(so)s + g, %(sol)s + g,
           %(pick)s + g, %(move)s + g, %(product)s, %(uom)s, 1, %(operation)s, %(rma_loc)s,
           %(warehouse)s, CASE WHEN is_open THEN 'received' ELSE 'refunded' END, '0',
           d + interval '10 days', FALSE, 1, 1, d, d
      FROM batch
    """,
]

# The sales of one batch: their number g, date d (the complaints are received 10 days after
# the sale, the latest today: the dashboard's current month has its complaints) and whether
# their complaint / RMA is open
# (a hash of g, so that it does not follow the customers or products, which cycle with g).
BATCH_CTE = """
    WITH batch AS (
        SELECT g, %(now)s - (g %% 720) * interval '1 day' - interval '10 days' AS d,
               abs(hashint4(g)) %% %(open_mod)s < %(open_below)s AS is_open
          FROM generate_series(%(lo)s, %(hi)s) g
    )
"""


LOADED_TABLES = [
    "res_partner",
    "sale_order",
    "sale_order_line",
    "stock_picking",
    "stock_move",
    "stock_move_line",
    "account_move",
    "account_move_line",
    "sale_order_line_invoice_rel",
    "quality_complaint",
    "quality_complaint_line",
    "quality_complaint_sale_order_rel",
    "quality_complaint_picking_rel",
    "quality_complaint_invoice_rel",
    "quality_complaint_deadline",
    "rma",
]


@contextmanager
def bulk_load(cr):
    """The usual bulk load: secondary indexes dropped and built again afterwards (a trigram
    index takes far longer to update row by row than to build), and no foreign key
    triggers (the data is consistent by construction)."""
    cr.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM pg_index i
          JOIN pg_class t ON t.oid = i.indrelid
         WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [LOADED_TABLES],
    )
    indexes = cr.fetchall()
    for name, _definition in indexes:
        cr.execute(f"DROP INDEX {name}")
    cr.execute("SET session_replication_role = replica")
    yield
    cr.execute("SET session_replication_role = origin")
    start = time.perf_counter()
    cr.execute("SET maintenance_work_mem = '512MB'")
    for _name, definition in indexes:
        cr.execute(definition)
    print(f"  {len(indexes)} indexes built in {time.perf_counter() - start:.1f} s")


# The customer of sale g (see the module's docstring), from a hash of g independent of its
# date, its product and whether it is open.
CUSTOMER_EXPR = {
    "uniform": "({first} + g %% {count})",
    "skewed": (
        "({first} + LEAST({count} - 1, FLOOR({count} * "
        "POWER((abs(hashint4(g + 1000003)) %% 1000000) / 1000000.0, 3)))::int)"
    ),
}


def load_sales(cr, n, ids, partner_first, npartners, customers="skewed"):
    first = {
        "so": reserve(cr, "sale_order", n),
        "sol": reserve(cr, "sale_order_line", n),
        "pick": reserve(cr, "stock_picking", n),
        "move": reserve(cr, "stock_move", n),
        "mline": reserve(cr, "stock_move_line", n),
        "inv": reserve(cr, "account_move", n),
        "aml": reserve(cr, "account_move_line", 2 * n),
        "qc": reserve(cr, "quality_complaint", n),
        "rma": reserve(cr, "rma", n),
    }
    # Expressions of g shared by the statements.
    exprs = {
        "partner": CUSTOMER_EXPR[customers].format(first=partner_first, count=npartners),
        "product": "(%(products)s)[1 + g %% %(nprod)s]",
        "price": "(10 + g %% 90)",
        "amount": "(2 * (10 + g %% 90))",
    }
    statements = []
    for sql in SALE_SQL:
        for name, expr in exprs.items():
            sql = sql.replace(f"%({name})s", expr)  # noqa: PLW2901
        statements.append(BATCH_CTE + sql)
    for lo in range(0, n, BATCH):
        hi = min(lo + BATCH, n) - 1
        start = time.perf_counter()
        for sql in statements:
            cr.execute(sql, {**ids, **first, "lo": lo, "hi": hi})
        print(f"  sales {lo + 1}..{hi + 1} loaded in {time.perf_counter() - start:.1f} s")


def deliver_and_invoice(order):
    """Validate the delivery of a confirmed order in full and post its invoice."""
    delivery = order.picking_ids
    delivery.move_ids.picked = True
    delivery.button_validate()
    invoice = order._create_invoices()
    invoice.action_post()


def load_flow_documents(env):
    """For each flow and repetition, an order of 10 lines, delivered and invoiced."""
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    products = env["product.product"].create(
        [
            {
                "name": f"Bench flow product {i}",
                "is_storable": True,
                "list_price": 20.0 + i,
                "invoice_policy": "delivery",
            }
            for i in range(FLOW_LINES)
        ]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 10000)
    customer = env["res.partner"].create({"name": "Bench flow customer", "is_company": True})
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "client_order_ref": f"BENCH-FLOW-{flow}-{i}",
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 4.0})
                    for product in products
                ],
            }
            for flow in FLOWS
            for i in range(REPEAT)
        ]
    )
    orders.action_confirm()
    for order in orders:
        deliver_and_invoice(order)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-n", "--sales", type=int, required=True)
    parser.add_argument("--customers", choices=sorted(CUSTOMER_EXPR), default="skewed")
    parser.add_argument(
        "--open", type=int, default=0, help="open complaints at every N (default: a tenth of N)"
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"]
    )
    registry = Registry(args.database)
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        ids = {**fixtures(env), "now": fields.Datetime.now()}
        if args.open:
            ids.update(open_mod=args.sales, open_below=args.open)
        npartners = max(args.sales // 10, 10)
        with bulk_load(cr):
            partner_first = load_partners(env, npartners, ids)
            load_sales(cr, args.sales, ids, partner_first, npartners, args.customers)
        loaded = time.perf_counter() - start
        env.invalidate_all()
        if "quality.complaint.summary" in env:
            # Loaded behind the ORM: the dashboard's monthly summary is built as after an
            # upgrade.
            summary_start = time.perf_counter()
            env["quality.complaint.summary"]._rebuild()
            env["quality.complaint.summary"]._cron_refresh()
            print(f"  dashboard summary built in {time.perf_counter() - summary_start:.1f} s")
        load_flow_documents(env)
        env["ir.config_parameter"].set_param("bench.load_seconds", f"{loaded:.1f}")
        cr.commit()
    # Statistics as autovacuum would have them on a production database.
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")
        cr._cnx.autocommit = False
    print(
        f"loaded {args.sales} sales in {loaded:.1f} s "
        f"(flow documents and vacuum done after {time.perf_counter() - start:.1f} s)"
    )


if __name__ == "__main__":
    main()
