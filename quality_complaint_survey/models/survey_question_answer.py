# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

COMPLAINT_LEVELS = [
    ("satisfied", "Satisfied"),
    ("basic", "Basically satisfied"),
    ("dissatisfied", "Dissatisfied"),
]

# The answers of the shipped questionnaire end in _a1, _a2, _a3 (see survey_data.xml).
SHIPPED_LEVELS = {"_a1": "satisfied", "_a2": "basic", "_a3": "dissatisfied"}


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    complaint_level = fields.Selection(
        COMPLAINT_LEVELS,
        string="Satisfaction Level",
        help="Level this answer counts as in the satisfaction rate of a campaign; answers "
        "without a level (the five-level post-closure survey, free questions) are not counted.",
    )

    @api.model
    def _complaint_fill_shipped_levels(self):
        """Set the level of the shipped questionnaire's answers that have none.

        The questionnaire is noupdate data, so a database that had it before levels existed
        keeps its answers unchanged on upgrade; this fills them from their XML ids. A level
        already set (by the data or by a user) is kept."""
        xmlids = (
            self.env["ir.model.data"]
            .sudo()
            .search_fetch(
                [
                    ("module", "=", "quality_complaint_survey"),
                    ("model", "=", self._name),
                    ("name", "=like", "survey_periodic_q_%"),
                ],
                ["name", "res_id"],
            )
        )
        answers = self.sudo().browse(xmlids.mapped("res_id")).exists()
        level_of = {xmlid.res_id: SHIPPED_LEVELS.get(xmlid.name[-3:]) for xmlid in xmlids}
        for level in SHIPPED_LEVELS.values():
            answers.filtered(
                lambda a, lv=level: not a.complaint_level and level_of[a.id] == lv
            ).complaint_level = level
