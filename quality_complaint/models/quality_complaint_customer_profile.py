# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

PROFILE_GROUP = "quality_complaint.quality_complaint_group_manager"


class QualityComplaintCustomerProfile(models.Model):
    """Customer-specific requirements (SPEC section 8), usually an OEM's: the steps whose
    delay or clock the customer imposes instead of the response policy's, whether the clock
    starts from the customer's own notification time, and who else receives the mails
    sent to the customer.

    A profile is set on the customer company (``res.partner.complaint_profile_id``, a
    commercial field its contacts follow); each complaint keeps the profile it was handled
    under (``quality.complaint.profile_id``)."""

    _name = "quality.complaint.customer.profile"
    _description = "Customer-Specific Complaint Requirements"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to use the profile in every company."
    )
    reference = fields.Char(
        string="Customer Document",
        help="The customer's requirement document this profile follows (for example its "
        "supplier quality manual and revision).",
    )
    step_ids = fields.One2many(
        "quality.complaint.customer.profile.step",
        "profile_id",
        string="Deadlines",
        copy=True,
        help="The deadlines the customer imposes; the steps not listed follow the complaint's "
        "response policy.",
    )
    start_from_customer_time = fields.Boolean(
        string="Clock Starts at Customer's Notification",
        help="The deadlines count from the time the customer says it notified us (its "
        "portal's, EDI's or e-mail's timestamp) instead of the time the complaint was "
        "registered. Without such a time, they count from the registration.",
    )
    cc_partner_ids = fields.Many2many(
        "res.partner",
        "quality_complaint_customer_profile_cc_rel",
        "profile_id",
        "partner_id",
        string="Contacts in Copy",
        help="They receive every mail sent to the customer about its complaints "
        "(acknowledgement, action plan, resolution, reports), for example the customer's "
        "supplier quality engineer or your own account manager.",
    )
    note = fields.Html(string="Requirements", help="Anything else the customer requires.")
    customer_count = fields.Integer(compute="_compute_customer_count")

    def _compute_customer_count(self):
        groups = (
            self.env["res.partner"]
            .with_context(active_test=False)
            ._read_group(
                [("complaint_profile_id", "in", self.ids), ("parent_id", "=", False)],
                ["complaint_profile_id"],
                ["__count"],
            )
        )
        counts = {profile.id: count for profile, count in groups}
        for profile in self:
            profile.customer_count = counts.get(profile.id, 0)

    def action_view_customers(self):
        """The customers whose complaints follow this profile."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customers"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("complaint_profile_id", "=", self.id), ("parent_id", "=", False)],
        }

    # ------------------------------------------------------------ business methods
    @api.model
    def _ensure_may_assign(self):
        """Only the complaint managers decide which requirements a customer's complaints
        follow, as they configure the response policies."""
        if not self.env.su and not self.env.user.has_group(PROFILE_GROUP):
            raise AccessError(
                self.env._(
                    "Only complaint managers may change the complaint requirements of a "
                    "customer: ask one of them."
                )
            )

    def _terms_for(self, step):
        """(days, clock) the profile imposes on ``step`` (a deadline kind, or an 8D
        discipline with the CAPA addon), or None where the profile leaves it to the
        response policy. An empty recordset imposes nothing."""
        line = self.step_ids.filtered(lambda s: s.step == step)[:1]
        return (line.days, line.clock) if line else None

    def _cc_partners_for(self, customers, partner_ids):
        """The contacts in copy to add to a message for ``partner_ids`` (ids): the profile's
        contacts when the message goes to one of ``customers`` (the customer company or its
        contact), nothing otherwise."""
        recipients = set(partner_ids or ())
        if not self or not recipients.intersection(customers.ids):
            return self.env["res.partner"]
        return self.cc_partner_ids.filtered(lambda p: p.id not in recipients)
