# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.3.0: the deadlines keep their complaint's team, category and archived flag (the
dashboard's on-time rates count a day's deadlines without reading the complaints).

Filled here in one UPDATE before the registry loads: the ORM would compute the team, a
computed field of the complaint, for every deadline one batch at a time."""

from odoo.tools.sql import column_exists, create_column


def migrate(cr, version):
    if not version:
        return
    for column, column_type in (
        ("team_id", "int4"),
        ("category_id", "int4"),
        ("complaint_active", "bool"),
    ):
        if not column_exists(cr, "quality_complaint_deadline", column):
            create_column(cr, "quality_complaint_deadline", column, column_type)
    cr.execute(
        """UPDATE quality_complaint_deadline d
              SET team_id = c.team_id, category_id = c.category_id, complaint_active = c.active
             FROM quality_complaint c
            WHERE c.id = d.complaint_id"""
    )
