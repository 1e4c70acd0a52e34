# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class QualityComplaintReviewWizard(models.TransientModel):
    """Choose the period (and optionally a team and a category) of a management review,
    then print it as a PDF or export it as a spreadsheet. The period defaults to the last
    twelve whole months: enough months for the trend and the control chart's run rules (7
    points in a row), and the yearly review ISO 9001 section 9.3 plans at the least."""

    _name = "quality.complaint.review.wizard"
    _description = "Complaint Management Review Wizard"

    def _default_date_to(self):
        return fields.Date.context_today(self) + relativedelta(day=1, days=-1)

    def _default_date_from(self):
        return self._default_date_to() + relativedelta(months=-11, day=1)

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    team_id = fields.Many2one("quality.complaint.team", help="All teams when empty.")
    category_id = fields.Many2one("quality.complaint.category", help="All categories when empty.")

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The review period must start before it ends."))

    def action_print_pdf(self):
        """The management review PDF of the period, in the user's language."""
        self.ensure_one()
        self.env["quality.complaint.management.review"]._ensure_manager()
        return self.env.ref("quality_complaint.action_report_management_review").report_action(self)

    def action_export_xlsx(self):
        """The management review as a spreadsheet, attached to the wizard (removed with it)
        and downloaded by the browser."""
        self.ensure_one()
        Review = self.env["quality.complaint.management.review"]
        content = Review._review_xlsx(self._review_data())
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Management review %(date_from)s - %(date_to)s.xlsx",
                    date_from=self.date_from,
                    date_to=self.date_to,
                ),
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def _review_data(self):
        """The review data of the wizard's period and filters, in the user's language."""
        self.ensure_one()
        Review = self.env["quality.complaint.management.review"].with_context(
            lang=self.env.user.lang
        )
        return Review._review_data(
            self.date_from, self.date_to, self.team_id.id, self.category_id.id
        )
