# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast

from odoo import fields, models
from odoo.addons.mail.tools.alias_error import AliasError
from odoo.tools import email_normalize


class QualityComplaintTeam(models.Model):
    _name = "quality.complaint.team"
    _description = "Complaint Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Manager",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Notified of escalations and late complaints of the team.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "quality_complaint_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
    )
    complaint_ids = fields.One2many("quality.complaint", "team_id", string="Complaints")

    def _alias_get_creation_values(self):
        """E-mails to the team's alias become complaints of the team."""
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("quality.complaint").id
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            defaults.setdefault("channel", "email")
        return values

    def _alias_get_error(self, message, message_dict, alias):
        """A complaint needs a customer to answer: a mail to the team's alias without a
        usable sender address is refused by the gateway (bounced; the alias stays valid)
        rather than failing to create the complaint, which would flag the alias as
        misconfigured."""
        if not email_normalize(message_dict.get("email_from") or ""):
            return AliasError(
                "error_complaint_no_sender",
                self.env._("a complaint needs the sender's e-mail address"),
            )
        return super()._alias_get_error(message, message_dict, alias)
