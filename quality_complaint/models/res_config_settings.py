# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_compensation_product_id = fields.Many2one(
        related="company_id.complaint_compensation_product_id", readonly=False
    )
    complaint_approval_amount = fields.Monetary(
        related="company_id.complaint_approval_amount", readonly=False
    )
    complaint_post_credit_notes = fields.Boolean(
        related="company_id.complaint_post_credit_notes", readonly=False
    )
    complaint_quarantine_location_id = fields.Many2one(
        related="company_id.complaint_quarantine_location_id", readonly=False
    )
    complaint_recovery_approval_amount = fields.Monetary(
        related="company_id.complaint_recovery_approval_amount", readonly=False
    )
    complaint_chargeback_product_id = fields.Many2one(
        related="company_id.complaint_chargeback_product_id", readonly=False
    )
    complaint_confirm_appeal = fields.Boolean(
        related="company_id.complaint_confirm_appeal", readonly=False
    )
    complaint_confirm_claim = fields.Boolean(
        related="company_id.complaint_confirm_claim", readonly=False
    )
    complaint_confirm_non_quality = fields.Boolean(
        related="company_id.complaint_confirm_non_quality", readonly=False
    )
    complaint_rework_user_id = fields.Many2one(
        related="company_id.complaint_rework_user_id", readonly=False
    )
    complaint_repeat_days = fields.Integer(
        related="company_id.complaint_repeat_days", readonly=False
    )
    complaint_target_on_time = fields.Float(
        related="company_id.complaint_target_on_time", readonly=False
    )
    complaint_target_replacement = fields.Float(
        related="company_id.complaint_target_replacement", readonly=False
    )
    complaint_target_satisfaction = fields.Float(
        related="company_id.complaint_target_satisfaction", readonly=False
    )
    complaint_target_campaign_satisfaction = fields.Float(
        related="company_id.complaint_target_campaign_satisfaction", readonly=False
    )
    complaint_target_callback = fields.Float(
        related="company_id.complaint_target_callback", readonly=False
    )
    complaint_target_repeat = fields.Float(
        related="company_id.complaint_target_repeat", readonly=False
    )
    complaint_target_analysis = fields.Float(
        related="company_id.complaint_target_analysis", readonly=False
    )
    complaint_target_first_contact = fields.Float(
        related="company_id.complaint_target_first_contact", readonly=False
    )
    complaint_target_escalated = fields.Float(
        related="company_id.complaint_target_escalated", readonly=False
    )
