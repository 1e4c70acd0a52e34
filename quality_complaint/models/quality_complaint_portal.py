# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import plaintext2html
from odoo.tools.mimetypes import guess_mimetype

PORTAL_MAX_FILES = 10
PORTAL_MAX_FILE_SIZE = 8 * 1024 * 1024
PORTAL_MIMETYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}
PORTAL_MAX_SUBJECT = 200
PORTAL_MAX_DESCRIPTION = 20000


class QualityComplaint(models.Model):
    """Complaints filed by customers from the portal."""

    _inherit = "quality.complaint"

    @api.model
    def _portal_documents(self, partner):
        """The confirmed orders and done deliveries a portal customer can complain about."""
        commercial = partner.commercial_partner_id
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", commercial.id),
                    ("state", "=", "sale"),
                ],
                order="date_order desc",
                limit=200,
            )
        )
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", commercial.id),
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "=", "done"),
                ],
                order="date_done desc",
                limit=200,
            )
        )
        return orders, pickings

    @api.model
    def _portal_parse_document(self, partner, document):
        """'order-12' or 'picking-34' into the customer's own order or delivery; anything
        else (unknown, foreign, malformed) is refused with one and the same message."""
        orders, pickings = self._portal_documents(partner)
        kind, _sep, ident = (document or "").partition("-")
        record = None
        if ident.isdigit():
            ident = int(ident)
            if kind == "order":
                record = orders.filtered(lambda o: o.id == ident)
            elif kind == "picking":
                record = pickings.filtered(lambda p: p.id == ident)
        if not record:
            raise ValidationError(
                self.env._("Choose one of your own orders or deliveries in the list.")
            )
        return record

    @api.model
    def _portal_check_files(self, files):
        """Photos and PDFs only, at most 10 files of 8 MB each (the web server refuses
        requests over 10 MB before they reach this check).

        :param files: list of (filename, bytes, declared mimetype)
        """
        if len(files) > PORTAL_MAX_FILES:
            raise ValidationError(self.env._("Attach at most %s files.", PORTAL_MAX_FILES))
        for name, data, _declared in files:
            if len(data) > PORTAL_MAX_FILE_SIZE:
                raise ValidationError(
                    self.env._("%s is larger than 8 MB: attach a smaller file.", name)
                )
            if guess_mimetype(data) not in PORTAL_MIMETYPES:
                raise ValidationError(
                    self.env._(
                        "%s is not a photo or a PDF: attach JPEG, PNG, GIF, WebP or PDF files.",
                        name,
                    )
                )

    @api.model
    def _portal_create_complaint(self, partner, document, subject, description, files=()):
        """Create a complaint for a portal customer; refuse bad input with a clear message
        and create nothing.

        :param partner: the portal user's partner
        :param document: 'order-<id>' or 'picking-<id>'
        :param files: list of (filename, bytes, declared mimetype)
        """
        # NUL cannot be stored (PostgreSQL text): a customer never means it; it is dropped.
        subject = (subject or "").replace("\x00", "").strip()
        description = (description or "").replace("\x00", "").strip()
        if not subject:
            raise ValidationError(self.env._("Give your complaint a short title."))
        if len(subject) > PORTAL_MAX_SUBJECT:
            raise ValidationError(
                self.env._("Keep the title under %s characters.", PORTAL_MAX_SUBJECT)
            )
        if not description:
            raise ValidationError(self.env._("Describe the problem you found."))
        if len(description) > PORTAL_MAX_DESCRIPTION:
            raise ValidationError(
                self.env._(
                    "The description is too long: keep it under %s characters.",
                    PORTAL_MAX_DESCRIPTION,
                )
            )
        record = self._portal_parse_document(partner, document)
        files = list(files)
        self._portal_check_files(files)
        if record._name == "sale.order":
            documents = {
                "sale_orders": record,
                "pickings": record.picking_ids.filtered(
                    lambda p: p.picking_type_code == "outgoing" and p.state == "done"
                ),
                "invoices": record.invoice_ids.filtered(
                    lambda m: m.move_type == "out_invoice" and m.state == "posted"
                ),
            }
        else:
            documents = {"sale_orders": record.sale_id, "pickings": record}
        Complaint = self.sudo().with_company(record.company_id)
        vals = Complaint._prepare_default_vals(partner, **documents)
        vals.update(
            {
                "subject": subject,
                # Plain text from the customer: escaped, never interpreted as HTML.
                "description": plaintext2html(description),
                "channel": "portal",
                "receiver_id": False,
            }
        )
        complaint = Complaint.create(vals)
        if files:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "datas": base64.b64encode(data),
                            "res_model": self._name,
                            "res_id": complaint.id,
                        }
                        for name, data, _declared in files
                    ]
                )
            )
            complaint.evidence_attachment_ids = [Command.set(attachments.ids)]
        complaint.message_subscribe(partner.ids)
        complaint.message_post(
            body=self.env._("Complaint filed from the customer portal."),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=complaint.evidence_attachment_ids.ids,
        )
        return complaint

    def _portal_deadlines(self):
        """The dates promised to the customer, as shown on the portal."""
        self.ensure_one()
        return self.sudo().deadline_ids.filtered(
            lambda d: d.kind in ("acknowledge", "plan", "closure")
        )
