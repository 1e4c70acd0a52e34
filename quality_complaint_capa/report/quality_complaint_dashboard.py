# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class QualityComplaintDashboard(models.AbstractModel):
    _inherit = "quality.complaint.dashboard"

    @api.model
    def _kpis(self, start, stop, figures, team_id=None, category_id=None):
        """Adds the analysis rate of SPEC section 5."""
        kpis = super()._kpis(start, stop, figures, team_id, category_id)
        counters = {name: values[0] for name, values in figures["counter"].items()}
        needing = counters.get("needing_8d", 0)
        analysed = counters.get("analysed_8d", 0)
        kpis["analysis_rate"] = self._rate(analysed, needing)
        return kpis

    @api.model
    def _pareto_dimensions(self):
        """The Pareto by the 6M category of the 8Ds' root causes, after the defect code."""
        dimensions = super()._pareto_dimensions()
        position = next(
            (i + 1 for i, (key, _label) in enumerate(dimensions) if key == "defect"),
            len(dimensions),
        )
        dimensions.insert(position, ("cause_6m", self.env._("6M cause category")))
        return dimensions

    @api.model
    def _pareto_counts(self, figures, dimension):
        """Complaints per root cause category of their 8Ds (once per category)."""
        if dimension != "cause_6m":
            return super()._pareto_counts(figures, dimension)
        field = self.env["quality.8d.cause"]._fields["category"]
        labels = dict(field._description_selection(self.env))
        counts = {}
        for key, (count, _open, _total) in figures["cause_6m"].items():
            label = labels.get(key, key)
            counts[label] = counts.get(label, 0) + count
        return counts
