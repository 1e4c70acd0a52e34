# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import ComplaintCase

RECEIVED = datetime(2026, 11, 16, 9, 0)  # a Monday
RETURNED = datetime(2026, 11, 20, 10, 0)  # the Friday after


@tagged("post_install", "-at_install")
class TestInspection(ComplaintCase):
    """The "returned goods inspected" deadline (SPEC section 7): started by the reception
    of the return, met by the recorded inspection result."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A UTC office week, 8-12 and 13-17.
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {
                "name": "Inspection test calendar",
                "tz": "UTC",
                "hours_per_day": 8.0,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": start + 4,
                        }
                    )
                    for day in range(5)
                    for start in (8, 13)
                ],
            }
        )
        cls.team = cls.env["quality.complaint.team"].create(
            {"name": "Quality", "user_id": cls.manager.id, "member_ids": [cls.sales_rep.id]}
        )

    def _complaint(self):
        return self._new_complaint(
            date_received=RECEIVED, team_id=self.team.id, user_id=self.sales_rep.id
        )

    def _return(self, complaint, when=RETURNED, qty=1.0):
        """A return of ``qty`` housings, received at ``when``."""
        line = complaint.line_ids.filtered(lambda ln: ln.product_id == self.product_plain)
        picking = complaint._create_return(self.delivery, {line: qty})
        picking = self.env["stock.picking"].browse(picking.id)
        with freeze_time(when):
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        complaint.invalidate_recordset()
        return picking

    def _inspection(self, complaint):
        return complaint.sudo().deadline_ids.filtered(lambda d: d.kind == "inspection")

    def test_received_return_starts_the_inspection_deadline(self):
        complaint = self._complaint()
        line = complaint.line_ids.filtered(lambda ln: ln.product_id == self.product_plain)
        picking = complaint._create_return(self.delivery, {line: 1.0})
        self.assertFalse(self._inspection(complaint), "not before the goods are received")
        self.assertFalse(complaint.inspection_due)
        picking = self.env["stock.picking"].browse(picking.id)
        with freeze_time(RETURNED):
            picking.move_ids.picked = True
            picking.button_validate()
        complaint.invalidate_recordset()
        inspection = self._inspection(complaint)
        self.assertEqual(inspection.date_start, RETURNED)
        # 7 working days = 56 h: Friday 6 h, the next week 40 h, Monday 8 h, Tuesday 8-10.
        self.assertEqual(inspection.date_deadline, datetime(2026, 12, 1, 10, 0))
        self.assertTrue(complaint.inspection_due)
        # A stage does not meet it: only the inspection result does.
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_remedy")
        self.assertFalse(inspection.date_done)

    def test_inspection_delay_and_clock_come_from_the_policy(self):
        policy = self.env.ref("quality_complaint.quality_complaint_policy_general")
        policy.write({"inspection_days": 3, "inspection_clock": "calendar"})
        complaint = self._complaint()
        self.assertEqual(complaint.policy_id, policy)
        self._return(complaint)
        self.assertEqual(self._inspection(complaint).date_deadline, datetime(2026, 11, 23, 10, 0))

    def test_sales_rep_records_the_inspection_and_meets_the_deadline(self):
        complaint = self._complaint()
        self._return(complaint)
        as_rep = complaint.with_user(self.sales_rep)
        report = (
            self.env["ir.attachment"]
            .with_user(self.sales_rep)
            .create(
                {
                    "name": "inspection.pdf",
                    "datas": base64.b64encode(b"%PDF-1.4 report"),
                    "res_model": "quality.complaint",
                    "res_id": complaint.id,
                }
            )
        )
        with freeze_time("2026-11-24 15:00:00"):
            as_rep.action_record_inspection(
                "defect_confirmed",
                note="<p>ESR out of specification</p>",
                attachment_ids=report.ids,
            )
        self.assertEqual(complaint.inspection_result, "defect_confirmed")
        self.assertEqual(complaint.inspection_user_id, self.sales_rep)
        self.assertEqual(complaint.inspection_date, datetime(2026, 11, 24, 15, 0))
        self.assertIn("ESR", str(complaint.inspection_note))
        self.assertEqual(complaint.inspection_attachment_ids, report)
        inspection = self._inspection(complaint)
        self.assertEqual(inspection.date_done, datetime(2026, 11, 24, 15, 0))
        self.assertEqual(inspection.state, "met")
        self.assertFalse(complaint.inspection_due)

    def test_recording_is_refused_without_received_goods_or_a_known_result(self):
        complaint = self._complaint()
        with self.assertRaisesRegex(UserError, "no received return to inspect"):
            complaint.with_user(self.sales_rep).action_record_inspection("accepted")
        self.assertFalse(complaint.inspection_result)
        self._return(complaint)
        with self.assertRaisesRegex(UserError, "Choose the inspection result"):
            complaint.with_user(self.sales_rep).action_record_inspection("looks fine")
        self.assertFalse(complaint.inspection_result)
        self.assertFalse(self._inspection(complaint).date_done)

    def test_another_users_attachment_is_refused(self):
        complaint = self._complaint()
        self._return(complaint)
        private = self.env["ir.attachment"].create({"name": "salaries.pdf", "raw": b"secret"})
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_rep).action_record_inspection(
                "accepted", attachment_ids=private.ids
            )
        self.assertFalse(complaint.inspection_result)

    def test_missed_inspection_reminds_then_escalates(self):
        complaint = self._complaint()
        self._return(complaint)
        # Only the inspection is left open.
        complaint.sudo().deadline_ids.filtered(
            lambda d: d.kind != "inspection"
        ).date_done = RETURNED
        Deadline = self.env["quality.complaint.deadline"]
        with freeze_time("2026-12-01 08:00:00"):  # 2 h before it is due
            Deadline._cron_process_deadlines()
        self.assertIn(
            "Returned goods inspected due",
            " ".join(complaint.activity_ids.mapped("summary")),
        )
        with freeze_time("2026-12-01 11:00:00"):
            Deadline._cron_process_deadlines()
        late = complaint.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertIn("Late: Returned goods inspected", late.summary)
        self.assertTrue(self._inspection(complaint).date_escalated)

    def test_closing_waits_for_the_inspection_result(self):
        complaint = self._complaint()
        self._decide(complaint)
        self._return(complaint)
        closed = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        stage = complaint.stage_id
        with self.assertRaisesRegex(UserError, "record their inspection result"):
            complaint.stage_id = closed
        self.assertEqual(complaint.stage_id, stage)
        complaint.action_record_inspection("no_defect", note="<p>Conforms</p>")
        complaint.stage_id = closed
        self.assertTrue(complaint.is_closed)

    def test_goods_returned_after_the_inspection_restart_it(self):
        complaint = self._complaint()
        self._return(complaint)
        with freeze_time("2026-11-24 15:00:00"):
            complaint.action_record_inspection("defect_confirmed")
        self._return(complaint, when=datetime(2026, 11, 26, 9, 0))
        inspection = self._inspection(complaint)
        self.assertFalse(inspection.date_done)
        self.assertEqual(inspection.date_start, datetime(2026, 11, 26, 9, 0))
        self.assertTrue(complaint.inspection_due)
        self.assertIn(
            "record their inspection result", " ".join(complaint._closure_blockers()[complaint])
        )
        # The first result stays until the new goods are inspected.
        self.assertEqual(complaint.inspection_result, "defect_confirmed")

    def test_form_wizard_records_the_inspection_with_its_reports(self):
        complaint = self._complaint()
        self._return(complaint)
        Wizard = self.env["quality.complaint.inspection.wizard"].with_user(self.sales_rep)
        upload = (
            self.env["ir.attachment"]
            .with_user(self.sales_rep)
            .create(
                {
                    "name": "photos.png",
                    "raw": b"\x89PNG",
                    "res_model": Wizard._name,
                    "res_id": 0,
                }
            )
        )
        wizard = Wizard.create(
            {
                "complaint_id": complaint.id,
                "result": "accepted",
                "attachment_ids": [Command.set(upload.ids)],
            }
        )
        wizard.action_confirm()
        self.assertEqual(complaint.inspection_result, "accepted")
        self.assertEqual(complaint.inspection_attachment_ids, upload)
        self.assertEqual((upload.res_model, upload.res_id), ("quality.complaint", complaint.id))
