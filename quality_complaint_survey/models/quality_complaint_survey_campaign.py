# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class QualityComplaintSurveyCampaign(models.Model):
    """Periodic customer-satisfaction campaign (e.g. yearly), with the shipped questionnaire."""

    _name = "quality.complaint.survey.campaign"
    _description = "Customer Satisfaction Campaign"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date = fields.Date(default=fields.Date.context_today, required=True)
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        default=lambda self: self.env.ref(
            "quality_complaint_survey.survey_periodic_satisfaction", raise_if_not_found=False
        ),
    )
    partner_ids = fields.Many2many("res.partner", string="Customers")
    answer_ids = fields.One2many(
        "survey.user_input", "campaign_id", string="Answers", readonly=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("sent", "Sent")], default="draft", required=True, tracking=True
    )
    sent_count = fields.Integer(compute="_compute_counts")
    answered_count = fields.Integer(compute="_compute_counts")
    response_rate = fields.Float(compute="_compute_counts", string="Response Rate (%)")
    item_answer_count = fields.Integer(
        string="Item Answers",
        compute="_compute_satisfaction",
        help="Answers to the rated items of the returned questionnaires.",
    )
    satisfied_count = fields.Integer(string="Satisfied", compute="_compute_satisfaction")
    basic_count = fields.Integer(string="Basically Satisfied", compute="_compute_satisfaction")
    dissatisfied_count = fields.Integer(string="Dissatisfied", compute="_compute_satisfaction")
    satisfaction_rate = fields.Float(
        string="Satisfaction Rate (%)",
        compute="_compute_satisfaction",
        help="(Satisfied + basically satisfied) / all item answers of the returned "
        "questionnaires; 'basically satisfied' counts only if the company setting says so.",
    )
    item_ids = fields.One2many(
        "quality.complaint.survey.campaign.item", "campaign_id", string="Items", readonly=True
    )
    suggestion_ids = fields.One2many(
        "quality.complaint.survey.campaign.suggestion",
        "campaign_id",
        string="Suggestions",
        readonly=True,
    )

    @api.depends("answer_ids.state")
    def _compute_counts(self):
        data = {
            (campaign.id, state): count
            for campaign, state, count in self.env["survey.user_input"]
            .sudo()
            ._read_group([("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"])
        }
        for campaign in self:
            sent = sum(c for (cid, _s), c in data.items() if cid == campaign.id)
            answered = data.get((campaign.id, "done"), 0)
            campaign.sent_count = sent
            campaign.answered_count = answered
            campaign.response_rate = round(100.0 * answered / sent, 1) if sent else 0.0

    @api.depends(
        "answer_ids.state",
        "answer_ids.user_input_line_ids.suggested_answer_id",
        "company_id.complaint_basic_counts_satisfied",
    )
    def _compute_satisfaction(self):
        """The CNAS yearly satisfaction rate of the campaign, from the levels of the answers
        (not their wording, which users translate and edit)."""
        counts = self._satisfaction_counts()
        for campaign in self:
            levels = counts[campaign._origin.id]
            campaign.item_answer_count = levels.total()
            campaign.satisfied_count = levels["satisfied"]
            campaign.basic_count = levels["basic"]
            campaign.dissatisfied_count = levels["dissatisfied"]
            campaign.satisfaction_rate = campaign._satisfaction_rate(
                levels["satisfied"], levels["basic"], levels.total()
            )

    def action_add_key_accounts(self):
        """Add every key account of the company."""
        for campaign in self:
            partners = self.env["res.partner"].search(
                [("is_key_account", "=", True), ("is_company", "=", True)]
            )
            campaign.partner_ids = [Command.link(p.id) for p in partners]
        return True

    def action_add_complainants(self, date_from=None):
        """Add the customers who complained in the last year (or since ``date_from``)."""
        for campaign in self:
            since = date_from or fields.Date.subtract(campaign.date, years=1)
            rows = self.env["quality.complaint"]._read_group(
                [("date_received", ">=", since), ("company_id", "=", campaign.company_id.id)],
                ["commercial_partner_id"],
            )
            campaign.partner_ids = [Command.link(partner.id) for (partner,) in rows]
        return True

    def action_send(self):
        """A personal link of the questionnaire to each customer's e-mail, once."""
        template = self.env.ref("quality_complaint_survey.mail_template_campaign_survey")
        for campaign in self:
            if not campaign.partner_ids:
                raise UserError(self.env._("Add the customers to survey first."))
            already = set(campaign.answer_ids.partner_id.ids)
            for partner in campaign.partner_ids.filtered(
                lambda p, done=already: p.email and p.id not in done
            ):
                answer = campaign.survey_id.sudo()._create_answer(
                    partner=partner, check_attempts=False, campaign_id=campaign.id
                )
                template.sudo().send_mail(
                    answer.id, email_layout_xmlid="mail.mail_notification_light"
                )
            campaign.state = "sent"
        return True

    def _satisfaction_counts(self):
        """{campaign id: Counter({level: item answers})} of the returned questionnaires of
        these campaigns, in one grouped query. The answers are read as superuser: whoever
        reads a campaign reads its figures, without rights on the survey answers."""
        rows = (
            self.env["survey.user_input.line"]
            .sudo()
            ._read_group(
                [
                    ("user_input_id.campaign_id", "in", self._origin.ids),
                    ("user_input_id.state", "=", "done"),
                    ("suggested_answer_id.complaint_level", "!=", False),
                ],
                ["user_input_id.campaign_id", "suggested_answer_id.complaint_level"],
                ["__count"],
            )
        )
        counts = defaultdict(Counter)
        for campaign, level, count in rows:
            counts[campaign.id][level] += count
        return counts

    def _satisfaction_rate(self, satisfied, basic, total):
        """``satisfied`` (plus ``basic`` when the company counts it) in % of ``total``, to one
        decimal; 0.0 when nothing was answered, which the views show as a dash."""
        self.ensure_one()
        if not total:
            return 0.0
        if self.company_id.complaint_basic_counts_satisfied:
            satisfied += basic
        return round(100.0 * satisfied / total, 1)
