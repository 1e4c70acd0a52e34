# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    def _get_actions(self, records, triggers):
        """The active rules of ``records``' model for ``triggers``, from a cache.

        Odoo searches the rules on every create and write of a model that has one; our
        rule on major complaints made that a dozen queries per complaint opened. The
        rules change seldom: the cache is cleared whenever a rule's model, trigger or
        activity changes (``_update_registry``), in every worker.
        """
        if "__action_done" not in self.env.context:
            self = self.with_context(__action_done={})
        return self.browse(self._active_rule_ids(records._name, tuple(triggers)))

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
