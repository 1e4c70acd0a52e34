# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.addons.quality_complaint.tests.common import USER_GROUPS, ComplaintCase
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import EightDCase


@tagged("post_install", "-at_install")
class Test8D(EightDCase):
    def test_start_8d_from_the_complaint_prefills_the_problem(self):
        complaint = self._complaint()
        self.assertTrue(complaint.requires_8d)
        action = complaint.action_start_8d()
        report = self.env["quality.8d.report"].browse(action["res_id"])
        self.assertEqual(report.complaint_ids, complaint)
        self.assertEqual(report.partner_id, self.customer)
        self.assertEqual(report.member_ids.role, "leader")
        self.assertIn("LED Driver 40W", report.problem_what)
        self.assertIn("LOT-2406-A", report.problem_how_many)
        self.assertEqual(complaint.eightd_count, 1)
        # Asking again opens the same open 8D.
        self.assertEqual(complaint.action_start_8d()["res_id"], report.id)

    def test_company_quality_complaint_closes_only_with_an_8d(self):
        complaint = self._complaint()
        complaint.action_decide_responsibility()
        closed = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        with self.assertRaisesRegex(UserError, "needs an 8D report"):
            complaint.stage_id = closed
        self.assertFalse(complaint.is_closed)
        complaint.action_start_8d()
        complaint.stage_id = closed
        self.assertTrue(complaint.is_closed)
        # A category that does not require it lets the complaint close.
        other = self._new_complaint(
            user=self.env.user,
            responsibility="company",
            responsible_department="warehouse",
            category_id=self.env.ref("quality_complaint.quality_complaint_category_delivery").id,
        )
        self._close(other)
        self.assertTrue(other.is_closed)

    def test_disciplines_need_their_content_in_order(self):
        report = self.env["quality.8d.report"].browse(self._complaint().action_start_8d()["res_id"])
        report.problem_what = False
        report.discipline = "d2"
        with self.assertRaisesRegex(UserError, "describe the problem"):
            report.discipline = "d3"
        report.problem_what = "Flicker"
        report.discipline = "d3"
        with self.assertRaisesRegex(UserError, "record the containment"):
            report.discipline = "d4"
        self.assertEqual(report.discipline, "d3")
        with self.assertRaisesRegex(UserError, "approved"):
            self._fill_to_d5(report)
            report.discipline = "d6"

    def test_discipline_clock_from_the_complaint_policy(self):
        with freeze_time("2026-11-20 16:00:00"):
            complaint = self._complaint(date_received=datetime(2026, 11, 20, 16, 0))
            report = self.env["quality.8d.report"].browse(complaint.action_start_8d()["res_id"])
        deadlines = {d.kind: d.date_deadline for d in complaint.deadline_ids}
        self.assertEqual(report.date_d3_due, deadlines["acknowledge"])
        self.assertEqual(report.date_d5_due, deadlines["plan"])
        self.assertEqual(report.date_d7_due, deadlines["verification"])
        with freeze_time(report.date_d3_due.replace(hour=23)):
            report.invalidate_recordset(["is_late", "late_disciplines"])
            self.assertTrue(report.is_late)
            self.assertIn("D3", report.late_disciplines)
            self.assertIn(report, self.env["quality.8d.report"].search([("is_late", "=", True)]))
            self._fill_to_d5(report)
            self.assertTrue(report.date_d3_done)
            report.invalidate_recordset(["is_late", "late_disciplines"])
            self.assertNotIn("D3", report.late_disciplines)

    def test_review_flow_reject_accept_approve_send(self):
        report = self.env["quality.8d.report"].browse(self._complaint().action_start_8d()["res_id"])
        with self.assertRaisesRegex(UserError, "not ready for review"):
            report.action_submit()
        self._fill_to_d5(report)
        report.member_ids = [Command.create({"user_id": self.sales_rep.id})]
        report.with_user(self.sales_rep).action_submit()
        self.assertEqual(report.state, "submitted")
        with self.assertRaises(AccessError):
            report.with_user(self.sales_rep).action_accept()
        with self.assertRaisesRegex(UserError, "Say why"):
            report.with_user(self.manager).action_reject("  ")
        report.with_user(self.manager).action_reject("Why did incoming inspection miss it?")
        self.assertEqual((report.state, report.discipline), ("draft", "d4"))
        self.assertIn("incoming inspection", report.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "Only an approved 8D"):
            report.action_send_to_customer()
        report.action_submit()
        report.with_user(self.manager).action_accept()
        with self.assertRaises(AccessError):
            report.with_user(self.manager).action_approve()
        report.with_user(self.approver).action_approve()
        self.assertEqual(report.approved_by_id, self.approver)
        report.action_send_to_customer()
        self.assertEqual(report.state, "sent")
        sent = report.message_ids.filtered(lambda m: m.subject and "8D report" in m.subject)
        self.assertTrue(sent.attachment_ids)
        self.assertIn(self.customer, sent.partner_ids)

    def test_ineffective_action_sends_the_8d_back_to_root_cause(self):
        report = self.env["quality.8d.report"].browse(self._complaint().action_start_8d()["res_id"])
        report.member_ids = [Command.create({"user_id": self.sales_rep.id})]
        self._fill_to_d5(report)
        report.action_submit()
        report.action_accept()
        report.action_approve()
        report.discipline = "d6"
        action = report.action_ids
        with self.assertRaisesRegex(UserError, "must be done"):
            action.action_check_effectiveness("effective")
        action.action_done()
        with self.assertRaisesRegex(UserError, "verify that the corrective actions"):
            report.discipline = "d7"
        action.action_check_effectiveness("ineffective", "Flicker came back in lot 2407")
        self.assertEqual((report.discipline, report.state), ("d4", "draft"))
        self.assertEqual(action.state, "todo")
        self.assertEqual(action.verifier_id, self.env.user)
        notice = report.message_ids.filtered(lambda m: "was not effective" in (m.body or ""))
        self.assertIn(self.sales_rep.partner_id, notice.partner_ids)

    def test_8d_walks_from_d0_to_d8(self):
        report = self.env["quality.8d.report"].browse(self._complaint().action_start_8d()["res_id"])
        self._fill_to_d5(report)
        report.action_submit()
        report.action_accept()
        report.action_approve()
        report.discipline = "d6"
        report.action_ids.action_done()
        report.action_ids.action_check_effectiveness("effective")
        report.discipline = "d7"
        with self.assertRaisesRegex(UserError, "record the prevention"):
            report.action_close()
        report.prevention_ids = [
            Command.create({"item_type": "fmea", "description": "Add ESR failure mode"}),
            Command.create(
                {"item_type": "horizontal", "description": "Same capacitor on 60W driver"}
            ),
        ]
        self._attach(report, "pfmea", "control_plan", "work_instruction")
        report.discipline = "d8"
        with self._on_day(report.date_effectiveness_due):
            report.action_close()
        self.assertEqual((report.discipline, report.state), ("d8", "done"))
        self.assertTrue(report.date_d7_done)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("quality_complaint_capa.action_report_8d", report.ids)[0]
            .decode()
        )
        self.assertIn("Capacitor from a new supplier lot", html)
        self.assertIn("Add ESR failure mode", html)

    def test_containment_worklist_from_lot_traceability(self):
        _order, other_delivery, _invoice = self._sell_and_deliver(
            self.other_customer, lot_qty={self.lot_a: 5.0}
        )
        report = self.env["quality.8d.report"].browse(self._complaint().action_start_8d()["res_id"])
        report.action_compute_suspect_stock()
        delivered = report.containment_ids.filtered(lambda c: c.place == "customer")
        rows = {(c.partner_id, c.lot_id): c.quantity_at_risk for c in delivered}
        self.assertEqual(rows[self.other_customer, self.lot_a], 5.0)
        self.assertEqual(rows[self.customer, self.lot_a], 8.0)
        self.assertEqual(rows[self.customer, self.lot_b], 2.0)
        self.assertIn(other_delivery, report.containment_ids.picking_id)
        on_hand = report.containment_ids.filtered(lambda c: c.place == "stock")
        self.assertEqual(
            {c.lot_id: c.quantity_at_risk for c in on_hand}, {self.lot_a: 37.0, self.lot_b: 48.0}
        )
        report.action_compute_suspect_stock()
        self.assertEqual(len(report.containment_ids), 5)

    def test_repeat_complaint_is_linked_to_the_earlier_8d(self):
        first = self._coded(self._complaint())
        report = self.env["quality.8d.report"].browse(first.action_start_8d()["res_id"])
        again = self._coded(self._complaint())
        self.assertTrue(again.is_repeat)
        self.assertEqual(again.repeat_of_id, first)
        self.assertEqual(again.repeat_of_8d_id, report)
        self.assertFalse(first.is_repeat)

    def test_same_6m_cause_is_a_repeat_with_another_defect_code(self):
        first = self._coded(self._complaint())
        report = self.env["quality.8d.report"].browse(first.action_start_8d()["res_id"])
        self._fill_to_d5(report)  # the first 8D: a material cause
        again = self._coded(self._complaint(), "quality_complaint_defect_electrical")
        self.assertFalse(again.is_repeat)
        again_8d = self.env["quality.8d.report"].browse(again.action_start_8d()["res_id"])
        again_8d.cause_ids = [Command.create({"category": "machine", "description": "Worn tool"})]
        self.assertFalse(again.is_repeat)
        again_8d.cause_ids.category = "material"
        self.assertTrue(again.is_repeat)
        self.assertEqual(again.repeat_of_id, first)
        self.assertEqual(again.repeat_of_8d_id, report)
        # Another customer's complaint with the same cause is not a repeat of this one.
        _order, delivery, _invoice = self._sell_and_deliver(self.other_customer)
        other = self._new_complaint(
            documents={"pickings": delivery}, user=self.env.user, partner_id=self.other_customer.id
        )
        other_8d = self.env["quality.8d.report"].browse(other.action_start_8d()["res_id"])
        other_8d.cause_ids = [Command.create({"category": "material", "description": "Same"})]
        self.assertFalse(other.is_repeat)
        self.company.complaint_repeat_days = 0
        third = self._coded(self._complaint())
        self.assertFalse(third.is_repeat)

    def test_only_the_team_edits_and_accepted_analysis_is_frozen(self):
        report = self.env["quality.8d.report"].browse(self._complaint().action_start_8d()["res_id"])
        outsider = new_test_user(self.env, "qc_8d_outsider", groups=USER_GROUPS)
        with self.assertRaises(AccessError):
            report.with_user(outsider).write({"problem_where": "Line 3"})
        with self.assertRaises(AccessError):
            self.env["quality.8d.cause"].with_user(outsider).create(
                {"report_id": report.id, "description": "Guess"}
            )
        report.member_ids = [Command.create({"user_id": self.sales_rep.id})]
        report.with_user(self.sales_rep).write({"problem_where": "Line 3"})
        self._fill_to_d5(report)
        report.action_submit()
        report.with_user(self.manager).action_accept()
        with self.assertRaisesRegex(UserError, "quality must reject"):
            report.cause_ids.with_user(self.sales_rep).write({"description": "Something else"})
        with self.assertRaisesRegex(UserError, "quality must reject"):
            report.with_user(self.sales_rep).write({"problem_what": "Changed"})
        # Containment and prevention go on after acceptance.
        report.containment_ids.with_user(self.sales_rep).write({"quantity_checked": 60})
        report.with_user(self.manager).action_reject("Dig deeper")
        report.cause_ids.with_user(self.sales_rep).write({"description": "Something else"})

    def test_late_8d_is_escalated_once_by_the_scheduled_action(self):
        team = self.env.ref("quality_complaint.quality_complaint_team_quality")
        team.user_id = self.manager
        complaint = self._complaint(team_id=team.id)
        report = self.env["quality.8d.report"].browse(complaint.action_start_8d()["res_id"])
        with freeze_time(report.date_d3_due.replace(hour=23)):
            self.env["quality.complaint.deadline"]._cron_process_deadlines()
            self.env["quality.complaint.deadline"]._cron_process_deadlines()
        escalations = report.activity_ids.filtered(lambda a: "Late 8D" in (a.summary or ""))
        self.assertEqual(escalations.user_id, report.leader_id | self.manager)
        self.assertEqual(len(escalations), len(report.leader_id | self.manager))
        self.assertTrue(report.date_escalated)

    def test_repeat_and_analysis_rates_on_the_dashboard(self):
        first = self._coded(self._complaint())
        report = self.env["quality.8d.report"].browse(first.action_start_8d()["res_id"])
        self._coded(self._complaint())
        self._coded(self._new_complaint(user=self.env.user, responsibility="customer"))
        data = self.env["quality.complaint.dashboard"].get_dashboard_data()
        # The second and third complaints repeat the customer's product and defect code.
        self.assertEqual(data["kpis"]["repeat_rate"], 66.7)
        # Two company-responsible quality complaints, none analysed past D4 yet.
        self.assertEqual(data["kpis"]["analysis_rate"], 0.0)
        self._fill_to_d5(report)
        data = self.env["quality.complaint.dashboard"].get_dashboard_data()
        self.assertEqual(data["kpis"]["analysis_rate"], 50.0)

    def test_pareto_by_6m_cause_category(self):
        first = self._complaint()
        report = self.env["quality.8d.report"].browse(first.action_start_8d()["res_id"])
        self._complaint()
        Dashboard = self.env["quality.complaint.dashboard"]
        data = Dashboard.get_dashboard_data()
        self.assertIn("cause_6m", [d["key"] for d in data["pareto_dimensions"]])
        self.assertEqual(data["paretos"]["cause_6m"], [])
        self._fill_to_d5(report)  # a material root cause
        report.cause_ids = [
            Command.create({"category": "machine", "description": "Worn tool"}),
            Command.create(
                {"category": "machine", "description": "Not a root cause", "is_root_cause": False}
            ),
        ]
        data = Dashboard.get_dashboard_data()
        # The complaint counts once per category of its 8D's root causes (not the others).
        self.assertEqual(
            [(p["label"], p["count"]) for p in data["paretos"]["cause_6m"]],
            [("Machine", 1), ("Material", 1)],
        )

    def test_customer_reads_only_its_approved_8d(self):
        report = self.env["quality.8d.report"].browse(self._complaint().action_start_8d()["res_id"])
        portal = new_test_user(self.env, "qc_8d_portal", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        stranger = new_test_user(self.env, "qc_8d_stranger", groups="base.group_portal")
        Report = self.env["quality.8d.report"]
        self.assertFalse(Report.with_user(portal).search([]))
        self._fill_to_d5(report)
        report.action_submit()
        report.action_accept()
        report.action_approve()
        self.assertEqual(Report.with_user(portal).search([]), report)
        self.assertFalse(Report.with_user(stranger).search([]))


@tagged("post_install", "-at_install")
class Test8DTour(HttpCase):
    def test_8d_walkthrough_from_d0_to_d8(self):
        partner = self.env["res.partner"].create({"name": "Tour 8D Customer", "is_company": True})
        product = self.env["product.product"].create({"name": "Tour Driver", "is_storable": True})
        complaint = self.env["quality.complaint"].create(
            {
                "subject": "Drivers flicker",
                "partner_id": partner.id,
                "category_id": self.env.ref(
                    "quality_complaint.quality_complaint_category_quality"
                ).id,
                "responsibility": "company",
                "responsible_department": "production",
                "line_ids": [Command.create({"product_id": product.id, "quantity": 5})],
            }
        )
        report = self.env["quality.8d.report"].browse(complaint.action_start_8d()["res_id"])
        report.write(
            {
                "problem_what": "Drivers flicker after one hour",
                "containment_ids": [
                    Command.create({"description": "Sort stock", "quantity_checked": 40})
                ],
                "cause_ids": [
                    Command.create(
                        {"category": "material", "description": "Capacitor ESR out of spec"}
                    )
                ],
                "action_ids": [
                    Command.create(
                        {"name": "Incoming inspection of ESR", "action_type": "corrective"}
                    )
                ],
                "prevention_ids": [
                    Command.create({"item_type": "fmea", "description": "Add ESR failure mode"})
                ],
                "d7_no_change_reason": "Control plan and work instruction already test ESR.",
            }
        )
        self.start_tour(
            f"/odoo/action-quality_complaint_capa.quality_8d_report_action/{report.id}",
            "quality_8d_walkthrough",
            login="admin",
        )
        self.assertEqual((report.discipline, report.state), ("d8", "done"))
        self.assertEqual(report.effectiveness_result, "early")
        self.assertEqual(report.early_close_reason, "Customer confirmed three clean lots")
        self.assertEqual(report.action_ids.effectiveness, "effective")


@tagged("post_install", "-at_install")
class Test8DPortal(HttpCase):
    def test_customer_reads_the_approved_8d_on_the_portal(self):
        customer = self.env["res.partner"].create(
            {"name": "Portal 8D Customer", "is_company": True}
        )
        portal = new_test_user(self.env, "qc_8d_portal_http", groups="base.group_portal")
        portal.partner_id.parent_id = customer
        complaint = self.env["quality.complaint"].create(
            {"subject": "Loose screws", "partner_id": customer.id}
        )
        report = self.env["quality.8d.report"].browse(complaint.action_start_8d()["res_id"])
        report.write(
            {
                "problem_what": "Screws loose after transport",
                "containment_ids": [Command.create({"description": "Re-torque stock"})],
                "cause_ids": [
                    Command.create({"category": "method", "description": "No torque check"})
                ],
                "action_ids": [
                    Command.create({"name": "Torque check at packing", "action_type": "corrective"})
                ],
            }
        )
        report.discipline = "d5"
        self.authenticate("qc_8d_portal_http", "qc_8d_portal_http")
        page = self.url_open(f"/my/8d/{report.id}")
        self.assertNotIn("No torque check", page.text)
        report.action_submit()
        report.action_accept()
        report.action_approve()
        page = self.url_open(f"/my/8d/{report.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("No torque check", page.text)
        self.assertIn("Torque check at packing", page.text)
        complaint_page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertIn(f"/my/8d/{report.id}", complaint_page.text)


@tagged("post_install", "-at_install")
class Test8dKanban(ComplaintCase):
    def test_kanban_shows_every_discipline_as_a_column(self):
        """Empty disciplines are columns too, as the complaint kanban shows every stage."""
        complaint = self._new_complaint(
            user=self.env.user, responsibility="company", responsible_department="production"
        )
        complaint.action_start_8d()
        result = (
            self.env["quality.8d.report"]
            .with_user(self.manager)
            .with_context(read_group_expand=True)  # as the kanban view asks
            .web_read_group([], ["discipline"], ["__count"])
        )
        columns = [group["discipline"] for group in result["groups"]]
        disciplines = [
            key for key, _label in self.env["quality.8d.report"]._fields["discipline"].selection
        ]
        self.assertEqual(columns, disciplines)
        self.assertEqual(sum(group["__count"] for group in result["groups"]), 1)
