# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .quality_complaint_policy import CLOCK_HELP, CLOCKS, DEADLINE_KINDS


class QualityComplaintCustomerProfileStep(models.Model):
    """One deadline a customer imposes: a step of the response clock (the same steps as
    the response policy's) or, with the CAPA addon, an 8D discipline; its delay and
    whether it counts calendar hours or working time."""

    _name = "quality.complaint.customer.profile.step"
    _description = "Customer-Specific Deadline"
    _order = "profile_id, sequence, id"
    _rec_name = "step"

    profile_id = fields.Many2one(
        "quality.complaint.customer.profile", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="profile_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    step = fields.Selection(DEADLINE_KINDS, required=True)
    days = fields.Float(
        string="Within (days)",
        required=True,
        default=1.0,
        help="Days the customer allows for the step; with calendar hours, 1 day is 24 hours "
        "(0.5 is 12 hours).",
    )
    clock = fields.Selection(CLOCKS, required=True, default="calendar", help=CLOCK_HELP)

    _profile_step_uniq = models.Constraint(
        "UNIQUE(profile_id, step)", "A customer profile sets each deadline once."
    )

    @api.constrains("days")
    def _check_days(self):
        for line in self:
            if line.days <= 0:
                raise ValidationError(
                    self.env._(
                        "Profile %(profile)s: give %(step)s a positive number of days.",
                        profile=line.profile_id.name,
                        step=line._step_label(),
                    )
                )

    def _step_label(self):
        self.ensure_one()
        return dict(self._fields["step"]._description_selection(self.env))[self.step]
