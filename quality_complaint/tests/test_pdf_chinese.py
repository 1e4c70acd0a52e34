# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import ComplaintCase, pdf_fonts, pdf_text

# What the complaint PDF's title and table headers say in each language.
LABELS = {"zh_CN": "客诉", "zh_TW": "客訴"}


@tagged("post_install", "-at_install")
class TestChinesePdf(ComplaintCase):
    """The complaint PDF sent to a Chinese customer prints its Chinese labels: the server has
    a CJK font (setup installs Debian's fonts-noto-cjk); without one, wkhtmltopdf draws them
    blank and this test fails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LABELS:
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["quality_complaint"], list(LABELS))

    def test_complaint_pdf_prints_chinese_labels_for_chinese_customers(self):
        complaint = self._new_complaint(user=self.env.user)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        for code, label in LABELS.items():
            with self.subTest(lang=code):
                complaint.partner_id.lang = code
                pdf, kind = Report.with_context(lang=code)._render_qweb_pdf(
                    "quality_complaint.action_report_quality_complaint", complaint.ids
                )
                self.assertEqual(kind, "pdf")
                self.assertIn(complaint.name, pdf_text(pdf))
                self.assertIn(label, pdf_text(pdf), "the Chinese labels are not drawn")
                self.assertTrue(
                    any("CJK" in name for name in pdf_fonts(pdf)),
                    f"no CJK font embedded: {sorted(pdf_fonts(pdf))}",
                )
