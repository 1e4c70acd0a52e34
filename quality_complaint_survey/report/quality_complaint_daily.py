# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL


class QualityComplaintDaily(models.Model):
    _inherit = "quality.complaint.daily"

    @api.model
    def _sources(self):
        """Adds the complaints closed per closing day, and those called back of them."""
        return {
            **super()._sources(),
            "closing": (
                "quality.complaint",
                "date_closed",
                [("is_closed", "=", True), ("milestone", "=", "closed")],
                True,
            ),
        }

    @api.model
    def _rows_closing(self, query):
        table = SQL.identifier(query.table)
        return SQL(
            """SELECT 'closing', 'closed', company_id, team_id, category_id, day, COUNT(*),
                      COUNT(*) FILTER (WHERE callback_done)
                 FROM (%s) c GROUP BY company_id, team_id, category_id, day""",
            query.select(
                SQL("%s.company_id", table),
                SQL("%s.team_id", table),
                SQL("%s.category_id", table),
                SQL("%s.date_closed::date AS day", table),
                SQL("%s.callback_done", table),
            ),
        )


class QualityComplaint(models.Model):
    """Hook of the daily counts: a complaint closed, re-opened or called back logs its
    closing day as changed (callback rate)."""

    _inherit = "quality.complaint"

    @api.model
    def _daily_fields(self):
        return super()._daily_fields() | {"stage_id", "date_closed", "callback_done"}

    def _mark_daily(self):
        """Also the closing day, for the callback rate."""
        res = super()._mark_daily()
        self.env["quality.complaint.daily"]._mark(
            "closing", "quality.complaint", self.ids, "date_closed"
        )
        return res
