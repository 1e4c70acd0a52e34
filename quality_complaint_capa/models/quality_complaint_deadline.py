# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class QualityComplaintDeadline(models.Model):
    _inherit = "quality.complaint.deadline"

    @api.model
    def _cron_process_deadlines(self, batch_size=1000):
        """The same scheduled action escalates late 8D disciplines."""
        processed = super()._cron_process_deadlines(batch_size=batch_size)
        return processed + len(self.env["quality.8d.report"]._escalate_late_reports(batch_size))
