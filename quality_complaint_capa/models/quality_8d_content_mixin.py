# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class Quality8dContentMixin(models.AbstractModel):
    """Lines of an 8D follow the 8D's editing rules."""

    _name = "quality.8d.content.mixin"
    _description = "8D Content"
    _report_field = "report_id"

    def _check_report_rights(self):
        reports = self[self._report_field]
        field = {
            "quality.8d.containment": "containment_ids",
            "quality.8d.cause": "cause_ids",
            "quality.capa.action": "action_ids",
            "quality.8d.evidence": "evidence_ids",
        }.get(self._name, "member_ids")
        reports._check_edit_rights(fnames={field})

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_report_rights()
        return records

    def write(self, vals):
        self._check_report_rights()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen_report(self):
        self._check_report_rights()
