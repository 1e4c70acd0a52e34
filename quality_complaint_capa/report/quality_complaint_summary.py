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
        """Company-responsible complaints of a category that requires an 8D, and those of
        them whose 8D has reached its root cause."""
        counters = super()._figure_counters(table)
        alias = SQL.identifier(table)
        needing = SQL(
            """%(t)s.responsibility = 'company' AND EXISTS (
                   SELECT 1 FROM quality_complaint_category cat
                    WHERE cat.id = %(t)s.category_id AND cat.require_8d)""",
            t=alias,
        )
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

    @api.model
    def _figure_keys(self, table):
        """The 6M categories of the root causes of the complaint's 8Ds."""
        keys = super()._figure_keys(table)
        keys["cause_6m"] = SQL(
            """ARRAY(SELECT DISTINCT cause.category FROM quality_8d_report_complaint_rel rel
                      JOIN quality_8d_cause cause ON cause.report_id = rel.report_id
                     WHERE rel.complaint_id = %s AND cause.is_root_cause)""",
            SQL.identifier(table, "id"),
        )
        return keys


class QualityComplaintCategory(models.Model):
    """Hook of the monthly summary: the analysis rate counts the complaints of the categories
    that require an 8D, so changing that flag logs their buckets as changed."""

    _inherit = "quality.complaint.category"

    def write(self, vals):
        res = super().write(vals)
        if "require_8d" in vals:
            # The dashboard's analysis rate counts the complaints of these categories.
            self.env["quality.complaint"].with_context(active_test=False).search(
                [("category_id", "in", self.ids)]
            )._summary_changed()
        return res


class Quality8dReport(models.Model):
    """Hook of the monthly summary: the analysis rate counts complaints by their 8D's
    discipline, so an 8D created, moved to another discipline, linked to other complaints
    or deleted logs the buckets of its complaints as changed."""

    _inherit = "quality.8d.report"

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        reports.complaint_ids._summary_changed()
        return reports

    def write(self, vals):
        complaints = self.complaint_ids
        res = super().write(vals)
        if {"discipline", "complaint_ids"} & vals.keys():
            (complaints | self.complaint_ids)._summary_changed()
        return res

    def unlink(self):
        self.complaint_ids._summary_changed()
        return super().unlink()


class Quality8dCause(models.Model):
    """Hook of the monthly summary: the Pareto by 6M counts the root causes' categories, so
    a cause added, re-categorised or removed logs the buckets of its 8D's complaints."""

    _inherit = "quality.8d.cause"

    @api.model_create_multi
    def create(self, vals_list):
        causes = super().create(vals_list)
        causes.report_id.complaint_ids._summary_changed()
        return causes

    def write(self, vals):
        res = super().write(vals)
        if {"category", "is_root_cause", "report_id"} & vals.keys():
            self.report_id.complaint_ids._summary_changed()
        return res

    def unlink(self):
        self.report_id.complaint_ids._summary_changed()
        return super().unlink()
