# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run by test_data_safety.py inside `odoo-bin shell` on a throwaway copy of the test
template: fills the database, upgrades the three addons, uninstalls them, and prints what
it found after each step as one JSON line (QC_RESULT ...). Module operations cannot run
inside a test transaction, hence the separate process."""

import base64
import json

from odoo import SUPERUSER_ID, api
from odoo.addons.quality_complaint.tests.common import deliver_and_invoice
from odoo.fields import Command

ADDONS = [
    "quality_complaint",
    "quality_complaint_capa",
    "quality_complaint_survey",
    "quality_complaint_repair",
]


def new_env():
    return api.Environment(env.cr, SUPERUSER_ID, {})  # noqa: F821 (the shell's env)


def fill(env):
    """A delivered and invoiced order, a complaint with every remedy, and its 8D."""
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    customer = env["res.partner"].create({"name": "Safety Customer", "is_company": True})
    product = env["product.product"].create(
        {
            "name": "Safety Lamp",
            "is_storable": True,
            "list_price": 50.0,
            "standard_price": 20.0,
            "invoice_policy": "delivery",
        }
    )
    env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100)
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create(
                    {"product_id": product.id, "product_uom_qty": 10, "price_unit": 50.0}
                )
            ],
        }
    )
    order.action_confirm()
    delivery, invoice = deliver_and_invoice(order)
    Complaint = env["quality.complaint"]
    vals = Complaint._prepare_default_vals(
        customer, sale_orders=order, pickings=delivery, invoices=invoice
    )
    complaint = Complaint.create({"subject": "Safety lamps flicker", **vals})
    complaint.line_ids.quantity = 2.0

    def wizard(model):
        return env[model].with_context(default_complaint_id=complaint.id).create({})

    returned = env["stock.picking"].browse(
        wizard("quality.complaint.return.wizard").action_confirm()["res_id"]
    )
    returned.button_validate()
    replacement = env["stock.picking"].browse(
        wizard("quality.complaint.replacement.wizard").action_confirm()["res_id"]
    )
    replacement.move_ids.picked = True
    replacement.button_validate()
    refund = env["account.move"].browse(
        wizard("quality.complaint.refund.wizard").action_confirm()["res_id"]
    )
    refund.filtered(lambda m: m.state == "draft").action_post()
    compensation = (
        env["quality.complaint.compensation.wizard"]
        .with_context(default_complaint_id=complaint.id)
        .create({"amount": 30.0, "reason": "Sorting", "override_reason": "Goodwill on an appeal"})
    )
    credit = env["account.move"].browse(compensation.action_confirm()["res_id"])
    credit.filtered(lambda m: m.state == "draft").action_post()
    report = env["quality.8d.report"].browse(complaint.action_start_8d()["res_id"])
    env["quality.8d.evidence"].create(
        {
            "report_id": report.id,
            "document_type": "pfmea",
            "datas": base64.b64encode(b"PFMEA rev. B"),
            "file_name": "pfmea.pdf",
        }
    )
    return {
        "pickings": (returned | replacement).ids,
        "moves": (refund | credit).ids,
        "invoice": invoice.id,
    }


def counts(env):
    """Records of every stored model of the three addons that are installed."""
    models = env["ir.model.data"].search([("module", "in", ADDONS), ("model", "=", "ir.model")])
    result = {}
    for model in env["ir.model"].browse(models.mapped("res_id")).exists():
        Model = env.get(model.model)
        if Model is None or Model._abstract or Model._transient or not Model._auto:
            continue
        result[model.model] = Model.with_context(active_test=False).search_count([])
    return result


def documents(env, docs):
    """The remedy documents as finance and the warehouse see them."""
    env.invalidate_all()
    pickings = env["stock.picking"].browse(docs["pickings"]).exists()
    moves = env["account.move"].browse(docs["moves"]).exists()
    env.cr.execute(
        "SELECT move_id, SUM(balance), SUM(debit) FROM account_move_line "
        "WHERE move_id IN %s GROUP BY move_id",
        [tuple(docs["moves"])],
    )
    sums = {move_id: (balance, debit) for move_id, balance, debit in env.cr.fetchall()}
    return {
        "pickings": sorted((p.id, p.state, sum(p.move_ids.mapped("quantity"))) for p in pickings),
        "moves": sorted(
            (
                m.id,
                m.state,
                m.move_type,
                m.amount_total,
                round(sums[m.id][0], 6),
                round(sums[m.id][1], 2),
                m.reversed_entry_id.id or 0,
            )
            for m in moves
        ),
    }


def modules(env, names):
    return env["ir.module.module"].search([("name", "in", names)])


env_ = new_env()
docs = fill(env_)
env_.cr.commit()
result = {"before": {"counts": counts(env_), "documents": documents(env_, docs)}}

modules(env_, ADDONS).button_immediate_upgrade()
env_ = new_env()
result["upgraded"] = {"counts": counts(env_), "documents": documents(env_, docs)}

# Configuration records the extensions brought (their stages, templates) leave with them.
result["extension_data"] = dict(
    env_["ir.model.data"]._read_group([("module", "in", ADDONS[1:])], ["model"], ["__count"])
)
modules(env_, ADDONS[1:]).button_immediate_uninstall()
env_ = new_env()
result["without_extensions"] = {"counts": counts(env_), "documents": documents(env_, docs)}

modules(env_, ADDONS[:1]).button_immediate_uninstall()
env_ = new_env()
result["without_core"] = {
    "documents": documents(env_, docs),
    "states": dict(modules(env_, ADDONS).mapped(lambda m: (m.name, m.state))),
}
print("QC_RESULT " + json.dumps(result))
