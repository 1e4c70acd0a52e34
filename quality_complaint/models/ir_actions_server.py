# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    def _get_eval_context(self, action=None):
        """The Python code of an automation rule's action may read its rule
        (``automation``), as it reads the webhook's ``payload``: the complaint intake
        takes its customer from the rule."""
        eval_context = super()._get_eval_context(action=action)
        if action and action.state == "code" and action.base_automation_id:
            eval_context["automation"] = action.base_automation_id
        return eval_context
