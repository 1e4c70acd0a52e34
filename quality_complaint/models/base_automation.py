# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class BaseAutomation(models.Model):
    """Automation rules read from a cache on complaint writes; and incoming complaint
    webhooks (machine intake): an automation rule on complaints triggered "On webhook"
    belongs to one customer, whose system posts its complaints to the rule's secret URL.
    The customer is the rule's, never one a payload names: one rule per customer
    (duplicate the shipped one)."""

    _inherit = "base.automation"

    complaint_partner_id = fields.Many2one(
        "res.partner",
        string="Complaint Customer",
        index="btree_not_null",
        help="Complaints received on this webhook are filed for this customer, and may only "
        "name products and lots delivered to them. Make one rule per customer: duplicate "
        "the rule, choose the customer, and give them the secret URL.",
    )

    def _get_actions(self, records, triggers):
        """The active rules of ``records``' model for ``triggers``, from a cache.

        Odoo searches the rules on every create and write of a model that has one; our
        rule on major complaints made that a dozen queries per complaint opened. The
        rules change seldom: the cache is cleared whenever a rule's model, trigger or
        activity changes (``_update_registry``), in every worker.
        """
        rules = self
        if "__action_done" not in rules.env.context:
            rules = rules.with_context(__action_done={})
        return rules.browse(rules._active_rule_ids(records._name, tuple(triggers)))

    @api.model
    @tools.ormcache("model_name", "triggers")
    def _active_rule_ids(self, model_name, triggers):
        rules = (
            self.with_context(active_test=True)
            .sudo()
            .search([("model_name", "=", model_name), ("trigger", "in", list(triggers))])
        )
        return tuple(rules.ids)

    def _update_registry(self):
        """Rules changed: forget the cached rules (here and, through the registry's
        signalling, in the other workers)."""
        self.env.registry.clear_cache()
        return super()._update_registry()

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
