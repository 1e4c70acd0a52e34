# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class QualityComplaintDashboard(models.AbstractModel):
    _inherit = "quality.complaint.dashboard"

    @api.model
    def _kpis(self, start, stop, figures, team_id=None, category_id=None):
        """Adds the repeat-complaint rate and the analysis rate of SPEC section 5."""
        kpis = super()._kpis(start, stop, figures, team_id, category_id)
        counters = {name: values[0] for name, values in figures["counter"].items()}
        total = kpis["count"]
        repeats = counters.get("repeat", 0)
        kpis["repeat_rate"] = self._rate(repeats, total)
        needing = counters.get("needing_8d", 0)
        analysed = counters.get("analysed_8d", 0)
        kpis["analysis_rate"] = self._rate(analysed, needing)
        return kpis
