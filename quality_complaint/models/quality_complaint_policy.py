# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .quality_complaint import RECEPTION_STEPS, SEVERITIES

DEADLINE_KINDS = [
    ("acknowledge", "Acknowledge"),
    ("plan", "Action plan to customer"),
    ("verification", "Actions verified"),
    ("inspection", "Returned goods inspected"),
    ("closure", "Closure"),
]
CLOCKS = [("calendar", "Calendar hours"), ("working", "Working time")]
CLOCK_HELP = (
    "Calendar hours: a day is 24 hours, nights, weekends and holidays included (24x7). "
    "Working time: a day is one working day of the company's calendar, its weekends and "
    "public holidays skipped."
)


class QualityComplaintPolicy(models.Model):
    """Response clock of SPEC sections 1 and 7: how many days each step may take, and
    whether each step counts calendar hours (24x7) or the working time of the company's
    calendar.

    The most specific policy applies: key-account policies first for key accounts, then one
    matching the category and the severity, then the more general ones.
    """

    _name = "quality.complaint.policy"
    _description = "Complaint Response Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    category_id = fields.Many2one(
        "quality.complaint.category", help="Leave empty for every category."
    )
    severity = fields.Selection(SEVERITIES, help="Leave empty for every severity.")
    key_account = fields.Boolean(
        string="Key Accounts Only",
        help="Applies only to complaints of key accounts, which get a tighter clock.",
    )
    acknowledge_days = fields.Float(
        string="Acknowledge within",
        default=1.0,
        help="Days to acknowledge the complaint and start containment; with calendar hours, "
        "1 day is 24 hours.",
    )
    acknowledge_clock = fields.Selection(
        CLOCKS, string="Acknowledge clock", required=True, default="calendar", help=CLOCK_HELP
    )
    plan_days = fields.Float(
        string="Action plan within",
        default=3.0,
        help="Days to analyse the root cause and send the action plan to the customer.",
    )
    plan_clock = fields.Selection(
        CLOCKS, string="Action plan clock", required=True, default="working", help=CLOCK_HELP
    )
    verification_days = fields.Float(
        string="Actions verified within",
        default=7.0,
        help="Days to implement, verify and standardise the actions.",
    )
    verification_clock = fields.Selection(
        CLOCKS, string="Verification clock", required=True, default="working", help=CLOCK_HELP
    )
    inspection_days = fields.Float(
        string="Returned goods inspected within",
        default=7.0,
        help="Days to inspect returned goods, counted from the reception of the return.",
    )
    inspection_clock = fields.Selection(
        CLOCKS, string="Inspection clock", required=True, default="working", help=CLOCK_HELP
    )
    closure_days = fields.Float(string="Close within", default=10.0, help="Days to close.")
    closure_clock = fields.Selection(
        CLOCKS, string="Closure clock", required=True, default="working", help=CLOCK_HELP
    )
    reminder_hours = fields.Float(
        string="Remind before",
        default=4.0,
        help="Hours before a deadline when the responsible person is reminded.",
    )

    @api.constrains(
        "acknowledge_days",
        "plan_days",
        "verification_days",
        "inspection_days",
        "closure_days",
        "reminder_hours",
    )
    def _check_days(self):
        for policy in self:
            days = [policy._days_for(kind) for kind in RECEPTION_STEPS]
            if min(days) <= 0 or policy.inspection_days <= 0 or policy.reminder_hours < 0:
                raise ValidationError(
                    self.env._(
                        "Policy %s: every delay must be a positive number of days.", policy.name
                    )
                )
            if days != sorted(days):
                raise ValidationError(
                    self.env._(
                        "Policy %s: the steps must follow each other: acknowledge, action plan, "
                        "verification, closure.",
                        policy.name,
                    )
                )

    def _days_for(self, kind):
        self.ensure_one()
        return self[f"{kind}_days"]

    def _clock_for(self, kind):
        """'calendar' or 'working': how the step ``kind`` counts its days."""
        self.ensure_one()
        return self[f"{kind}_clock"]

    @api.model
    def _policies_for(self, complaints):
        """The policy of each complaint, with one query for all policies."""
        # The policies with every field in the one query: their steps are read next.
        policies = self.search_fetch([], list(self._fields))
        result = {}
        for complaint in complaints:
            key_account = complaint.commercial_partner_id.is_key_account
            best, best_score = self.browse(), -1
            for policy in policies:
                if policy.company_id and policy.company_id != complaint.company_id:
                    continue
                if policy.category_id and policy.category_id != complaint.category_id:
                    continue
                if policy.severity and policy.severity != complaint.severity:
                    continue
                if policy.key_account and not key_account:
                    continue
                score = (
                    8 * policy.key_account
                    + 4 * bool(policy.category_id)
                    + 2 * bool(policy.severity)
                    + bool(policy.company_id)
                )
                if score > best_score:
                    best, best_score = policy, score
            result[complaint] = best
        return result
