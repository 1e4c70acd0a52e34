# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL


class QualityComplaintCostReport(models.Model):
    _inherit = "quality.complaint.cost.report"

    _depends = {
        "repair.order": ["complaint_id", "name", "schedule_date", "state"],
        "stock.move": ["repair_id", "repair_line_type"],
    }

    def _cost_sources(self):
        """The parts a repair of complained goods consumed are rework cost."""
        return [*super()._cost_sources(), self._cost_source_repairs()]

    def _cost_source_repairs(self):
        """The parts added by the repairs of the complaint's returned goods, valued as stock
        moves (done: their valuation; until then: pending at cost price); the repair order
        is their document."""
        return self._cost_source(
            SQL(
                """FROM repair_order ro
                   JOIN stock_move sm ON sm.repair_id = ro.id
                   JOIN product_product pp ON pp.id = sm.product_id
                  WHERE ro.complaint_id IS NOT NULL
                    AND ro.state <> 'cancel'
                    AND sm.repair_line_type = 'add'
                    AND sm.state <> 'cancel'"""
            ),
            **{
                **self._stock_move_values(),
                "date": SQL("COALESCE(sm.date, ro.schedule_date)::date"),
            },
            complaint_id=SQL("ro.complaint_id"),
            cost_type="rework",
            document_model="repair.order",
            document_id=SQL("ro.id"),
            document_name=SQL("ro.name"),
        )
