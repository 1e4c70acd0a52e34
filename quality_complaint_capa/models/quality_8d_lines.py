# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

SIX_M = [
    ("man", "Man"),
    ("machine", "Machine"),
    ("material", "Material"),
    ("method", "Method"),
    ("measurement", "Measurement"),
    ("environment", "Environment"),
]


class Quality8dContentMixin(models.AbstractModel):
    """Lines of an 8D follow the 8D's editing rules."""

    _name = "quality.8d.content.mixin"
    _description = "8D Content"
    _report_field = "report_id"

    def _check_report_rights(self):
        reports = self[self._report_field]
        field = {
            "quality.8d.containment": "containment_ids",
            "quality.8d.cause": "cause_ids",
            "quality.capa.action": "action_ids",
        }.get(self._name, "member_ids")
        reports._check_edit_rights(fnames={field})

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_report_rights()
        return records

    def write(self, vals):
        self._check_report_rights()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen_report(self):
        self._check_report_rights()


class Quality8dMember(models.Model):
    """D1: the cross-functional team."""

    _name = "quality.8d.member"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Team Member"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    department = fields.Char()
    role = fields.Selection(
        [
            ("leader", "Team leader"),
            ("champion", "Champion / sponsor"),
            ("member", "Member"),
            ("expert", "Expert"),
            ("customer", "Customer representative"),
            ("supplier", "Supplier representative"),
        ],
        default="member",
        required=True,
    )

    @api.depends("user_id")
    def _compute_name(self):
        for member in self:
            if member.user_id:
                member.name = member.user_id.name


class Quality8dContainment(models.Model):
    """D3: where suspect goods are and what sorting found, per location or customer."""

    _name = "quality.8d.containment"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Containment Action"
    _order = "report_id, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    description = fields.Char(string="Action")
    product_id = fields.Many2one("product.product")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number")
    location_id = fields.Many2one("stock.location")
    partner_id = fields.Many2one("res.partner", string="Customer")
    picking_id = fields.Many2one("stock.picking", string="Delivery")
    quantity_at_risk = fields.Float(digits="Product Unit")
    quantity_checked = fields.Float(digits="Product Unit")
    quantity_defective = fields.Float(string="Quantity Sorted Out", digits="Product Unit")
    user_id = fields.Many2one("res.users", string="Responsible")
    date_done = fields.Date(string="Done on")
    state = fields.Selection(
        [("todo", "To check"), ("done", "Checked"), ("not_needed", "Not needed")],
        default="todo",
        required=True,
    )

    @api.constrains("quantity_checked", "quantity_defective")
    def _check_quantities(self):
        for line in self:
            if line.quantity_checked < 0 or line.quantity_defective < 0:
                raise ValidationError(self.env._("Containment quantities cannot be negative."))
            if line.quantity_defective > line.quantity_checked:
                raise ValidationError(
                    self.env._("More pieces sorted out than checked: check the quantities.")
                )


class Quality8dCause(models.Model):
    """D4: a cause, why it occurred or why it escaped, down its 5-Why chain."""

    _name = "quality.8d.cause"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Root Cause"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    cause_type = fields.Selection(
        [("occurrence", "Occurrence"), ("escape", "Escape (not detected)")],
        required=True,
        default="occurrence",
    )
    category = fields.Selection(SIX_M, string="6M Category", required=True, default="method")
    description = fields.Text(required=True)
    why_1 = fields.Char()
    why_2 = fields.Char()
    why_3 = fields.Char()
    why_4 = fields.Char()
    why_5 = fields.Char()
    is_root_cause = fields.Boolean(string="Root Cause", default=True)
    verified = fields.Boolean(help="The cause was reproduced or confirmed by test.")

    @api.model_create_multi
    def create(self, vals_list):
        causes = super().create(vals_list)
        causes.report_id.complaint_ids._flag_repeats()
        return causes

    def write(self, vals):
        res = super().write(vals)
        if {"category", "is_root_cause"} & vals.keys():
            self.report_id.complaint_ids._flag_repeats()
        return res


class Quality8dPrevention(models.Model):
    """D7: what changes so that it does not happen again, here and on similar products."""

    _name = "quality.8d.prevention"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Prevention Item"
    _order = "report_id, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    item_type = fields.Selection(
        [
            ("fmea", "FMEA update"),
            ("control_plan", "Control plan update"),
            ("work_instruction", "Work instruction update"),
            ("standard", "Standard / specification"),
            ("horizontal", "Horizontal deployment"),
            ("other", "Other"),
        ],
        required=True,
        default="fmea",
    )
    description = fields.Text(required=True)
    reference = fields.Char(help="Document number and revision.")
    product_ids = fields.Many2many(
        "product.product", string="Similar Products", help="Where the fix is deployed too."
    )
    user_id = fields.Many2one("res.users", string="Responsible")
    date_done = fields.Date(string="Done on")
