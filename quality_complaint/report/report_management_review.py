# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportManagementReview(models.AbstractModel):
    """Renders the management review PDF of review wizards: the review's sections computed
    in the language of the user who prints it, as the template is."""

    _name = "report.quality_complaint.report_management_review"
    _description = "Management Review Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The review data of each wizard printed, and the cell formatter of the PDF."""
        Review = self.env["quality.complaint.management.review"].with_context(
            lang=self.env.user.lang
        )
        docs = self.env["quality.complaint.review.wizard"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "quality.complaint.review.wizard",
            "docs": docs,
            "reviews": {wizard.id: wizard._review_data() for wizard in docs},
            "format_cell": Review._format_cell,
        }
