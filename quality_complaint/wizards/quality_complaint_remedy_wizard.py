# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..tools import lock_rows


class QualityComplaintRemedyWizard(models.AbstractModel):
    """What every remedy wizard shares: its complaint, and that it acts only once."""

    _name = "quality.complaint.remedy.wizard"
    _description = "Complaint Remedy Wizard"

    complaint_id = fields.Many2one("quality.complaint", required=True, readonly=True)
    company_id = fields.Many2one(related="complaint_id.company_id")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")

    @api.depends("complaint_id")
    def _compute_line_ids(self):
        """One wizard line per complaint line with the complained quantity, from the
        complaint however it is given: the form's default or an explicit value (JSON-2)."""
        for wizard in self:
            wizard.line_ids = [Command.clear()] + [
                Command.create({"complaint_line_id": line.id, "quantity": line.quantity})
                for line in wizard._default_lines(wizard.complaint_id)
            ]

    @api.model_create_multi
    def create(self, vals_list):
        """Remedies start only from a complaint the user may change (company, team)."""
        default = self.env.context.get("default_complaint_id")
        ids = {vals.get("complaint_id", default) for vals in vals_list} - {None, False}
        self.env["quality.complaint"].browse(ids).check_access("write")
        return super().create(vals_list)

    def _run_once(self):
        """Refuse a second submission of the same wizard (double click, replayed call).

        The row lock makes a concurrent second call wait for the first to commit; it then
        fails to serialize, and Odoo retries it in a new transaction that reads the state the
        first one wrote. A state already read in this transaction is the row's, under the lock
        too: it is not read again.
        """
        self.ensure_one()
        # Remedies are for who may change the complaint (record rules: company, team).
        self.complaint_id.check_access("write")
        lock_rows(self)
        if self.state == "done":
            raise UserError(self.env._("This remedy was already submitted; its document exists."))
        self.state = "done"

    @api.model
    def _default_lines(self, complaint):
        """The complaint lines a wizard starts from: all of them."""
        return complaint.line_ids

    def _open_document(self, records):
        action = {
            "type": "ir.actions.act_window",
            "res_model": records._name,
            "target": "current",
        }
        if len(records) == 1:
            action.update(res_id=records.id, view_mode="form", views=[(False, "form")])
        else:
            action.update(domain=[("id", "in", records.ids)], view_mode="list,form")
        return action


class QualityComplaintOverrideWizard(models.AbstractModel):
    """The manager's override of the refund and compensation wizards: a reason that lets a
    remedy through although the kind of complaint refuses it."""

    _name = "quality.complaint.override.wizard"
    _description = "Complaint Remedy Override"

    override_reason = fields.Text(
        help="Complaint managers only: why this is granted although the kind of complaint "
        "refuses it (an appeal's compensation, a non-quality complaint's refund or "
        "compensation).",
    )

    @api.constrains("override_reason")
    def _check_override_reason(self):
        """Only complaint managers give an override reason."""
        if any(self.mapped("override_reason")):
            self.env["quality.complaint"]._ensure_may_override()
