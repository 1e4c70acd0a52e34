# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# The documents IATF 16949 10.2.3 expects updated at D7, unless the team says why none changed.
REQUIRED_EVIDENCE = ("pfmea", "control_plan", "work_instruction")


class Quality8dEvidence(models.Model):
    """D7: an updated document (PFMEA, control plan, work instruction...) attached as proof
    that the prevention was standardised. A new file makes a new attachment: the former
    one stays on the 8D, and every change is written in the 8D's chatter."""

    _name = "quality.8d.evidence"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Prevention Evidence"
    _order = "report_id, document_type, id"

    report_id = fields.Many2one(
        "quality.8d.report", string="8D Report", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    document_type = fields.Selection(
        [
            ("pfmea", "PFMEA"),
            ("control_plan", "Control plan"),
            ("work_instruction", "Work instruction"),
            ("other", "Other document"),
        ],
        required=True,
        default="pfmea",
    )
    attachment_id = fields.Many2one(
        "ir.attachment",
        string="Document",
        required=True,
        ondelete="restrict",
        index=True,
        help="The updated document; it cannot be deleted while it is the evidence of an 8D.",
    )
    datas = fields.Binary(
        string="File",
        compute="_compute_file",
        inverse="_inverse_file",
        help="Upload the updated document; a new file replaces the evidence, the former file "
        "stays among the 8D's attachments.",
    )
    file_name = fields.Char(compute="_compute_file", inverse="_inverse_file")
    revision = fields.Char(help="Document number and revision, e.g. PFMEA-PNL-60 rev. C.")
    note = fields.Text(help="What changed in the document.")

    @api.depends("attachment_id")
    def _compute_file(self):
        for evidence in self:
            evidence.datas = evidence.attachment_id.datas
            evidence.file_name = evidence.attachment_id.name

    def _inverse_file(self):
        """A new upload becomes a new attachment of the 8D, never an overwrite of the one the
        chatter already names."""
        todo = self.filtered(
            lambda e: e.datas and (not e.attachment_id or e.datas != e.attachment_id.datas)
        )
        attachments = self.env["ir.attachment"].create(
            [self._prepare_attachment_vals(e.report_id.id, e.datas, e.file_name) for e in todo]
        )
        for evidence, attachment in zip(todo, attachments, strict=True):
            evidence.attachment_id = attachment
        todo.report_id._log_evidence(
            todo, self.env._("New file for the D7 documents:"), with_files=True
        )

    @api.model
    def _prepare_attachment_vals(self, report_id, datas, file_name):
        """Values of the attachment made from an uploaded file; called by ``create`` and by
        a new upload. The attachment belongs to the 8D, so that the 8D's readers read it and
        its chatter lists it; an extension may add a folder or tags."""
        return {
            "name": file_name or self.env._("Evidence"),
            "datas": datas,
            "res_model": "quality.8d.report",
            "res_id": report_id,
        }

    @api.model_create_multi
    def create(self, vals_list):
        """Evidence is given either as an existing ``attachment_id`` or as a file
        (``datas`` and ``file_name``), as the form uploads it."""
        uploads = [
            vals
            for vals in vals_list
            if vals.get("datas") and not vals.get("attachment_id") and vals.get("report_id")
        ]
        attachments = self.env["ir.attachment"].create(
            [
                self._prepare_attachment_vals(
                    vals["report_id"], vals["datas"], vals.get("file_name")
                )
                for vals in uploads
            ]
        )
        for vals, attachment in zip(uploads, attachments, strict=True):
            vals["attachment_id"] = attachment.id
        for vals in vals_list:
            vals.pop("datas", None)
            vals.pop("file_name", None)
        records = super().create(vals_list)
        records.report_id._log_evidence(
            records, self.env._("Updated documents attached (D7):"), with_files=True
        )
        return records

    def unlink(self):
        """Removed evidence is written in the 8D's chatter (the file stays attached)."""
        self.report_id._log_evidence(
            self, self.env._("D7 documents removed (their files stay attached):")
        )
        return super().unlink()
