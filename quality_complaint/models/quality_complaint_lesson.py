# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class QualityComplaintLesson(models.Model):
    """Lessons-learned register: what a closed complaint taught, for new staff and FMEA
    reviews to search."""

    _name = "quality.complaint.lesson"
    _description = "Lesson Learned"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    active = fields.Boolean(default=True)
    date = fields.Date(default=fields.Date.context_today, required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    complaint_id = fields.Many2one(
        "quality.complaint", index="btree_not_null", check_company=True, ondelete="set null"
    )
    product_ids = fields.Many2many("product.product", string="Products", index=True)
    category_id = fields.Many2one("quality.complaint.category")
    problem = fields.Text(required=True)
    cause = fields.Text(string="Root Cause")
    lesson = fields.Text(required=True)
    tag_ids = fields.Many2many("quality.complaint.tag", string="Tags")
    author_id = fields.Many2one("res.users", default=lambda self: self.env.user)

    @api.model
    def _prepare_from_complaint(self, complaint):
        """Defaults of a lesson written from a closed complaint."""
        return {
            "name": complaint.subject,
            "complaint_id": complaint.id,
            "company_id": complaint.company_id.id,
            "product_ids": [fields.Command.set(complaint.line_ids.product_id.ids)],
            "category_id": complaint.category_id.id,
            "tag_ids": [fields.Command.set(complaint.tag_ids.ids)],
            "problem": complaint.subject,
        }
