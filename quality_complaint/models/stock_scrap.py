# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    complaint_id = fields.Many2one(
        "quality.complaint",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The complaint whose returned goods this scrap order destroys.",
    )
