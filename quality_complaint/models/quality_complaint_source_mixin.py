# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class QualityComplaintSourceMixin(models.AbstractModel):
    """Sales documents a complaint can be opened from: counts and smart buttons."""

    _name = "quality.complaint.source.mixin"
    _description = "Document a complaint can be opened from"

    complaint_count = fields.Integer(
        compute="_compute_complaint_count", groups="quality_complaint.quality_complaint_group_user"
    )

    def _compute_complaint_count(self):
        """One grouped query for the whole page of documents."""
        counts = dict(
            self.env["quality.complaint"]._read_group(
                [(self._complaint_field, "in", self.ids)],
                [self._complaint_field],
                ["__count"],
            )
        )
        for record in self:
            record.complaint_count = counts.get(record, 0)

    def _complaint_documents(self):
        """Keyword arguments of quality.complaint._prepare_default_vals for these documents."""
        raise NotImplementedError

    def action_new_complaint(self):
        """Open a new complaint pre-filled from this document."""
        self.ensure_one()
        return self.env["quality.complaint"]._action_new_from_documents(
            self.partner_id, **self._complaint_documents()
        )

    @api.readonly
    def action_view_complaints(self):
        """Open the complaints about this document."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint.quality_complaint_action"
        )
        action["domain"] = [(self._complaint_field, "in", self.ids)]
        action["context"] = {}
        return action

    def create_complaint(self, vals=None):
        """Open the complaint about this document at once, pre-filled as the form of
        ``action_new_complaint`` is, with ``vals`` on top: the path of an integration that
        has no form (JSON-2), where the form's defaults in the context would be lost."""
        self.ensure_one()
        Complaint = self.env["quality.complaint"]
        defaults = Complaint._prepare_default_vals(self.partner_id, **self._complaint_documents())
        return Complaint.create({**defaults, **(vals or {})})
