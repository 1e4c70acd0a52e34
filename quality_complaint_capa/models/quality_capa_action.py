# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class QualityCapaAction(models.Model):
    """Corrective and preventive actions, with the check that they worked."""

    _name = "quality.capa.action"
    _description = "Corrective / Preventive Action"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_deadline, id"
    _check_company_auto = True

    name = fields.Char(string="Action", required=True, tracking=True)
    report_id = fields.Many2one(
        "quality.8d.report", string="8D Report", index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    action_type = fields.Selection(
        [
            ("containment", "Containment"),
            ("correction", "Correction"),
            ("corrective", "Corrective"),
            ("preventive", "Preventive"),
            ("improvement", "Improvement"),
        ],
        string="Type",
        required=True,
        default="corrective",
        tracking=True,
    )
    cause_id = fields.Many2one(
        "quality.8d.cause", string="Root Cause", domain="[('report_id', '=', report_id)]"
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", tracking=True, domain="[('share', '=', False)]"
    )
    date_deadline = fields.Date(string="Due Date", tracking=True)
    state = fields.Selection(
        [
            ("todo", "To do"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="todo",
        required=True,
        tracking=True,
    )
    date_done = fields.Date(readonly=True)
    evidence_attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    description = fields.Html()
    # Effectiveness check
    effectiveness = fields.Selection(
        [("pending", "Not checked"), ("effective", "Effective"), ("ineffective", "Not effective")],
        default="pending",
        required=True,
        tracking=True,
    )
    effectiveness_date = fields.Date(string="Checked on", readonly=True)
    verifier_id = fields.Many2one("res.users", string="Verified by", readonly=True)
    effectiveness_comment = fields.Text(string="Verification Comment")

    def action_done(self):
        """The owner reports the action implemented."""
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})
        return True

    def action_check_effectiveness(self, result, comment=None):
        """Record the effectiveness check; an ineffective corrective action sends its 8D
        back to root cause analysis."""
        if result not in ("effective", "ineffective"):
            raise UserError(self.env._("The result of a check is effective or not effective."))
        for action in self:
            if action.state != "done":
                raise UserError(
                    self.env._(
                        "Action %s must be done before its effectiveness is checked.", action.name
                    )
                )
            action.write(
                {
                    "effectiveness": result,
                    "effectiveness_date": fields.Date.context_today(self),
                    "verifier_id": self.env.uid,
                    "effectiveness_comment": comment,
                }
            )
            if result == "ineffective":
                action.write({"state": "todo"})
                action.report_id._back_to_root_cause(action)
        return True

    def action_mark_effective(self):
        """Button: the action did remove the cause."""
        return self.action_check_effectiveness("effective", self.effectiveness_comment)

    def action_mark_ineffective(self):
        """Button: the problem came back; back to the root cause."""
        return self.action_check_effectiveness("ineffective", self.effectiveness_comment)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("report_id") and not vals.get("company_id"):
                vals["company_id"] = (
                    self.env["quality.8d.report"].browse(vals["report_id"]).company_id.id
                )
        return super().create(vals_list)
