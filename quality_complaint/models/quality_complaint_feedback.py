# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

from ..tools import lock_rows
from .quality_complaint import (
    CHANNELS,
    PORTAL_MAX_DESCRIPTION,
    clean_portal_text,
    mail_intake_defaults,
)

FEEDBACK_KINDS = [
    ("praise", "Praise"),
    ("suggestion", "Suggestion"),
    ("complaint", "Complaint"),
]
FEEDBACK_STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("done", "Done"),
]
# What a customer may send from the portal: a complaint has its own form and process.
PORTAL_KINDS = ("praise", "suggestion")


class QualityComplaintFeedback(models.Model):
    """Feedback register (SPEC section 7, CNAS records): every piece of customer feedback,
    praise and suggestions as well as complaints, recorded from the portal, the mail alias or
    by hand. Praise and suggestions stay here and never reach the complaint KPIs; a complaint
    is turned into a real ``quality.complaint`` once, and linked to it."""

    _name = "quality.complaint.feedback"
    _description = "Customer Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    kind = fields.Selection(FEEDBACK_KINDS, required=True, default="suggestion", tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer Company",
    )
    contact_name = fields.Char(
        string="Contact", compute="_compute_contact_name", store=True, readonly=False
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    subject = fields.Char(required=True, tracking=True, index="trigram")
    description = fields.Html()
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, index=True
    )
    receiver_id = fields.Many2one(
        "res.users",
        string="Received By",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    team_id = fields.Many2one(
        "quality.complaint.team", tracking=True, index="btree_not_null", check_company=True
    )
    state = fields.Selection(
        FEEDBACK_STATES, string="Status", required=True, default="new", tracking=True, index=True
    )
    response = fields.Text(
        string="Response / Action Taken",
        help="What was answered to the customer or done with the feedback.",
    )
    complaint_id = fields.Many2one(
        "quality.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
        tracking=True,
        help="The complaint this feedback became: it is counted there, and only there.",
    )

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A feedback with this reference already exists."
    )
    # A complaint is recorded once: two feedback records never point at the same complaint.
    _complaint_uniq = models.UniqueIndex(
        "(complaint_id) WHERE complaint_id IS NOT NULL",
        "This complaint is already linked to another feedback.",
    )

    @api.depends("partner_id")
    def _compute_contact_name(self):
        """The person who gave the feedback, when the customer is a contact of a company."""
        for feedback in self:
            partner = feedback.partner_id
            feedback.contact_name = partner.name if partner.parent_id else False

    @api.constrains("kind", "complaint_id")
    def _check_complaint_kind(self):
        for feedback in self:
            if feedback.complaint_id and feedback.kind != "complaint":
                raise ValidationError(
                    self.env._(
                        "%s became a complaint: its kind stays Complaint.", feedback.display_name
                    )
                )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        """Give each feedback its reference from the company's sequence."""
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code(
                        "quality.complaint.feedback", sequence_date=vals.get("date_received")
                    )
                    or "/"
                )
        return super().create(vals_list)

    # ------------------------------------------------------------ actions
    def action_acknowledge(self):
        """The customer was thanked or told the feedback is being looked at."""
        self.filtered(lambda f: f.state == "new").state = "acknowledged"
        return True

    def action_done(self, response=None):
        """Close the feedback with its response; ``response`` lets an integration give it in
        the same call. A feedback is not done without a recorded response (CNAS record), and a
        complaint only once it became a complaint, so that the complaint KPIs count it."""
        if response is not None:
            response = response.replace("\x00", "").strip()
            if response:
                self.response = response
        unconverted = self.filtered(lambda f: f.kind == "complaint" and not f.complaint_id)
        if unconverted:
            raise UserError(
                self.env._(
                    "%s is a complaint: convert it to a complaint, which is handled and "
                    "counted as such, instead of marking it done.",
                    ", ".join(unconverted.mapped("name")),
                )
            )
        missing = self.filtered(lambda f: not (f.response or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the response or the action taken before marking %s done.",
                    ", ".join(missing.mapped("name")),
                )
            )
        self.state = "done"
        return True

    def action_reset_to_new(self):
        """Re-open feedback closed by mistake."""
        self.state = "new"
        return True

    def action_convert_to_complaint(self):
        """Turn a complaint received as feedback into a real complaint, once: the complaint
        carries the customer, subject and description, and both stay linked, so the
        complaint KPIs count it exactly once."""
        self.ensure_one()
        lock_rows(self)
        self.invalidate_recordset(["complaint_id", "kind"])
        self._ensure_may_convert()
        complaint = (
            self.env["quality.complaint"]
            .with_company(self.company_id)
            .create(self._prepare_complaint_vals())
        )
        # The team's record rule may hide the new complaint from the converting user: the
        # link and the note are written whether or not they may read it afterwards.
        complaint = complaint.sudo()
        self.write(
            {
                "complaint_id": complaint.id,
                "state": "done",
                "response": self.response or self.env._("Handled as complaint %s.", complaint.name),
            }
        )
        complaint.message_post(body=self.env._("Opened from feedback %s.", self.name))
        return self.action_view_complaint()

    @api.readonly
    def action_view_complaint(self):
        """Open the complaint this feedback became."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------ conversion
    def _ensure_may_convert(self):
        """Only complaints become complaints, and only once."""
        self.ensure_one()
        if self.complaint_id:
            raise UserError(
                self.env._(
                    "%(feedback)s is already complaint %(complaint)s: open it instead.",
                    feedback=self.name,
                    complaint=self.complaint_id.name,
                )
            )
        if self.kind != "complaint":
            raise UserError(
                self.env._(
                    "Only feedback of kind Complaint becomes a complaint: change the kind of "
                    "%s first.",
                    self.name,
                )
            )

    def _prepare_complaint_vals(self):
        """Values of the complaint ``action_convert_to_complaint`` creates; an extension may
        add its own fields (category, severity) here."""
        self.ensure_one()
        vals = {
            "subject": self.subject,
            "description": self.description,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "channel": self.channel,
            "date_received": self.date_received,
            # Feedback from the portal or the alias has no receiver: whoever converts it.
            "receiver_id": self.receiver_id.id or self.env.uid,
        }
        if self.team_id:
            vals["team_id"] = self.team_id.id
        return vals

    # ------------------------------------------------------------ portal intake
    @api.model
    def _portal_create_feedback(self, partner, kind, subject, description):
        """Record praise or a suggestion a portal customer sends; refuse bad input with a
        clear message and create nothing.

        :param partner: the portal user's partner
        :param kind: 'praise' or 'suggestion' (a complaint has its own form)
        """
        if kind not in PORTAL_KINDS:
            raise ValidationError(
                self.env._("Choose praise or a suggestion; to report a problem, file a complaint.")
            )
        subject, description = clean_portal_text(
            self.env,
            subject,
            description,
            no_subject=self.env._("Give your feedback a short title."),
            no_description=self.env._("Tell us your feedback in a few words."),
            too_long=self.env._(
                "The text is too long: keep it under %s characters.", PORTAL_MAX_DESCRIPTION
            ),
        )
        company = self.env.company
        feedback = (
            self.sudo()
            .with_company(company)
            .create(self._prepare_portal_feedback_vals(partner, kind, subject, description))
        )
        feedback.message_subscribe(partner.ids)
        feedback.message_post(
            body=self.env._("Feedback sent from the customer portal."),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return feedback

    @api.model
    def _prepare_portal_feedback_vals(self, partner, kind, subject, description):
        """Values of the feedback ``_portal_create_feedback`` creates, once validated; the
        company is the portal user's."""
        return {
            "kind": kind,
            "partner_id": partner.id,
            "company_id": self.env.company.id,
            "subject": subject,
            # Plain text from the customer: escaped, never interpreted as HTML.
            "description": plaintext2html(description),
            "channel": "portal",
            "receiver_id": False,
        }

    # ------------------------------------------------------------ mail
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Feedback from an e-mail to the feedback alias: the sender is the customer; the
        kind comes from the alias defaults (a suggestion unless they say otherwise)."""
        defaults = mail_intake_defaults(
            self.env, msg_dict, self.env._("A feedback e-mail needs a sender address.")
        )
        defaults["kind"] = "suggestion"
        defaults.update(custom_values or {})
        feedback = super(
            QualityComplaintFeedback, self.with_context(mail_create_nolog=True)
        ).message_new(msg_dict, custom_values=defaults)
        feedback.message_subscribe(feedback.partner_id.ids)
        return feedback
