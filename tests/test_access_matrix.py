# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may read (r), write (w), create (c) and delete (u) each model of the three addons.

The matrix below is the design; the test checks Odoo's access rights against it, for every
model and role, in both directions (allowed and denied). Record rules (companies, teams,
portal customers) are tested with the features.
"""

from odoo.tests import TransactionCase, new_test_user

ROLES = {
    "portal": "base.group_portal",
    "employee": "base.group_user",
    "user": "base.group_user,quality_complaint.quality_complaint_group_user",
    "manager": "base.group_user,quality_complaint.quality_complaint_group_manager",
    "finance": "base.group_user,quality_complaint.quality_complaint_group_finance",
    "approver": "base.group_user,quality_complaint_capa.group_8d_approver",
    "other_company": "base.group_user,quality_complaint.quality_complaint_group_manager",
}
ORDER = ["portal", "employee", "user", "manager", "finance", "approver", "other_company"]

# model: rights per role, in the order of ORDER
MATRIX = {
    "quality.complaint": ["r", "", "rwc", "rwcu", "rwc", "rwc", "rwcu"],
    "quality.complaint.line": ["r", "", "rwcu", "rwcu", "rwcu", "rwcu", "rwcu"],
    "quality.complaint.stage": ["r", "r", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.team": ["", "r", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.category": ["r", "r", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.tag": ["", "", "rwc", "rwcu", "rwc", "rwc", "rwcu"],
    "quality.complaint.defect": ["", "", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.policy": ["", "r", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.customer.profile": ["", "r", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.customer.profile.step": ["", "r", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.deadline": ["r", "", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.compensation": ["", "", "rc", "rwc", "rwc", "rc", "rwc"],
    "quality.complaint.lesson": ["", "", "rwc", "rwcu", "rwc", "rwc", "rwcu"],
    "quality.complaint.cost.report": ["", "", "", "r", "r", "", "r"],
    "quality.complaint.summary": ["", "", "", "r", "", "", "r"],
    "quality.complaint.summary.day": ["", "", "", "r", "", "", "r"],
    "quality.complaint.summary.change": ["", "", "", "r", "", "", "r"],
    "quality.complaint.daily": ["", "", "", "r", "", "", "r"],
    "quality.complaint.daily.change": ["", "", "", "r", "", "", "r"],
    "quality.complaint.daily.watermark": ["", "", "", "r", "", "", "r"],
    "quality.complaint.customer.total": ["", "", "", "r", "", "", "r"],
    "quality.complaint.customer.change": ["", "", "", "r", "", "", "r"],
    "quality.complaint.external.review": ["", "", "rwc", "rwcu", "rwc", "rwc", "rwcu"],
    "quality.complaint.liability": ["", "", "rwcu", "rwcu", "rwcu", "rwcu", "rwcu"],
    "quality.complaint.recovery": ["", "", "r", "rwc", "rwc", "r", "rwc"],
    "quality.complaint.feedback": ["r", "", "rwc", "rwcu", "rwc", "rwc", "rwcu"],
    "quality.complaint.cost.line": ["", "", "rwcu", "rwcu", "rwcu", "rwcu", "rwcu"],
    "quality.8d.report": ["r", "", "rwc", "rwcu", "rwc", "rwc", "rwcu"],
    "quality.8d.member": ["", "", "rwcu", "rwcu", "rwcu", "rwcu", "rwcu"],
    "quality.8d.containment": ["", "", "rwcu", "rwcu", "rwcu", "rwcu", "rwcu"],
    "quality.8d.cause": ["", "", "rwcu", "rwcu", "rwcu", "rwcu", "rwcu"],
    "quality.8d.prevention": ["", "", "rwcu", "rwcu", "rwcu", "rwcu", "rwcu"],
    "quality.8d.evidence": ["", "", "rwcu", "rwcu", "rwcu", "rwcu", "rwcu"],
    "quality.capa.action": ["", "", "rwc", "rwcu", "rwc", "rwc", "rwcu"],
    "quality.complaint.survey.campaign": ["", "", "r", "rwcu", "r", "r", "rwcu"],
    "quality.complaint.survey.campaign.item": ["", "", "r", "r", "r", "r", "r"],
    "quality.complaint.survey.campaign.suggestion": ["", "", "r", "r", "r", "r", "r"],
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_b = cls.env["res.company"].create({"name": "Matrix Company B"})
        cls.users = {}
        for role, groups in ROLES.items():
            extra = {}
            if role == "other_company":
                extra = {"company_id": company_b.id, "company_ids": [company_b.id]}
            cls.users[role] = new_test_user(cls.env, f"qc_matrix_{role}", groups=groups, **extra)

    def test_every_model_of_the_addons_is_in_the_matrix(self):
        ids = (
            self.env["ir.model.data"]
            .search(
                [
                    ("model", "=", "ir.model"),
                    (
                        "module",
                        "in",
                        ["quality_complaint", "quality_complaint_capa", "quality_complaint_survey"],
                    ),
                ]
            )
            .mapped("res_id")
        )
        models = (
            self.env["ir.model"]
            .browse(ids)
            .filtered(
                lambda m: not m.transient
                and m.model.startswith("quality.")
                and not self.env[m.model]._abstract
            )
        )
        self.assertEqual(set(models.mapped("model")), set(MATRIX))

    def test_access_rights_follow_the_matrix(self):
        Access = self.env["ir.model.access"]
        for model, rights in MATRIX.items():
            for role, allowed in zip(ORDER, rights, strict=True):
                user = self.users[role]
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        granted = Access.with_user(user).check(
                            model, operation, raise_exception=False
                        )
                        self.assertEqual(granted, letter in allowed)

    def test_other_company_manager_sees_no_complaint_of_this_company(self):
        partner = self.env["res.partner"].create({"name": "Matrix customer"})
        complaint = self.env["quality.complaint"].create({"subject": "x", "partner_id": partner.id})
        other = self.users["other_company"]
        self.assertFalse(
            self.env["quality.complaint"].with_user(other).search([("id", "=", complaint.id)])
        )
