# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class QualityComplaintSurveyCampaignItem(models.Model):
    """Answers per item of the returned questionnaires of a campaign, by satisfaction level:
    the per-item table of the campaign (CNAS yearly satisfaction), readable by those who read
    the campaign without rights on the survey answers themselves."""

    _name = "quality.complaint.survey.campaign.item"
    _description = "Satisfaction Campaign Item"
    _auto = False
    _order = "campaign_id, sequence, question_id"
    _rec_name = "question_id"

    campaign_id = fields.Many2one("quality.complaint.survey.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    question_id = fields.Many2one("survey.question", string="Item", readonly=True)
    sequence = fields.Integer(readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied", readonly=True)
    basic_count = fields.Integer(string="Basically Satisfied", readonly=True)
    dissatisfied_count = fields.Integer(string="Dissatisfied", readonly=True)
    satisfaction_rate = fields.Float(
        string="Satisfaction Rate (%)", compute="_compute_satisfaction_rate"
    )

    @property
    def _table_query(self):
        # One row per campaign and item; MIN(line.id) is unique as each line is in one row.
        return SQL(
            """
            SELECT MIN(line.id) AS id,
                   ui.campaign_id,
                   campaign.company_id,
                   line.question_id,
                   question.sequence,
                   COUNT(*) AS answer_count,
                   COUNT(*) FILTER (WHERE answer.complaint_level = 'satisfied') AS satisfied_count,
                   COUNT(*) FILTER (WHERE answer.complaint_level = 'basic') AS basic_count,
                   COUNT(*) FILTER (WHERE answer.complaint_level = 'dissatisfied')
                       AS dissatisfied_count
              FROM survey_user_input_line line
              JOIN survey_user_input ui ON ui.id = line.user_input_id
              JOIN quality_complaint_survey_campaign campaign ON campaign.id = ui.campaign_id
              JOIN survey_question_answer answer ON answer.id = line.suggested_answer_id
              JOIN survey_question question ON question.id = line.question_id
             WHERE ui.state = 'done' AND answer.complaint_level IS NOT NULL
          GROUP BY ui.campaign_id, campaign.company_id, line.question_id, question.sequence
            """
        )

    @api.depends(
        "answer_count",
        "satisfied_count",
        "basic_count",
        "company_id.complaint_basic_counts_satisfied",
    )
    def _compute_satisfaction_rate(self):
        """Same rule as the campaign's overall rate, item by item."""
        for item in self:
            item.satisfaction_rate = item.campaign_id._satisfaction_rate(
                item.satisfied_count, item.basic_count, item.answer_count
            )
