# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class QualityComplaintRecovery(models.Model):
    _inherit = "quality.complaint.recovery"

    eightd_id = fields.Many2one(
        "quality.8d.report",
        string="Supplier 8D",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The 8D report requested from the liable supplier.",
    )

    def _request_corrective_action(self):
        """With the 8D addon, the supplier's corrective-action request is an 8D report of
        the supplier, followed by the company's team, started before the e-mail goes out."""
        self.ensure_one()
        if self.party_type == "supplier" and not self.eightd_id:
            report = self.env["quality.8d.report"].sudo().create(self._prepare_supplier_8d_vals())
            self.sudo().eightd_id = report
            self.complaint_id.message_post(
                body=self.env._(
                    "8D %(report)s requested from supplier %(supplier)s.",
                    report=report._get_html_link(),
                    supplier=self.partner_id.display_name,
                )
            )
        return super()._request_corrective_action()

    def _prepare_supplier_8d_vals(self):
        vals = self.complaint_id._prepare_8d_vals()
        vals.update(
            {
                "title": self.env._(
                    "Supplier 8D, %(supplier)s: %(subject)s",
                    supplier=self.partner_id.display_name,
                    subject=self.complaint_id.subject,
                ),
                "supplier_id": self.partner_id.id,
            }
        )
        return vals
