# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from ..tools import lock_rows


def notify_finance_approvers(record, summary):
    """A to-do activity on ``record`` for (up to five of) its company's finance approvers."""
    group = record.env.ref("quality_complaint.quality_complaint_group_finance")
    approvers = group.sudo().all_user_ids.filtered(
        lambda u: not u.share and record.company_id in u.company_ids
    )
    for user in approvers[:5]:
        record.sudo().activity_schedule(
            "mail.mail_activity_data_todo", user_id=user.id, summary=summary
        )


class QualityComplaintCompensation(models.Model):
    _name = "quality.complaint.compensation"
    _description = "Complaint Compensation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, ondelete="restrict", index=True, check_company=True
    )
    name = fields.Char(related="complaint_id.name", string="Complaint Reference")
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="complaint_id.commercial_partner_id", store=True)
    amount = fields.Monetary(required=True, tracking=True, currency_field="currency_id")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    reason = fields.Text(required=True)
    state = fields.Selection(
        [
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        required=True,
        default="to_approve",
        tracking=True,
        readonly=True,
        copy=False,
    )
    needs_approval = fields.Boolean(readonly=True)
    approver_id = fields.Many2one("res.users", readonly=True, copy=False)
    approval_date = fields.Datetime(readonly=True, copy=False)
    refuse_reason = fields.Text(readonly=True, copy=False)
    move_id = fields.Many2one("account.move", string="Credit Note", readonly=True, copy=False)
    override_reason = fields.Text(
        tracking=True,
        copy=False,
        help="Why a complaint manager grants compensation that the kind of complaint refuses "
        "(an appeal, or a non-quality complaint the customer is responsible for).",
    )
    override_user_id = fields.Many2one("res.users", string="Override by", readonly=True, copy=False)

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "The compensation amount must be positive."
    )

    @api.model_create_multi
    def create(self, vals_list):
        """The kind of complaint decides: an appeal gets no compensation and a non-quality
        complaint none either, unless a complaint manager overrides with a reason; a claim's
        compensation always waits for a finance approver; others wait above the company's
        approval amount and are credited at once below it."""
        for vals in vals_list:
            vals["override_reason"] = (vals.get("override_reason") or "").strip() or False
            if vals["override_reason"]:
                self.env["quality.complaint"]._ensure_may_override()
                vals["override_user_id"] = self.env.uid
        records = super().create(vals_list)
        for record in records:
            complaint = record.complaint_id
            complaint._check_remedy_allowed(record.override_reason)
            record._ensure_compensation_owed()
            company = record.company_id
            amount = record.currency_id._convert(
                record.amount, company.currency_id, company, fields.Date.context_today(record)
            )
            needs_approval = (
                complaint.kind == "claim"
                or company.currency_id.compare_amounts(amount, company.complaint_approval_amount)
                > 0
            )
            record.sudo().needs_approval = needs_approval
            if record.override_reason and complaint.kind != "claim":
                complaint._log_override(record, record.override_reason)
            if needs_approval:
                record._notify_approvers()
            else:
                record._approve()
        return records

    def write(self, vals):
        """The override reason is a complaint manager's, recorded once at creation."""
        if "override_reason" in vals or "override_user_id" in vals:
            raise UserError(
                self.env._(
                    "The override reason of a compensation is given when it is requested, by a "
                    "complaint manager."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_credit_note(self):
        if self.filtered("move_id"):
            raise UserError(self.env._("A compensation with a credit note cannot be deleted."))

    def action_approve(self):
        """Finance approves: the credit note is created."""
        self._check_approver()
        for record in self:
            record._lock()
            record._ensure_to_approve()
            record._approve()
        return True

    def action_refuse(self, reason=None):
        """Finance refuses: nothing is credited."""
        self._check_approver()
        for record in self:
            record._lock()
            record._ensure_to_approve()
            record.sudo().write({"state": "refused", "refuse_reason": reason})
            record.complaint_id.message_post(
                body=self.env._(
                    "Compensation of %(amount)s refused: %(reason)s",
                    amount=record.currency_id.format(record.amount),
                    reason=reason or "",
                )
            )
        return True

    def _ensure_to_approve(self):
        """Approving or refusing applies to a compensation still waiting for approval."""
        self.ensure_one()
        if self.state != "to_approve":
            raise UserError(
                self.env._("Compensation for %s is not waiting for approval.", self.name)
            )

    def _ensure_compensation_owed(self):
        """An appeal asks for rework, replacement or return: no compensation is owed unless
        a complaint manager overrides with a reason."""
        self.ensure_one()
        if self.complaint_id.kind == "appeal" and not self.override_reason:
            raise UserError(
                self.env._(
                    "Complaint %s is an appeal: no compensation is owed. Change its kind to "
                    "claim if the customer claims its losses, or have a complaint manager grant "
                    "it anyway with a reason.",
                    self.name,
                )
            )

    def _ensure_not_credited(self):
        """A compensation is credited once."""
        self.ensure_one()
        if self.move_id:
            raise UserError(self.env._("Compensation for %s was already credited.", self.name))

    def _check_approver(self):
        if not self.env.user.has_group("quality_complaint.quality_complaint_group_finance"):
            raise AccessError(
                self.env._("Only a complaint finance approver can approve or refuse compensation.")
            )

    def _lock(self):
        lock_rows(self)
        self.invalidate_recordset()

    def _notify_approvers(self):
        notify_finance_approvers(self, self.env._("Approve compensation for %s", self.name))

    def _approve(self):
        self.ensure_one()
        self._ensure_not_credited()
        move = self.env["account.move"].sudo().create(self._prepare_credit_note_vals())
        self.sudo().write(
            {
                "state": "approved",
                "move_id": move.id,
                "approver_id": self.env.uid,
                "approval_date": fields.Datetime.now(),
            }
        )
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        self.complaint_id._post_credit_note_if_configured(move)
        self.complaint_id.message_post(
            body=self.env._("Compensation credit note %s created.", move._get_html_link())
        )
        return move

    def _ensure_compensation_product(self):
        """The product compensation credit notes are booked on: the company's setting, else
        the shipped one; refused when neither exists."""
        self.ensure_one()
        company = self.company_id
        product = company.complaint_compensation_product_id or self.env.ref(
            "quality_complaint.product_complaint_compensation", raise_if_not_found=False
        )
        if not product:
            raise UserError(
                self.env._(
                    "Set the compensation product in the Complaints settings of %s.",
                    company.name,
                )
            )
        return product

    def _prepare_credit_note_vals(self):
        """Values of the customer credit note that pays the compensation.

        Called by ``_approve`` when the amount is approved (at once under the threshold).
        An extension may change the journal, the account through another product, or add
        analytic values; it keeps ``remedy_complaint_id`` and ``complaint_remedy``, which
        the cost and the smart buttons read, and the amount.
        """
        company = self.company_id
        product = self._ensure_compensation_product()
        partner = self.complaint_id.partner_id
        return {
            "move_type": "out_refund",
            "partner_id": partner.address_get(["invoice"])["invoice"],
            "company_id": company.id,
            "currency_id": self.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.env._("Compensation, complaint %s", self.name),
            "remedy_complaint_id": self.complaint_id.id,
            "complaint_remedy": "compensation",
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.reason,
                        "quantity": 1.0,
                        "price_unit": self.amount,
                    }
                )
            ],
        }
