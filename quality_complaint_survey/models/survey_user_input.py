# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

RATINGS = [
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    complaint_id = fields.Many2one(
        "quality.complaint", index="btree_not_null", readonly=True, ondelete="set null"
    )
    campaign_id = fields.Many2one(
        "quality.complaint.survey.campaign",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )
    complaint_rating = fields.Selection(
        RATINGS,
        string="Rating",
        compute="_compute_complaint_rating",
        store=True,
        help="Five-level rating from the score, in five equal bands around 100, 75, 50, 25 and "
        "0 %: very satisfied, satisfied, neutral, dissatisfied, very dissatisfied.",
    )

    @api.depends("scoring_percentage", "state")
    def _compute_complaint_rating(self):
        for answer in self:
            if answer.state != "done":
                answer.complaint_rating = False
                continue
            score = answer.scoring_percentage
            answer.complaint_rating = (
                "5"
                if score >= 87.5
                else "4"
                if score >= 62.5
                else "3"
                if score >= 37.5
                else "2"
                if score >= 12.5
                else "1"
            )

    def _mark_done(self):
        """A finished complaint survey rates the complaint and may re-open it."""
        res = super()._mark_done()
        for answer in self.filtered("complaint_id"):
            answer.complaint_id.sudo()._on_survey_answered(answer)
        return res
