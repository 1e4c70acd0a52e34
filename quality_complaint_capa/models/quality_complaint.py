# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Command


class QualityComplaint(models.Model):
    _inherit = "quality.complaint"

    eightd_ids = fields.Many2many(
        "quality.8d.report",
        "quality_8d_report_complaint_rel",
        "complaint_id",
        "report_id",
        string="8D Reports",
        copy=False,
    )
    eightd_count = fields.Integer(compute="_compute_eightd_count")
    requires_8d = fields.Boolean(
        compute="_compute_requires_8d",
        help="Company-responsible complaints of a category that requires an 8D.",
    )
    repeat_of_8d_id = fields.Many2one(
        "quality.8d.report",
        string="Repeats 8D",
        compute="_compute_repeat_of_8d_id",
        store=True,
        copy=False,
        help="The 8D of the earlier complaint this one repeats, where there is one.",
    )

    @api.depends("eightd_ids")
    def _compute_eightd_count(self):
        for complaint in self:
            complaint.eightd_count = len(complaint.eightd_ids)

    @api.depends("responsibility", "category_id.require_8d")
    def _compute_requires_8d(self):
        for complaint in self:
            complaint.requires_8d = (
                complaint.responsibility == "company" and complaint.category_id.require_8d
            )

    def _closure_blockers(self):
        """Company-responsible quality complaints close only with an 8D, where required."""
        blockers = super()._closure_blockers()
        for complaint in self.filtered(lambda c: c.requires_8d and not c.eightd_ids):
            blockers.setdefault(complaint, []).append(
                self.env._("it needs an 8D report before it is closed: start one")
            )
        return blockers

    @api.depends("eightd_ids.cause_ids.category", "eightd_ids.cause_ids.is_root_cause")
    def _compute_repeat(self):
        """Once the complaint's own 8D names its root causes, a complaint of the customer
        on the same product with an 8D of the same cause category (6M) is repeated too."""
        return super()._compute_repeat()

    @api.depends("repeat_of_id.eightd_ids")
    def _compute_repeat_of_8d_id(self):
        """The repeat is linked to the earlier complaint's latest 8D."""
        for complaint in self:
            reports = complaint.repeat_of_id.sudo().eightd_ids
            complaint.repeat_of_8d_id = reports.sorted("id")[-1:].id

    def _repeat_keys(self):
        """(product id, '6m', category) of each root cause category of the complaint's 8Ds
        and each product of its lines."""
        keys = super()._repeat_keys()
        for complaint in self.sudo():
            causes = complaint.eightd_ids.cause_ids.filtered("is_root_cause")
            for category in set(causes.mapped("category")):
                for product in complaint.line_ids.product_id:
                    keys[complaint.id].add((product.id, "6m", category))
        return keys

    def action_start_8d(self):
        """Start an 8D report on this complaint, with its team leader and its problem."""
        self.ensure_one()
        if self.eightd_ids.filtered(lambda r: r.state != "done"):
            return self.action_view_8d()
        report = self.env["quality.8d.report"].create(self._prepare_8d_vals())
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.8d.report",
            "res_id": report.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _prepare_8d_vals(self):
        leader = self.user_id or self.env.user
        return {
            "title": self.subject,
            "company_id": self.company_id.id,
            "complaint_ids": [Command.set(self.ids)],
            "leader_id": leader.id,
            "member_ids": [Command.create({"user_id": leader.id, "role": "leader"})],
            "problem_what": "\n".join(
                f"{line.product_id.display_name}: {line.defect_description or ''}"
                for line in self.line_ids
            ),
            "problem_who": self.commercial_partner_id.display_name,
            "problem_how_many": "\n".join(
                f"{line.quantity} {line.uom_id.name} {line.product_id.display_name}"
                + (f" ({line.lot_id.name})" if line.lot_id else "")
                for line in self.line_ids
            ),
        }

    @api.readonly
    def action_view_8d(self):
        """Open the 8D reports of this complaint."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint_capa.quality_8d_report_action"
        )
        if len(self.eightd_ids) == 1:
            action.update(res_id=self.eightd_ids.id, views=[(False, "form")], view_mode="form")
        else:
            action["domain"] = [("id", "in", self.eightd_ids.ids)]
        return action
