# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.fields import Domain


class QualityComplaintDashboard(models.AbstractModel):
    _inherit = "quality.complaint.dashboard"

    @api.model
    def _kpis(self, start, stop, domain, groups, team_id=None, category_id=None):
        """Adds the repeat-complaint rate and the analysis rate of SPEC section 5."""
        kpis = super()._kpis(start, stop, domain, groups, team_id, category_id)
        Complaint = self.env["quality.complaint"]
        total = kpis["count"]
        repeats = Complaint.search_count(domain & Domain("is_repeat", "=", True))
        kpis["repeat_rate"] = round(100.0 * repeats / total, 1) if total else None
        needing = (
            domain
            & Domain("responsibility", "=", "company")
            & Domain("category_id.require_8d", "=", True)
        )
        analysed_count = Complaint.search_count(
            needing
            & Domain(
                "eightd_ids",
                "any",
                [("discipline", "in", ["d5", "d6", "d7", "d8"])],
            )
        )
        needing_count = Complaint.search_count(needing)
        kpis["analysis_rate"] = (
            round(100.0 * analysed_count / needing_count, 1) if needing_count else None
        )
        return kpis
