# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .quality_complaint_compensation import notify_finance_approvers

# Recoveries in these states hold part of the liable share until they are credited or dropped.
PENDING_STATES = ("draft", "claimed", "accepted", "to_approve")


class QualityComplaintRecovery(models.Model):
    """Money taken back from the supplier or the carrier liable for a complaint: a supplier
    charge-back or a carrier claim, settled by a draft vendor credit note for finance."""

    _name = "quality.complaint.recovery"
    _description = "Complaint Cost Recovery"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, ondelete="restrict", index=True, check_company=True
    )
    liability_id = fields.Many2one(
        "quality.complaint.liability",
        string="Liability Share",
        required=True,
        ondelete="restrict",
        index=True,
        domain="[('complaint_id', '=', complaint_id), ('party_type', '!=', 'company')]",
    )
    name = fields.Char(related="complaint_id.name", string="Complaint Reference")
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    party_type = fields.Selection(related="liability_id.party_type", store=True)
    partner_id = fields.Many2one(
        related="liability_id.partner_id", store=True, index=True, string="Supplier / Carrier"
    )
    contact_id = fields.Many2one(
        "res.partner",
        help="Who receives the corrective-action request or the claim.",
    )
    amount = fields.Monetary(required=True, tracking=True, currency_field="currency_id")
    reference = fields.Char(
        tracking=True, help="The carrier's claim number or the supplier's reference."
    )
    reason = fields.Text(required=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("claimed", "Claimed"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("to_approve", "To Approve"),
            ("refused", "Refused"),
            ("settled", "Settled"),
        ],
        required=True,
        default="draft",
        tracking=True,
        readonly=True,
        copy=False,
        index=True,
    )
    date_claimed = fields.Date(readonly=True, copy=False)
    needs_approval = fields.Boolean(readonly=True, copy=False)
    approver_id = fields.Many2one("res.users", readonly=True, copy=False)
    approval_date = fields.Datetime(readonly=True, copy=False)
    refuse_reason = fields.Text(readonly=True, copy=False)
    bill_id = fields.Many2one(
        "account.move",
        string="Reversed Bill",
        readonly=True,
        copy=False,
        check_company=True,
        help="The vendor bill of the complained lots that the credit note reverses.",
    )
    move_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, copy=False, check_company=True
    )
    return_picking_id = fields.Many2one(
        "stock.picking", string="Return to Supplier", readonly=True, copy=False
    )
    date_request_sent = fields.Datetime(
        string="Corrective Action Requested", readonly=True, copy=False
    )

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "The amount to recover must be positive."
    )

    @api.model_create_multi
    def create(self, vals_list):
        """A recovery never claims more than the share still recoverable."""
        records = super().create(vals_list)
        for record in records:
            record.complaint_id._check_recovery_allowed(record.liability_id)
            record._check_recoverable()
        return records

    def write(self, vals):
        res = super().write(vals)
        if "amount" in vals:
            for record in self:
                if record.state not in PENDING_STATES:
                    raise UserError(
                        self.env._(
                            "The amount of a settled, rejected or refused recovery of %s "
                            "cannot change.",
                            record.name,
                        )
                    )
                record._check_recoverable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_documents(self):
        if self.filtered(lambda r: r.move_id or r.return_picking_id):
            raise UserError(
                self.env._("A recovery with a credit note or a return cannot be deleted.")
            )

    # ------------------------------------------------------------ carrier claim
    def action_claim(self):
        """The claim is sent to the carrier."""
        for record in self:
            record._check_state(("draft",))
            record.write({"state": "claimed", "date_claimed": fields.Date.context_today(record)})
        return True

    def action_accept(self):
        """The carrier accepts the claim (for the amount recorded, which may have been
        lowered to what the carrier accepts); it can be settled."""
        for record in self:
            record._check_state(("claimed",))
            record.state = "accepted"
        return True

    def action_reject(self):
        """The carrier rejects the claim: its amount is recoverable again, from elsewhere."""
        for record in self:
            record._check_state(("draft", "claimed"))
            record.state = "rejected"
        return True

    def action_settle(self):
        """Credit the accepted claim: at once, or after a finance approver's approval."""
        for record in self:
            record._check_state(("accepted",))
            record._request_credit()
        return True

    # ------------------------------------------------------------ approval
    def action_approve(self):
        """Finance approves: the vendor credit note is created."""
        self._check_approver()
        for record in self:
            record.complaint_id._lock_for_remedy()
            record._check_state(("to_approve",))
            record._settle()
        return True

    def action_refuse(self, reason=None):
        """Finance refuses: nothing is credited."""
        self._check_approver()
        for record in self:
            record.complaint_id._lock_for_remedy()
            record._check_state(("to_approve",))
            record.sudo().write({"state": "refused", "refuse_reason": reason})
            record.complaint_id.message_post(
                body=self.env._(
                    "Recovery of %(amount)s from %(partner)s refused: %(reason)s",
                    amount=record.currency_id.format(record.amount),
                    partner=record.partner_id.display_name,
                    reason=reason or "",
                )
            )
        return True

    def _check_approver(self):
        if not self.env.user.has_group("quality_complaint.quality_complaint_group_finance"):
            raise AccessError(
                self.env._("Only a complaint finance approver can approve or refuse a recovery.")
            )

    def _check_state(self, states):
        self.ensure_one()
        if self.state not in states:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The recovery of %(complaint)s from %(partner)s is %(state)s: this step "
                    "does not apply.",
                    complaint=self.name,
                    partner=self.partner_id.display_name,
                    state=labels[self.state],
                )
            )

    def _check_recoverable(self):
        """Never more than the liable share of the real cost minus what is recovered or
        claimed already (drafts included)."""
        self.ensure_one()
        self.env.invalidate_all()
        liability = self.liability_id
        own = self.amount if self.state in PENDING_STATES and not self.move_id else 0.0
        available = liability.amount_recoverable + own
        if self.currency_id.compare_amounts(self.amount, available) > 0:
            raise UserError(
                self.env._(
                    "Only %(available)s of the %(liable)s %(partner)s is liable for can still "
                    "be recovered on complaint %(complaint)s (%(recovered)s recovered, "
                    "%(pending)s claimed).",
                    available=self.currency_id.format(max(available, 0.0)),
                    liable=self.currency_id.format(liability.amount_liable),
                    partner=self.partner_id.display_name,
                    complaint=self.name,
                    recovered=self.currency_id.format(liability.amount_recovered),
                    pending=self.currency_id.format(liability.amount_pending - own),
                )
            )

    def _request_credit(self):
        """Small amounts are credited at once; larger ones wait for a finance approver."""
        self.ensure_one()
        company = self.company_id
        needs_approval = (
            company.currency_id.compare_amounts(
                self.amount, company.complaint_recovery_approval_amount
            )
            > 0
        )
        if needs_approval:
            self.sudo().write({"state": "to_approve", "needs_approval": True})
            self._notify_approvers()
            return self.env["account.move"]
        return self._settle()

    def _notify_approvers(self):
        notify_finance_approvers(self, self.env._("Approve the recovery for %s", self.name))

    # ------------------------------------------------------------ credit note
    def _settle(self):
        """The draft vendor credit note of this recovery: a reversal of the vendor bill of
        the complained lots when there is one, else a new credit note to the party."""
        self.ensure_one()
        self._ensure_not_credited()
        self._check_recoverable()
        Move = self.env["account.move"].sudo()
        bill = self.liability_id._recovery_bill() if self.party_type == "supplier" else Move
        line_vals = self._prepare_credit_note_line_vals(bill.currency_id)
        if bill:
            move = bill._reverse_moves([self._prepare_credit_note_vals(bill)], cancel=False)
            move.write(
                {
                    "invoice_line_ids": [Command.delete(line.id) for line in move.invoice_line_ids]
                    + [Command.create(line_vals)]
                }
            )
        else:
            move = Move.create(
                {
                    **self._prepare_credit_note_vals(bill),
                    "move_type": "in_refund",
                    "partner_id": self.partner_id.id,
                    "invoice_line_ids": [Command.create(line_vals)],
                }
            )
        self.sudo().write(
            {
                "state": "settled",
                "move_id": move.id,
                "bill_id": bill.id,
                "approver_id": self.env.uid if self.needs_approval else False,
                "approval_date": fields.Datetime.now() if self.needs_approval else False,
            }
        )
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        self.complaint_id.message_post(
            body=self.env._(
                "Vendor credit note %(move)s created to recover %(amount)s from %(partner)s.",
                move=move._get_html_link(),
                amount=self.currency_id.format(self.amount),
                partner=self.partner_id.display_name,
            )
        )
        return move

    def _ensure_not_credited(self):
        """A recovery is credited once."""
        self.ensure_one()
        if self.move_id:
            raise UserError(
                self.env._("The recovery of %s already has its credit note.", self.name)
            )

    def _prepare_credit_note_vals(self, bill):
        """Header values of the vendor credit note: of the reversal of ``bill`` (the
        supplier's bill of the complained lots) or of a new credit note when ``bill`` is
        empty.

        Called by ``_settle``. An extension may change the reference, the dates or the
        journal; it keeps ``recovery_complaint_id`` and ``recovery_id``, which the recovered
        amount and the cost report read.
        """
        today = fields.Date.context_today(self)
        return {
            "company_id": self.company_id.id,
            "currency_id": (bill.currency_id or self.currency_id).id,
            "date": today,
            "invoice_date": today,
            "ref": self.env._(
                "Charge-back, complaint %(complaint)s%(reference)s",
                complaint=self.name,
                reference=f" ({self.reference})" if self.reference else "",
            ),
            "recovery_complaint_id": self.complaint_id.id,
            "recovery_id": self.id,
        }

    def _ensure_chargeback_product(self):
        """The product charge-backs are booked on: the company's setting, else the shipped
        one; refused when neither exists."""
        self.ensure_one()
        company = self.company_id
        product = company.complaint_chargeback_product_id or self.env.ref(
            "quality_complaint.product_complaint_chargeback", raise_if_not_found=False
        )
        if not product:
            raise UserError(
                self.env._(
                    "Set the charge-back product in the Complaints settings of %s.", company.name
                )
            )
        return product

    def _prepare_credit_note_line_vals(self, currency):
        """The one line of the vendor credit note: the recovered amount in ``currency`` (the
        bill's, when the credit note reverses it).

        Called by ``_settle``. An extension may change the product, the label or add
        analytic values; the amount is what was checked against the liable share.
        """
        company = self.company_id
        product = self._ensure_chargeback_product()
        amount = self.amount
        if currency and currency != self.currency_id:
            amount = self.currency_id._convert(
                amount, currency, company, fields.Date.context_today(self)
            )
        return {
            "product_id": product.id,
            "name": self.env._(
                "Complaint %(complaint)s: %(share)s %% of its cost. %(reason)s",
                complaint=self.name,
                share=self.liability_id.percentage,
                reason=self.reason,
            ),
            "quantity": 1.0,
            "price_unit": amount,
        }

    # ------------------------------------------------------------ supplier
    def _create_supplier_return(self, quantities):
        """Send the complained lots back to the supplier with Odoo's return of the receipt.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        """
        self.ensure_one()
        if self.return_picking_id:
            raise UserError(self.env._("The goods of %s were already returned.", self.name))
        complaint = self.complaint_id
        quantities = complaint._ensure_quantities(
            quantities, self.env._("Enter a quantity to return to the supplier.")
        )
        picking = self._ensure_return_receipt(quantities)
        new_picking = complaint._return_through_wizard(
            picking,
            quantities,
            self.env._(
                "Only %(qty)s %(uom)s of %(product)s can still be returned to the supplier "
                "from %(picking)s."
            ),
        )
        new_picking.write(
            {
                "recovery_complaint_id": complaint.id,
                "origin": self.env._("%(complaint)s (return to supplier)", complaint=self.name),
            }
        )
        complaint._assign_return_lots(new_picking, quantities)
        self.sudo().return_picking_id = new_picking
        complaint.message_post(
            body=self.env._("Return to supplier %s created.", new_picking._get_html_link())
        )
        return new_picking

    def _ensure_return_receipt(self, quantities):
        """The supplier's receipt that holds every lot to return; refused when the lots
        came in several receipts (returned one receipt at a time).

        :param quantities: {quality.complaint.line: quantity}
        """
        self.ensure_one()
        for receipt in self.liability_id._recovery_receipts():
            lots = receipt.move_line_ids.lot_id
            if all(line.lot_id in lots for line in quantities):
                return receipt
        raise UserError(
            self.env._(
                "No receipt from %s holds all the lots to return: return the lots of "
                "one receipt at a time.",
                self.partner_id.display_name,
            )
        )

    def _request_corrective_action(self):
        """Ask the supplier to find and remove the cause: the request goes by e-mail to the
        supplier's contact and is kept in the recovery's chatter."""
        self.ensure_one()
        if self.party_type != "supplier":
            raise UserError(self.env._("Corrective-action requests are sent to suppliers."))
        template = self.env.ref("quality_complaint.mail_template_supplier_corrective_action")
        self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        self.sudo().date_request_sent = fields.Datetime.now()
        return True
