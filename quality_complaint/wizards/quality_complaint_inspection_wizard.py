# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.quality_complaint import INSPECTION_RESULTS


class QualityComplaintInspectionWizard(models.TransientModel):
    """Record the inspection of returned goods from the complaint's form: the result, the
    findings and the reports, passed to the complaint's ``action_record_inspection``."""

    _name = "quality.complaint.inspection.wizard"
    _description = "Record the Inspection of Returned Goods"

    complaint_id = fields.Many2one("quality.complaint", required=True, readonly=True)
    result = fields.Selection(INSPECTION_RESULTS, required=True)
    note = fields.Html(string="Findings")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "quality_complaint_inspection_wizard_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Inspection Reports",
    )

    def action_confirm(self):
        """Record the inspection on the complaint; the uploaded reports are attached to it."""
        self.ensure_one()
        complaint = self.complaint_id
        complaint.action_record_inspection(
            self.result, note=self.note or False, attachment_ids=self.attachment_ids.ids
        )
        # Uploaded on the wizard, the reports now belong to the complaint.
        self.attachment_ids.filtered(lambda a: a.res_model == self._name).sudo().write(
            {"res_model": complaint._name, "res_id": complaint.id}
        )
        return {"type": "ir.actions.act_window_close"}
