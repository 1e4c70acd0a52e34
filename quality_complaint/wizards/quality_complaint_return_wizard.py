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
        compute="_compute_picking_id",
        store=True,
        readonly=False,
        precompute=True,
        compute_sudo=False,
        domain="[('id', 'in', allowed_picking_ids)]",
    )
    allowed_picking_ids = fields.Many2many("stock.picking", compute="_compute_allowed_picking_ids")
    location_dest_id = fields.Many2one(
        "stock.location",
        string="Receive Into",
        compute="_compute_location_dest_id",
        store=True,
        readonly=False,
        precompute=True,
        compute_sudo=False,
        domain="[('usage', '=', 'internal'), ('company_id', 'in', [company_id, False])]",
        help="Leave empty to receive into the usual return location; choose the quarantine "
        "location to keep the goods apart until inspected.",
    )
    line_ids = fields.One2many(
        "quality.complaint.return.wizard.line",
        "wizard_id",
        string="Products",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
        compute_sudo=False,
    )

    @api.depends("complaint_id")
    def _compute_allowed_picking_ids(self):
        """The complaint's validated deliveries: only what left the warehouse comes back."""
        for wizard in self:
            wizard.allowed_picking_ids = wizard.complaint_id.picking_ids.filtered(
                lambda p: p.state == "done" and p.picking_type_code == "outgoing"
            )

    @api.depends("complaint_id")
    def _compute_picking_id(self):
        """The complaint's first validated delivery, the one usually returned."""
        for wizard in self:
            # _origin: on a new wizard (the form, a precomputed create) they are new records.
            wizard.picking_id = wizard.allowed_picking_ids._origin[:1]

    @api.depends("complaint_id")
    def _compute_location_dest_id(self):
        """The company's quarantine location, if it keeps complained goods apart."""
        for wizard in self:
            wizard.location_dest_id = wizard.company_id.complaint_quarantine_location_id

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
