# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .survey_user_input import RATINGS


class QualityComplaint(models.Model):
    _inherit = "quality.complaint"

    survey_input_ids = fields.One2many(
        "survey.user_input",
        "complaint_id",
        string="Satisfaction Answers",
        readonly=True,
        groups="survey.group_survey_user",
    )
    survey_answer_count = fields.Integer(compute="_compute_survey_answer_count", compute_sudo=True)
    rating = fields.Selection(
        RATINGS,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="From the customer's latest satisfaction survey answer.",
    )
    callback_done = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="The customer was called back after closure, or answered the survey.",
    )
    callback_date = fields.Datetime(readonly=True, copy=False)

    # The dashboard's callback rate counts complaints by closing date: a narrow covering
    # index answers it with an index-only scan.
    _callback_idx = models.Index(
        "(date_closed) INCLUDE (active, is_closed, milestone, callback_done, company_id, "
        "team_id, category_id) WHERE date_closed IS NOT NULL"
    )
    reprocess_count = fields.Integer(
        string="Re-processed",
        readonly=True,
        copy=False,
        help="How many times a dissatisfied customer re-opened the complaint.",
    )

    def _compute_survey_answer_count(self):
        counts = dict(
            self.env["survey.user_input"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.survey_answer_count = counts.get(complaint, 0)

    def write(self, vals):
        closing = self.browse()
        if "stage_id" in vals:
            stage = self.env["quality.complaint.stage"].browse(vals["stage_id"])
            if stage.milestone == "closed":
                closing = self.filtered(lambda c: c.milestone != "closed")
        res = super().write(vals)
        if closing:
            closing._after_closure()
        return res

    def _after_closure(self):
        """On closure: the satisfaction survey (where the category asks for one) and the
        callback activity."""
        callback_type = self.env.ref("quality_complaint_survey.mail_activity_type_callback")
        for complaint in self:
            survey = complaint.category_id.survey_id
            if survey and complaint.partner_id.email:
                complaint._send_satisfaction_survey(survey)
            user = complaint.user_id or complaint.team_id.user_id or self.env.user
            complaint.sudo().activity_schedule(
                activity_type_id=callback_type.id,
                user_id=user.id,
                summary=self.env._("Call %s back about the resolution", complaint.partner_id.name),
            )
            complaint.sudo().write({"callback_done": False, "callback_date": False})

    def _send_satisfaction_survey(self, survey):
        """A personal survey link for the complaint contact, linked to the complaint."""
        self.ensure_one()
        answer = survey.sudo()._create_answer(
            partner=self.partner_id, check_attempts=False, complaint_id=self.id
        )
        template = self.env.ref("quality_complaint_survey.mail_template_complaint_survey")
        template.sudo().send_mail(answer.id, email_layout_xmlid="mail.mail_notification_light")
        self.message_post(
            body=self.env._("Satisfaction survey sent to %s.", self.partner_id.name),
            subtype_xmlid="mail.mt_note",
        )
        return answer

    def _on_survey_answered(self, answer):
        """Rate the complaint; a dissatisfied answer re-opens it for re-processing."""
        self.ensure_one()
        self.write(
            {
                "rating": answer.complaint_rating,
                "callback_done": True,
                "callback_date": fields.Datetime.now(),
            }
        )
        self.activity_unlink(["quality_complaint_survey.mail_activity_type_callback"])
        threshold = self.company_id.complaint_reopen_rating
        if answer.complaint_rating and int(answer.complaint_rating) <= threshold:
            self._reopen_for_reprocessing(answer)

    def _reopen_for_reprocessing(self, answer):
        stage = self.env.ref("quality_complaint_survey.quality_complaint_stage_reprocessing")
        # The customer is dissatisfied after all: its earlier acceptance no longer holds, and
        # the re-processed resolution goes to it for confirmation again.
        self.write(
            {
                "stage_id": stage.id,
                "reprocess_count": self.reprocess_count + 1,
                "customer_confirmation": False,
            }
        )
        user = self.user_id or self.team_id.user_id
        if user:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._("Customer dissatisfied: handle %s again", self.name),
            )
        manager = self.team_id.user_id
        self.message_post(
            body=self.env._(
                "The customer rated the resolution '%(rating)s': the complaint is re-opened "
                "for re-processing.",
                rating=dict(self._fields["rating"]._description_selection(self.env))[
                    answer.complaint_rating
                ],
            ),
            partner_ids=manager.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

    @api.readonly
    def action_view_survey_answers(self):
        """The customer's satisfaction answers for this complaint."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Satisfaction Answers"),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "domain": [("complaint_id", "=", self.id)],
        }
