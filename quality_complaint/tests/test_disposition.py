# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestDisposition(ComplaintCase):
    """SPEC §7 "Disposition of goods" and "Replacement": rework goes to production and
    back through a quality re-check, scrap through Odoo's scrap orders, a concession
    records the customer's acceptance, a re-inspection its result; a replacement is
    scheduled on the customer's required date and rated on time against it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production = new_test_user(
            cls.env, "qc_production", groups="base.group_user", name="Workshop Lead Huang"
        )
        cls.quarantine = cls.env["stock.location"].create(
            {
                "name": "Quarantine",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.rework_type = cls.env.ref("quality_complaint.mail_activity_type_rework")

    def _decided(self, **vals):
        complaint = self._new_complaint(
            responsibility="company", responsible_department="production", **vals
        )
        complaint.action_decide_responsibility()
        return complaint

    def _lot_line(self, complaint, lot):
        return complaint.line_ids.filtered(lambda ln: ln.lot_id == lot)

    def _returned(self, complaint, qty_a=3.0, qty_b=2.0):
        """The complained lots received back into quarantine."""
        picking = complaint._create_return(
            self.delivery,
            {
                self._lot_line(complaint, self.lot_a): qty_a,
                self._lot_line(complaint, self.lot_b): qty_b,
            },
            location_dest=self.quarantine,
        )
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _in_quarantine(self, lot):
        return self.env["stock.quant"]._get_available_quantity(
            self.product_lot, self.quarantine, lot_id=lot, strict=True
        )

    # ------------------------------------------------------------ rework
    def test_rework_is_a_task_for_the_production_handler(self):
        self.company.complaint_rework_user_id = self.production
        complaint = self._decided()
        complaint.with_user(self.sales_rep).disposition = "rework"
        task = complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.rework_type)
        self.assertEqual(task.user_id, self.production)

    def test_rework_task_falls_back_to_the_responsible(self):
        complaint = self._decided(user_id=self.manager.id)
        complaint.disposition = "rework"
        task = complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.rework_type)
        self.assertEqual(task.user_id, self.manager)

    def test_reworked_goods_need_a_passed_recheck_before_closure(self):
        complaint = self._decided(disposition="rework")
        closed = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        with self.assertRaisesRegex(UserError, "passed quality re-check"):
            complaint.stage_id = closed
        complaint.with_user(self.manager).action_record_recheck("failed", "Ripple still high")
        self.assertEqual(complaint.recheck_result, "failed")
        with self.assertRaisesRegex(UserError, "passed quality re-check"):
            complaint.stage_id = closed
        self.assertTrue(
            complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.rework_type)
        )
        complaint.with_user(self.manager).action_record_recheck("passed", "Ripple within spec")
        self.assertEqual(complaint.recheck_user_id, self.manager)
        self.assertEqual(complaint.recheck_note, "Ripple within spec")
        self.assertTrue(complaint.recheck_date)
        self.assertFalse(
            complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.rework_type)
        )
        complaint.stage_id = closed
        self.assertTrue(complaint.is_closed)

    def test_only_quality_records_a_recheck(self):
        complaint = self._decided(disposition="rework")
        with self.assertRaisesRegex(AccessError, "quality department"):
            complaint.with_user(self.sales_rep).action_record_recheck("passed")
        self.assertFalse(complaint.recheck_result)
        self.assertFalse(complaint.recheck_date)

    def test_recheck_needs_a_rework_or_reinspection_and_a_valid_result(self):
        complaint = self._decided(disposition="return")
        with self.assertRaisesRegex(UserError, "disposition of goods to Rework or Re-inspect"):
            complaint.with_user(self.manager).action_record_recheck("passed")
        complaint.disposition = "rework"
        with self.assertRaisesRegex(UserError, "passed or failed"):
            complaint.with_user(self.manager).action_record_recheck("maybe")
        self.assertFalse(complaint.recheck_result)

    def test_reinspection_records_its_result_through_the_form(self):
        complaint = self._decided(disposition="reinspect")
        closed = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        with self.assertRaisesRegex(UserError, "result of the re-inspection"):
            complaint.stage_id = closed
        form = Form(
            self.env["quality.complaint.record.wizard"]
            .with_user(self.manager)
            .with_context(default_complaint_id=complaint.id, default_mode="recheck")
        )
        form.result = "failed"
        form.note = "3 of 5 drivers out of tolerance"
        form.save().action_confirm()
        self.assertEqual(complaint.recheck_result, "failed")
        self.assertEqual(complaint.recheck_note, "3 of 5 drivers out of tolerance")
        complaint.stage_id = closed
        self.assertTrue(complaint.is_closed)

    # ------------------------------------------------------------ concession
    def test_concession_records_the_customer_acceptance(self):
        complaint = self._decided(disposition="concession")
        closed = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        with self.assertRaisesRegex(UserError, "acceptance of the concession"):
            complaint.stage_id = closed
        complaint.with_user(self.sales_rep).action_record_concession(
            self.contact.id, "Accepted by phone: used on the test line"
        )
        self.assertEqual(complaint.concession_partner_id, self.contact)
        self.assertTrue(complaint.concession_date)
        self.assertEqual(complaint.concession_note, "Accepted by phone: used on the test line")
        complaint.stage_id = closed
        self.assertTrue(complaint.is_closed)

    def test_concession_is_accepted_by_the_customer_only(self):
        complaint = self._decided(disposition="concession")
        with self.assertRaisesRegex(UserError, "contact of the customer"):
            complaint.with_user(self.sales_rep).action_record_concession(self.other_customer.id)
        complaint.disposition = "scrap"
        with self.assertRaisesRegex(UserError, "Use as is"):
            complaint.with_user(self.sales_rep).action_record_concession(self.contact)
        self.assertFalse(complaint.concession_partner_id)
        self.assertFalse(complaint.concession_date)

    # ------------------------------------------------------------ scrap
    def test_returned_goods_are_scrapped_through_scrap_orders(self):
        complaint = self._decided(disposition="scrap")
        self._returned(complaint)
        scraps = complaint.with_user(self.manager).action_scrap_returned_goods()
        self.assertEqual(len(scraps), 2)
        self.assertEqual(set(scraps.mapped("state")), {"done"})
        self.assertEqual(scraps.complaint_id, complaint)
        self.assertEqual(scraps.location_id, self.quarantine)
        self.assertEqual(
            {scrap.lot_id: scrap.scrap_qty for scrap in scraps}, {self.lot_a: 3.0, self.lot_b: 2.0}
        )
        self.assertEqual(scraps.move_ids.mapped("state"), ["done", "done"])
        self.assertEqual(scraps.move_ids.location_dest_id.mapped("usage"), ["inventory"])
        # Stock accounting values the scrapped goods at their cost (60 each).
        self.assertAlmostEqual(sum(abs(v) for v in scraps.move_ids.mapped("value")), 300.0)
        self.assertEqual(self._in_quarantine(self.lot_a), 0.0)
        self.assertEqual(complaint.scrap_count, 2)
        with self.assertRaisesRegex(UserError, "left to scrap"):
            complaint.with_user(self.manager).action_scrap_returned_goods()
        self.assertEqual(complaint.with_user(self.manager).scrap_ids, scraps)

    def test_part_of_the_returned_goods_is_scrapped_with_explicit_quantities(self):
        complaint = self._decided(disposition="scrap")
        self._returned(complaint)
        line_a = self._lot_line(complaint, self.lot_a)
        scraps = complaint.with_user(self.manager).action_scrap_returned_goods({line_a.id: 1.0})
        self.assertEqual((scraps.lot_id, scraps.scrap_qty), (self.lot_a, 1.0))
        self.assertEqual(self._in_quarantine(self.lot_a), 2.0)
        with self.assertRaisesRegex(UserError, "more than what came back"):
            complaint.with_user(self.manager).action_scrap_returned_goods({line_a: 2.5})
        self.assertEqual(self._in_quarantine(self.lot_a), 2.0)
        self.assertEqual(complaint.scrap_count, 1)

    def test_scrap_is_refused_without_returned_goods_or_another_disposition(self):
        complaint = self._decided(disposition="scrap")
        with self.assertRaisesRegex(UserError, "receive the return first"):
            complaint.with_user(self.manager).action_scrap_returned_goods()
        complaint.disposition = "rework"
        self._returned(complaint)
        with self.assertRaisesRegex(UserError, "disposition of goods to Scrap"):
            complaint.with_user(self.manager).action_scrap_returned_goods()
        self.assertEqual(complaint.scrap_count, 0)

    def test_sales_rep_cannot_scrap(self):
        complaint = self._decided(disposition="scrap")
        self._returned(complaint)
        with self.assertRaisesRegex(AccessError, "complaint manager"):
            complaint.with_user(self.sales_rep).action_scrap_returned_goods()
        self.assertEqual(complaint.scrap_count, 0)
        self.assertEqual(self._in_quarantine(self.lot_a), 3.0)

    # ------------------------------------------------------------ replacement
    def test_replacement_is_scheduled_on_the_customer_required_date(self):
        complaint = self._new_complaint()
        wizard = (
            self.env["quality.complaint.replacement.wizard"]
            .with_user(self.sales_rep)
            .create({"complaint_id": complaint.id, "date_required": "2031-03-14"})
        )
        for line in wizard.line_ids:
            line.quantity = 1.0 if line.product_id == self.product_plain else 0.0
        picking = self.env["stock.picking"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(picking.complaint_date_required, date(2031, 3, 14))
        self.assertEqual(picking.scheduled_date.date(), date(2031, 3, 14))

    def test_replacement_order_commits_to_the_customer_required_date(self):
        complaint = self._new_complaint()
        form = Form(
            self.env["quality.complaint.replacement.wizard"]
            .with_user(self.sales_rep)
            .with_context(default_complaint_id=complaint.id)
        )
        self.assertTrue(form.date_required)
        form.method = "order"
        form.date_required = date(2031, 3, 20)
        wizard = form.save()
        for line in wizard.line_ids:
            line.quantity = 2.0 if line.product_id == self.product_plain else 0.0
        order = self.env["sale.order"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(order.commitment_date.date(), date(2031, 3, 20))
        self.assertEqual(order.picking_ids.complaint_date_required, date(2031, 3, 20))
        self.assertEqual(order.picking_ids.scheduled_date.date(), date(2031, 3, 20))

    def test_on_time_replacement_rate_on_the_dashboard(self):
        team = self.env["quality.complaint.team"].create(
            {"name": "Key accounts", "member_ids": [self.sales_rep.id]}
        )
        complaint = self._new_complaint(team_id=team.id)
        line = complaint.line_ids.filtered(lambda ln: ln.product_id == self.product_plain)
        pickings = self.env["stock.picking"]
        for required, done in (
            (date(2026, 3, 10), datetime(2026, 3, 10, 9)),
            (date(2026, 3, 10), datetime(2026, 3, 12, 9)),
            (date(2026, 3, 20), datetime(2026, 3, 18, 9)),
        ):
            picking = complaint._create_replacement({line: 1.0}, date_required=required)
            picking.move_ids.picked = True
            picking.button_validate()
            picking.date_done = done
            pickings |= picking
        # Delivered outside the period: not counted.
        picking = complaint._create_replacement({line: 1.0}, date_required=date(2026, 5, 1))
        picking.move_ids.picked = True
        picking.button_validate()
        picking.date_done = datetime(2026, 5, 3)
        self.env.flush_all()
        Dashboard = self.env["quality.complaint.dashboard"]
        self.assertEqual(
            Dashboard._on_time_replacement_rate(datetime(2026, 3, 1), datetime(2026, 4, 1)),
            66.7,
        )
        self.assertIsNone(
            Dashboard._on_time_replacement_rate(datetime(2025, 3, 1), datetime(2025, 4, 1))
        )
        kpis = Dashboard.with_user(self.manager).get_dashboard_data("2026-01-01", "2026-04-30")[
            "kpis"
        ]
        self.assertEqual(kpis["on_time_replacement_rate"], 66.7)
        # A user who may not read the complaint does not count its replacements.
        other = new_test_user(
            self.env,
            "qc_other_team_rep",
            groups="base.group_user,quality_complaint.quality_complaint_group_user",
        )
        self.assertIsNone(
            Dashboard.with_user(other)._on_time_replacement_rate(
                datetime(2026, 3, 1), datetime(2026, 4, 1)
            )
        )
