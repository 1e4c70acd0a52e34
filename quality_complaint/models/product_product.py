# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Command


class ProductProduct(models.Model):
    _inherit = "product.product"

    complaint_lesson_count = fields.Integer(
        compute="_compute_complaint_lesson_count",
        groups="quality_complaint.quality_complaint_group_user",
    )

    def _compute_complaint_lesson_count(self):
        """Lessons learned about each product, in one grouped query."""
        counts = dict(
            self.env["quality.complaint.lesson"]._read_group(
                [("product_ids", "in", self.ids)], ["product_ids"], ["__count"]
            )
        )
        for product in self:
            product.complaint_lesson_count = counts.get(product, 0)

    @api.readonly
    def action_view_complaint_lessons(self):
        """Open the lessons learned about this product."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint.quality_complaint_lesson_action"
        )
        action["domain"] = [("product_ids", "in", self.ids)]
        action["context"] = {"default_product_ids": [Command.set(self.ids)]}
        return action
