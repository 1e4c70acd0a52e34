# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools.float_utils import float_compare, float_is_zero


class QualityComplaint(models.Model):
    """Remedies of a complaint, always through Odoo's own documents: return pickings,
    replacement deliveries, credit notes reversing the invoice, compensation credit notes."""

    _inherit = "quality.complaint"

    return_picking_ids = fields.One2many(
        "stock.picking",
        "remedy_complaint_id",
        string="Returns",
        domain=[("complaint_remedy", "=", "return")],
        readonly=True,
    )
    replacement_picking_ids = fields.One2many(
        "stock.picking",
        "remedy_complaint_id",
        string="Replacements",
        domain=[("complaint_remedy", "=", "replacement")],
        readonly=True,
    )
    refund_move_ids = fields.One2many(
        "account.move",
        "remedy_complaint_id",
        string="Refunds",
        domain=[("complaint_remedy", "=", "refund")],
        readonly=True,
    )
    compensation_move_ids = fields.One2many(
        "account.move",
        "remedy_complaint_id",
        string="Compensation Credit Notes",
        domain=[("complaint_remedy", "=", "compensation")],
        readonly=True,
    )
    replacement_order_ids = fields.One2many(
        "sale.order", "remedy_complaint_id", string="Replacement Orders", readonly=True
    )
    compensation_ids = fields.One2many(
        "quality.complaint.compensation", "complaint_id", string="Compensation Requests"
    )
    amount_refunded = fields.Monetary(compute="_compute_remedy_totals")
    amount_compensated = fields.Monetary(compute="_compute_remedy_totals")
    amount_granted = fields.Monetary(
        compute="_compute_remedy_totals", help="Refunded and compensated, without taxes."
    )
    replacement_cost = fields.Monetary(compute="_compute_remedy_totals")
    returned_qty = fields.Float(
        string="Returned Quantity", digits="Product Unit", compute="_compute_remedy_totals"
    )
    cost_total = fields.Monetary(string="Cost of Complaint", compute="_compute_remedy_totals")
    return_count = fields.Integer(compute="_compute_remedy_totals")
    replacement_count = fields.Integer(compute="_compute_remedy_totals")
    credit_note_count = fields.Integer(compute="_compute_remedy_totals")

    def _compute_remedy_totals(self):
        """Totals from the real documents, grouped in a few queries for all complaints."""
        Move = self.env["account.move"].sudo()
        credit = defaultdict(float)
        credit_count = defaultdict(int)
        for complaint, remedy, total, count in Move._read_group(
            [("remedy_complaint_id", "in", self.ids), ("state", "!=", "cancel")],
            ["remedy_complaint_id", "complaint_remedy"],
            ["amount_untaxed_signed:sum", "__count"],
        ):
            # Credit notes are negative in company currency: the cost is their opposite,
            # without the tax that the company recovers.
            credit[complaint.id, remedy] -= total
            credit_count[complaint.id] += count
        StockMove = self.env["stock.move"].sudo()
        moves = defaultdict(lambda: {"qty": 0.0, "value": 0.0, "pickings": set()})
        for move in StockMove.search_fetch(
            [
                ("picking_id.remedy_complaint_id", "in", self.ids),
                ("state", "!=", "cancel"),
            ],
            ["picking_id", "product_id", "product_qty", "quantity", "state", "value"],
        ):
            picking = move.picking_id
            key = (picking.remedy_complaint_id.id, picking.complaint_remedy)
            moves[key]["pickings"].add(picking.id)
            if move.state != "done":
                continue
            moves[key]["qty"] += move.product_qty
            value = abs(move.value) or move.product_id.standard_price * move.product_qty
            moves[key]["value"] += value
        for complaint in self:
            returns = moves.get((complaint.id, "return"), {"qty": 0.0, "pickings": ()})
            replacements = moves.get((complaint.id, "replacement"), {"value": 0.0, "pickings": ()})
            complaint.amount_refunded = credit[complaint.id, "refund"]
            complaint.amount_compensated = credit[complaint.id, "compensation"]
            complaint.amount_granted = complaint.amount_refunded + complaint.amount_compensated
            complaint.replacement_cost = replacements["value"]
            complaint.returned_qty = returns["qty"]
            complaint.return_count = len(returns["pickings"])
            complaint.replacement_count = len(replacements["pickings"])
            complaint.credit_note_count = credit_count[complaint.id]
            complaint.cost_total = (
                complaint.amount_refunded
                + complaint.amount_compensated
                + complaint.replacement_cost
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_documents(self):
        """Nothing a user did is lost: complaints with remedy documents are archived."""
        Picking = self.env["stock.picking"].sudo()
        Move = self.env["account.move"].sudo()
        domain = [("remedy_complaint_id", "in", self.ids)]
        if (
            Picking.search_count(domain, limit=1)
            or Move.search_count(domain, limit=1)
            or (
                self.env["quality.complaint.compensation"]
                .sudo()
                .search_count([("complaint_id", "in", self.ids)], limit=1)
            )
        ):
            raise UserError(
                self.env._(
                    "A complaint with returns, replacements, credit notes or compensation "
                    "cannot be deleted: archive it instead."
                )
            )

    def action_view_returns(self):
        """Open the return pickings of the complaint."""
        self.ensure_one()
        return self._action_open_documents(self.return_picking_ids, "stock.action_picking_tree_all")

    def action_view_replacements(self):
        """Open the replacement deliveries of the complaint."""
        self.ensure_one()
        return self._action_open_documents(
            self.replacement_picking_ids, "stock.action_picking_tree_all"
        )

    def action_view_credit_notes(self):
        """Open the refund and compensation credit notes of the complaint."""
        self.ensure_one()
        return self._action_open_documents(
            self.refund_move_ids | self.compensation_move_ids,
            "account.action_move_out_refund_type",
        )

    # ------------------------------------------------------------ guards
    def _check_remedy_allowed(self):
        """Remedies are for open complaints that the customer is not responsible for."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(
                self.env._(
                    "Complaint %s is closed or cancelled: re-open it before adding a remedy.",
                    self.name,
                )
            )
        if self.responsibility == "customer":
            raise UserError(
                self.env._(
                    "The customer is responsible for complaint %s: explain the decision to "
                    "the customer instead of granting a remedy, or revise the decision.",
                    self.name,
                )
            )

    def _lock_for_remedy(self):
        """Serialise remedies of one complaint: concurrent requests wait here, then see
        the documents the first one created."""
        self.ensure_one()
        self.env.cr.execute("SELECT id FROM quality_complaint WHERE id = %s FOR UPDATE", [self.id])
        self.env.invalidate_all()

    # ------------------------------------------------------------ return
    @api.model
    def _prepare_return_lines(self, picking, quantities):
        """Quantities to return per original move of a delivery, from complaint lines."""
        by_move = defaultdict(float)
        # One recordset, so that the lines' delivered moves are read together.
        lines = self.env["quality.complaint.line"].concat(*quantities).with_prefetch()
        for line in lines:
            qty = quantities[line]
            move = line.move_line_id.move_id
            if move.picking_id != picking:
                move = picking.move_ids.filtered(
                    lambda m, line=line: m.product_id == line.product_id and m.state == "done"
                )[:1]
            if not move:
                raise UserError(
                    self.env._(
                        "%(product)s was not delivered by %(picking)s: it cannot be returned "
                        "from it.",
                        product=line.product_id.display_name,
                        picking=picking.name,
                    )
                )
            by_move[move] += line.uom_id._compute_quantity(qty, move.product_uom)
        return by_move

    def _return_through_wizard(self, picking, quantities, too_much):
        """The return picking of ``quantities`` of ``picking``, made by Odoo's return
        wizard, refused beyond what can still be returned from it.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        :param too_much: the refusal, with %(qty)s %(uom)s %(product)s %(picking)s
        """
        by_move = self._prepare_return_lines(picking, quantities)
        returnable = self._returnable_quantities(picking)
        for move, qty in by_move.items():
            if move.product_uom.compare(qty, returnable[move]) > 0:
                raise UserError(
                    too_much
                    % {
                        "qty": returnable[move],
                        "uom": move.product_uom.name,
                        "product": move.product_id.display_name,
                        "picking": picking.name,
                    }
                )
        # Complaint users need no stock rights: the checks above and the callers' are what
        # they may do.
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        for return_line in wizard.product_return_moves:
            return_line.quantity = by_move.get(return_line.move_id, 0.0)
        wizard.product_return_moves.filtered(lambda rl: not rl.quantity).unlink()
        return wizard._create_return()

    def _create_return(self, picking, quantities, location_dest=None):
        """Return picking of ``picking`` through Odoo's return wizard.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        :param location_dest: internal location to receive into (quarantine), optional
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        quantities = {line: qty for line, qty in quantities.items() if qty > 0}
        if not quantities:
            raise UserError(self.env._("Enter a quantity to return."))
        if picking not in self.picking_ids or picking.state != "done":
            raise UserError(
                self.env._("Returns are made from a done delivery of complaint %s.", self.name)
            )
        new_picking = self._return_through_wizard(
            picking,
            quantities,
            self.env._(
                "Only %(qty)s %(uom)s of %(product)s can still be returned from %(picking)s."
            ),
        )
        vals = self._prepare_return_picking_vals()
        if location_dest:
            vals["location_dest_id"] = location_dest.id
        new_picking.write(vals)  # sudo, from the wizard
        if location_dest:
            new_picking.move_ids.write({"location_dest_id": location_dest.id})
        self._assign_return_lots(new_picking, quantities)
        self.message_post(
            body=self.env._("Return %s created.", new_picking._get_html_link()),
        )
        return new_picking

    def _prepare_return_picking_vals(self):
        return {
            "remedy_complaint_id": self.id,
            "complaint_remedy": "return",
            "origin": self.env._("%(complaint)s (return)", complaint=self.name),
        }

    @api.model
    def _returnable_quantities(self, picking):
        """Delivered minus already returned (not cancelled), per move of the delivery."""
        result = {}
        for move in picking.move_ids.filtered(lambda m: m.state == "done"):
            returned = sum(
                m.product_uom._compute_quantity(m.product_uom_qty, move.product_uom)
                for m in move.returned_move_ids
                if m.state != "cancel"
            )
            result[move] = move.quantity - returned
        return defaultdict(float, result)

    def _assign_return_lots(self, return_picking, quantities):
        """Receive exactly the complained lots: one move line per lot and quantity."""
        lot_qty = defaultdict(float)
        for line, qty in quantities.items():
            if line.lot_id:
                lot_qty[line.product_id, line.lot_id] += line.uom_id._compute_quantity(
                    qty, line.product_id.uom_id
                )
        if not lot_qty:
            return
        for move in return_picking.move_ids:
            lots = {
                lot: qty for (product, lot), qty in lot_qty.items() if product == move.product_id
            }
            if not lots:
                continue
            move.move_line_ids.unlink()
            self.env["stock.move.line"].sudo().create(
                [
                    {
                        **move._prepare_move_line_vals(quantity=qty),
                        "lot_id": lot.id,
                        "quantity": qty,
                        "product_uom_id": move.product_id.uom_id.id,
                    }
                    for lot, qty in lots.items()
                ]
            )

    # ------------------------------------------------------------ replacement
    def _create_replacement(self, quantities):
        """Outgoing delivery of replacement goods, at no price, linked to the complaint.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        quantities = {line: qty for line, qty in quantities.items() if qty > 0}
        if not quantities:
            raise UserError(self.env._("Enter a quantity to replace."))
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(self._prepare_replacement_picking_vals(quantities))
        )
        picking.action_confirm()
        picking.action_assign()
        self.message_post(
            body=self.env._("Replacement delivery %s created.", picking._get_html_link()),
        )
        return picking

    def _create_replacement_order(self, quantities):
        """Zero-priced sales order for the replacement goods: the usual order flow (routes,
        delivery, customer's documents) ships them; nothing is invoiced.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        quantities = {line: qty for line, qty in quantities.items() if qty > 0}
        if not quantities:
            raise UserError(self.env._("Enter a quantity to replace."))
        order = (
            self.env["sale.order"].sudo().create(self._prepare_replacement_order_vals(quantities))
        )
        order.action_confirm()
        order.picking_ids.write({"remedy_complaint_id": self.id, "complaint_remedy": "replacement"})
        self.message_post(
            body=self.env._("Replacement order %s created.", order._get_html_link()),
        )
        return order

    def _prepare_replacement_order_vals(self, quantities):
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.env.uid,
            "origin": self.name,
            "client_order_ref": self.env._("Replacement, complaint %s", self.name),
            "remedy_complaint_id": self.id,
            "warehouse_id": self._replacement_picking_type().warehouse_id.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": qty,
                        "product_uom_id": line.uom_id.id,
                        "price_unit": 0.0,
                        "discount": 0.0,
                    }
                )
                for line, qty in quantities.items()
            ],
        }

    def _replacement_picking_type(self):
        origin = self.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")[:1]
        if origin:
            return origin.picking_type_id
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %s has no warehouse to ship a replacement from.", self.company_id.name
                )
            )
        return warehouse.out_type_id

    def _prepare_replacement_picking_vals(self, quantities):
        picking_type = self._replacement_picking_type()
        partner = self.picking_ids[:1].partner_id or self.partner_id
        location = picking_type.default_location_src_id
        location_dest = partner.property_stock_customer
        return {
            "picking_type_id": picking_type.id,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "origin": self.env._("%(complaint)s (replacement)", complaint=self.name),
            "remedy_complaint_id": self.id,
            "complaint_remedy": "replacement",
            "move_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": qty,
                        "product_uom": line.uom_id.id,
                        "location_id": location.id,
                        "location_dest_id": location_dest.id,
                        "company_id": self.company_id.id,
                    }
                )
                for line, qty in quantities.items()
            ],
        }

    # ------------------------------------------------------------ refund
    @api.model
    def _refundable_quantities(self, invoice):
        """Invoiced minus already credited quantity per product line of ``invoice``.

        Credit notes reversing the invoice (drafts included, cancelled ones not) are matched
        to the invoice lines by product and sale line, first come first served.
        """
        # with_prefetch: lines reached through the one2many would be fetched one by one.
        product_lines = invoice.invoice_line_ids.with_prefetch().filtered(
            lambda ln: ln.display_type == "product"
        )
        refunds = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("reversed_entry_id", "=", invoice.id),
                    ("move_type", "=", "out_refund"),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        credited = defaultdict(float)
        for refund_line in refunds.invoice_line_ids.with_prefetch().filtered(
            lambda ln: ln.display_type == "product"
        ):
            key = (refund_line.product_id, frozenset(refund_line.sale_line_ids.ids))
            credited[key] += refund_line.product_uom_id._compute_quantity(
                refund_line.quantity, refund_line.product_id.uom_id
            )
        result = {}
        for line in product_lines:
            key = (line.product_id, frozenset(line.sale_line_ids.ids))
            invoiced = line.product_uom_id._compute_quantity(line.quantity, line.product_id.uom_id)
            used = min(credited[key], invoiced)
            credited[key] -= used
            result[line] = line.product_id.uom_id._compute_quantity(
                invoiced - used, line.product_uom_id
            )
        return result

    def _refundable_invoices(self):
        """The complaint's posted customer invoices, whoever issued them: the complaint, not
        the salesperson's invoice rights, decides what its handler may ask to refund."""
        return self.sudo().invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )

    def _default_refund_quantities(self, invoice):
        """What to refund by default: the complained quantities, within what is refundable."""
        self.ensure_one()
        refundable = self._refundable_quantities(invoice)
        result = {}
        for inv_line, available in refundable.items():
            complained = sum(
                line.uom_id._compute_quantity(line.quantity, inv_line.product_uom_id)
                for line in self.line_ids
                if line.product_id == inv_line.product_id
                and (not line.sale_line_id or line.sale_line_id in inv_line.sale_line_ids)
            )
            result[inv_line] = max(min(complained, available), 0.0)
        return result

    def _create_refund(self, invoice, quantities):
        """Credit note reversing the given lines of ``invoice`` (Odoo's reversal: prices,
        discounts, taxes, fiscal position and currency as invoiced).

        :param quantities: {account.move.line of the invoice: quantity to credit}
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        if invoice not in self._refundable_invoices():
            raise UserError(
                self.env._("Refunds reverse a posted customer invoice of complaint %s.", self.name)
            )
        invoice = invoice.sudo()
        # Lock the invoice too: a refund made from another complaint waits as well.
        self.env.cr.execute("SELECT id FROM account_move WHERE id = %s FOR UPDATE", [invoice.id])
        refundable = self._refundable_quantities(invoice)
        wanted = {}
        for line, qty in quantities.items():
            inv_line = line.sudo()
            if inv_line not in refundable:
                raise UserError(
                    self.env._("Line %s is not a product line of the invoice.", inv_line.name)
                )
            if float_is_zero(qty, precision_rounding=inv_line.product_uom_id.rounding):
                continue
            if (
                qty < 0
                or float_compare(
                    qty, refundable[inv_line], precision_rounding=inv_line.product_uom_id.rounding
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: %(qty)s cannot be refunded; %(available)s %(uom)s of "
                        "invoice %(invoice)s remain to refund.",
                        product=inv_line.product_id.display_name,
                        qty=qty,
                        available=refundable[inv_line],
                        uom=inv_line.product_uom_id.name,
                        invoice=invoice.name,
                    )
                )
            wanted[inv_line] = qty
        if not wanted:
            raise UserError(self.env._("Enter a quantity to refund."))
        refund = invoice._reverse_moves([self._prepare_refund_vals(invoice)], cancel=False)
        commands = []
        invoice_lines = invoice.invoice_line_ids.with_prefetch()
        refund_lines = refund.invoice_line_ids.with_prefetch()
        for inv_line, refund_line in zip(invoice_lines, refund_lines, strict=True):
            if inv_line not in wanted:
                commands.append(Command.delete(refund_line.id))
            elif float_compare(
                wanted[inv_line],
                refund_line.quantity,
                precision_rounding=inv_line.product_uom_id.rounding,
            ):
                commands.append(Command.update(refund_line.id, {"quantity": wanted[inv_line]}))
        # A line refunded in full is left as reversed: rewriting it recomputes the whole move.
        if commands:
            refund.write({"invoice_line_ids": commands})
        self._post_credit_note_if_configured(refund)
        self.message_post(body=self.env._("Credit note %s created.", refund._get_html_link()))
        return refund

    def _prepare_refund_vals(self, invoice):
        today = fields.Date.context_today(self)
        return {
            "ref": self.env._(
                "Refund of %(invoice)s, complaint %(complaint)s",
                invoice=invoice.name,
                complaint=self.name,
            ),
            "date": today,
            "invoice_date": today,
            "remedy_complaint_id": self.id,
            "complaint_remedy": "refund",
        }

    def _post_credit_note_if_configured(self, move):
        """Drafts for finance, unless the company posts them and the user may post."""
        if self.company_id.complaint_post_credit_notes and self.env.user.has_group(
            "account.group_account_invoice"
        ):
            move.with_env(self.env).action_post()
