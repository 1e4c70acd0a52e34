# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_key_account = fields.Boolean(
        string="Key Account",
        help="Key accounts' complaints get priority, a tighter response clock and are "
        "followed by their account manager.",
    )
    key_account_manager_id = fields.Many2one(
        "res.users", string="Account Manager", domain="[('share', '=', False)]"
    )

    def signup_prepare(self, signup_type="signup"):
        """Write only the customers whose token type changes.

        Every message of a portal document (a complaint, its order) sent to a customer
        without a user prepares the customer's sign-up token, which writes the customer's
        row even when nothing changes: with many complaints of one key account handled at
        once, that row becomes a hot spot where concurrent transactions must be retried.
        """
        changed = self.filtered(lambda partner: partner.sudo().signup_type != signup_type)
        return super(ResPartner, changed).signup_prepare(signup_type)

    complaint_profile_id = fields.Many2one(
        "quality.complaint.customer.profile",
        string="Complaint Requirements",
        index="btree_not_null",
        ondelete="restrict",
        help="The customer's own requirements for its complaints (deadlines, start of the "
        "clock, report format, contacts in copy), instead of the response policy's. Set on "
        "the company; its contacts follow it.",
    )

    @api.model
    def _commercial_fields(self):
        """The customer company's requirements apply to all its contacts."""
        return [*super()._commercial_fields(), "complaint_profile_id"]

    @api.model_create_multi
    def create(self, vals_list):
        """Only complaint managers give a new customer complaint requirements."""
        partners = super().create(vals_list)
        if any(p.complaint_profile_id for p in partners._own_commercial_entities()):
            self.env["quality.complaint.customer.profile"]._ensure_may_assign()
        return partners

    def write(self, vals):
        """A customer given other complaint requirements: only by complaint managers (its
        contacts follow through the commercial-field sync); its open complaints follow
        them from now on, the closed ones keep those they were handled under."""
        if "complaint_profile_id" not in vals:
            return super().write(vals)
        changed = self._own_commercial_entities().filtered(
            lambda p: p.complaint_profile_id.id != (vals["complaint_profile_id"] or False)
        )
        if changed:
            self.env["quality.complaint.customer.profile"]._ensure_may_assign()
        res = super().write(vals)
        if changed:
            self.env["quality.complaint"]._apply_customer_profiles(changed)
        return res

    def _own_commercial_entities(self):
        """The partners of ``self`` that are their own commercial entity (companies,
        individuals): those whose complaint requirements count."""
        return self.filtered(lambda p: p.commercial_partner_id == p)
