# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools.float_utils import float_compare

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
        if self.move_id:
            raise UserError(
                self.env._("The recovery of %s already has its credit note.", self.name)
            )
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

    def _prepare_credit_note_vals(self, bill):
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

    def _prepare_credit_note_line_vals(self, currency):
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
        quantities = {line: qty for line, qty in quantities.items() if qty > 0}
        if not quantities:
            raise UserError(self.env._("Enter a quantity to return to the supplier."))
        receipts = self.liability_id._recovery_receipts()
        picking = self.env["stock.picking"]
        for receipt in receipts:
            lots = receipt.move_line_ids.lot_id
            if all(line.lot_id in lots for line in quantities):
                picking = receipt
                break
        if not picking:
            raise UserError(
                self.env._(
                    "No receipt from %s holds all the lots to return: return the lots of "
                    "one receipt at a time.",
                    self.partner_id.display_name,
                )
            )
        complaint = self.complaint_id
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


class QualityComplaint(models.Model):
    """Responsibility split between parties, and what is recovered from suppliers and
    carriers: the complaint's net cost."""

    _inherit = "quality.complaint"

    liability_ids = fields.One2many(
        "quality.complaint.liability", "complaint_id", string="Liability Split"
    )
    recovery_ids = fields.One2many(
        "quality.complaint.recovery", "complaint_id", string="Recoveries", readonly=True
    )
    traced_supplier_ids = fields.Many2many(
        "res.partner",
        compute="_compute_traced_supplier_ids",
        string="Suppliers of the Lots",
        help="Suppliers the complained lots were received from, found through the purchase "
        "orders of their receipts.",
    )
    has_liable_party = fields.Boolean(
        compute="_compute_has_liable_party",
        help="The liability split names a supplier or a carrier.",
    )
    amount_recovered = fields.Monetary(
        compute="_compute_recovery_totals",
        help="Vendor credit notes charged back to suppliers and carriers, without taxes.",
    )
    cost_net = fields.Monetary(string="Net Cost", compute="_compute_recovery_totals")
    recovery_count = fields.Integer(compute="_compute_recovery_totals")

    @api.depends("line_ids.lot_id")
    def _compute_traced_supplier_ids(self):
        for complaint in self:
            complaint.traced_supplier_ids = complaint._traced_suppliers()

    @api.depends("liability_ids.party_type")
    def _compute_has_liable_party(self):
        for complaint in self:
            complaint.has_liable_party = any(
                party != "company" for party in complaint.liability_ids.mapped("party_type")
            )

    def _compute_recovery_totals(self):
        """Recovered amounts from the real credit notes, in one query for all complaints."""
        recovered = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [("recovery_complaint_id", "in", self.ids), ("state", "!=", "cancel")],
                ["recovery_complaint_id"],
                ["amount_untaxed_signed:sum"],
            )
        )
        counts = dict(
            self.env["quality.complaint.recovery"]
            .sudo()
            ._read_group([("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"])
        )
        for complaint in self:
            # Vendor credit notes are positive in company currency.
            complaint.amount_recovered = recovered.get(complaint, 0.0)
            complaint.cost_net = complaint.cost_total - complaint.amount_recovered
            complaint.recovery_count = counts.get(complaint, 0)

    @api.constrains("liability_ids", "responsibility_date")
    def _check_liability_total(self):
        """Once the decision is recorded, the shares of the liable parties make 100 %."""
        for complaint in self:
            if not complaint.responsibility_date or not complaint.liability_ids:
                continue
            total = sum(complaint.liability_ids.mapped("percentage"))
            if float_compare(total, 100.0, precision_digits=2):
                raise UserError(
                    self.env._(
                        "The liability shares of complaint %(complaint)s add up to %(total)s %%; "
                        "they must make 100 %% before the decision is recorded.",
                        complaint=complaint.name,
                        total=round(total, 2),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recoveries(self):
        if (
            self.env["quality.complaint.recovery"]
            .sudo()
            .search_count([("complaint_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "A complaint with cost recoveries cannot be deleted: archive it instead."
                )
            )

    def action_view_recoveries(self):
        """Open the supplier charge-backs and carrier claims of the complaint."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint.quality_complaint_recovery_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------ traceability
    def _traced_receipt_lines(self):
        """Done move lines that received the complained lots from a purchase order."""
        lots = self.line_ids.lot_id
        if not lots:
            return self.env["stock.move.line"]
        return (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                    ("move_id.purchase_line_id", "!=", False),
                ],
                order="date desc, id desc",
            )
        )

    def _traced_suppliers(self):
        """The suppliers the complained lots were bought from, most recent first."""
        orders = self._traced_receipt_lines().move_id.purchase_line_id.order_id
        return orders.partner_id.commercial_partner_id

    def _check_recovery_allowed(self, liability):
        """Costs are recovered once the decision names the liable party, never from the
        company itself, and not on a cancelled complaint."""
        self.ensure_one()
        if liability.complaint_id != self or liability.party_type == "company":
            raise UserError(
                self.env._(
                    "Costs of complaint %s are recovered from a liable supplier or carrier.",
                    self.name,
                )
            )
        if not self.responsibility_date:
            raise UserError(
                self.env._(
                    "Record the responsibility decision of complaint %s before recovering its "
                    "cost.",
                    self.name,
                )
            )
        if self.milestone == "cancelled":
            raise UserError(
                self.env._("Complaint %s is cancelled: nothing is recovered.", self.name)
            )

    def _recovery_amounts_by_liability(self):
        """({liability id: recovered}, {liability id: claimed not yet credited})."""
        recovered = {
            liability.id: total
            for liability, total in self.env["account.move"]
            .sudo()
            ._read_group(
                [("recovery_complaint_id", "in", self.ids), ("state", "!=", "cancel")],
                ["recovery_liability_id"],
                ["amount_untaxed_signed:sum"],
            )
        }
        pending = {
            liability.id: total
            for liability, total in self.env["quality.complaint.recovery"]
            .sudo()
            ._read_group(
                [
                    ("complaint_id", "in", self.ids),
                    ("state", "in", PENDING_STATES),
                    ("move_id", "=", False),
                ],
                ["liability_id"],
                ["amount:sum"],
            )
        }
        return recovered, pending
