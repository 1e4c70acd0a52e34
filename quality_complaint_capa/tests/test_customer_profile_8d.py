# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.addons.quality_complaint.tests.common import ComplaintCase
from odoo.fields import Command
from odoo.tests import tagged

from . import test_8d

NOTIFIED = datetime(2026, 11, 20, 10, 0)
RECEIVED = datetime(2026, 11, 20, 16, 0)


@tagged("post_install", "-at_install")
class TestCustomerProfile8D(ComplaintCase):
    """An OEM on the shipped OEM requirements (D3 in 24 hours, D4 in 5 days, D8 in 30
    days from its own notification, the 8D report, its buyer in copy) and a distributor
    that requires the short 4D report."""

    _complaint = test_8d.Test8D._complaint
    _fill_to_d5 = test_8d.Test8D._fill_to_d5

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.quality = cls.env.ref("quality_complaint.quality_complaint_category_quality")
        cls.oem = cls.env.ref("quality_complaint.quality_complaint_customer_profile_oem")
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Zhao Lei", "parent_id": cls.customer.id, "email": "zhao.lei@bright.example"}
        )
        cls.oem.cc_partner_ids = cls.buyer
        cls.customer.complaint_profile_id = cls.oem
        cls.four_d = cls.env["quality.complaint.customer.profile"].create(
            {"name": "Distributor: 4D", "report_format": "4d"}
        )
        cls.other_customer.complaint_profile_id = cls.four_d

    def _start_8d(self, complaint):
        return self.env["quality.8d.report"].browse(complaint.action_start_8d()["res_id"])

    def _approved_8d(self, complaint):
        report = self._start_8d(complaint)
        self._fill_to_d5(report)
        report.action_submit()
        report.action_accept()
        report.action_approve()
        return report

    def _other_complaint(self):
        _order, delivery, _invoice = self._sell_and_deliver(self.other_customer)
        return self._new_complaint(
            documents={"pickings": delivery},
            user=self.env.user,
            partner_id=self.other_customer.id,
            category_id=self.quality.id,
            responsibility="company",
            responsible_department="production",
        )

    def test_8d_disciplines_are_due_as_the_customer_requires(self):
        with freeze_time(RECEIVED):
            complaint = self._complaint(date_received=RECEIVED, customer_notified_at=NOTIFIED)
            report = self._start_8d(complaint)
        self.assertEqual(report.profile_id, self.oem)
        # Counted from the OEM's notification, in calendar days.
        self.assertEqual(report.date_d3_due, NOTIFIED + timedelta(days=1))
        self.assertEqual(report.date_d4_due, NOTIFIED + timedelta(days=5))
        self.assertEqual(report.date_d8_due, NOTIFIED + timedelta(days=30))
        # D5 and D7 follow the complaint's own plan and verification deadlines.
        deadlines = {d.kind: d for d in complaint.deadline_ids}
        self.assertEqual(report.date_d5_due, deadlines["plan"].date_deadline)
        self.assertEqual(deadlines["plan"].date_start, NOTIFIED)
        self.assertFalse(report.date_d6_due)
        with freeze_time(report.date_d4_due + timedelta(hours=1)):
            report.invalidate_recordset(["is_late", "late_disciplines"])
            self.assertIn("D4", report.late_disciplines)
        # The notification time corrected on the complaint moves the open 8D's deadlines.
        with freeze_time(RECEIVED):
            complaint.customer_notified_at = NOTIFIED - timedelta(hours=4)
        self.assertEqual(report.date_d4_due, NOTIFIED + timedelta(days=5, hours=-4))

    def test_customer_without_discipline_deadlines_keeps_the_policy_clock(self):
        with freeze_time(RECEIVED):
            report = self._start_8d(self._other_complaint())
        self.assertEqual(report.profile_id, self.four_d)
        self.assertTrue(report.date_d3_due)
        self.assertFalse(report.date_d4_due)
        self.assertFalse(report.date_d8_due)

    def test_closing_the_8d_meets_its_d8_deadline(self):
        report = self._approved_8d(self._complaint())
        report.discipline = "d6"
        report.action_ids.action_done()
        report.action_ids.action_check_effectiveness("effective")
        report.discipline = "d7"
        report.prevention_ids = [Command.create({"item_type": "fmea", "description": "ESR"})]
        # (evidence and effectiveness gates are tested apart: none here)
        report.d7_no_change_reason = "The process FMEA already covered the failure mode."
        report.company_id.eightd_effectiveness_days = 0
        self.assertFalse(report.date_d8_done)
        report.action_close()
        self.assertTrue(report.date_d8_done)
        self.assertTrue(report.date_d4_done)

    def test_report_sent_and_printed_in_the_format_the_customer_requires(self):
        eight_d = self._approved_8d(self._complaint())
        four_d = self._approved_8d(self._other_complaint())
        self.assertEqual((eight_d.report_format, four_d.report_format), ("8d", "4d"))
        # (the company's document layout is configured: the print goes straight to the PDF)
        printed = (four_d | eight_d).with_context(discard_logo_check=True)
        self.assertEqual(
            printed[0].action_print_for_customer()["report_name"],
            "quality_complaint_capa.report_4d",
        )
        self.assertEqual(
            printed[1].action_print_for_customer()["report_name"],
            "quality_complaint_capa.report_8d",
        )
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html("quality_complaint_capa.action_report_4d", four_d.ids)[0]
        html = html.decode()
        self.assertIn("4D Report", html)
        self.assertIn("Capacitor from a new supplier lot", html)  # D4
        self.assertNotIn("Incoming inspection of ESR", html)  # D5 is not part of a 4D
        for report, label in ((four_d, "4D"), (eight_d, "8D")):
            with self.subTest(label=label):
                report.action_send_to_customer()
                sent = report.message_ids.filtered(
                    lambda m, label=label: m.subject and f"{label} report" in m.subject
                )
                self.assertEqual(len(sent), 1)
                self.assertTrue(sent.attachment_ids)
                self.assertTrue(all(a.name.startswith(label) for a in sent.attachment_ids))
                self.assertEqual(report.state, "sent")

    def test_8d_sent_to_the_customer_copies_its_contacts(self):
        report = self._approved_8d(self._complaint())
        report.action_send_to_customer()
        sent = report.message_ids.filtered(lambda m: m.subject and "8D report" in m.subject)
        self.assertEqual(sent.partner_ids, self.customer | self.buyer)
        self.assertIn(self.buyer, sent.notification_ids.res_partner_id)
        other = self._approved_8d(self._other_complaint())
        other.action_send_to_customer()
        self.assertNotIn(self.buyer, other.message_ids.partner_ids)
