# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL


class QualityComplaintCostReport(models.Model):
    _inherit = "quality.complaint.cost.report"

    _depends = {
        "repair.order": ["complaint_id", "state"],
        "stock.move": ["repair_id", "repair_line_type"],
    }

    def _cost_sources(self):
        """The parts a repair of complained goods consumed are rework cost."""
        return [*super()._cost_sources(), self._cost_source_repairs()]

    def _cost_source_repairs(self):
        """The parts added by the repairs of the complaint's returned goods, valued as stock
        moves (done: their valuation; until then: pending at cost price)."""
        return SQL(
            """
            SELECT sm.id,
                   COALESCE(sm.date, ro.schedule_date)::date AS date,
                   ro.complaint_id,
                   sm.product_id,
                   'rework' AS cost_type,
                   sm.state = 'done' AS done,
                   %s AS value,
                   sm.product_qty AS quantity,
                   NULL AS liable_partner_id,
                   NULL AS party_type
              FROM repair_order ro
              JOIN stock_move sm ON sm.repair_id = ro.id
              JOIN product_product pp ON pp.id = sm.product_id
             WHERE ro.complaint_id IS NOT NULL
               AND ro.state <> 'cancel'
               AND sm.repair_line_type = 'add'
               AND sm.state <> 'cancel'
            """,
            self._stock_move_value(),
        )
