# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import float_compare

PLACES = [("stock", "On hand"), ("transit", "In transit"), ("customer", "Delivered")]


class Quality8dContainment(models.Model):
    """D3: where suspect goods are and what sorting found, per location or customer.

    Lines with a ``place`` come from lot traceability (``_refresh_suspect_stock``): one line
    per suspect lot and place (an internal location, a pending delivery, a done delivery);
    the other lines are containment actions entered by hand."""

    _name = "quality.8d.containment"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Containment Action"
    _order = "report_id, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="report_id.company_id")
    description = fields.Char(string="Action")
    place = fields.Selection(
        PLACES,
        readonly=True,
        help="Where the suspect goods are, found from the lots' traceability: on hand in an "
        "internal location, in a delivery not yet done, or delivered to a customer. Empty on "
        "the actions entered by hand.",
    )
    product_id = fields.Many2one("product.product")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number")
    sibling_of_id = fields.Many2one(
        "stock.lot",
        string="Sibling of",
        readonly=True,
        help="The complained lot received in the same receipt or made by the same production "
        "as this lot: it may share the defect.",
    )
    sibling_source = fields.Char(
        string="Same Receipt or Production",
        readonly=True,
        help="The receipt or the manufacturing order this lot shares with the complained lot.",
    )
    location_id = fields.Many2one("stock.location")
    partner_id = fields.Many2one("res.partner", string="Customer")
    picking_id = fields.Many2one("stock.picking", string="Delivery")
    quantity_at_risk = fields.Float(
        digits="Product Unit",
        help="The quantity of the lot at this place when the suspect stock was last computed.",
    )
    quantity_checked = fields.Float(digits="Product Unit")
    quantity_good = fields.Float(
        string="Found Good", digits="Product Unit", help="Checked and released as good."
    )
    quantity_defective = fields.Float(
        string="Rejected", digits="Product Unit", help="Checked and found defective."
    )
    quarantine_picking_id = fields.Many2one(
        "stock.picking",
        string="Quarantine Transfer",
        readonly=True,
        copy=False,
        help="The internal transfer taking this stock to the quarantine location.",
    )
    quarantine_state = fields.Selection(
        related="quarantine_picking_id.state",
        string="Quarantine Status",
        help="Status of the quarantine transfer: ready until the warehouse validates it.",
    )
    is_quarantined = fields.Boolean(
        string="In Quarantine",
        compute="_compute_is_quarantined",
        compute_sudo=True,
        help="The stock is in the company's quarantine location already.",
    )
    is_held = fields.Boolean(
        string="Held",
        compute="_compute_is_held",
        compute_sudo=True,
        help="This 8D holds the delivery: it cannot be validated.",
    )
    user_id = fields.Many2one("res.users", string="Responsible")
    date_done = fields.Date(string="Done on")
    state = fields.Selection(
        [("todo", "To check"), ("done", "Checked"), ("not_needed", "Not needed")],
        default="todo",
        required=True,
    )

    @api.depends("location_id", "company_id.complaint_quarantine_location_id")
    def _compute_is_quarantined(self):
        for line in self:
            quarantine = line.company_id.complaint_quarantine_location_id
            line.is_quarantined = bool(
                quarantine
                and line.location_id
                and line.location_id.parent_path.startswith(quarantine.parent_path)
            )

    @api.depends("picking_id.quality_hold_report_id", "report_id")
    def _compute_is_held(self):
        for line in self:
            line.is_held = bool(line.report_id) and (
                line.picking_id.quality_hold_report_id == line.report_id
            )

    @api.constrains("quantity_checked", "quantity_good", "quantity_defective")
    def _check_quantities(self):
        digits = self.env["decimal.precision"].precision_get("Product Unit")
        for line in self:
            if min(line.quantity_checked, line.quantity_good, line.quantity_defective) < 0:
                raise ValidationError(self.env._("Containment quantities cannot be negative."))
            sorted_qty = line.quantity_good + line.quantity_defective
            if float_compare(sorted_qty, line.quantity_checked, precision_digits=digits) > 0:
                raise ValidationError(
                    self.env._(
                        "%(place)s: %(good)s found good and %(rejected)s rejected make more than "
                        "the %(checked)s checked; correct the counts.",
                        place=line._place_name(),
                        good=line.quantity_good,
                        rejected=line.quantity_defective,
                        checked=line.quantity_checked,
                    )
                )

    # ------------------------------------------------------------ actions
    def action_quarantine(self):
        """Move the suspect stock of these on-hand lines to the quarantine location: one
        internal transfer per location, reserved on exactly these lots."""
        for report, lines in self.grouped("report_id").items():
            report.action_quarantine(lines.ids)
        return True

    def action_hold(self):
        """Stop the pending deliveries of these in-transit lines: they cannot be validated
        until the 8D releases them; whoever prepares them gets an activity."""
        self._ensure_team()
        self._ensure_place("transit", self.env._("Only deliveries in transit can be held."))
        for report, lines in self.grouped("report_id").items():
            pickings = lines.picking_id.sudo()
            pickings._ensure_holdable(report)
            pickings._quality_hold(report)
            report.message_post(
                body=self.env._(
                    "Deliveries held for containment: %s",
                    ", ".join(pickings.mapped("name")),
                )
            )
        return True

    def action_release(self):
        """Let the deliveries held by these lines' 8D go: the hold and its activity end."""
        self._ensure_team()
        self._ensure_place("transit", self.env._("Only deliveries in transit can be released."))
        for report, lines in self.grouped("report_id").items():
            pickings = lines.picking_id.sudo()
            held = pickings.filtered(lambda p, r=report: p.quality_hold_report_id == r)
            if held != pickings:
                raise UserError(
                    self.env._(
                        "8D %(report)s does not hold %(pickings)s: nothing to release.",
                        report=report.name,
                        pickings=", ".join((pickings - held).mapped("name")),
                    )
                )
            held._quality_release()
            report.message_post(
                body=self.env._("Deliveries released: %s", ", ".join(held.mapped("name")))
            )
        return True

    def action_draft_notice(self):
        """Open the e-mail composer with the notice to this line's customer, written in the
        customer's language and listing every delivery of suspect lots it received; the
        user reviews and sends it, nothing goes out before."""
        self.ensure_one()
        draft = self.get_notice_draft()[0]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Containment Notice"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_composition_mode": "comment",
                "default_model": "res.partner",
                "default_res_ids": [draft["partner_id"]],
                "default_partner_ids": [draft["partner_id"]],
                "default_subject": draft["subject"],
                "default_body": draft["body"],
                "default_subtype_xmlid": "mail.mt_comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

    def get_notice_draft(self):
        """The notice to each customer of these delivered lines, rendered in the customer's
        language from the containment notice template and not sent: what the composer opens,
        for integrations that send their own mail.

        :return: one dict per 8D and customer: ``partner_id``, ``lang``, ``subject``,
            ``body`` (HTML) and ``line_ids`` (every delivered line of that customer)
        """
        self._ensure_team()
        self._ensure_place("customer", self.env._("Only delivered lots are notified."))
        template = self.env.ref("quality_complaint_capa.mail_template_containment_notice")
        drafts = []
        for report, lines in self.grouped("report_id").items():
            for partner in lines.partner_id:
                drafts.append(report._render_containment_notice(template, partner))
        return drafts

    # ------------------------------------------------------------ validation
    def _ensure_team(self):
        """The 8D team and the complaint managers act on the containment."""
        if not self:
            raise UserError(self.env._("Select the containment lines to act on."))
        self.report_id._check_edit_rights(fnames={"containment_ids"})

    def _ensure_place(self, place, message):
        """Every line is of ``place`` (with its delivery for deliveries)."""
        wrong = self.filtered(
            lambda line: line.place != place or (place != "stock" and not line.picking_id)
        )
        if wrong:
            raise UserError(
                self.env._(
                    "%(message)s Not: %(lines)s.",
                    message=message,
                    lines=", ".join(wrong.mapped(lambda line: line._place_name())),
                )
            )

    def _ensure_quarantinable(self):
        """On-hand stock outside quarantine, with no quarantine transfer pending."""
        self._ensure_place("stock", self.env._("Only stock on hand can be quarantined."))
        inside = self.filtered("is_quarantined")
        if inside:
            raise UserError(
                self.env._(
                    "%s is in quarantine already.",
                    ", ".join(inside.mapped(lambda line: line._place_name())),
                )
            )
        pending = self.filtered(lambda line: line.quarantine_state not in (False, "done", "cancel"))
        if pending:
            raise UserError(
                self.env._(
                    "%s: the quarantine transfer is waiting for the warehouse; validate or "
                    "cancel it first.",
                    ", ".join(pending.mapped(lambda line: line.quarantine_picking_id.name)),
                )
            )

    def _place_name(self):
        """How a user names this line in a message: lot and place (read as superuser: an
        8D member may have no inventory rights)."""
        self.ensure_one()
        line = self.sudo()
        where = (
            line.location_id.display_name
            if line.place == "stock"
            else (line.picking_id.name or line.partner_id.display_name or "")
        )
        parts = [line.lot_id.name, where] if line.place else [line.description]
        return " / ".join(part for part in parts if part) or self.env._("Containment action")

    # ------------------------------------------------------------ suspect stock
    @api.model
    def _refresh_suspect_stock(self, report):
        """List the suspect stock of ``report``'s complained lots and their sibling lots,
        per place: on hand per internal location (less what pending deliveries reserved
        there), in pending deliveries, delivered to customers (less their returns).

        A place found again has its quantity refreshed; a place that no longer holds the lot
        keeps its line (its counts are the record of the sorting) with nothing at risk."""
        lots, siblings = self._suspect_lots(report)
        transit = self._in_transit(report, lots)
        found = {}
        for place, rows in (
            ("stock", self._on_hand(report, lots, transit)),
            ("transit", transit),
            ("customer", self._delivered(report, lots)),
        ):
            for (lot, location, picking), quantity in rows.items():
                found[place, lot, location, picking] = quantity
        existing = {
            (line.place, line.lot_id, line.location_id, line.picking_id): line
            for line in report.containment_ids.filtered("place")
        }
        commands = []
        for key, line in existing.items():
            quantity = max(found.pop(key, 0.0), 0.0)
            if float_compare(quantity, line.quantity_at_risk, precision_digits=6):
                commands.append(Command.update(line.id, {"quantity_at_risk": quantity}))
        for (place, lot, location, picking), quantity in found.items():
            if quantity > 0:
                commands.append(
                    Command.create(
                        self._prepare_place_vals(
                            place, lot, location, picking, quantity, siblings.get(lot)
                        )
                    )
                )
        if commands:
            report.containment_ids = commands
        return True

    @api.model
    def _prepare_place_vals(self, place, lot, location, picking, quantity, sibling=None):
        """Values of a new containment line for the suspect ``lot`` at a place.

        Called by ``_refresh_suspect_stock`` for each place found; ``sibling`` is
        ``(complained lot, receipt or production name)`` for a sibling lot. An extension may
        add values (a responsible per warehouse, a deadline); it keeps the place, the lot,
        the location and the picking, which identify the line when it is refreshed.
        """
        descriptions = {
            "stock": self.env._("Sort the stock on hand"),
            "transit": self.env._("Hold and check the delivery"),
            "customer": self.env._("Notify the customer and sort its stock"),
        }
        vals = {
            "place": place,
            "description": descriptions[place],
            "lot_id": lot.id,
            "product_id": lot.product_id.id,
            "location_id": location.id,
            "picking_id": picking.id,
            "partner_id": picking.partner_id.commercial_partner_id.id,
            "quantity_at_risk": quantity,
        }
        if sibling:
            vals.update({"sibling_of_id": sibling[0].id, "sibling_source": sibling[1]})
        return vals

    @api.model
    def _suspect_lots(self, report):
        """The complained lots and their siblings: the other lots received from the supplier
        in the same receipt, or made by the same manufacturing order (or its backorders)
        where Manufacturing is installed (without depending on it).

        :return: (all suspect lots, {sibling lot: (complained lot, receipt or order name)})
        """
        complained = report.complaint_ids.line_ids.lot_id
        MoveLine = self.env["stock.move.line"].sudo()
        done = [("state", "=", "done"), ("company_id", "=", report.company_id.id)]
        siblings = {}
        receipts = MoveLine.search_fetch(
            [
                *done,
                ("lot_id", "in", complained.ids),
                ("location_id.usage", "=", "supplier"),
                ("picking_id", "!=", False),
            ],
            ["lot_id", "picking_id"],
        )
        origin = {ml.picking_id: ml.lot_id for ml in receipts}
        for ml in MoveLine.search_fetch(
            [
                *done,
                ("picking_id", "in", receipts.picking_id.ids),
                ("lot_id", "not in", complained.ids),
                ("lot_id", "!=", False),
            ],
            ["lot_id", "picking_id"],
        ):
            siblings.setdefault(ml.lot_id, (origin[ml.picking_id], ml.picking_id.name))
        if "mrp.production" in self.env:
            # The same production: the manufacturing order and its backorders.
            produced = MoveLine.search_fetch(
                [*done, ("lot_id", "in", complained.ids), ("move_id.production_id", "!=", False)],
                ["lot_id", "move_id"],
            )
            productions = produced.move_id.production_id
            origin = {
                ml.move_id.production_id.production_group_id or ml.move_id.production_id: ml.lot_id
                for ml in produced
            }
            for ml in MoveLine.search_fetch(
                [
                    *done,
                    "|",
                    ("move_id.production_id", "in", productions.ids),
                    (
                        "move_id.production_id.production_group_id",
                        "in",
                        productions.production_group_id.ids,
                    ),
                    ("lot_id", "not in", complained.ids),
                    ("lot_id", "!=", False),
                ],
                ["lot_id", "move_id"],
            ):
                production = ml.move_id.production_id
                complained_lot = origin[production.production_group_id or production]
                siblings.setdefault(ml.lot_id, (complained_lot, production.name))
        lots = complained | self.env["stock.lot"].browse([lot.id for lot in siblings])
        return lots, siblings

    @api.model
    def _in_transit(self, report, lots):
        """{(lot, location, delivery): quantity} reserved or picked in outgoing pickings not
        yet done: the goods are still here but promised to a customer."""
        groups = (
            self.env["stock.move.line"]
            .sudo()
            ._read_group(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "not in", ("done", "cancel")),
                    ("picking_id.picking_type_id.code", "=", "outgoing"),
                    ("company_id", "=", report.company_id.id),
                ],
                ["lot_id", "location_id", "picking_id"],
                ["quantity_product_uom:sum"],
            )
        )
        return {(lot, location, picking): qty for lot, location, picking, qty in groups}

    @api.model
    def _on_hand(self, report, lots, transit):
        """{(lot, internal location, no picking): quantity} on hand, less what pending
        deliveries reserved there (``transit``, from ``_in_transit``)."""
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("lot_id", "in", lots.ids),
                    ("location_id.usage", "=", "internal"),
                    ("company_id", "=", report.company_id.id),
                ],
                ["lot_id", "location_id"],
                ["quantity:sum"],
            )
        )
        promised = defaultdict(float)
        for (lot, location, _picking), qty in transit.items():
            promised[lot, location] += qty
        no_picking = self.env["stock.picking"]
        return {
            (lot, location, no_picking): qty - promised[lot, location]
            for lot, location, qty in groups
        }

    @api.model
    def _delivered(self, report, lots):
        """{(lot, no location, delivery): quantity} delivered to customers, less what came
        back through returns of that delivery."""
        MoveLine = self.env["stock.move.line"].sudo()
        domain = [
            ("lot_id", "in", lots.ids),
            ("state", "=", "done"),
            ("company_id", "=", report.company_id.id),
        ]
        groups = MoveLine._read_group(
            [*domain, ("location_dest_id.usage", "=", "customer"), ("picking_id", "!=", False)],
            ["lot_id", "picking_id"],
            ["quantity_product_uom:sum"],
        )
        no_location = self.env["stock.location"]
        result = {(lot, no_location, picking): qty for lot, picking, qty in groups}
        for ml in MoveLine.search_fetch(
            [
                *domain,
                ("location_id.usage", "=", "customer"),
                ("move_id.origin_returned_move_id", "!=", False),
            ],
            ["lot_id", "quantity_product_uom", "move_id"],
        ):
            key = (ml.lot_id, no_location, ml.move_id.origin_returned_move_id.picking_id)
            if key in result:
                result[key] -= ml.quantity_product_uom
        return result

    # ------------------------------------------------------------ quarantine
    def _free_quants(self):
        """{line: [(quant, free quantity)]}: what each on-hand line can still move, quant by
        quant (packages and owners kept), strictly at its location."""
        quants = (
            self.env["stock.quant"]
            .sudo()
            .search_fetch(
                [
                    ("lot_id", "in", self.lot_id.ids),
                    ("location_id", "in", self.location_id.ids),
                ],
                [
                    "lot_id",
                    "location_id",
                    "package_id",
                    "owner_id",
                    "quantity",
                    "reserved_quantity",
                ],
            )
        )
        by_place = defaultdict(list)
        for quant in quants:
            free = quant.quantity - quant.reserved_quantity
            if free > 0:
                by_place[quant.lot_id, quant.location_id].append((quant, free))
        return {line: by_place[line.lot_id, line.location_id] for line in self}

    def _quarantine(self):
        """Internal transfers of the free stock of these on-hand lines (of one 8D) to the
        quarantine location, reserved on the exact lots, packages and locations.

        The transfers are left ready, not validated: the reservation keeps every delivery
        from taking the lots at once, and the warehouse validates the transfer when it has
        moved the goods (a stock move records a physical move)."""
        report = self.report_id
        report.ensure_one()
        self._ensure_team()
        quarantine = report.company_id.complaint_quarantine_location_id
        if not quarantine:
            raise UserError(
                self.env._(
                    "Set the quarantine location of %s in the complaint settings first.",
                    report.company_id.name,
                )
            )
        self._ensure_quarantinable()
        free = self._free_quants()
        empty = self.filtered(lambda line: not free[line])
        if empty:
            raise UserError(
                self.env._(
                    "Nothing free to move for %s: the stock is gone or reserved by other "
                    "transfers. Compute the suspect stock again.",
                    ", ".join(empty.mapped(lambda line: line._place_name())),
                )
            )
        Picking = self.env["stock.picking"].sudo()
        Move = self.env["stock.move"].sudo()
        pickings = Picking
        for location, lines in self.grouped("location_id").items():
            picking = Picking.create(report._prepare_quarantine_picking_vals(location, quarantine))
            Move.create(
                [
                    line._prepare_quarantine_move_vals(
                        picking, sum(qty for _quant, qty in free[line])
                    )
                    for line in lines
                ]
            )
            picking.action_confirm()
            # Confirming reserves by the removal strategy: reserve the suspect lots instead.
            picking.move_ids._do_unreserve()
            for line in lines:
                move = picking.move_ids.filtered(lambda m, ln=line: m.product_id == ln.product_id)
                for quant, qty in free[line]:
                    move[:1]._update_reserved_quantity(
                        qty,
                        quant.location_id,
                        lot_id=quant.lot_id,
                        package_id=quant.package_id,
                        owner_id=quant.owner_id,
                        strict=True,
                    )
            picking.move_ids._recompute_state()
            lines.write({"quarantine_picking_id": picking.id})
            pickings |= picking
        report.message_post(
            body=self.env._(
                "Suspect stock sent to quarantine (%(location)s): %(pickings)s",
                location=quarantine.display_name,
                pickings=", ".join(pickings.mapped("name")),
            )
        )
        return pickings

    def _prepare_quarantine_move_vals(self, picking, quantity):
        """Values of the stock move taking this line's lot to quarantine.

        Called by ``_quarantine`` with the free quantity of the lot at the line's location,
        in the product's unit; the move lines that reserve the exact lot are made after the
        picking is confirmed. An extension may add values (a description, a priority).
        """
        self.ensure_one()
        return {
            "picking_id": picking.id,
            "product_id": self.product_id.id,
            "product_uom": self.product_id.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "picking_type_id": picking.picking_type_id.id,
            "company_id": picking.company_id.id,
            "origin": picking.origin,
        }
