# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

BODIES = [
    ("arbitration", "Arbitration"),
    ("regulator", "Regulator"),
    ("certification_body", "Certification body"),
    ("court", "Court"),
    ("other", "Other"),
]
OUTCOMES = [
    ("upheld", "Upheld"),
    ("partly_upheld", "Partly upheld"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
]


class QualityComplaintExternalReview(models.Model):
    """A complaint referred to a neutral third party (arbitration, a regulator, the
    certification body, a court) when internal handling is blocked (SPEC §7). Recording one
    is the referral: the complaint moves to the External review stage and the customer is
    told the procedure. The complaint closes only once every review has its outcome."""

    _name = "quality.complaint.external.review"
    _description = "Complaint External Review"
    _inherit = ["mail.thread"]
    _order = "date_referred desc, id desc"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "quality.complaint",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, string="Company"
    )
    partner_id = fields.Many2one(related="complaint_id.commercial_partner_id", string="Customer")
    body = fields.Selection(
        BODIES,
        string="Reviewed by",
        required=True,
        tracking=True,
        help="The neutral third party the complaint is referred to.",
    )
    reviewer_id = fields.Many2one(
        "res.partner",
        string="Reviewing Body",
        help="The arbitration board, authority, certification body or court, if recorded.",
    )
    date_referred = fields.Date(
        string="Referred on", required=True, default=fields.Date.context_today, tracking=True
    )
    reference = fields.Char(tracking=True, help="The case number given by the reviewing body.")
    outcome = fields.Selection(OUTCOMES, tracking=True, copy=False)
    outcome_note = fields.Text(string="Decision", copy=False)
    date_decided = fields.Date(string="Decided on", tracking=True, copy=False)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "quality_complaint_external_review_attachment_rel",
        "review_id",
        "attachment_id",
        string="Documents",
        help="The referral, the submissions and the decision.",
    )

    @api.depends("body", "reference", "complaint_id.name")
    def _compute_display_name(self):
        """The body's name (in the reader's language) and its case number, e.g. in the
        template telling the customer the procedure."""
        labels = dict(self._fields["body"]._description_selection(self.env))
        for review in self:
            review.display_name = (
                " ".join(part for part in (labels.get(review.body), review.reference) if part)
                or review.complaint_id.name
            )

    @api.constrains("outcome", "date_decided", "date_referred")
    def _check_decision(self):
        for review in self:
            if review.date_decided and not review.outcome:
                raise ValidationError(
                    self.env._("Record the outcome of the external review with its decision date.")
                )
            if review.date_decided and review.date_decided < review.date_referred:
                raise ValidationError(
                    self.env._("An external review is decided on or after the day it was referred.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        """A new review is a referral: the complaint moves to External review and the
        customer receives the procedure."""
        reviews = super().create(vals_list)
        reviews.complaint_id._on_external_review()
        return reviews

    def write(self, vals):
        """An outcome without a date is decided today; the complaint's chatter keeps it."""
        if vals.get("outcome") and not vals.get("date_decided"):
            vals = {**vals, "date_decided": fields.Date.context_today(self)}
        if "outcome" in vals and not vals["outcome"]:
            vals = {**vals, "date_decided": False}
        deciding = self.filtered(lambda r: not r.outcome) if vals.get("outcome") else self.browse()
        res = super().write(vals)
        for review in deciding:
            review.complaint_id.message_post(
                body=self.env._(
                    "External review %(review)s decided: %(outcome)s.",
                    review=review.display_name,
                    outcome=review._outcome_label(),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return res

    def action_record_outcome(self, outcome, note=None, date_decided=None):
        """Record the decision of the reviewing body; the complaint may then close.

        :param outcome: one of upheld, partly_upheld, rejected, withdrawn
        :param date_decided: the decision's date (default today)"""
        if outcome not in dict(OUTCOMES):
            raise UserError(self.env._("Choose the outcome among: %s.", ", ".join(dict(OUTCOMES))))
        if any(review.outcome for review in self):
            raise UserError(self.env._("The outcome of this external review is already recorded."))
        vals = {"outcome": outcome, "date_decided": date_decided or fields.Date.context_today(self)}
        if note:
            vals["outcome_note"] = note
        self.write(vals)
        return True

    def _outcome_label(self):
        return dict(self._fields["outcome"]._description_selection(self.env)).get(self.outcome)
