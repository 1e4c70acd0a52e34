# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class QualityComplaintDashboard(models.AbstractModel):
    _inherit = "quality.complaint.dashboard"

    @api.model
    def _kpis(self, start, stop, figures, team_id=None, category_id=None):
        """Adds the satisfaction rate, the average rating and the callback rate."""
        kpis = super()._kpis(start, stop, figures, team_id, category_id)
        answers = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("complaint_id", "!=", False),
                    ("state", "=", "done"),
                    ("end_datetime", ">=", start),
                    ("end_datetime", "<", stop),
                    ("complaint_id", "any", self._filter_domain(team_id, category_id)),
                ],
                ["complaint_rating"],
                ["__count"],
            )
        )
        total = sum(count for _rating, count in answers)
        satisfied = sum(count for rating, count in answers if rating in ("4", "5"))
        kpis["satisfaction_rate"] = self._rate(satisfied, total)
        kpis["average_rating"] = (
            round(sum(int(r) * c for r, c in answers if r) / total, 2) if total else None
        )
        counts = self.env["quality.complaint.daily"]._counts(
            "closing", start, stop, self._summary_allowed(), team_id, category_id
        )
        closed_count, called = counts.get(("closed", None), (0, 0))
        kpis["callback_rate"] = self._rate(called, closed_count)
        return kpis
