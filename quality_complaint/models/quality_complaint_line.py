# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.float_utils import float_compare
from odoo.tools.sql import column_exists, create_column, table_exists


class QualityComplaintLine(models.Model):
    _name = "quality.complaint.line"
    _description = "Complaint Product Line"
    _order = "complaint_id, sequence, id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(related="complaint_id.commercial_partner_id", string="Customer")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        domain="[('type', '!=', 'service')]",
    )
    quantity = fields.Float(digits="Product Unit", required=True, default=1.0)
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", index="btree_not_null", check_company=True
    )
    move_line_id = fields.Many2one(
        "stock.move.line", string="Delivered Line", index="btree_not_null", check_company=True
    )
    picking_id = fields.Many2one(related="move_line_id.picking_id", string="Delivery")
    date_shipped = fields.Datetime(related="move_line_id.date", string="Shipped on")
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Order")
    defect_description = fields.Text(string="Defect")
    product_categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category")
    defect_id = fields.Many2one(
        "quality.complaint.defect",
        string="Defect Code",
        index="btree_not_null",
        check_company=True,
        ondelete="restrict",
        domain="['|', ('product_category_ids', '=', False), "
        "('product_category_ids', 'parent_of', product_categ_id)]",
        help="The kind of defect, from the configured list: the Pareto counts it and a later "
        "complaint of the customer on the same product and code is a repeat.",
    )
    is_closed = fields.Boolean(related="complaint_id.is_closed", store=True, precompute=True)

    _complaint_product_idx = models.Index("(complaint_id) INCLUDE (product_id)")
    # A product search among the open complaints (the default filter) reads only their lines:
    # a tenth of them, or less, where a common product has thousands of closed complaints.
    _open_product_idx = models.Index("(product_id, complaint_id) WHERE is_closed IS NOT TRUE")
    # The dashboard's summary lists each complaint's defect codes: an index-only scan of the
    # few lines that have one.
    _complaint_defect_idx = models.Index(
        "(complaint_id) INCLUDE (defect_id) WHERE defect_id IS NOT NULL"
    )
    # Recurrence at intake reads the complaints recorded last on a product, a lot or a defect
    # code of the company: a backward walk of these, a few entries whatever the history.
    _product_recent_idx = models.Index("(product_id, company_id, complaint_id DESC)")
    _defect_recent_idx = models.Index(
        "(defect_id, company_id, complaint_id DESC) WHERE defect_id IS NOT NULL"
    )
    _lot_recent_idx = models.Index(
        "(lot_id, company_id, complaint_id DESC) WHERE lot_id IS NOT NULL"
    )
    _quantity_positive = models.Constraint(
        "CHECK(quantity > 0)", "The complained quantity must be positive."
    )

    def _auto_init(self):
        self._init_is_closed_column()
        return super()._auto_init()

    def _init_is_closed_column(self):
        """On an upgrade, fill the lines' copy of their complaint's closed flag with one
        UPDATE, instead of the ORM's recomputation of every line."""
        cr = self.env.cr
        if table_exists(cr, self._table) and not column_exists(cr, self._table, "is_closed"):
            create_column(cr, self._table, "is_closed", "boolean")
            cr.execute(
                SQL(
                    "UPDATE quality_complaint_line line SET is_closed = complaint.is_closed "
                    "FROM quality_complaint complaint WHERE complaint.id = line.complaint_id"
                )
            )

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            if not line.uom_id:
                line.uom_id = line.product_id.uom_id

    def _delivered_quantity(self):
        """What was delivered for this line's origin, in the line's unit, or None if unknown.

        Called by ``_check_quantity_delivered``. An extension may count what the origin
        delivered under another name (the Kits bridge counts a kit's delivered components).
        """
        self.ensure_one()
        if self.move_line_id:
            qty, uom = self.move_line_id.quantity, self.move_line_id.product_uom_id
        elif self.sale_line_id:
            qty, uom = self.sale_line_id.qty_delivered, self.sale_line_id.product_uom_id
        else:
            return None
        return uom._compute_quantity(qty, self.uom_id, round=False)

    @api.constrains("quantity", "uom_id", "move_line_id", "sale_line_id")
    def _check_quantity_delivered(self):
        """Nobody can complain about more than was delivered to them."""
        for line in self:
            delivered = line._delivered_quantity()
            if delivered is None:
                continue
            rounding = line.uom_id.rounding
            if float_compare(line.quantity, delivered, precision_rounding=rounding) > 0:
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s: %(qty)s %(uom)s of %(product)s is more than "
                        "the %(delivered)s delivered. Enter at most the delivered quantity.",
                        complaint=line.complaint_id.name,
                        qty=line.quantity,
                        uom=line.uom_id.name,
                        product=line.product_id.display_name,
                        delivered=delivered,
                    )
                )

    def _get_origin_products(self):
        """The products this line may be about, given its origin: the delivered line's
        product, else the ordered product; empty when the line has no origin.

        Called by ``_check_origin_product``. An extension may add products that the
        origin delivered under another name (the Kits bridge adds the components of an
        ordered kit).
        """
        self.ensure_one()
        return self.move_line_id.product_id or self.sale_line_id.product_id

    @api.constrains("product_id", "move_line_id", "sale_line_id")
    def _check_origin_product(self):
        for line in self:
            origin_products = line._get_origin_products()
            if origin_products and line.product_id not in origin_products:
                raise ValidationError(
                    self.env._(
                        "The product %(product)s is not the one of the delivered line "
                        "(%(origin)s).",
                        product=line.product_id.display_name,
                        origin=(
                            line.move_line_id.product_id or line.sale_line_id.product_id
                        ).display_name,
                    )
                )

    @api.constrains("defect_id", "product_id")
    def _check_defect_product(self):
        """A defect code limited to some product categories fits only their products."""
        for line in self.filtered("defect_id"):
            if not line.defect_id._applies_to(line.product_id):
                raise ValidationError(
                    self.env._(
                        "The defect code %(defect)s does not apply to %(product)s (category "
                        "%(category)s): choose a code of that category.",
                        defect=line.defect_id.display_name,
                        product=line.product_id.display_name,
                        category=line.product_id.categ_id.display_name,
                    )
                )

    @api.constrains("lot_id", "move_line_id", "product_id")
    def _check_lot_delivered(self):
        """A lot can only be complained about if it was delivered to this customer."""
        lines = self.filtered("lot_id")
        if not lines:
            return
        delivered = self.env["stock.move.line"].search_fetch(
            [
                ("lot_id", "in", lines.lot_id.ids),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "customer"),
            ],
            ["lot_id", "picking_id"],
        )
        delivered_to = {}
        for move_line in delivered:
            delivered_to.setdefault(move_line.lot_id.id, set()).add(
                move_line.picking_id.partner_id.commercial_partner_id.id
            )
        for line in lines:
            if line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s belongs to %(lot_product)s, not to %(product)s.",
                        lot=line.lot_id.name,
                        lot_product=line.lot_id.product_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
            if line.move_line_id and line.move_line_id.lot_id == line.lot_id:
                continue
            if line.complaint_id.commercial_partner_id.id not in delivered_to.get(
                line.lot_id.id, set()
            ):
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s of %(product)s was never delivered to %(customer)s. "
                        "Check the lot number on the delivery note.",
                        lot=line.lot_id.name,
                        product=line.product_id.display_name,
                        customer=line.complaint_id.commercial_partner_id.display_name,
                    )
                )
