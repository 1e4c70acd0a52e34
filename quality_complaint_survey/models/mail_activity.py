# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Completing a callback activity counts for the callback rate."""
        callback_type = self.env.ref(
            "quality_complaint_survey.mail_activity_type_callback", raise_if_not_found=False
        )
        callbacks = self.filtered(
            lambda a: a.activity_type_id == callback_type and a.res_model == "quality.complaint"
        )
        complaint_ids = callbacks.mapped("res_id")
        res = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if complaint_ids:
            self.env["quality.complaint"].browse(complaint_ids).sudo().write(
                {"callback_done": True, "callback_date": fields.Datetime.now()}
            )
        return res
