# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo.addons.quality_complaint.tests.common import USER_GROUPS, Json2Mixin
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import EightDCase

EFFECTIVENESS = "quality_complaint_capa.mail_activity_type_8d_effectiveness"


@tagged("post_install", "-at_install")
class Test8dEvidence(EightDCase):
    """IATF 16949 10.2.3: D7 closes only with the updated PFMEA, control plan and work
    instruction attached (or the reason why none changed); D8 only after the effectiveness
    window passed without a repeat complaint, unless an 8D approver decides otherwise."""

    def _report_at_d7(self):
        report = self._start_8d(self._coded(self._complaint()))
        self._fill_to_d7(report)
        return report

    def _report_at_d8(self):
        report = self._report_at_d7()
        self._attach(report, "pfmea", "control_plan", "work_instruction")
        report.discipline = "d8"
        return report

    def _effectiveness_activities(self, report):
        return report.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(EFFECTIVENESS)
        )

    # ------------------------------------------------------------ D7
    def test_d7_refused_without_documents_nor_reason(self):
        report = self._report_at_d7()
        with self.assertRaisesRegex(UserError, "PFMEA, Control plan, Work instruction"):
            report.discipline = "d8"
        self.assertEqual(report.discipline, "d7")
        self.assertFalse(report.date_d7_closed)
        self._attach(report, "pfmea")
        with self.assertRaisesRegex(UserError, r"attach the updated Control plan, Work instr"):
            report.action_close()
        self.assertEqual((report.discipline, report.state), ("d7", "approved"))
        self.assertEqual(report.evidence_missing, "Control plan, Work instruction")

    def test_d7_closes_with_the_three_documents_attached(self):
        report = self._report_at_d7()
        evidence = self._attach(report, "pfmea", "control_plan", "work_instruction")
        # Each file is an attachment of the 8D, named in its chatter.
        self.assertEqual(evidence.attachment_id.mapped("res_model"), ["quality.8d.report"] * 3)
        self.assertEqual(set(evidence.attachment_id.mapped("res_id")), {report.id})
        self.assertEqual(evidence[0].datas, base64.b64encode(b"pfmea rev. B"))
        logged = report.message_ids.filtered(
            lambda m: "Updated documents attached" in (m.body or "")
        )
        self.assertIn("PFMEA-DRV-40 rev. B", logged.body)
        self.assertEqual(logged.attachment_ids, evidence.attachment_id)
        report.discipline = "d8"
        self.assertTrue(report.date_d7_closed)
        self.assertFalse(report.evidence_missing)

    def test_d7_closes_with_the_reason_why_no_document_changed(self):
        report = self._report_at_d7()
        report.d7_no_change_reason = "The ESR failure mode and its test were already controlled."
        report.discipline = "d8"
        self.assertEqual(report.discipline, "d8")
        self.assertTrue(report.date_d7_closed)

    def test_d7_documents_are_kept_once_d7_closed(self):
        report = self._report_at_d7()
        outsider = new_test_user(self.env, "qc_8d_evidence_outsider", groups=USER_GROUPS)
        with self.assertRaises(AccessError):
            self._attach(report.with_user(outsider), "pfmea")
        evidence = self._attach(report, "pfmea", "control_plan", "work_instruction")
        # A new file makes a new attachment; the former one stays on the 8D.
        former = evidence[0].attachment_id
        evidence[0].write({"datas": base64.b64encode(b"rev. C"), "file_name": "pfmea-C.pdf"})
        self.assertNotEqual(evidence[0].attachment_id, former)
        self.assertTrue(former.exists())
        report.discipline = "d8"
        # Not even a complaint manager changes them.
        with self.assertRaisesRegex(UserError, "D7 is closed"):
            evidence[0].with_user(self.manager).revision = "rev. D"
        with self.assertRaisesRegex(UserError, "D7 is closed"):
            evidence[1].with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "D7 is closed"):
            report.with_user(self.manager).d7_no_change_reason = "Nothing changed"
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            evidence[2].attachment_id.unlink()
        self.assertEqual(len(report.evidence_ids), 3)
        # Moving back to D7 reopens the documents and stops the window.
        report.discipline = "d7"
        self.assertFalse(report.date_d7_closed or report.date_effectiveness_due)
        self.assertFalse(self._effectiveness_activities(report))
        evidence[1].unlink()
        self.assertIn("D7 documents removed", report.message_ids[0].body)

    # ------------------------------------------------------------ D8
    def test_d7_closure_starts_the_window_with_an_activity_for_the_leader(self):
        self.company.eightd_effectiveness_days = 30
        report = self._report_at_d8()
        today = report._date_d7_closed_local()
        self.assertEqual(report.effectiveness_days, 30)
        self.assertEqual(report.date_effectiveness_due, today + timedelta(days=30))
        activity = self._effectiveness_activities(report)
        self.assertEqual(activity.user_id, report.leader_id)
        self.assertEqual(activity.date_deadline, report.date_effectiveness_due)
        # A later change of the setting does not move a running window.
        self.company.eightd_effectiveness_days = 10
        self.assertEqual(report.date_effectiveness_due, today + timedelta(days=30))

    def test_d8_refused_before_the_effectiveness_window(self):
        report = self._report_at_d8()
        with self.assertRaisesRegex(UserError, "cannot close before"):
            report.action_close()
        with self._on_day(report.date_effectiveness_due, -1):
            with self.assertRaisesRegex(UserError, "cannot close before"):
                report.action_close()
        self.assertEqual((report.state, report.effectiveness_result), ("approved", False))
        self.assertFalse(report.date_closed)

    def test_d8_refused_with_a_repeat_complaint_in_the_window(self):
        report = self._report_at_d8()
        with self._on_day(report.date_effectiveness_due, -20):
            repeat = self._coded(self._complaint())
        self.assertTrue(repeat.is_repeat)
        with self._on_day(report.date_effectiveness_due):
            with self.assertRaisesRegex(UserError, f"repeat complaints {repeat.name} came in"):
                report.action_close()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.effectiveness_repeat_ids, repeat)
        self.assertEqual(report.effectiveness_repeat_count, 1)

    def test_d8_closes_after_a_clean_window(self):
        report = self._report_at_d8()
        with self._on_day(report.date_effectiveness_due, -20):
            # Another defect of the same products is no repeat of this problem.
            other = self._coded(self._complaint(), "quality_complaint_defect_electrical")
        # A repeat received after the window ended does not count either.
        with self._on_day(report.date_effectiveness_due, 1):
            late = self._coded(self._complaint())
            self.assertTrue(late.is_repeat)
            report.action_close()
        self.assertFalse(other.is_repeat)
        self.assertEqual((report.discipline, report.state), ("d8", "done"))
        self.assertEqual(report.effectiveness_result, "passed")
        self.assertFalse(report.effectiveness_repeat_ids)
        self.assertTrue(
            report.message_ids.filtered(
                lambda m: "the corrective actions are effective" in (m.body or "")
            )
        )
        self.assertFalse(self._effectiveness_activities(report))
        self.assertIn(self.env.ref(EFFECTIVENESS), report.message_ids.mail_activity_type_id)

    def test_early_close_refused_for_a_non_approver(self):
        report = self._report_at_d8()
        report.member_ids = [(0, 0, {"user_id": self.sales_rep.id})]
        for user in (self.manager, self.sales_rep):
            with self.assertRaises(AccessError):
                report.with_user(user).action_close_early("The customer is happy")
        with self.assertRaisesRegex(UserError, "Say why"):
            report.with_user(self.approver).action_close_early("  ")
        self.assertEqual((report.state, report.effectiveness_result), ("approved", False))

    def test_early_close_by_the_approver_with_reason_is_tracked(self):
        report = self._report_at_d8()
        with self._on_day(report.date_effectiveness_due, -60):
            repeat = self._coded(self._complaint())
        reason = "The repeat is a panel delivered before the fix; three clean lots since."
        # Another transaction than the 8D's creation (which discards its own tracking).
        self.env.flush_all()
        self.env.cr.precommit.run()
        with self._on_day(report.date_effectiveness_due, -50):
            report.with_user(self.approver).with_context(tracking_disable=False).action_close_early(
                reason
            )
            self.env.flush_all()
            self.env.cr.precommit.run()
        self.env.invalidate_all()
        self.assertEqual((report.discipline, report.state), ("d8", "done"))
        self.assertEqual(report.effectiveness_result, "early")
        self.assertEqual(report.early_closed_by_id, self.approver)
        self.assertEqual(report.early_close_reason, reason)
        self.assertEqual(report.effectiveness_repeat_ids, repeat)
        notice = report.message_ids.filtered(lambda m: "Closed early by" in (m.body or ""))
        self.assertIn(self.approver.name, notice.body)
        self.assertIn("panel delivered before the fix", notice.body)
        self.assertEqual(notice.author_id, self.approver.partner_id)
        tracked = report.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("early_close_reason", tracked)
        self.assertIn("effectiveness_result", tracked)
        with self.assertRaisesRegex(UserError, "already closed"):
            report.with_user(self.approver).action_close_early(reason)

    def test_8d_pdf_lists_the_d7_documents_and_the_effectiveness_result(self):
        report = self._report_at_d8()
        report.with_user(self.approver).action_close_early("Customer confirmed three lots")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("quality_complaint_capa.action_report_8d", report.ids)[0]
            .decode()
        )
        for text in (
            "Updated documents",
            "Control plan",
            "work_instruction-rev-B.pdf",
            "PFMEA-DRV-40 rev. B",
            "Closed early by an approver",
            "Customer confirmed three lots",
            "Management Rep Liu",
        ):
            self.assertIn(text, html)

    # ------------------------------------------------------------ setting
    def test_effectiveness_window_setting_defaults_to_90_days(self):
        company = self.env["res.company"].create({"name": "New 8D Company"})
        self.assertEqual(company.eightd_effectiveness_days, 90)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.eightd_effectiveness_days, self.company.eightd_effectiveness_days)
        settings.eightd_effectiveness_days = 0
        settings.execute()
        self.assertEqual(self.company.eightd_effectiveness_days, 0)
        # No window: D8 closes as soon as D7 does.
        report = self._report_at_d7()
        report.d7_no_change_reason = "Already controlled."
        report.action_close()
        self.assertEqual((report.state, report.effectiveness_result), ("done", "passed"))
        self.assertEqual(report.date_effectiveness_due, report._date_d7_closed_local())
        self.assertFalse(self._effectiveness_activities(report))


@tagged("post_install", "-at_install")
class Test8dEvidenceJson2(Json2Mixin, HttpCase, EightDCase):
    """D7 documents and the D8 decisions over Odoo 19's JSON-2 API, with explicit values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._json2_keys(cls.manager, cls.approver)

    def test_documents_and_early_closure_over_json2(self):
        report = self._start_8d(self._coded(self._complaint()))
        self._fill_to_d7(report)
        body = self._json2(
            self.manager,
            "quality.8d.report",
            "write",
            422,
            ids=report.ids,
            vals={"discipline": "d8"},
        )
        self.assertIn("PFMEA, Control plan, Work instruction", body["message"])
        ids = self._json2(
            self.manager,
            "quality.8d.evidence",
            "create",
            vals_list=[
                {
                    "report_id": report.id,
                    "document_type": kind,
                    "datas": base64.b64encode(b"updated").decode(),
                    "file_name": f"{kind}.pdf",
                }
                for kind in ("pfmea", "control_plan", "work_instruction")
            ],
        )
        self.assertEqual(len(ids), 3)
        self._json2(
            self.manager, "quality.8d.report", "write", ids=report.ids, vals={"discipline": "d8"}
        )
        self.assertEqual(report.effectiveness_days, 90)
        self.assertGreater(report.date_effectiveness_due, date.today() + timedelta(days=88))
        body = self._json2(self.manager, "quality.8d.report", "action_close", 422, ids=report.ids)
        self.assertIn("cannot close before", body["message"])
        body = self._json2(
            self.manager,
            "quality.8d.report",
            "action_close_early",
            403,
            ids=report.ids,
            reason="Customer is happy",
        )
        self.assertEqual(body["name"], "odoo.exceptions.AccessError")
        self.assertEqual(report.state, "approved")
        self._json2(
            self.approver,
            "quality.8d.report",
            "action_close_early",
            ids=report.ids,
            reason="Customer confirmed three clean lots",
        )
        self.assertEqual((report.state, report.effectiveness_result), ("done", "early"))
        self.assertEqual(report.early_closed_by_id, self.approver)
