# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from contextlib import contextmanager
from datetime import datetime, timedelta

from odoo.fields import Command
from odoo.tests import Form, TransactionCase, new_test_user
from odoo.tools.pdf import PdfFileReader

USER_GROUPS = (
    "base.group_user,sales_team.group_sale_salesman,quality_complaint.quality_complaint_group_user"
)


def pdf_text(pdf):
    """The text layer of a PDF: what a reader finds when it searches or copies."""
    reader = PdfFileReader(io.BytesIO(pdf))
    return "".join(page.extract_text() or "" for page in reader.pages)


def pdf_fonts(pdf):
    """The names of the fonts a PDF embeds."""
    reader = PdfFileReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for font in fonts.get_object().values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


def deliver_and_invoice(order, lots=None):
    """Validate the delivery of a confirmed order (with the given {product: {lot: qty}})
    and post its invoice."""
    lots = lots or {}
    delivery = order.picking_ids
    MoveLine = order.env["stock.move.line"]
    for move in delivery.move_ids:
        move.move_line_ids.unlink()
        for lot, qty in lots.get(move.product_id, {}).items():
            MoveLine.create({**move._prepare_move_line_vals(quantity=qty), "lot_id": lot.id})
        if move.product_id not in lots:
            MoveLine.create(move._prepare_move_line_vals(quantity=move.product_uom_qty))
        move.picked = True
    delivery.button_validate()
    invoice = order._create_invoices()
    invoice.action_post()
    return delivery, invoice


class ComplaintCase(TransactionCase):
    """A customer who bought, received and was invoiced lot-tracked goods, and the people
    who handle its complaints: a sales rep, a quality manager, a finance approver."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.sales_rep = new_test_user(
            cls.env, "qc_sales_rep", groups=USER_GROUPS, name="Sales Rep Zhang"
        )
        cls.manager = new_test_user(
            cls.env,
            "qc_manager",
            groups="base.group_user,sales_team.group_sale_manager,stock.group_stock_user,"
            "quality_complaint.quality_complaint_group_manager",
            name="Quality Manager Chen",
        )
        cls.finance = new_test_user(
            cls.env,
            "qc_finance",
            groups="base.group_user,account.group_account_invoice,"
            "quality_complaint.quality_complaint_group_finance",
            name="Finance Approver Wang",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Shenzhen Bright Lamps Co.", "is_company": True, "email": "qa@bright.example"}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Li Wei",
                "parent_id": cls.customer.id,
                "function": "Purchasing manager",
                "phone": "+86 755 1234 5678",
                "email": "li.wei@bright.example",
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer Ltd", "is_company": True}
        )
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "Complaint test VAT 13%",
                "amount": 13.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.product_lot = cls.env["product.product"].create(
            {
                "name": "LED Driver 40W",
                "is_storable": True,
                "tracking": "lot",
                "list_price": 100.0,
                "standard_price": 60.0,
                "invoice_policy": "delivery",
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.product_plain = cls.env["product.product"].create(
            {
                "name": "Lamp Housing",
                "is_storable": True,
                "list_price": 20.0,
                "standard_price": 8.0,
                "invoice_policy": "delivery",
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.lot_a = cls.env["stock.lot"].create(
            {"name": "LOT-2406-A", "product_id": cls.product_lot.id, "company_id": cls.company.id}
        )
        cls.lot_b = cls.env["stock.lot"].create(
            {"name": "LOT-2406-B", "product_id": cls.product_lot.id, "company_id": cls.company.id}
        )
        cls.lot_unsold = cls.env["stock.lot"].create(
            {"name": "LOT-UNSOLD", "product_id": cls.product_lot.id, "company_id": cls.company.id}
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.product_lot, cls.stock_location, 50, lot_id=cls.lot_a)
        Quant._update_available_quantity(cls.product_lot, cls.stock_location, 50, lot_id=cls.lot_b)
        Quant._update_available_quantity(
            cls.product_lot, cls.stock_location, 10, lot_id=cls.lot_unsold
        )
        Quant._update_available_quantity(cls.product_plain, cls.stock_location, 200)

        cls.order, cls.delivery, cls.invoice = cls._sell_and_deliver(cls.customer)

    @classmethod
    def _open_team_alias(cls):
        """Mail tracking on, and the quality team's alias quality@complaints.example.com
        open to everyone (``cls.team``)."""
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        domain = cls.env["mail.alias.domain"].create({"name": "complaints.example.com"})
        cls.company.alias_domain_id = domain
        cls.team = cls.env.ref("quality_complaint.quality_complaint_team_quality")
        cls.team.write(
            {"alias_name": "quality", "alias_domain_id": domain.id, "alias_contact": "everyone"}
        )

    @classmethod
    def _sell_and_deliver(cls, partner, lot_qty=None, plain_qty=10.0, discount=0.0):
        """A confirmed order, its validated delivery (lots as given) and its posted invoice."""
        lot_qty = lot_qty or {cls.lot_a: 8.0, cls.lot_b: 2.0}
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.sales_rep.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_lot.id,
                            "product_uom_qty": sum(lot_qty.values()),
                            "price_unit": 100.0,
                            "discount": discount,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.product_plain.id,
                            "product_uom_qty": plain_qty,
                            "price_unit": 20.0,
                        }
                    ),
                ],
            }
        )
        order.action_confirm()
        delivery, invoice = deliver_and_invoice(order, {cls.product_lot: lot_qty})
        return order, delivery, invoice

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like Odoo's assertRaises: the refused operation is rolled back, so that the test
        can check that nothing changed."""
        with super().assertRaisesRegex(exception, regex) as cm, self.env.cr.savepoint():
            yield cm
        self.env.invalidate_all()

    def _new_complaint(self, documents=None, user=None, **vals):
        """A complaint opened from the delivery, as the sales rep's button does."""
        Complaint = self.env["quality.complaint"].with_user(user or self.sales_rep)
        documents = documents or {
            "sale_orders": self.order,
            "pickings": self.delivery,
            "invoices": self.invoice,
        }
        defaults = Complaint._prepare_default_vals(self.contact, **documents)
        return Complaint.create({"subject": "Flickering drivers", **defaults, **vals})

    def _decide(self, complaints):
        """Record the responsibility decision as the handler does; an undetermined one is
        recorded as not determinable, with its reason."""
        complaints.filtered(lambda c: c.responsibility == "undetermined").write(
            {"responsibility": "not_determinable", "responsibility_reason": "No sample returned."}
        )
        complaints.filtered(lambda c: not c.responsibility_date).action_decide_responsibility()

    def _close(self, complaints):
        """Close ``complaints`` once nothing is pending: the responsibility decided, the
        returned goods inspected and the customer's acceptance recorded where the company
        requires them, then the closed stage."""
        self._decide(complaints)
        uninspected = complaints.browse(complaints._uninspected_return_ids())
        if uninspected:
            uninspected.action_record_inspection("defect_confirmed")
        complaints.filtered(
            lambda c: c.confirmation_required and c.customer_confirmation != "accepted"
        ).action_record_confirmation(True, channel="phone")
        complaints.write(
            {"stage_id": self.env.ref("quality_complaint.quality_complaint_stage_closed").id}
        )


class ChargebackCase(ComplaintCase):
    """Drivers bought from a capacitor supplier, received with their lot, billed by the
    supplier, sold and delivered to the customer, who complains: the supplier's share of the
    complaint's cost is charged back to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Dongguan Capacitor Works", "is_company": True, "email": "qa@dcw.example"}
        )
        cls.supplier_contact = cls.env["res.partner"].create(
            {"name": "Zhou Min", "parent_id": cls.supplier.id, "email": "zhou.min@dcw.example"}
        )
        cls.carrier = cls.env["res.partner"].create(
            {"name": "Pearl River Freight", "is_company": True, "email": "claims@prf.example"}
        )
        cls.purchase = cls.env["purchase.order"].create(
            {
                "partner_id": cls.supplier_contact.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product_lot.id, "product_qty": 20.0, "price_unit": 40.0}
                    )
                ],
            }
        )
        cls.purchase.button_confirm()
        cls.receipt = cls.purchase.picking_ids
        cls.lot_po = cls.env["stock.lot"].create(
            {"name": "LOT-DCW-2407", "product_id": cls.product_lot.id, "company_id": cls.company.id}
        )
        move = cls.receipt.move_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {**move._prepare_move_line_vals(quantity=20.0), "lot_id": cls.lot_po.id}
        )
        move.picked = True
        cls.receipt.button_validate()
        cls.purchase.action_create_invoice()
        cls.bill = cls.purchase.invoice_ids
        cls.bill.invoice_date = cls.bill.date
        cls.bill.action_post()
        cls.po_order, cls.po_delivery, cls.po_invoice = cls._sell_and_deliver(
            cls.customer, lot_qty={cls.lot_po: 10.0}, plain_qty=1.0
        )

    def _complaint_with_cost(self):
        """A complaint on the supplier's lot, refunded in full and posted by finance:
        10 x 100 = 1,000 of cost."""
        complaint = self._new_complaint(
            documents={
                "sale_orders": self.po_order,
                "pickings": self.po_delivery,
                "invoices": self.po_invoice,
            },
            user=self.env.user,
        )
        line = self.po_invoice.invoice_line_ids.filtered(
            lambda ln: ln.product_id == self.product_lot
        )
        complaint._create_refund(self.po_invoice, {line: 10.0}).action_post()
        self.assertAlmostEqual(complaint.cost_total, 1000.0)
        return complaint

    def _decide(self, complaint, shares):
        """Record a decision splitting the liability as ``shares`` [(type, partner, %)]."""
        complaint.write(
            {
                "responsibility": "supplier",
                "liability_ids": [
                    Command.create(
                        {
                            "party_type": party_type,
                            "department": "production" if party_type == "company" else False,
                            **({"partner_id": partner.id} if partner else {}),
                            "percentage": percentage,
                            "evidence": "Capacitor ESR out of specification",
                        }
                    )
                    for party_type, partner, percentage in shares
                ],
            }
        )
        complaint.action_decide_responsibility()
        return complaint

    def _split_60_40(self):
        return self._decide(
            self._complaint_with_cost(), [("supplier", None, 60.0), ("company", None, 40.0)]
        )

    def _recover(self, complaint, user=None, liability=None, **vals):
        wizard = Form(
            self.env["quality.complaint.recovery.wizard"]
            .with_user(user or self.manager)
            .with_context(default_complaint_id=complaint.id)
        )
        if liability:
            wizard.liability_id = liability
        for field, value in vals.items():
            setattr(wizard, field, value)
        wizard = wizard.save()
        action = wizard.action_confirm()
        return self.env["quality.complaint.recovery"].browse(action["res_id"]), wizard

    def _supplier_moves(self):
        return self.env["account.move"].search(
            [("partner_id", "child_of", self.supplier.id), ("move_type", "=", "in_refund")]
        )


class Json2Mixin:
    """Odoo 19's JSON-2 API called as an integration calls it: one API key per user, explicit
    values, the decoded body (mix into an HttpCase)."""

    @classmethod
    def _json2_keys(cls, *users):
        cls.api_keys = {
            user: cls.env["res.users.apikeys"]
            .with_user(user)
            ._generate("rpc", "JSON-2 test", datetime.now() + timedelta(hours=12))
            for user in users
        }

    def _json2(self, user, model, method, status=200, **params):
        """POST /json/2/<model>/<method> with the user's API key; the decoded body."""
        response = self.url_open(
            f"/json/2/{model}/{method}",
            json=params,
            headers={"Authorization": f"Bearer {self.api_keys[user]}"},
        )
        self.assertEqual(response.status_code, status, response.text)
        self.env.invalidate_all()
        return response.json()
