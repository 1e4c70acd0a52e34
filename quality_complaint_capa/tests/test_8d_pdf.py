# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.quality_complaint.tests.common import ComplaintCase, pdf_fonts, pdf_text
from odoo.tests import tagged

LABELS = {"zh_CN": "报告", "zh_TW": "報告"}


@tagged("post_install", "-at_install")
class Test8dChinesePdf(ComplaintCase):
    """The 8D report sent to a Chinese customer prints its Chinese labels (CJK font on the
    server)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LABELS:
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["quality_complaint_capa"], list(LABELS))

    def test_8d_pdf_prints_chinese_labels_for_chinese_customers(self):
        complaint = self._new_complaint(
            user=self.env.user, responsibility="company", responsible_department="production"
        )
        action = complaint.action_start_8d()
        report = self.env["quality.8d.report"].browse(action["res_id"])
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        for code, label in LABELS.items():
            with self.subTest(lang=code):
                complaint.partner_id.lang = code
                report.partner_id.lang = code
                pdf, _kind = Report._render_qweb_pdf(
                    "quality_complaint_capa.action_report_8d", report.ids
                )
                self.assertIn(report.name, pdf_text(pdf))
                self.assertIn(label, pdf_text(pdf), "the Chinese labels are not drawn")
                self.assertTrue(any("CJK" in name for name in pdf_fonts(pdf)))
