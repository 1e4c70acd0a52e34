# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL

# Disciplines by which an 8D has analysed its complaint's root cause.
ANALYSED = ("d5", "d6", "d7", "d8")


class QualityComplaintSummary(models.Model):
    _inherit = "quality.complaint.summary"

    @api.model
    def _figure_counters(self, table):
        """Repeat complaints; company-responsible complaints of a category that requires an
        8D, and those of them whose 8D has reached its root cause."""
        counters = super()._figure_counters(table)
        alias = SQL.identifier(table)
        needing = SQL(
            """%(t)s.responsibility = 'company' AND EXISTS (
                   SELECT 1 FROM quality_complaint_category cat
                    WHERE cat.id = %(t)s.category_id AND cat.require_8d)""",
            t=alias,
        )
        counters["repeat"] = SQL("%s.is_repeat", alias)
        counters["needing_8d"] = needing
        counters["analysed_8d"] = SQL(
            """%s AND EXISTS (
                   SELECT 1 FROM quality_8d_report_complaint_rel rel
                     JOIN quality_8d_report report ON report.id = rel.report_id
                    WHERE rel.complaint_id = %s.id AND report.discipline IN %s)""",
            needing,
            alias,
            ANALYSED,
        )
        return counters


class QualityComplaintDashboard(models.AbstractModel):
    _inherit = "quality.complaint.dashboard"

    @api.model
    def _kpis(self, start, stop, domain, figures, team_id=None, category_id=None):
        """Adds the repeat-complaint rate and the analysis rate of SPEC section 5."""
        kpis = super()._kpis(start, stop, domain, figures, team_id, category_id)
        counters = {name: values[0] for name, values in figures["counter"].items()}
        total = kpis["count"]
        repeats = counters.get("repeat", 0)
        kpis["repeat_rate"] = self._rate(repeats, total)
        needing = counters.get("needing_8d", 0)
        analysed = counters.get("analysed_8d", 0)
        kpis["analysis_rate"] = self._rate(analysed, needing)
        return kpis
