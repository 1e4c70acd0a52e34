# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL


class QualityComplaintSummary(models.Model):
    _inherit = "quality.complaint.summary"

    @api.model
    def _figure_counters(self, table):
        """A complaint a dissatisfied customer re-opened was not resolved at first contact
        (the re-processing is a write of the complaint: its bucket is logged as changed)."""
        counters = super()._figure_counters(table)
        counters["first_contact"] = SQL(
            "%s AND COALESCE(%s.reprocess_count, 0) = 0",
            counters["first_contact"],
            SQL.identifier(table),
        )
        return counters
