# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import timedelta

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.addons.quality_complaint.tests.common import ComplaintCase, pdf_text
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestManagementReview8D(ComplaintCase):
    """The management review shows the 8D status: the period's 8Ds per discipline and
    state, and the open ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env.user)
        cls.date_from = today - relativedelta(months=2, day=1)
        cls.date_to = today
        quality = cls.env.ref("quality_complaint.quality_complaint_category_quality")
        cls.reports = cls.env["quality.8d.report"]
        for _i in range(2):
            complaint = cls.env["quality.complaint"].create(
                {
                    **cls.env["quality.complaint"]._prepare_default_vals(
                        cls.contact, pickings=cls.delivery
                    ),
                    "subject": "Flickering drivers",
                    "category_id": quality.id,
                    "responsibility": "company",
                    "responsible_department": "production",
                }
            )
            cls.reports |= cls.reports.browse(complaint.action_start_8d()["res_id"])
        cls.late_8d, cls.other_8d = cls.reports
        cls.late_8d.date_d3_due = fields.Datetime.now() - timedelta(days=1)

    def test_review_counts_8ds_per_discipline_and_state(self):
        data = (
            self.env["quality.complaint.management.review"]
            .with_user(self.manager)
            ._review_data(self.date_from, self.date_to)
        )
        self.assertEqual(data["capa"]["counts"], {("d0", "draft"): 2})
        self.assertEqual(data["capa"]["open_count"], 2)
        self.assertEqual(data["capa"]["late_count"], 1)
        self.assertEqual(
            [report["name"] for report in data["capa"]["open"]],
            [self.late_8d.name, self.other_8d.name],
        )
        keys = [section["key"] for section in data["sections"]]
        self.assertEqual(
            keys[keys.index("open") + 1 : keys.index("open") + 3], ["capa_status", "capa_open"]
        )
        status = next(s for s in data["sections"] if s["key"] == "capa_status")
        self.assertEqual(status["rows"][0], ["D0 Preparation", 2, 0, 0, 0, 0, 0, 2])
        self.assertEqual(len(status["rows"]), 9)
        # Another category's review has none of them.
        other = self.env["quality.complaint.category"].create({"name": "Review other"})
        data = (
            self.env["quality.complaint.management.review"]
            .with_user(self.manager)
            ._review_data(self.date_from, self.date_to, category_id=other.id)
        )
        self.assertEqual((data["capa"]["counts"], data["capa"]["open_count"]), ({}, 0))

    def test_review_pdf_and_xlsx_show_the_open_8ds(self):
        wizard = (
            self.env["quality.complaint.review.wizard"]
            .with_user(self.manager)
            .create({"date_from": self.date_from, "date_to": self.date_to})
        )
        Report = self.env["ir.actions.report"].with_user(self.manager)
        pdf, _kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "quality_complaint.action_report_management_review", wizard.ids
        )
        text = " ".join(pdf_text(pdf).split())
        self.assertIn("8D status", text)
        self.assertIn(self.late_8d.name, text)
        action = wizard.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/web/content/")[1].split("?")[0])
        )
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        names = workbook.sheetnames
        self.assertEqual(
            names[names.index("Open and overdue complaints") + 1 :][:2],
            ["8D status", "Open 8D reports"],
        )
        values = [v for row in workbook["Open 8D reports"].iter_rows(values_only=True) for v in row]
        self.assertIn(self.late_8d.name, values)
        self.assertIn(self.other_8d.name, values)
