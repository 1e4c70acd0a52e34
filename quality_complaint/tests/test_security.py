# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import USER_GROUPS, ComplaintCase


@tagged("post_install", "-at_install")
class TestSecurity(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Complaint Company B"})
        cls.user_b = new_test_user(
            cls.env,
            "qc_user_b",
            groups=USER_GROUPS.replace(",quality_complaint.quality_complaint_group_user", "")
            + ",quality_complaint.quality_complaint_group_manager",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.employee = new_test_user(cls.env, "qc_employee", groups="base.group_user")
        cls.team_a = cls.env["quality.complaint.team"].create(
            {"name": "Quality A", "member_ids": [cls.manager.id]}
        )
        cls.colleague = new_test_user(cls.env, "qc_colleague", groups=USER_GROUPS)
        cls.team_b = cls.env["quality.complaint.team"].create(
            {"name": "Service B", "member_ids": [cls.colleague.id]}
        )

    def test_user_of_another_company_never_sees_the_complaint(self):
        complaint = self._new_complaint()
        Complaint = self.env["quality.complaint"].with_user(self.user_b)
        self.assertFalse(Complaint.search([("id", "=", complaint.id)]))
        self.assertFalse(Complaint.search_count([]))
        self.assertFalse(Complaint._read_group([], ["partner_id"], ["__count"]))
        self.assertFalse(
            self.env["quality.complaint.line"]
            .with_user(self.user_b)
            .search([("complaint_id", "=", complaint.id)])
        )
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_b).read(["subject"])

    def test_complaint_cannot_point_at_another_company_partner_documents(self):
        order_b = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create({"partner_id": self.customer.id, "company_id": self.company_b.id})
        )
        with self.assertRaisesRegex(UserError, "[Cc]ompan"):
            self._new_complaint(user=self.env.user).write(
                {"sale_order_ids": [Command.link(order_b.id)]}
            )

    def test_internal_user_without_complaint_rights_is_denied(self):
        complaint = self._new_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.employee).read(["subject"])
        with self.assertRaises(AccessError):
            self.env["quality.complaint"].with_user(self.employee).create(
                {"subject": "x", "partner_id": self.customer.id}
            )

    def test_users_see_their_team_not_another_team(self):
        complaint = self._new_complaint(team_id=self.team_b.id, user_id=self.colleague.id)
        self.assertEqual(
            self.env["quality.complaint"].with_user(self.colleague).search([]), complaint
        )
        other = new_test_user(self.env, "qc_other_rep", groups=USER_GROUPS)
        self.assertFalse(self.env["quality.complaint"].with_user(other).search([]))
        # The quality manager sees every complaint of the company.
        self.assertIn(complaint, self.env["quality.complaint"].with_user(self.manager).search([]))

    def test_only_managers_delete_and_configure(self):
        complaint = self._new_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_rep).unlink()
        with self.assertRaises(AccessError):
            self.env["quality.complaint.stage"].with_user(self.sales_rep).create(
                {"name": "Shortcut", "milestone": "closed"}
            )
        complaint.with_user(self.manager).unlink()
        self.assertFalse(complaint.exists())

    def test_cost_report_matches_documents_and_respects_companies(self):
        complaint = self._new_complaint()
        refund_wizard = (
            self.env["quality.complaint.refund.wizard"]
            .with_context(default_complaint_id=complaint.id)
            .create({})
        )
        for line in refund_wizard.line_ids:
            line.quantity = 1.0 if line.product_id == self.product_plain else 0.0
        refund_wizard.action_confirm()
        compensation = (
            self.env["quality.complaint.compensation.wizard"]
            .with_context(default_complaint_id=complaint.id)
            .create({"amount": 75.0, "reason": "Sorting", "override_reason": "Goodwill"})
        )
        compensation.action_confirm()
        Report = self.env["quality.complaint.cost.report"]
        rows = Report._read_group(
            [("complaint_id", "=", complaint.id)], ["cost_type"], ["amount_pending:sum"]
        )
        self.assertEqual(dict(rows), {"refund": 20.0, "compensation": 75.0})
        # Drafts are pending; posted, they are the cost.
        self.env["account.move"].search([("remedy_complaint_id", "=", complaint.id)]).action_post()
        rows = Report._read_group(
            [("complaint_id", "=", complaint.id)], ["cost_type"], ["amount:sum"]
        )
        self.assertEqual(dict(rows), {"refund": 20.0, "compensation": 75.0})
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.cost_total, 95.0)
        self.assertFalse(Report.with_user(self.user_b).search([]))
