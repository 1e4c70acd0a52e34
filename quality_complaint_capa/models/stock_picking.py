# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

HOLD_ACTIVITY = "quality_complaint_capa.mail_activity_type_containment_hold"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    quality_hold_report_id = fields.Many2one(
        "quality.8d.report",
        string="Held by 8D",
        index="btree_not_null",
        readonly=True,
        copy=False,
        tracking=True,
        help="An 8D holds this delivery while it contains suspect lots: it cannot be validated "
        "until the 8D team releases it.",
    )

    def write(self, vals):
        if "quality_hold_report_id" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "A delivery is held and released from the containment (D3) of its 8D only."
                )
            )
        return super().write(vals)

    def button_validate(self):
        self._ensure_not_held()
        return super().button_validate()

    def _action_done(self):
        self._ensure_not_held()
        return super()._action_done()

    def _ensure_not_held(self):
        """A delivery held for containment does not leave."""
        held = self.filtered("quality_hold_report_id")
        if held:
            raise UserError(
                self.env._(
                    "%(pickings)s is held by 8D %(report)s for containment of suspect lots; "
                    "ask the 8D team to release it.",
                    pickings=", ".join(held.mapped("name")),
                    report=", ".join(held.sudo().quality_hold_report_id.mapped("name")),
                )
            )

    def _ensure_holdable(self, report):
        """Outgoing pickings not yet done, and not held by another 8D."""
        shipped = self.filtered(
            lambda p: p.picking_type_code != "outgoing" or p.state in ("done", "cancel")
        )
        if shipped:
            raise UserError(
                self.env._(
                    "%s is done or cancelled: only a pending delivery can be held.",
                    ", ".join(shipped.mapped("name")),
                )
            )
        other = self.filtered(lambda p: p.quality_hold_report_id not in (report, report.browse()))
        if other:
            raise UserError(
                self.env._(
                    "%(pickings)s is held by 8D %(report)s already.",
                    pickings=", ".join(other.mapped("name")),
                    report=", ".join(other.sudo().quality_hold_report_id.mapped("name")),
                )
            )

    def _quality_hold(self, report):
        """Hold these deliveries for ``report``: validation refuses them and whoever prepares
        each one (or the 8D leader) gets an activity saying why. Their reservations stay: the
        goods are where they were, set aside."""
        pickings = self.sudo().filtered(lambda p: p.quality_hold_report_id != report)
        pickings.write({"quality_hold_report_id": report.id})
        for picking in pickings:
            picking.activity_schedule(
                HOLD_ACTIVITY,
                summary=self.env._("Do not ship: held by 8D %s", report.name),
                note=self.env._(
                    "8D %(report)s (%(title)s) found suspect lots in this delivery. Keep the "
                    "goods apart until the 8D team releases it.",
                    report=report.name,
                    title=report.title,
                ),
                user_id=(picking.user_id or report.leader_id).id,
            )
        return True

    def _quality_release(self):
        """End the hold: the delivery can be validated again and its activity is done."""
        pickings = self.sudo().filtered("quality_hold_report_id")
        for picking in pickings:
            picking.activity_feedback(
                [HOLD_ACTIVITY],
                feedback=self.env._("Released by 8D %s", picking.quality_hold_report_id.name),
            )
        pickings.write({"quality_hold_report_id": False})
        return True
