# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import USER_GROUPS, deliver_and_invoice


@tagged("post_install", "-at_install")
class TestComplaintTour(HttpCase):
    def test_open_complaints_app_from_main_menu(self):
        partner = self.env["res.partner"].create({"name": "Tour Customer"})
        self.env["quality.complaint"].create(
            {"subject": "Tour complaint: wrong colour", "partner_id": partner.id}
        )
        self.start_tour("/odoo", "quality_complaint_open_app", login="admin")


@tagged("post_install", "-at_install")
class TestSalesFlowTour(HttpCase):
    def test_sales_rep_returns_and_refunds_from_the_order(self):
        rep = new_test_user(self.env, "qc_tour_rep", groups=USER_GROUPS, name="Tour Rep")
        customer = self.env["res.partner"].create({"name": "Tour Lamps Co.", "is_company": True})
        product = self.env["product.product"].create(
            {"name": "Tour LED Panel", "is_storable": True, "invoice_policy": "delivery"}
        )
        self.env["stock.quant"]._update_available_quantity(
            product, self.env.ref("stock.stock_location_stock"), 20
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": rep.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": 5, "price_unit": 50}
                    )
                ],
            }
        )
        order.action_confirm()
        _delivery, invoice = deliver_and_invoice(order)
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "quality_complaint_sales_flow",
            login="qc_tour_rep",
        )
        refund = invoice.reversal_move_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.state, "draft")
        complaint = refund.remedy_complaint_id
        self.assertEqual(complaint.commercial_partner_id, customer)
        self.assertEqual(len(complaint.return_picking_ids), 1)


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_manager_opens_the_dashboard(self):
        partner = self.env["res.partner"].create({"name": "Dashboard Customer"})
        received = fields.Datetime.now() - timedelta(days=20)
        complaint = self.env["quality.complaint"].create(
            {
                "subject": "Dashboard complaint",
                "partner_id": partner.id,
                "team_id": self.env.ref("quality_complaint.quality_complaint_team_service").id,
                "date_received": received,
            }
        )
        # Every deadline fell due: the acknowledgement and the inspection were met on time,
        # the others were missed.
        deadlines = {d.kind: d for d in complaint.deadline_ids}
        deadlines["acknowledge"].date_done = received + timedelta(hours=2)
        self.env["quality.complaint.deadline"].create(
            {
                "complaint_id": complaint.id,
                "kind": "inspection",
                "date_start": received + timedelta(days=2),
                "date_deadline": received + timedelta(days=9),
                "date_done": received + timedelta(days=5),
            }
        )
        self.start_tour(
            "/odoo/action-quality_complaint.quality_complaint_dashboard_action",
            "quality_complaint_dashboard",
            login="admin",
        )
