# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class QualityComplaintSurveyCampaignSuggestion(models.Model):
    """The free-text answers (suggestions) of the returned questionnaires of a campaign, for
    those who read the campaign without rights on the survey answers themselves."""

    _name = "quality.complaint.survey.campaign.suggestion"
    _description = "Satisfaction Campaign Suggestion"
    _auto = False
    _order = "campaign_id, date desc, id"
    _rec_name = "partner_id"

    campaign_id = fields.Many2one("quality.complaint.survey.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    date = fields.Datetime(string="Answered on", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    suggestion = fields.Text(readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id,
                   ui.campaign_id,
                   campaign.company_id,
                   ui.partner_id,
                   ui.end_datetime AS date,
                   line.question_id,
                   COALESCE(line.value_text_box, line.value_char_box) AS suggestion
              FROM survey_user_input_line line
              JOIN survey_user_input ui ON ui.id = line.user_input_id
              JOIN quality_complaint_survey_campaign campaign ON campaign.id = ui.campaign_id
             WHERE ui.state = 'done'
               AND line.answer_type IN ('text_box', 'char_box')
               AND NOT COALESCE(line.skipped, FALSE)
               AND COALESCE(line.value_text_box, line.value_char_box, '') != ''
            """
        )
