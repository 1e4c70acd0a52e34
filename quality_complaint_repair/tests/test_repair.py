# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.quality_complaint.tests.common import ComplaintCase
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestRepair(ComplaintCase):
    """The returned goods of a complaint are reworked through Odoo's Repair app."""

    def _returned(self, receive=True, **vals):
        """A company-responsible complaint whose 3 units of lot A came back."""
        complaint = self._new_complaint(
            responsibility="company", responsible_department="production", **vals
        )
        complaint.action_decide_responsibility()
        line = complaint.line_ids.filtered(lambda ln: ln.lot_id == self.lot_a)
        picking = complaint._create_return(self.delivery, {line: 3.0})
        if receive:
            picking.button_validate()
        return complaint

    def test_repair_reworks_the_returned_lot_under_warranty(self):
        complaint = self._returned()
        repairs = complaint.with_user(self.sales_rep).action_create_repair()
        self.assertEqual(len(repairs), 1)
        self.assertEqual(repairs.complaint_id, complaint)
        self.assertEqual(repairs.product_id, self.product_lot)
        self.assertEqual(repairs.lot_id, self.lot_a)
        self.assertEqual(repairs.product_qty, 3.0)
        self.assertEqual(repairs.partner_id, complaint.partner_id)
        self.assertTrue(repairs.under_warranty)
        self.assertEqual(repairs.picking_id, complaint.return_picking_ids)
        self.assertEqual(complaint.disposition, "rework")
        self.assertEqual(complaint.repair_count, 1)
        self.assertEqual(
            complaint.action_view_repairs()["domain"], [("complaint_id", "=", complaint.id)]
        )
        self.assertEqual(repairs.action_view_complaint()["res_id"], complaint.id)

    def test_goods_under_repair_are_not_repaired_twice(self):
        complaint = self._returned()
        complaint.action_create_repair()
        with self.assertRaisesRegex(UserError, "under repair already"):
            complaint.action_create_repair()
        self.assertEqual(complaint.repair_count, 1)

    def test_repair_needs_the_goods_received(self):
        complaint = self._returned(receive=False)
        with self.assertRaisesRegex(UserError, "Receive the returned goods"):
            complaint.action_create_repair()
        self.assertFalse(self.env["repair.order"].search([("complaint_id", "=", complaint.id)]))

    def test_a_non_quality_complaint_gets_no_repair(self):
        complaint = self._returned()
        complaint.write({"responsibility": "customer", "customer_explanation": "<p>Misuse</p>"})
        complaint.action_decide_responsibility()
        with self.assertRaises(UserError):
            complaint.action_create_repair()
        self.assertFalse(complaint.repair_count)

    def test_ending_the_repair_is_the_quality_recheck(self):
        complaint = self._returned()
        # The repair shop (stock rights, no complaint rights needed) does the repair.
        repair = complaint.action_create_repair().with_env(self.env)
        self.assertFalse(complaint.recheck_result)
        self.assertIn("re-check", " ".join(complaint._closure_blockers()[complaint]))
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(complaint.recheck_result, "passed")
        self.assertIn(repair.name, complaint.recheck_note)
        pending = " ".join(complaint._closure_blockers().get(complaint, []))
        self.assertNotIn("re-check", pending)

    def test_parts_of_the_repair_are_rework_cost(self):
        complaint = self._returned()
        repair = complaint.action_create_repair().with_env(self.env)
        part = self.env["product.product"].create(
            {"name": "Output capacitor", "is_storable": True, "standard_price": 7.5}
        )
        self.env["stock.quant"]._update_available_quantity(part, repair.location_id, 10)
        repair.move_ids = [
            Command.create({"product_id": part.id, "product_uom_qty": 2, "repair_line_type": "add"})
        ]
        repair.action_validate()
        complaint.invalidate_recordset()
        self.assertEqual(complaint.rework_cost, 0.0)
        self.assertEqual(complaint.amount_pending, 15.0)  # planned parts, not used yet
        repair.action_repair_start()
        repair.move_ids.picked = True
        repair.action_repair_end()
        complaint.invalidate_recordset()
        self.assertEqual(complaint.rework_cost, 15.0)
        report = self.env["quality.complaint.cost.report"]._read_group(
            [("complaint_id", "=", complaint.id), ("cost_type", "=", "rework")], [], ["amount:sum"]
        )
        self.assertEqual(report[0][0], 15.0)

    def test_complaint_users_read_the_repairs_of_their_complaints(self):
        """Sales reps open the return picking of their complaint (it shows its repairs) and
        the complaint's repairs, without stock rights; they change no repair."""
        complaint = self._returned()
        repair = complaint.action_create_repair()
        picking = complaint.return_picking_ids.with_user(self.sales_rep)
        self.assertEqual(picking.repair_ids, repair)
        self.assertEqual(repair.with_user(self.sales_rep).complaint_id, complaint)
        with self.assertRaises(AccessError):
            repair.with_user(self.sales_rep).write({"internal_notes": "<p>Done</p>"})
