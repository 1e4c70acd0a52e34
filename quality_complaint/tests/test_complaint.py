# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaint(ComplaintCase):
    def test_button_on_delivery_prefills_customer_lines_lots_and_links(self):
        action = self.delivery.with_user(self.sales_rep).action_new_complaint()
        ctx = action["context"]
        self.assertEqual(ctx["default_partner_id"], self.customer.id)
        self.assertEqual(ctx["default_sale_order_ids"], [Command.set(self.order.ids)])
        self.assertEqual(ctx["default_picking_ids"], [Command.set(self.delivery.ids)])
        self.assertEqual(ctx["default_invoice_ids"], [Command.set(self.invoice.ids)])
        lines = [cmd[2] for cmd in ctx["default_line_ids"]]
        by_lot = {line["lot_id"]: line["quantity"] for line in lines}
        self.assertEqual(by_lot[self.lot_a.id], 8.0)
        self.assertEqual(by_lot[self.lot_b.id], 2.0)
        self.assertEqual(by_lot[False], 10.0)
        self.assertTrue(all(line["move_line_id"] for line in lines))
        self.assertTrue(all(line["sale_line_id"] for line in lines))

    def test_search_by_product_finds_the_complaints_of_its_lines(self):
        complaint = self._new_complaint()
        other = self._new_complaint()
        other.line_ids.filtered(lambda ln: ln.product_id == self.product_plain).unlink()
        Complaint = self.env["quality.complaint"].with_user(self.sales_rep)
        # Few complaints: searched by their ids; many: through the lines (limit lowered).
        for limit in (Complaint.PRODUCT_SEARCH_IDS, 0):
            with self.subTest(limit=limit):
                self.patch(type(Complaint), "PRODUCT_SEARCH_IDS", limit)
                domain = [("id", "in", (complaint | other).ids)]
                found = Complaint.search([*domain, ("product_ids", "in", self.product_plain.ids)])
                self.assertEqual(found, complaint)
                found = Complaint.search([*domain, ("product_ids", "=", self.product_lot.id)])
                self.assertEqual(found, complaint | other)
                unsold = self.env["product.product"].create({"name": "Never sold"})
                self.assertFalse(Complaint.search([*domain, ("product_ids", "in", unsold.ids)]))

    def test_search_by_product_among_open_complaints_follows_closing(self):
        open_complaint = self._new_complaint()
        closed = self._new_complaint()
        self._close(closed)
        self.assertEqual(closed.line_ids.mapped("is_closed"), [True] * len(closed.line_ids))
        Complaint = self.env["quality.complaint"].with_user(self.sales_rep)
        both = [("id", "in", (open_complaint | closed).ids)]
        product = self.product_plain
        # The "Open" filter in its forms, beside a product picked in the search bar.
        open_filters = (
            [("is_closed", "=", False)],
            [("is_closed", "!=", True)],
            [("is_closed", "in", [False])],
        )
        # The open search looks the product up among the open complaints' lines only.
        narrowed = Complaint._narrow_open_product_search(
            [("is_closed", "=", False), ("product_ids", "in", product.ids)]
        )
        ids = next(leaf[2] for leaf in narrowed if leaf[0] == "id")
        self.assertIn(open_complaint.id, ids)
        self.assertNotIn(closed.id, ids)
        # Few complaints: searched by their ids; many: through the lines (limit lowered).
        for limit in (Complaint.PRODUCT_SEARCH_IDS, 0):
            self.patch(type(Complaint), "PRODUCT_SEARCH_IDS", limit)
            for open_filter in open_filters:
                for value in (product.id, product.ids):
                    with self.subTest(limit=limit, open_filter=open_filter, value=value):
                        domain = [*both, *open_filter, ("product_ids", "in", value)]
                        self.assertEqual(Complaint.search(domain), open_complaint)
                        self.assertEqual(Complaint.search_count(domain), 1)
            # Without the filter, or in a disjunction, the closed one is found too.
            with self.subTest(limit=limit, open_filter=None):
                domain = [*both, ("product_ids", "in", product.ids)]
                self.assertEqual(Complaint.search(domain), open_complaint | closed)
                domain = [*both, "|", ("is_closed", "=", False), ("product_ids", "=", product.id)]
                self.assertEqual(Complaint.search(domain), open_complaint | closed)
            # Reopened: its lines follow, and the open search finds it again.
            closed.stage_id = self.env.ref(
                "quality_complaint.quality_complaint_stage_investigating"
            )
            domain = [*both, ("is_closed", "=", False), ("product_ids", "in", product.ids)]
            self.assertEqual(Complaint.search(domain), open_complaint | closed)
            self._close(closed)

    def test_upgrade_fills_the_lines_closed_flag_from_their_complaints(self):
        open_complaint = self._new_complaint()
        closed = self._new_complaint()
        self._close(closed)
        self.env.flush_all()
        # As before the upgrade that added the column: the ORM fills it with one UPDATE.
        self.env.cr.execute("ALTER TABLE quality_complaint_line DROP COLUMN is_closed")
        self.env["quality.complaint.line"]._init_is_closed_column()
        self.env.cr.execute(
            "SELECT complaint_id, bool_and(is_closed) FROM quality_complaint_line "
            "WHERE complaint_id IN %s GROUP BY complaint_id",
            [tuple((open_complaint | closed).ids)],
        )
        self.assertEqual(dict(self.env.cr.fetchall()), {open_complaint.id: False, closed.id: True})

    def test_complaint_from_delivery_is_linked_both_ways(self):
        complaint = self._new_complaint()
        self.assertTrue(complaint.name.startswith("CC/"))
        self.assertEqual(complaint.commercial_partner_id, self.customer)
        self.assertEqual(complaint.contact_function, "Purchasing manager")
        self.assertEqual(complaint.contact_email, "li.wei@bright.example")
        self.assertEqual(len(complaint.line_ids), 3)
        self.assertEqual(complaint.product_ids, self.product_lot | self.product_plain)
        for document in (self.order, self.delivery, self.invoice):
            document.invalidate_recordset(["complaint_count"])
            self.assertEqual(document.with_user(self.sales_rep).complaint_count, 1)
            action = document.with_user(self.sales_rep).action_view_complaints()
            found = self.env["quality.complaint"].search(action["domain"])
            self.assertEqual(found, complaint)
        self.assertEqual(complaint.sale_order_count, 1)
        self.assertEqual(complaint.action_view_pickings()["res_id"], self.delivery.id)

    def test_buttons_on_order_and_invoice_open_prefilled_form(self):
        for document in (self.order, self.invoice):
            action = document.with_user(self.sales_rep).action_new_complaint()
            self.assertEqual(action["res_model"], "quality.complaint")
            self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
            self.assertEqual(len(action["context"]["default_line_ids"]), 3)

    def test_quantity_above_delivered_is_refused(self):
        complaint = self._new_complaint()
        line = complaint.line_ids.filtered(lambda ln: ln.lot_id == self.lot_b)
        with self.assertRaisesRegex(ValidationError, "more than the 2.0 delivered"):
            line.quantity = 3.0
        line.invalidate_recordset()
        self.assertEqual(line.quantity, 2.0)

    def test_lot_never_delivered_to_customer_is_refused(self):
        complaint = self._new_complaint()
        with self.assertRaisesRegex(ValidationError, "never delivered"):
            complaint.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_lot.id,
                                "quantity": 1.0,
                                "lot_id": self.lot_unsold.id,
                            }
                        )
                    ]
                }
            )
        self.assertEqual(len(complaint.line_ids), 3)

    def test_lot_delivered_to_another_customer_is_refused(self):
        self._sell_and_deliver(self.other_customer, lot_qty={self.lot_unsold: 1.0})
        complaint = self._new_complaint()
        with self.assertRaisesRegex(ValidationError, "never delivered"):
            complaint.line_ids[0].write({"move_line_id": False, "lot_id": self.lot_unsold.id})

    def test_category_routes_to_team_and_responsible(self):
        team = self.env["quality.complaint.team"].create(
            {"name": "Quality Department", "user_id": self.manager.id}
        )
        category = self.env.ref("quality_complaint.quality_complaint_category_quality")
        category.team_id = team
        complaint = self._new_complaint(category_id=category.id)
        self.assertEqual(complaint.team_id, team)
        self.assertEqual(complaint.user_id, self.manager)
        self.assertEqual(complaint.receiver_id, self.sales_rep)

    def test_stage_moves_stamp_acknowledgement_and_closure(self):
        complaint = self._new_complaint()
        self.assertFalse(complaint.date_acknowledged)
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_acknowledged")
        self.assertTrue(complaint.date_acknowledged)
        self._close(complaint)
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_closed)
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_investigating")
        self.assertFalse(complaint.date_closed)

    def test_responsibility_decision_needs_a_party_and_is_recorded(self):
        complaint = self._new_complaint()
        with self.assertRaisesRegex(UserError, "Choose who is responsible"):
            complaint.action_decide_responsibility()
        complaint.responsibility = "company"
        with self.assertRaisesRegex(UserError, "responsible department"):
            complaint.action_decide_responsibility()
        self.assertFalse(complaint.responsibility_date)
        complaint.responsible_department = "production"
        complaint.action_decide_responsibility()
        self.assertEqual(complaint.responsibility_user_id, self.sales_rep)
        self.assertEqual(complaint.milestone, "decided")

    def test_sequence_is_per_company_reference(self):
        first = self._new_complaint()
        second = self._new_complaint()
        self.assertNotEqual(first.name, second.name)
