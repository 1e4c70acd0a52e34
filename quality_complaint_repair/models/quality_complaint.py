# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class QualityComplaint(models.Model):
    _inherit = "quality.complaint"

    repair_ids = fields.One2many(
        "repair.order", "complaint_id", string="Repair Orders", readonly=True
    )
    repair_count = fields.Integer(compute="_compute_repair_count")

    def _compute_repair_count(self):
        counts = dict(
            self.env["repair.order"]
            .sudo()
            ._read_group([("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"])
        )
        for complaint in self:
            complaint.repair_count = counts.get(complaint, 0)

    @api.readonly
    def action_view_repairs(self):
        """Open the repair orders of the complaint's returned goods."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------ repair of returned goods
    def action_create_repair(self):
        """Rework the returned goods through Odoo's Repair app: one repair order per product
        and lot received back and not yet under repair, picked where the return put them
        (the quarantine), under warranty when the company is responsible. The disposition
        becomes rework; the repair's completion is the quality re-check.

        :return: the repair orders created
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        move_lines = self._ensure_goods_to_repair()
        repairs = (
            self.env["repair.order"]
            .sudo()
            .create([self._prepare_repair_vals(line) for line in move_lines])
        )
        if self.disposition != "rework":
            self.disposition = "rework"
        self.message_post(
            body=self.env._(
                "Repair orders created: %s",
                ", ".join(repairs.mapped("name")),
            )
        )
        return repairs.with_env(self.env)

    def _ensure_goods_to_repair(self):
        """The done move lines of the complaint's received returns whose product and lot
        have no repair order yet; refused when nothing came back or all is under repair."""
        self.ensure_one()
        returns = self.sudo().return_picking_ids.filtered(lambda p: p.state == "done")
        if not returns:
            raise UserError(
                self.env._(
                    "Receive the returned goods of complaint %s first: a repair reworks the "
                    "goods that came back.",
                    self.name,
                )
            )
        repaired = {
            (repair.product_id, repair.lot_id)
            for repair in self.sudo().repair_ids.filtered(lambda r: r.state != "cancel")
        }
        lines = returns.move_line_ids.filtered(
            lambda ml: ml.quantity and (ml.product_id, ml.lot_id) not in repaired
        )
        if not lines:
            raise UserError(
                self.env._(
                    "The returned goods of complaint %s are under repair already.", self.name
                )
            )
        return lines

    def _prepare_repair_vals(self, move_line):
        """Values of the repair order of one returned move line.

        Called by ``action_create_repair``. An extension may set the repair's operation
        type, responsible, tags or parts; it keeps ``complaint_id`` (the link the re-check
        and the smart buttons read) and the product, lot and quantity received back.
        """
        warehouse = move_line.picking_id.picking_type_id.warehouse_id
        vals = {
            "complaint_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "product_id": move_line.product_id.id,
            "product_qty": move_line.quantity,
            "product_uom": move_line.product_uom_id.id,
            "lot_id": move_line.lot_id.id,
            "picking_id": move_line.picking_id.id,
            "product_location_src_id": move_line.location_dest_id.id,
            "under_warranty": self.responsibility == "company",
            "internal_notes": self.env._(
                "<p>Rework of the goods returned with complaint %(complaint)s: %(subject)s</p>",
                complaint=self.name,
                subject=self.subject,
            ),
        }
        if warehouse.repair_type_id:
            vals["picking_type_id"] = warehouse.repair_type_id.id
        return vals

    def _record_repair_recheck(self, repairs):
        """The repairs ended: the re-check of the reworked goods is passed (recorded by the
        user who ended the repair), and the rework task is done."""
        now = fields.Datetime.now()
        for complaint in self.sudo():
            names = ", ".join(
                repairs.filtered(lambda r, c=complaint: r.complaint_id == c).mapped("name")
            )
            complaint.write(
                {
                    "recheck_result": "passed",
                    "recheck_note": self.env._("Repaired: %s", names),
                    "recheck_date": now,
                    "recheck_user_id": self.env.uid,
                }
            )
        self.filtered(lambda c: c.disposition == "rework").sudo().activity_feedback(
            ["quality_complaint.mail_activity_type_rework"]
        )
