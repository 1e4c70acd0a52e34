# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The cause categories of an Ishikawa diagram; the 8D's root causes use the same list.
SIX_M = [
    ("man", "Man"),
    ("machine", "Machine"),
    ("material", "Material"),
    ("method", "Method"),
    ("measurement", "Measurement"),
    ("environment", "Environment"),
]


class QualityComplaintDefect(models.Model):
    """A defect / reason code of complaint lines: what the Pareto counts and what makes a
    complaint a repeat of an earlier one of the same customer on the same product."""

    _name = "quality.complaint.defect"
    _description = "Complaint Defect Code"
    _order = "sequence, code, id"
    _rec_names_search = ["code", "name"]

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(string="Description", required=True, translate=True)
    product_category_ids = fields.Many2many(
        "product.category",
        "quality_complaint_defect_product_category_rel",
        "defect_id",
        "category_id",
        string="Product Categories",
        help="The code applies to the products of these categories and of their "
        "subcategories; empty: to every product.",
    )
    cause_category = fields.Selection(
        SIX_M,
        string="6M Category Hint",
        help="The cause category (6M) this kind of defect usually comes from; a hint for "
        "the root cause analysis, not its result.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the code is used by every company."
    )

    _code_company_uniq = models.UniqueIndex(
        "(code, COALESCE(company_id, 0))", "A defect code with this code already exists."
    )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for defect in self:
            defect.display_name = f"{defect.code} {defect.name}" if defect.code else defect.name

    def _applies_to(self, product):
        """Whether this code may be given to a line of ``product`` (its category or a parent
        of it is one of the code's categories, or the code has none)."""
        self.ensure_one()
        if not self.product_category_ids:
            return True
        path = {int(part) for part in (product.categ_id.parent_path or "").split("/") if part}
        return bool(path & set(self.product_category_ids.ids))

    @api.model
    def _portal_defects(self, company):
        """The codes a portal customer may choose from for a complaint to ``company``."""
        return self.sudo().search([("company_id", "in", [False, company.id])])

    @api.model
    def _portal_parse_defect(self, defect, company, products):
        """The code chosen on the portal form ('<id>'), checked to be one of ``company``'s
        that applies to one of ``products``; anything else is refused."""
        allowed = self._portal_defects(company)
        code = allowed.filtered(lambda d: str(d.id) == str(defect).strip())
        if not code or not any(code._applies_to(product) for product in products):
            raise ValidationError(
                self.env._(
                    "Choose a kind of defect in the list that fits the products of the order "
                    "or delivery, or leave it empty."
                )
            )
        return code
