# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import ValidationError


class BaseAutomation(models.Model):
    """Incoming complaint webhooks (machine intake): an automation rule on complaints
    triggered "On webhook" belongs to one customer, whose system posts its complaints to
    the rule's secret URL. The customer is the rule's, never one a payload names: one rule
    per customer (duplicate the shipped one)."""

    _inherit = "base.automation"

    complaint_partner_id = fields.Many2one(
        "res.partner",
        string="Complaint Customer",
        index="btree_not_null",
        help="Complaints received on this webhook are filed for this customer, and may only "
        "name products and lots delivered to them. Make one rule per customer: duplicate "
        "the rule, choose the customer, and give them the secret URL.",
    )

    def _get_eval_context(self, payload=None):
        """The target record of a webhook rule may read the rule itself (``automation``):
        the complaint intake's target is the rule's customer."""
        eval_context = super()._get_eval_context(payload=payload)
        eval_context["automation"] = self
        return eval_context

    def _is_complaint_intake(self):
        """Whether this is a customer's incoming complaint webhook, answered by our
        controller with the complaint filed or the reason it was refused. Other webhooks
        on complaints are Odoo's; a rule duplicated without its customer refuses every
        call (its target record, the customer, is missing)."""
        return (
            len(self) == 1
            and self.trigger == "on_webhook"
            and self.model_name == "quality.complaint"
            and bool(self.complaint_partner_id)
        )

    def _ensure_complaint_customer(self):
        """The customer a complaint webhook files for; refused when none is chosen.

        :return: the customer (res.partner)
        """
        self.ensure_one()
        if not self.complaint_partner_id:
            raise ValidationError(
                self.env._(
                    'The webhook "%s" has no complaint customer: choose the customer on the '
                    "automation rule.",
                    self.name,
                )
            )
        return self.complaint_partner_id

    def _execute_complaint_webhook(self, payload):
        """Run an incoming complaint webhook on a payload (Odoo's own execution: its
        target record, its actions and call logs).

        :return: (the complaint filed or found for the payload's reference, whether it
            is new)
        """
        self.ensure_one()
        partner = self._ensure_complaint_customer()
        Complaint = self.env["quality.complaint"].with_context(lang=partner.lang or self.env.lang)
        # Before Odoo runs the action, which is given no payload when the body is empty.
        Complaint._ensure_webhook_payload(payload)
        reference = Complaint._webhook_reference(payload)
        existing = Complaint._webhook_complaint(partner, reference)
        self._execute_webhook(payload)
        complaint = existing or Complaint._webhook_complaint(partner, reference)
        return complaint, bool(complaint) and not existing
