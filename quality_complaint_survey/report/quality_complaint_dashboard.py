# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter

from dateutil.relativedelta import relativedelta

from odoo import api, models


class QualityComplaintDashboard(models.AbstractModel):
    _inherit = "quality.complaint.dashboard"

    @api.model
    def _kpis(self, start, stop, figures, team_id=None, category_id=None):
        """Adds the satisfaction rate, the average rating, the callback rate and the yearly
        satisfaction rate of the campaigns."""
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
        kpis["campaign_satisfaction_rate"] = self._campaign_satisfaction_rate(stop)
        return kpis

    @api.model
    def _campaign_satisfaction_rate(self, stop):
        """Satisfaction rate of the campaigns dated in the twelve months ending with the
        period (a yearly campaign always falls in them), with the current company's rule for
        'basically satisfied'; None without answers. Campaigns are not by team or category,
        so those filters do not apply."""
        campaigns = self.env["quality.complaint.survey.campaign"].search(
            [
                ("date", ">=", (stop - relativedelta(years=1)).date()),
                ("date", "<", stop.date()),
            ]
        )
        levels = sum(campaigns._satisfaction_counts().values(), Counter())
        satisfied = levels["satisfied"]
        if self.env.company.complaint_basic_counts_satisfied:
            satisfied += levels["basic"]
        return self._rate(satisfied, levels.total())
