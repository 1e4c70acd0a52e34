# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.fields import Command
from odoo.tests import tagged

from .common import ComplaintCase

MAY = ("2026-05-01", "2026-05-31")


@tagged("post_install", "-at_install")
class TestTargets(ComplaintCase):
    """First-contact resolution and the KPIs' targets, on May's complaints: one closed at
    first contact, one closed after an escalation, one closed after the customer rejected
    its resolution once, one still open and one cancelled."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.escalated_stage = ref("quality_complaint.quality_complaint_stage_escalated")
        cls.cancelled_stage = ref("quality_complaint.quality_complaint_stage_cancelled")
        cls.first, cls.escalated, cls.rejected, cls.open, cls.cancelled = (
            cls._may_complaint(day) for day in (4, 5, 6, 7, 8)
        )
        cls.escalated.stage_id = cls.escalated_stage
        cls.rejected.action_send_for_confirmation()
        cls.rejected.action_record_confirmation(False, "Still flickering", channel="phone")
        cls.cancelled.stage_id = cls.cancelled_stage

    @classmethod
    def _may_complaint(cls, day, **vals):
        Complaint = cls.env["quality.complaint"]
        defaults = Complaint._prepare_default_vals(
            cls.contact, sale_orders=cls.order, pickings=cls.delivery, invoices=cls.invoice
        )
        return Complaint.create(
            {
                **defaults,
                "subject": f"May {day}",
                "date_received": datetime(2026, 5, day, 9),
                "user_id": cls.sales_rep.id,
                **vals,
            }
        )

    def _close_all(self):
        (self.first | self.escalated | self.rejected).invalidate_recordset()
        self._close(self.first | self.escalated | self.rejected)

    def _data(self, user=None):
        Dashboard = self.env["quality.complaint.dashboard"].with_user(user or self.sales_rep)
        return Dashboard.get_dashboard_data(*MAY)

    def test_first_contact_resolution_excludes_escalated_and_rejected_complaints(self):
        self._close_all()
        self.assertTrue(self.escalated.date_escalated)
        self.assertEqual(self.rejected.rejection_count, 1)
        kpis = self._data()["kpis"]
        # Closed: the first, the escalated and the rejected one (not the open nor the
        # cancelled one); at first contact: the first only.
        self.assertEqual(kpis["closed_count"], 3)
        self.assertEqual(kpis["first_contact_resolution_count"], 1)
        self.assertEqual(kpis["first_contact_resolution_rate"], 33.3)

    def test_first_contact_resolution_is_the_same_from_the_summary(self):
        self._close_all()
        live = self._data(self.manager)["kpis"]
        self.env["quality.complaint.summary"]._cron_refresh()
        self.assertFalse(self.env["quality.complaint.summary"]._changed_buckets())
        stored = self._data(self.manager)["kpis"]
        self.assertEqual(stored["first_contact_resolution_rate"], 33.3)
        for key in ("closed_count", "first_contact_resolution_count"):
            self.assertEqual(stored[key], live[key], key)

    def test_first_contact_resolution_has_no_value_without_closed_complaints(self):
        kpis = self._data()["kpis"]
        self.assertEqual(kpis["closed_count"], 0)
        self.assertIsNone(kpis["first_contact_resolution_rate"])
        target = self._data()["targets"]["first_contact_resolution_rate"]
        self.assertEqual(target, {"value": 90.0, "kind": "min", "met": None})

    def test_a_reopened_complaint_leaves_the_closed_ones(self):
        self._close_all()
        self.first.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_remedy")
        kpis = self._data()["kpis"]
        self.assertEqual(kpis["closed_count"], 2)
        self.assertEqual(kpis["first_contact_resolution_rate"], 0.0)

    def test_changed_target_setting_changes_whether_it_is_met(self):
        self._close_all()
        target = self._data()["targets"]["first_contact_resolution_rate"]
        self.assertEqual(target, {"value": 90.0, "kind": "min", "met": False})
        self.env["res.config.settings"].create({"complaint_target_first_contact": 30.0}).execute()
        self.assertEqual(self.company.complaint_target_first_contact, 30.0)
        target = self._data()["targets"]["first_contact_resolution_rate"]
        self.assertEqual(target, {"value": 30.0, "kind": "min", "met": True})

    def test_repeat_target_is_a_maximum(self):
        defect = self.env.ref("quality_complaint.quality_complaint_defect_cosmetic")
        lines = [Command.create({"product_id": self.product_plain.id, "defect_id": defect.id})]
        self._may_complaint(10, line_ids=lines)
        repeat = self._may_complaint(20, line_ids=lines)
        self.assertTrue(repeat.is_repeat)
        data = self._data()
        # One repeat among seven complaints: 14.3 %, above the default maximum of 1 %.
        self.assertEqual(data["kpis"]["repeat_rate"], 14.3)
        self.assertEqual(
            data["targets"]["repeat_rate"], {"value": 1.0, "kind": "max", "met": False}
        )
        self.company.complaint_target_repeat = 15.0
        self.assertTrue(self._data()["targets"]["repeat_rate"]["met"])
        # The escalated rate is a maximum too: one of seven is over 5 %, within 25 %.
        targets = self._data()["targets"]
        self.assertEqual(targets["escalated_rate"]["kind"], "max")
        self.assertFalse(targets["escalated_rate"]["met"])
        self.company.complaint_target_escalated = 25.0
        self.assertTrue(self._data()["targets"]["escalated_rate"]["met"])

    def test_every_target_flags_its_kpi_green_or_red(self):
        self._close_all()
        data = self._data()
        kpis, targets = data["kpis"], data["targets"]
        # Every deadline kind and the other KPIs of the core have their target; those of
        # the other addons too when they are installed.
        for key in (
            "on_time_acknowledgement_rate",
            "on_time_plan_rate",
            "on_time_verification_rate",
            "on_time_inspection_rate",
            "on_time_resolution_rate",
            "on_time_replacement_rate",
            "first_contact_resolution_rate",
            "escalated_rate",
            "repeat_rate",
        ):
            self.assertIn(key, targets)
        self.assertEqual(targets["on_time_plan_rate"]["value"], 100.0)
        self.assertLessEqual(set(targets), set(kpis))
        self.assertNotIn("count", targets)
        self.assertNotIn("external_review_rate", targets)
        for key, target in targets.items():
            value = kpis[key]
            if value is None:
                self.assertIsNone(target["met"], key)
            elif target["kind"] == "min":
                self.assertEqual(target["met"], value >= target["value"], key)
            else:
                self.assertEqual(target["met"], value <= target["value"], key)
        # No replacement delivered in May: nothing to colour.
        self.assertIsNone(kpis["on_time_replacement_rate"])
        self.assertIsNone(targets["on_time_replacement_rate"]["met"])
        # No repeat: within its maximum (green); one of three at first contact: red.
        self.assertTrue(targets["repeat_rate"]["met"])
        self.assertFalse(targets["first_contact_resolution_rate"]["met"])
