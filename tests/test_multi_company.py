# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Multi-company isolation: a user of company B, with every complaint, 8D, survey and
invoicing right in B, never reads, searches, groups or exports what company A's complaints
produced (complaints, lines, 8Ds, survey answers, credit notes)."""

from odoo.addons.quality_complaint.tests.common import ComplaintCase
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMultiCompany(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Complaints Company B"})
        cls.user_b = new_test_user(
            cls.env,
            "qc_company_b",
            groups="base.group_user,base.group_allow_export,"
            "quality_complaint.quality_complaint_group_manager,"
            "quality_complaint.quality_complaint_group_finance,"
            "quality_complaint_capa.group_8d_approver,survey.group_survey_manager,"
            "account.group_account_manager,sales_team.group_sale_manager,"
            "stock.group_stock_manager",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        complaint = cls.env["quality.complaint"]._prepare_default_vals(
            cls.contact, sale_orders=cls.order, pickings=cls.delivery, invoices=cls.invoice
        )
        cls.complaint = cls.env["quality.complaint"].create(
            {
                "subject": "Company A's flickering drivers",
                "responsibility": "company",
                "responsible_department": "production",
                **complaint,
            }
        )
        wizard = Form(
            cls.env["quality.complaint.refund.wizard"].with_context(
                default_complaint_id=cls.complaint.id
            )
        ).save()
        cls.credit_note = cls.env["account.move"].browse(wizard.action_confirm()["res_id"])
        cls.report = cls.env["quality.8d.report"].browse(cls.complaint.action_start_8d()["res_id"])
        survey = cls.env.ref("quality_complaint_survey.survey_complaint_satisfaction")
        cls.answer = survey._create_answer(
            partner=cls.contact, check_attempts=False, complaint_id=cls.complaint.id
        )

    def test_company_b_never_reaches_company_a_records(self):
        records = {
            "quality.complaint": self.complaint,
            "quality.complaint.line": self.complaint.line_ids,
            "quality.8d.report": self.report,
            "survey.user_input": self.answer,
            "account.move": self.credit_note,
        }
        for model, record in records.items():
            with self.subTest(model=model):
                self.assertTrue(record)
                # Company A's own people see it (the data set is right).
                self.assertEqual(self.env[model].search([("id", "in", record.ids)]).ids, record.ids)
                Model = self.env[model].with_user(self.user_b)
                self.assertFalse(Model.search([("id", "in", record.ids)]))
                self.assertNotIn(record.ids[0], Model.search([]).ids)
                self.assertEqual(
                    Model._read_group([("id", "in", record.ids)], [], ["__count"]), [(0,)]
                )
                with self.assertRaises(AccessError):
                    record.with_user(self.user_b).read(["display_name"])
                with self.assertRaises(AccessError):
                    record.with_user(self.user_b).export_data(["id", "display_name"])

    def test_company_b_dashboard_counts_nothing_of_company_a(self):
        Summary = self.env["quality.complaint.summary"]
        Summary._cron_refresh()
        data = (
            self.env["quality.complaint.dashboard"]
            .with_user(self.user_b)
            .with_company(self.company_b)
            .get_dashboard_data()
        )
        self.assertEqual(data["kpis"]["count"], 0)
        self.assertFalse(data["by_customer"])
        mine = self.env["quality.complaint.dashboard"].get_dashboard_data()
        self.assertGreaterEqual(mine["kpis"]["count"], 1)
