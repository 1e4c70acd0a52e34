# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.4.0: the dashboard's summary is kept per day of reception (the months' rows are
the sums of their days'), and its log of changes names the changed day instead of the
month. The log's month rows cannot be told apart by day: they are dropped here, with their
column, and the post-migration marks every day as changed."""

from odoo.tools.sql import column_exists, table_exists


def migrate(cr, version):
    if not version or not table_exists(cr, "quality_complaint_summary_change"):
        return
    if column_exists(cr, "quality_complaint_summary_change", "month"):
        cr.execute("DELETE FROM quality_complaint_summary_change")
        cr.execute("ALTER TABLE quality_complaint_summary_change DROP COLUMN month")
