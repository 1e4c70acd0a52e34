# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

MILESTONES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("investigating", "Investigating"),
    ("decided", "Responsibility decided"),
    ("action", "Action / remedy"),
    ("confirmation", "Customer confirmation"),
    ("closed", "Closed"),
    ("escalated", "Escalated"),
    ("external_review", "External review"),
    ("cancelled", "Cancelled"),
]


class QualityComplaintStage(models.Model):
    _name = "quality.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view (closed, cancelled).",
    )
    milestone = fields.Selection(
        MILESTONES,
        required=True,
        default="investigating",
        help="What reaching this stage means for the complaint: it stamps the "
        "acknowledgement and closure dates and drives the deadlines.",
    )
    is_closed = fields.Boolean(
        compute="_compute_is_closed",
        store=True,
        help="Complaints in this stage are finished (closed or cancelled).",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'quality.complaint')]",
        help="Sent to the customer, in the customer's language, when a complaint reaches this "
        "stage.",
    )
    team_ids = fields.Many2many(
        "quality.complaint.team",
        string="Teams",
        help="Teams that use this stage; leave empty for all teams.",
    )

    @api.depends("milestone")
    def _compute_is_closed(self):
        """Closed and cancelled complaints are out of the open work and its clock."""
        for stage in self:
            stage.is_closed = stage.milestone in ("closed", "cancelled")
