# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class QualityComplaintReturnWizard(models.TransientModel):
    _name = "quality.complaint.return.wizard"
    _inherit = ["quality.complaint.remedy.wizard"]
    _description = "Return Complained Goods"

    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        domain="[('id', 'in', allowed_picking_ids)]",
    )
    allowed_picking_ids = fields.Many2many("stock.picking", compute="_compute_allowed_picking_ids")
    location_dest_id = fields.Many2one(
        "stock.location",
        string="Receive Into",
        domain="[('usage', '=', 'internal'), ('company_id', 'in', [company_id, False])]",
        help="Leave empty to receive into the usual return location; choose the quarantine "
        "location to keep the goods apart until inspected.",
    )
    line_ids = fields.One2many(
        "quality.complaint.return.wizard.line", "wizard_id", string="Products"
    )

    @api.depends("complaint_id")
    def _compute_allowed_picking_ids(self):
        for wizard in self:
            wizard.allowed_picking_ids = wizard.complaint_id.picking_ids.filtered(
                lambda p: p.state == "done" and p.picking_type_code == "outgoing"
            )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        complaint = self.env["quality.complaint"].browse(res.get("complaint_id"))
        if complaint:
            pickings = complaint.picking_ids.filtered(
                lambda p: p.state == "done" and p.picking_type_code == "outgoing"
            )
            res["picking_id"] = pickings[:1].id
            res["location_dest_id"] = complaint.company_id.complaint_quarantine_location_id.id
            res["line_ids"] = self._default_line_commands(complaint)
        return res

    def action_confirm(self):
        """Create the return picking and open it."""
        self._run_once()
        picking = self.complaint_id._create_return(
            self.picking_id,
            {line.complaint_line_id: line.quantity for line in self.line_ids},
            location_dest=self.location_dest_id,
        )
        return self._open_document(picking)


class QualityComplaintReturnWizardLine(models.TransientModel):
    _name = "quality.complaint.return.wizard.line"
    _description = "Return Complained Goods Line"

    wizard_id = fields.Many2one(
        "quality.complaint.return.wizard", required=True, ondelete="cascade"
    )
    complaint_line_id = fields.Many2one("quality.complaint.line", required=True)
    product_id = fields.Many2one(related="complaint_line_id.product_id")
    lot_id = fields.Many2one(related="complaint_line_id.lot_id")
    uom_id = fields.Many2one(related="complaint_line_id.uom_id")
    quantity = fields.Float(digits="Product Unit")
