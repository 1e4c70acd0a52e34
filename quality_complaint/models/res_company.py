# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_compensation_product_id = fields.Many2one(
        "product.product",
        string="Compensation Product",
        help="Product of the credit note lines that pay complaint compensation; its income "
        "account (or its category's) books the cost.",
    )
    complaint_approval_amount = fields.Monetary(
        string="Compensation Approval Above",
        currency_field="currency_id",
        default=1000.0,
        help="Compensation above this amount waits for a finance approver.",
    )
    complaint_post_credit_notes = fields.Boolean(
        string="Post Complaint Credit Notes",
        help="Post refunds and compensation credit notes at once instead of leaving them as "
        "drafts for finance to check and post.",
    )
    complaint_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        domain="[('usage', '=', 'internal'), ('company_id', 'in', [id, False])]",
        help="Default destination of returned goods awaiting inspection.",
    )
    complaint_recovery_approval_amount = fields.Monetary(
        string="Recovery Approval Above",
        currency_field="currency_id",
        default=1000.0,
        help="Charge-backs to suppliers and carriers above this amount wait for a finance "
        "approver before their credit note is made.",
    )
    complaint_chargeback_product_id = fields.Many2one(
        "product.product",
        string="Charge-back Product",
        help="Product of the vendor credit note lines that charge complaint costs back to "
        "suppliers and carriers; its expense account (or its category's) books the recovery.",
    )
    complaint_confirm_appeal = fields.Boolean(
        string="Appeals Need the Customer's Confirmation",
        help="An appeal closes only once the customer accepted its resolution (or a complaint "
        "manager closes it anyway, with a reason).",
    )
    complaint_confirm_claim = fields.Boolean(
        string="Claims Need the Customer's Confirmation",
        default=True,
        help="A claim closes only once the customer accepted its resolution (or a complaint "
        "manager closes it anyway, with a reason).",
    )
    complaint_confirm_non_quality = fields.Boolean(
        string="Non-quality Complaints Need the Customer's Confirmation",
        help="A non-quality / market complaint closes only once the customer accepted its "
        "resolution (or a complaint manager closes it anyway, with a reason).",
    )
    complaint_rework_user_id = fields.Many2one(
        "res.users",
        string="Rework Handled by",
        domain="[('share', '=', False)]",
        help="Who receives the rework task of complained goods (production); the complaint's "
        "responsible when empty.",
    )
    complaint_repeat_days = fields.Integer(
        string="Repeat Window (days)",
        default=365,
        help="A complaint of a customer on the same product and defect code (or, once known, "
        "root cause category) as one of its complaints received within this many days before "
        "is a repeat. 0: repeats are not detected.",
    )
