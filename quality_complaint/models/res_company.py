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
    # Targets of the dashboard's KPIs (SPEC §5 and §7), in %: a minimum, or a maximum where
    # the help says so.
    complaint_target_on_time = fields.Float(
        string="On-time Target (%)",
        default=100.0,
        help="Share of the deadlines of every kind (acknowledgement, action plan, verification, "
        "returned goods inspected, closure) to meet on time, at least.",
    )
    complaint_target_replacement = fields.Float(
        string="On-time Replacement Target (%)",
        default=100.0,
        help="Share of the replacements the customer receives by the date it required, at least.",
    )
    complaint_target_satisfaction = fields.Float(
        string="Satisfaction Target (%)",
        default=95.0,
        help="Share of satisfied answers to the complaint surveys, at least.",
    )
    complaint_target_campaign_satisfaction = fields.Float(
        string="Campaign Satisfaction Target (%)",
        default=95.0,
        help="Yearly satisfaction rate of the satisfaction campaigns, at least.",
    )
    complaint_target_callback = fields.Float(
        string="Callback Target (%)",
        default=100.0,
        help="Share of the closed complaints whose customer was called back, at least.",
    )
    complaint_target_repeat = fields.Float(
        string="Repeat Complaint Target (%)",
        default=1.0,
        help="Share of repeat complaints among the complaints received, at most.",
    )
    complaint_target_analysis = fields.Float(
        string="Analysis Target (%)",
        default=100.0,
        help="Share of the company-responsible complaints needing an 8D whose root cause is "
        "analysed, at least.",
    )
    complaint_target_first_contact = fields.Float(
        string="First-contact Resolution Target (%)",
        default=90.0,
        help="Share of the closed complaints resolved at first contact (never escalated, "
        "rejected or re-processed), at least.",
    )
    complaint_target_escalated = fields.Float(
        string="Escalation Target (%)",
        default=5.0,
        help="Share of escalated complaints among the complaints received, at most.",
    )
