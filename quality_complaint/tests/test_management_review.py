# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import date, timedelta
from unittest.mock import patch

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase, pdf_text

REPORT = "quality_complaint.action_report_management_review"
# The sections of the base addon, in the order of the report (addons insert theirs).
SECTIONS = [
    "period",
    "kpis",
    "pareto",
    "trend",
    "signals",
    "open",
    "cost",
    "satisfaction",
    "lessons",
]


@tagged("post_install", "-at_install")
class TestManagementReview(ComplaintCase):
    """A period with three complaints (one late, one on time, one closed) and a lesson
    learned, reviewed by the quality manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["quality.complaint.management.review"]
        today = fields.Date.context_today(cls.env.user)
        cls.date_from = today - relativedelta(months=2, day=1)
        cls.date_to = today
        cls.late = cls._complaint("Burnt drivers")
        acknowledge = cls.late.deadline_ids.filtered(lambda d: d.kind == "acknowledge")
        acknowledge.write(
            {"date_deadline": fields.Datetime.now() - timedelta(days=3), "date_done": False}
        )
        cls.on_time = cls._complaint("Scratched housings")
        cls.closed = cls._complaint("Wrong label")
        cls.lesson = cls.env["quality.complaint.lesson"].create(
            {
                "name": "包装破损 Check the labels",
                "complaint_id": cls.closed.id,
                "problem": "Wrong label",
                "lesson": "Scan the label against the order before packing.",
            }
        )

    @classmethod
    def _complaint(cls, subject):
        Complaint = cls.env["quality.complaint"]
        defaults = Complaint._prepare_default_vals(
            cls.contact, sale_orders=cls.order, pickings=cls.delivery, invoices=cls.invoice
        )
        return Complaint.create(
            {
                **defaults,
                "subject": subject,
                "user_id": cls.manager.id,
                "team_id": cls.env.ref("quality_complaint.quality_complaint_team_quality").id,
                "category_id": cls.env.ref(
                    "quality_complaint.quality_complaint_category_delivery"
                ).id,
            }
        )

    def setUp(self):
        super().setUp()
        self._close(self.closed)

    def _wizard(self, **vals):
        return (
            self.env["quality.complaint.review.wizard"]
            .with_user(self.manager)
            .create({"date_from": self.date_from, "date_to": self.date_to, **vals})
        )

    def _render(self, wizard, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.manager)
        pdf, kind = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            REPORT, wizard.ids
        )
        self.assertEqual(kind, "pdf")
        return " ".join(pdf_text(pdf).split())

    def _workbook(self, action):
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(self.manager).browse(attachment_id)
        self.assertTrue(attachment.name.endswith(".xlsx"))
        return openpyxl.load_workbook(io.BytesIO(attachment.raw))

    def _sheet_values(self, sheet):
        return [value for row in sheet.iter_rows(values_only=True) for value in row if value]

    def test_review_collects_dashboard_open_overdue_and_lessons(self):
        data = self.Review.with_user(self.manager)._review_data(self.date_from, self.date_to)
        self.assertEqual(data["kpis"]["count"], 3)
        self.assertEqual(data["kpis"]["open"], 2)
        self.assertEqual(data["open_count"], 2)
        self.assertEqual(data["overdue_count"], 1)
        [overdue] = data["overdue"]
        self.assertEqual(overdue["name"], self.late.name)
        self.assertEqual(overdue["customer"], self.customer.display_name)
        self.assertEqual(overdue["subject"], "Burnt drivers")
        self.assertEqual(overdue["responsible"], self.manager.name)
        self.assertEqual(overdue["days_late"], 3)
        self.assertEqual(data["lesson_count"], 1)
        self.assertEqual(data["lessons"][0]["name"], self.lesson.name)
        self.assertEqual(data["lessons"][0]["complaint"], self.closed.name)
        keys = [section["key"] for section in data["sections"]]
        self.assertEqual([key for key in keys if key in SECTIONS], SECTIONS)
        sections = {section["key"]: section for section in data["sections"]}
        kpis = {row[0]: row[1] for row in sections["kpis"]["rows"]}
        self.assertEqual(kpis["Complaints received"], 3)
        self.assertEqual(
            [row[:2] for row in sections["trend"]["rows"]][-1],
            [fields.Date.to_string(self.date_to)[:7], 3],
        )
        self.assertEqual(sections["open"]["rows"][0][0], self.late.name)
        self.assertEqual(sections["lessons"]["rows"][0][1], self.lesson.name)
        self.assertEqual(len(sections["trend"]["rows"]), 3)

    def test_review_filters_by_team_and_category(self):
        other = self.env["quality.complaint.category"].create({"name": "Review other"})
        data = self.Review.with_user(self.manager)._review_data(
            self.date_from, self.date_to, category_id=other.id
        )
        self.assertEqual(data["kpis"]["count"], 0)
        self.assertEqual((data["open_count"], data["overdue_count"]), (0, 0))
        self.assertEqual(data["lesson_count"], 0)
        data = self.Review.with_user(self.manager)._review_data(
            self.date_from, self.date_to, team_id=self.late.team_id.id
        )
        self.assertEqual(data["overdue_count"], 1)

    def test_review_shows_targets_and_cost_figures_when_the_dashboard_has_them(self):
        Dashboard = self.registry["quality.complaint.dashboard"]
        original = Dashboard.get_dashboard_data

        def with_targets(dashboard, *args, **kwargs):
            result = original(dashboard, *args, **kwargs)
            result["kpis"].update(
                cost=1000.0, cost_pending=100.0, cost_recovered=600.0, cost_net=400.0
            )
            result["targets"] = {
                "repeat_rate": {"value": 1.0, "kind": "max", "met": True},
                "on_time_acknowledgement_rate": {"value": 95.0, "kind": "min", "met": False},
            }
            return result

        with patch.object(Dashboard, "get_dashboard_data", with_targets):
            data = self.Review.with_user(self.manager)._review_data(self.date_from, self.date_to)
        sections = {section["key"]: section for section in data["sections"]}
        rows = {row[0]: row[1:] for row in sections["kpis"]["rows"]}
        self.assertEqual(rows["Repeat complaints (%)"][1:], ["≤ 1", True])
        self.assertEqual(rows["On-time acknowledgement (%)"][1:], ["≥ 95", False])
        self.assertEqual(rows["Complaints received"][1:], ["", None])
        self.assertNotIn("Recovered cost", rows)
        self.assertEqual(
            sections["cost"]["rows"],
            [
                ["Cost of complaints", 1000.0],
                ["Cost pending", 100.0],
                ["Recovered cost", 600.0],
                ["Net cost", 400.0],
            ],
        )

    def test_review_pdf_prints_kpis_and_overdue_complaints(self):
        text = self._render(self._wizard())
        for label in ("Complaint Management Review", "KPIs against targets", "Complaints received"):
            self.assertIn(label, text)
        self.assertIn(self.late.name, text)
        self.assertIn("Burnt drivers", text)
        self.assertIn("Lessons learned", text)
        self.assertNotIn(self.on_time.name, text)  # on time: not in the overdue list

    def test_review_pdf_renders_for_a_chinese_manager(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.manager.lang = "zh_CN"
        text = self._render(self._wizard())
        self.assertIn(self.late.name, text)
        self.assertIn("包装破损", text, "the Chinese text is not drawn")

    def test_review_xlsx_has_a_sheet_per_section_with_its_values(self):
        workbook = self._workbook(self._wizard().action_export_xlsx())
        names = workbook.sheetnames
        for title in (
            "Period and filters",
            "KPIs against targets",
            "Pareto",
            "Monthly trend",
            "Control-chart signals",
            "Open and overdue complaints",
            "Cost of complaints",
            "Satisfaction",
            "Lessons learned",
        ):
            self.assertIn(title, names)
        self.assertLess(names.index("KPIs against targets"), names.index("Lessons learned"))
        kpis = {
            row[0]: row[1] for row in workbook["KPIs against targets"].iter_rows(values_only=True)
        }
        self.assertEqual(kpis["Complaints received"], 3)
        overdue = self._sheet_values(workbook["Open and overdue complaints"])
        self.assertIn(self.late.name, overdue)
        self.assertIn("Burnt drivers", overdue)
        period = {
            row[0]: row[1] for row in workbook["Period and filters"].iter_rows(values_only=True)
        }
        self.assertEqual(period["From"].date(), self.date_from)
        self.assertIn(self.lesson.name, self._sheet_values(workbook["Lessons learned"]))

    def test_review_is_refused_to_sales_reps(self):
        with self.assertRaises(AccessError):
            self.Review.with_user(self.sales_rep)._review_data(self.date_from, self.date_to)
        with self.assertRaises(AccessError):
            self.env["quality.complaint.review.wizard"].with_user(self.sales_rep).create(
                {"date_from": self.date_from, "date_to": self.date_to}
            )
        wizard = self._wizard()
        with self.assertRaises(AccessError):
            self._render(wizard, user=self.sales_rep)
        menu = self.env.ref("quality_complaint.quality_complaint_menu_management_review")
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.sales_rep)._visible_menu_ids()
        )
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids())

    def test_review_through_the_api_with_explicit_values(self):
        Wizard = self.env["quality.complaint.review.wizard"].with_user(self.manager)
        wizard = Wizard.create(
            {
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
                "team_id": self.late.team_id.id,
                "category_id": self.late.category_id.id,
            }
        )
        action = wizard.action_print_pdf()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "quality_complaint.report_management_review")
        workbook = self._workbook(wizard.action_export_xlsx())
        period = self._sheet_values(workbook["Period and filters"])
        self.assertIn(self.late.team_id.display_name, period)
        self.assertIn(self.late.category_id.display_name, period)
        self.assertIn(self.late.name, self._sheet_values(workbook["Open and overdue complaints"]))

    @freeze_time("2026-05-15 10:00:00")
    def test_review_period_defaults_to_the_last_twelve_whole_months(self):
        wizard = self.env["quality.complaint.review.wizard"].with_user(self.manager).create({})
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2025, 5, 1), date(2026, 4, 30)))

    def test_review_period_must_start_before_it_ends(self):
        with self.assertRaises(ValidationError):
            self._wizard(date_from=self.date_to, date_to=self.date_from)
