# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii
import math
import uuid
from collections import defaultdict
from datetime import datetime, time, timedelta, timezone

import pytz
from markupsafe import Markup
from psycopg2.errors import UniqueViolation

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, ConcurrencyError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, format_date, format_datetime, plaintext2html
from odoo.tools.float_utils import float_compare, float_is_zero
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.sql import column_exists, create_column, table_exists

from ..tools import lock_rows, plan_working_hours
from .quality_complaint_recovery import PENDING_STATES

# A subject is a title: the portal form and the mail gateway keep to it as well.
SUBJECT_MAX = 200
CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("portal", "Customer portal"),
    ("visit", "Visit"),
    ("letter", "Letter"),
    ("returned_goods", "Returned goods"),
    ("webhook", "Customer system (webhook)"),
    ("other", "Other"),
]
KINDS = [
    ("appeal", "Appeal"),
    ("claim", "Claim"),
    ("non_quality", "Non-quality / market complaint"),
]
SEVERITIES = [("minor", "Minor"), ("general", "General"), ("major", "Major")]
RESPONSIBILITIES = [
    ("undetermined", "Undetermined"),
    ("company", "Company"),
    ("customer", "Customer"),
    ("supplier", "Supplier"),
    ("carrier", "Carrier"),
    ("not_determinable", "Not determinable"),
]
DEPARTMENTS = [
    ("production", "Production"),
    ("design", "Design / engineering"),
    ("purchasing", "Purchasing / supplier management"),
    ("warehouse", "Warehouse"),
    ("logistics", "Logistics"),
    ("sales", "Sales / customer service"),
    ("quality", "Quality"),
    ("other", "Other"),
]
# The result column of the complaint register (CNAS ledger).
RESULTS = [
    ("resolved", "Resolved"),
    ("partly_resolved", "Partly resolved"),
    ("not_resolved", "Not resolved"),
    ("withdrawn", "Withdrawn / cancelled"),
]
INSPECTION_RESULTS = [
    ("accepted", "Accepted"),
    ("defect_confirmed", "Defect confirmed"),
    ("no_defect", "No defect found"),
]
# How far ahead of our clock the customer's notification time may be (their clock's drift).
NOTIFIED_AT_TOLERANCE = timedelta(minutes=5)
# The deadlines counted from the complaint's reception, in the order they follow each other;
# the inspection of returned goods is counted from the return's reception.
RECEPTION_STEPS = ("acknowledge", "plan", "verification", "closure")
# Every step a response policy times.
POLICY_STEPS = (*RECEPTION_STEPS, "inspection")


def is_open_condition(field_expr, operator, value):
    """Whether the condition keeps only the open complaints, as the "Open" filter does."""
    if field_expr != "is_closed":
        return False
    if operator in ("in", "not in") and isinstance(value, (list, tuple, set, frozenset)):
        return list(value) == ([False] if operator == "in" else [True])
    return (operator, value) in (("=", False), ("!=", True))


def product_ids_of(field_expr, operator, value):
    """The product ids a condition on the complaint's products looks for, or None when it is
    not such a condition (another field, a name, a negation)."""
    if field_expr != "product_ids" or operator not in ("in", "="):
        return None
    values = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    return values


# What a customer may attach on the portal.
PORTAL_MAX_FILES = 10
PORTAL_MAX_FILE_SIZE = 8 * 1024 * 1024
PORTAL_MIMETYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}
PORTAL_MAX_DESCRIPTION = 20000
# What a customer's system may send to an incoming complaint webhook (machine intake):
# any other key is refused, so a payload never names its customer, a company or a link
# to download.
WEBHOOK_KEYS = {
    "customer_reference",
    "customer_timestamp",
    "subject",
    "description",
    "lines",
    "attachments",
}
WEBHOOK_REQUIRED = ("customer_reference", "subject", "description", "lines")
WEBHOOK_LINE_KEYS = {"product_code", "lot", "quantity", "defect"}
WEBHOOK_LINE_REQUIRED = ("product_code", "quantity")
WEBHOOK_ATTACHMENT_KEYS = {"name", "data", "mimetype"}
WEBHOOK_ATTACHMENT_REQUIRED = ("name", "data")
WEBHOOK_MAX_LINES = 100
WEBHOOK_MAX_REFERENCE = 64
WEBHOOK_MAX_TEXT = 1000
PORTAL_MAX_REFERENCE = 64
# Who reads the cost of a complaint (not its portal customer).
COST_GROUP = "quality_complaint.quality_complaint_group_user"
# The complaint's field of each cost type of the cost report (the one definition of cost).
COST_FIELDS = {
    "refund": "amount_refunded",
    "compensation": "amount_compensated",
    "replacement": "replacement_cost",
    "return_freight": "return_freight_cost",
    "redelivery_freight": "redelivery_freight_cost",
    "scrap": "scrap_cost",
    "rework": "rework_cost",
    "other": "other_cost",
}


def mail_intake_defaults(env, msg_dict, no_sender):
    """What an e-mail to an alias gives the record it creates (complaint, feedback): the
    sender as the customer (found or created from the address), the subject as title, the
    body as description. ``no_sender`` is the refusal when the mail has no address.

    Sets ``msg_dict["author_id"]`` to the sender, as the mail gateway expects."""
    if not msg_dict.get("author_id") and msg_dict.get("email_from"):
        author = env["mail.thread"]._partner_find_from_emails_single(
            [msg_dict["email_from"]], no_create=False
        )
        msg_dict["author_id"] = author.id
    if not msg_dict.get("author_id"):
        raise UserError(no_sender)
    return {
        "name": "/",
        "subject": (msg_dict.get("subject") or env._("No subject"))[:SUBJECT_MAX],
        "partner_id": msg_dict["author_id"],
        "channel": "email",
        "description": msg_dict.get("body"),
        "receiver_id": False,
    }


def clean_portal_text(env, subject, description, no_subject, no_description, too_long):
    """The title and text a customer typed on the portal, checked the same way for every
    form: NUL characters dropped (PostgreSQL text cannot store them, a customer never means
    them), both required, within their lengths; the refusals are the form's own sentences.

    :return: (subject, description), stripped
    """
    subject = (subject or "").replace("\x00", "").strip()
    description = (description or "").replace("\x00", "").strip()
    if not subject:
        raise ValidationError(no_subject)
    if len(subject) > SUBJECT_MAX:
        raise ValidationError(env._("Keep the title under %s characters.", SUBJECT_MAX))
    if not description:
        raise ValidationError(no_description)
    if len(description) > PORTAL_MAX_DESCRIPTION:
        raise ValidationError(too_long)
    return subject, description


class QualityComplaint(models.Model):
    """A customer complaint, from intake to closure.

    Sections: fields (identification, customer, classification, people, process, lines and
    documents, responsibility, outcome, response clock, remedies, liability and recovery),
    constraints and indexes, compute and search methods, CRUD, actions, response clock,
    remedies (guards, return, replacement, refund), liability and recovery, portal intake,
    machine intake (webhook), mail, prefill from sales documents.
    """

    _name = "quality.complaint"
    _description = "Customer Complaint"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "priority desc, date_received desc, id desc"
    _check_company_auto = True

    def _default_stage_id(self):
        return self.env["quality.complaint.stage"].search([("milestone", "=", "new")], limit=1)

    # Identification
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    subject = fields.Char(required=True, tracking=True, index="trigram")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    color = fields.Integer()
    # Customer and contact
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
    contact_name = fields.Char(compute="_compute_contact", store=True, readonly=False)
    contact_department = fields.Char(string="Department")
    contact_function = fields.Char(
        string="Position", compute="_compute_contact", store=True, readonly=False
    )
    contact_phone = fields.Char(
        string="Phone", compute="_compute_contact", store=True, readonly=False
    )
    contact_email = fields.Char(
        string="E-mail", compute="_compute_contact", store=True, readonly=False
    )
    # Classification
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    kind = fields.Selection(KINDS, required=True, default="appeal", tracking=True)
    category_id = fields.Many2one(
        "quality.complaint.category", tracking=True, index=True, check_company=True
    )
    routing = fields.Selection(related="category_id.routing", store=True)
    severity = fields.Selection(SEVERITIES, required=True, default="general", tracking=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Urgent"), ("3", "Critical")],
        default="0",
        index=True,
    )
    tag_ids = fields.Many2many("quality.complaint.tag")
    description = fields.Html()
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "quality_complaint_evidence_rel",
        "complaint_id",
        "attachment_id",
        string="Photos and Documents",
        help="Photos, test reports, samples' pictures supporting the complaint and the decision.",
    )
    # People
    receiver_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        help="The first person who received the complaint; owns it until it is assigned.",
    )
    team_id = fields.Many2one(
        "quality.complaint.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    # Process
    stage_id = fields.Many2one(
        "quality.complaint.stage",
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
    )
    milestone = fields.Selection(related="stage_id.milestone", store=True, index=True)
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    date_received = fields.Datetime(
        string="Received on", required=True, default=fields.Datetime.now, index=True
    )
    customer_reference = fields.Char(
        index="btree_not_null",
        copy=False,
        help="The customer's own number for this complaint (their portal, EDI or 8D request).",
    )
    customer_notified_at = fields.Datetime(
        string="Customer Notified on",
        copy=False,
        help="When the customer says they notified us (their portal's or message's timestamp). "
        "Where the customer's requirements say so, the deadlines count from it.",
    )
    date_deadline = fields.Datetime(
        string="Closure Target",
        readonly=True,
        index=True,
        copy=False,
        help="When the complaint should be closed, from its response policy.",
    )
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    date_acknowledged = fields.Datetime(string="Acknowledged on", copy=False, readonly=True)
    date_closed = fields.Datetime(string="Closed on", copy=False, readonly=True, index=True)
    # Lines and ERP links
    line_ids = fields.One2many(
        "quality.complaint.line", "complaint_id", string="Products", copy=True
    )
    product_ids = fields.Many2many(
        "product.product",
        compute="_compute_product_ids",
        search="_search_product_ids",
        string="Products concerned",
    )
    # Repeat complaints
    is_repeat = fields.Boolean(
        string="Repeat Complaint",
        compute="_compute_repeat",
        store=True,
        copy=False,
        index=True,
        help="The customer complained about the same product with the same defect code (or, "
        "once known, the same root cause category) within the company's repeat window.",
    )
    repeat_of_id = fields.Many2one(
        "quality.complaint",
        string="Repeat of",
        compute="_compute_repeat",
        store=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The customer's latest earlier complaint that this one repeats.",
    )
    # Recurrence at intake: what the complaint may repeat, shown while it is entered
    recurrence_data = fields.Json(
        string="Recurrence",
        compute="_compute_recurrence",
        exportable=False,
        groups="quality_complaint.quality_complaint_group_user",
        help="Earlier complaints (and open 8Ds) of the company on the same product, lot or "
        "defect code, each with why it matches.",
    )
    recurrence_count = fields.Integer(
        string="Recurrence Matches",
        compute="_compute_recurrence",
        groups="quality_complaint.quality_complaint_group_user",
        help="How many earlier complaints (and open 8Ds) share a product, lot or defect code "
        "with this complaint.",
    )
    sale_order_ids = fields.Many2many(
        "sale.order",
        "quality_complaint_sale_order_rel",
        "complaint_id",
        "order_id",
        string="Sales Orders",
        copy=False,
        check_company=True,
    )
    picking_ids = fields.Many2many(
        "stock.picking",
        "quality_complaint_picking_rel",
        "complaint_id",
        "picking_id",
        string="Deliveries",
        copy=False,
        check_company=True,
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "quality_complaint_invoice_rel",
        "complaint_id",
        "move_id",
        string="Invoices",
        copy=False,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice')]",
    )
    # Responsibility
    responsibility = fields.Selection(
        RESPONSIBILITIES, default="undetermined", required=True, tracking=True
    )
    responsible_department = fields.Selection(DEPARTMENTS, tracking=True)
    responsible_partner_id = fields.Many2one(
        "res.partner",
        string="Liable Supplier / Carrier",
        tracking=True,
        check_company=True,
    )
    responsibility_evidence = fields.Html(string="Evidence")
    responsibility_date = fields.Datetime(string="Decided on", readonly=True, copy=False)
    responsibility_user_id = fields.Many2one(
        "res.users", string="Decided by", readonly=True, copy=False
    )
    customer_explanation = fields.Html(
        help="When the customer is responsible: the explanation given to the customer."
    )
    responsibility_reason = fields.Text(
        string="Why Not Determinable",
        tracking=True,
        help="When the responsibility cannot be determined: why (no sample returned, "
        "evidence inconclusive, ...). Required to record such a decision.",
    )
    # Top management approval of the reply
    reply_approval_state = fields.Selection(
        [("to_approve", "To Approve"), ("approved", "Approved"), ("returned", "Returned")],
        string="Reply Approval",
        tracking=True,
        readonly=True,
        copy=False,
        help="The reply to a major complaint (acknowledgement, action plan) goes to the "
        "customer only once top management approves it.",
    )
    reply_template_ids = fields.Many2many(
        "mail.template",
        "quality_complaint_reply_template_rel",
        "complaint_id",
        "template_id",
        string="Replies Held",
        readonly=True,
        copy=False,
        help="The replies waiting for top management's approval before they are sent.",
    )
    reply_approver_id = fields.Many2one(
        "res.users", string="Reply Approved by", readonly=True, copy=False
    )
    reply_approval_date = fields.Datetime(string="Reply Approved on", readonly=True, copy=False)
    reply_return_reason = fields.Text(
        string="Reply Returned Because", tracking=True, readonly=True, copy=False
    )
    # Outcome
    disposition = fields.Selection(
        [
            ("return", "Return"),
            ("rework", "Rework"),
            ("reinspect", "Re-inspect"),
            ("concession", "Use as is (customer concession)"),
            ("scrap", "Scrap"),
        ],
        string="Disposition of goods",
        tracking=True,
    )
    # Disposition of goods
    recheck_result = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed")],
        string="Re-check Result",
        tracking=True,
        readonly=True,
        copy=False,
        help="Quality re-check of reworked goods before they go back, or result of the "
        "re-inspection.",
    )
    recheck_note = fields.Text(string="Re-check Note", readonly=True, copy=False)
    recheck_date = fields.Datetime(string="Re-checked on", readonly=True, copy=False)
    recheck_user_id = fields.Many2one(
        "res.users", string="Re-checked by", readonly=True, copy=False
    )
    concession_date = fields.Datetime(string="Concession Accepted on", readonly=True, copy=False)
    concession_partner_id = fields.Many2one(
        "res.partner", string="Concession Accepted by", readonly=True, copy=False
    )
    concession_note = fields.Text(readonly=True, copy=False)
    scrap_ids = fields.One2many(
        "stock.scrap",
        "complaint_id",
        string="Scrap Orders",
        readonly=True,
        groups="stock.group_stock_user",
    )
    scrap_count = fields.Integer(compute="_compute_scrap_count")
    amount_claimed = fields.Monetary(currency_field="currency_id", tracking=True)
    customer_confirmation = fields.Selection(
        [("pending", "Pending"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        tracking=True,
        copy=False,
        readonly=True,
        help="Where the customer's confirmation of the resolution stands: pending once it is "
        "sent for confirmation, then accepted or rejected as the customer answered.",
    )
    closing_note = fields.Html(copy=False)
    # Register (CNAS ledger)
    result = fields.Selection(
        RESULTS,
        compute="_compute_result",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        help="The outcome of the complaint in the register, set at closure: resolved when the "
        "customer accepted the resolution or none was required, not resolved when the "
        "customer rejected it, partly resolved when a manager closed it despite something "
        "pending, withdrawn when it was cancelled. The handler may correct it.",
    )
    remarks = fields.Text(
        copy=False, help="Anything the complaint register should say beside the result."
    )
    forced_close_reason = fields.Text(
        string="Closed Despite",
        tracking=True,
        copy=False,
        help="Why a complaint manager closed the complaint although something was still "
        "pending (listed in the chatter).",
    )
    forced_close_user_id = fields.Many2one(
        "res.users", string="Closed Despite by", readonly=True, copy=False
    )
    # Customer confirmation and external review
    confirmation_required = fields.Boolean(
        compute="_compute_confirmation_required",
        help="The company requires the customer's acceptance of the resolution before a "
        "complaint of this kind closes.",
    )
    date_confirmation_sent = fields.Datetime(
        string="Sent for Confirmation on", readonly=True, copy=False
    )
    confirmation_date = fields.Datetime(
        string="Confirmed on",
        readonly=True,
        copy=False,
        help="When the customer accepted the resolution: the reply date of the complaint ledger.",
    )
    confirmation_channel = fields.Selection(
        CHANNELS,
        string="Answered through",
        readonly=True,
        copy=False,
        help="How the customer gave its last answer to the resolution.",
    )
    confirmation_comment = fields.Text(
        string="Customer's Answer",
        readonly=True,
        copy=False,
        help="What the customer said with its last answer to the resolution.",
    )
    rejection_count = fields.Integer(
        string="Resolution Rejections",
        readonly=True,
        copy=False,
        tracking=True,
        help="How many times the customer answered that the complaint is not resolved; the "
        "second time escalates it to management.",
    )
    date_escalated = fields.Datetime(
        string="Escalated on",
        readonly=True,
        copy=False,
        help="When the complaint first reached an escalated stage.",
    )
    external_review_ids = fields.One2many(
        "quality.complaint.external.review", "complaint_id", string="External Reviews"
    )
    external_review_count = fields.Integer(compute="_compute_external_review_count")
    # Counters for smart buttons
    sale_order_count = fields.Integer(compute="_compute_document_counts")
    picking_count = fields.Integer(compute="_compute_document_counts")
    invoice_count = fields.Integer(compute="_compute_document_counts")
    # Response clock
    deadline_ids = fields.One2many("quality.complaint.deadline", "complaint_id", readonly=True)
    policy_id = fields.Many2one(
        "quality.complaint.policy", readonly=True, copy=False, help="The clock applied."
    )
    profile_id = fields.Many2one(
        "quality.complaint.customer.profile",
        string="Customer Requirements",
        compute="_compute_profile_id",
        store=True,
        index="btree_not_null",
        help="The customer's own requirements (deadlines, start of the clock, contacts in "
        "copy), from the customer when the complaint was registered; a change of the "
        "customer's requirements applies to its open complaints.",
    )
    is_key_account = fields.Boolean(related="commercial_partner_id.is_key_account")
    # Returned goods inspection
    inspection_result = fields.Selection(
        INSPECTION_RESULTS,
        readonly=True,
        copy=False,
        tracking=True,
        help="The inspection of the returned goods. Accepted: taken back without a defect "
        "analysis (wrong item, goodwill); Defect confirmed: the inspection found the defect "
        "the customer reports; No defect found: the goods conform to their specification.",
    )
    inspection_note = fields.Html(string="Inspection Findings", readonly=True, copy=False)
    inspection_attachment_ids = fields.Many2many(
        "ir.attachment",
        "quality_complaint_inspection_attachment_rel",
        "complaint_id",
        "attachment_id",
        string="Inspection Reports",
        readonly=True,
        copy=False,
        help="Test reports and photos of the inspection of the returned goods.",
    )
    inspection_date = fields.Datetime(string="Inspected on", readonly=True, copy=False)
    inspection_user_id = fields.Many2one(
        "res.users", string="Inspected by", readonly=True, copy=False
    )
    inspection_due = fields.Boolean(
        compute="_compute_inspection_due",
        help="Returned goods were received and their inspection result is not recorded yet.",
    )
    # Remedies
    return_picking_ids = fields.One2many(
        "stock.picking",
        "remedy_complaint_id",
        string="Returns",
        domain=[("complaint_remedy", "=", "return")],
        readonly=True,
    )
    replacement_picking_ids = fields.One2many(
        "stock.picking",
        "remedy_complaint_id",
        string="Replacements",
        domain=[("complaint_remedy", "=", "replacement")],
        readonly=True,
    )
    refund_move_ids = fields.One2many(
        "account.move",
        "remedy_complaint_id",
        string="Refunds",
        domain=[("complaint_remedy", "=", "refund")],
        readonly=True,
    )
    compensation_move_ids = fields.One2many(
        "account.move",
        "remedy_complaint_id",
        string="Compensation Credit Notes",
        domain=[("complaint_remedy", "=", "compensation")],
        readonly=True,
    )
    replacement_order_ids = fields.One2many(
        "sale.order", "remedy_complaint_id", string="Replacement Orders", readonly=True
    )
    compensation_ids = fields.One2many(
        "quality.complaint.compensation", "complaint_id", string="Compensation Requests"
    )
    returned_qty = fields.Float(
        string="Returned Quantity", digits="Product Unit", compute="_compute_remedy_totals"
    )
    return_count = fields.Integer(compute="_compute_remedy_totals")
    replacement_count = fields.Integer(compute="_compute_remedy_totals")
    credit_note_count = fields.Integer(compute="_compute_remedy_totals")
    # Cost of the complaint (one definition: the cost report)
    cost_line_ids = fields.One2many(
        "quality.complaint.cost.line",
        "complaint_id",
        string="Cost Lines",
        groups=COST_GROUP,
        help="Costs no document carries: freight without our own bill, rework, other.",
    )
    amount_refunded = fields.Monetary(
        compute="_compute_cost", groups=COST_GROUP, help="Posted refunds, without taxes."
    )
    amount_compensated = fields.Monetary(
        compute="_compute_cost", groups=COST_GROUP, help="Posted compensation, without taxes."
    )
    amount_granted = fields.Monetary(
        compute="_compute_cost",
        groups=COST_GROUP,
        help="Refunded and compensated (posted), without taxes.",
    )
    replacement_cost = fields.Monetary(compute="_compute_cost", groups=COST_GROUP)
    return_freight_cost = fields.Monetary(
        string="Return Freight",
        compute="_compute_cost",
        groups=COST_GROUP,
        help="Freight of the returns: posted carriers' bills and cost lines.",
    )
    redelivery_freight_cost = fields.Monetary(
        string="Re-delivery Freight",
        compute="_compute_cost",
        groups=COST_GROUP,
        help="Freight of the re-deliveries: posted carriers' bills and cost lines.",
    )
    scrap_cost = fields.Monetary(
        string="Scrap Value",
        compute="_compute_cost",
        groups=COST_GROUP,
        help="Stock value of the goods scrapped.",
    )
    rework_cost = fields.Monetary(string="Rework", compute="_compute_cost", groups=COST_GROUP)
    other_cost = fields.Monetary(string="Other Costs", compute="_compute_cost", groups=COST_GROUP)
    cost_total = fields.Monetary(
        string="Cost of Complaint", compute="_compute_cost", groups=COST_GROUP
    )
    amount_pending = fields.Monetary(
        string="Pending (drafts)",
        compute="_compute_cost",
        groups=COST_GROUP,
        help="Draft credit notes, draft carriers' bills and deliveries not done yet: they "
        "become cost once posted or done.",
    )
    amount_recovered = fields.Monetary(
        compute="_compute_cost",
        groups=COST_GROUP,
        help="Posted vendor credit notes charged back to suppliers and carriers, without taxes.",
    )
    cost_net = fields.Monetary(string="Net Cost", compute="_compute_cost", groups=COST_GROUP)
    # Liability and recovery
    liability_ids = fields.One2many(
        "quality.complaint.liability", "complaint_id", string="Liability Split"
    )
    recovery_ids = fields.One2many(
        "quality.complaint.recovery", "complaint_id", string="Recoveries", readonly=True
    )
    traced_supplier_ids = fields.Many2many(
        "res.partner",
        compute="_compute_traced_supplier_ids",
        string="Suppliers of the Lots",
        help="Suppliers the complained lots were received from, found through the purchase "
        "orders of their receipts.",
    )
    has_liable_party = fields.Boolean(
        compute="_compute_has_liable_party",
        help="The liability split names a supplier or a carrier.",
    )
    recovery_count = fields.Integer(compute="_compute_recovery_totals")

    # ------------------------------------------------------------ constraints and indexes
    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "A complaint with this reference already exists."
    )
    # The dashboard aggregates complaints by reception date; this narrow covering index lets
    # PostgreSQL answer it with an index-only scan instead of reading the wide rows.
    _dashboard_idx = models.Index(
        "(date_received) INCLUDE (company_id, active, is_closed, category_id, team_id, "
        "commercial_partner_id, responsibility, responsible_department, date_acknowledged, "
        "date_closed)"
    )
    # The list and the kanban columns show the open complaints in this order (the default
    # filter): small partial indexes in that order read the first page without sorting them all.
    _open_order_idx = models.Index(
        "(priority DESC, date_received DESC, id DESC) WHERE is_closed IS NOT TRUE"
    )
    _open_stage_order_idx = models.Index(
        "(stage_id, priority DESC, date_received DESC, id DESC) "
        "INCLUDE (active, company_id, severity) WHERE is_closed IS NOT TRUE"
    )
    # The kanban's counts by stage and its progress bars by stage and severity: a narrow
    # index read in their order (index-only scan, counted without hashing): 100,000 open
    # complaints counted in 13 ms instead of 31.
    _open_stage_severity_idx = models.Index(
        "(stage_id, severity) WHERE is_closed IS NOT TRUE AND active IS TRUE"
    )
    # A customer's system that sends the same complaint twice at the same time gets one
    # complaint: the second insert fails here and its request is retried, finding the first.
    _webhook_reference_uniq = models.UniqueIndex(
        "(commercial_partner_id, customer_reference) WHERE channel = 'webhook'",
        "The customer already has a complaint received from its system under this "
        "customer reference.",
    )

    @api.constrains("subject")
    def _check_subject_length(self):
        for complaint in self:
            if len(complaint.subject or "") > SUBJECT_MAX:
                raise ValidationError(
                    self.env._(
                        "The subject is a short title of at most %(max)s characters; put the "
                        "details in the description.",
                        max=SUBJECT_MAX,
                    )
                )

    @api.constrains("customer_notified_at")
    def _check_customer_notified_at(self):
        """The customer's notification time starts the clock: it cannot lie ahead (a few
        minutes of difference between the customer's clock and ours are tolerated)."""
        latest = fields.Datetime.now() + NOTIFIED_AT_TOLERANCE
        for complaint in self:
            if complaint.customer_notified_at and complaint.customer_notified_at > latest:
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s: the customer cannot have notified us on "
                        "%(date)s, which is in the future; enter the date and time the customer "
                        "gave.",
                        complaint=complaint.name,
                        date=format_datetime(self.env, complaint.customer_notified_at),
                    )
                )

    # ------------------------------------------------------------ compute and search
    @api.depends("partner_id", "company_id")
    def _compute_profile_id(self):
        """The requirements of the customer company, when they apply in the complaint's
        company. Only the complaint's own customer and company recompute it: a customer
        given other requirements passes them on to its open complaints explicitly
        (``_apply_customer_profiles``)."""
        for complaint in self:
            complaint.profile_id = complaint._customer_profile()

    def _customer_profile(self):
        self.ensure_one()
        profile = self.partner_id.commercial_partner_id.sudo().complaint_profile_id
        if profile.company_id and profile.company_id != self.company_id:
            return profile.browse()
        return profile

    @api.depends("partner_id")
    def _compute_contact(self):
        """A complaint keeps the contact details as given, even if the partner changes later."""
        for complaint in self:
            partner = complaint.partner_id
            complaint.contact_name = partner.name
            complaint.contact_function = partner.function
            complaint.contact_phone = partner.phone
            complaint.contact_email = partner.email

    @api.depends("category_id")
    def _compute_team_id(self):
        """The category routes the complaint to its default team."""
        for complaint in self:
            if complaint.category_id.team_id:
                complaint.team_id = complaint.category_id.team_id

    @api.depends("category_id", "team_id")
    def _compute_user_id(self):
        """Default responsible: the category's, else the team manager, else the receiver."""
        for complaint in self:
            if complaint.user_id:
                continue
            complaint.user_id = (
                complaint.category_id.user_id or complaint.team_id.user_id or complaint.receiver_id
            )

    @api.depends("line_ids.product_id")
    def _compute_product_ids(self):
        for complaint in self:
            complaint.product_ids = complaint.line_ids.product_id

    # Up to this many complaints, a product search lists their ids (see below).
    PRODUCT_SEARCH_IDS = 10000

    def _search_product_ids(self, operator, value):
        """Search complaints through their lines' products (indexed). A product of a few
        complaints among many is searched by their ids: otherwise PostgreSQL may walk all
        the open complaints in list order, testing each for the product (220 ms instead of
        30 ms at 1,000,000 complaints); a common product keeps the subquery, whose walk
        finds a page of them at once."""
        if operator not in ("in", "="):
            return [("line_ids.product_id", operator, value)]
        return self._product_domain([("product_id", operator, value)])

    def _product_domain(self, line_domain):
        """The complaints of the lines of ``line_domain``: their ids, or a subquery when
        there are more than PRODUCT_SEARCH_IDS. The lines are read without their record
        rules: the complaints' own rules apply to the result."""
        lines = self.env["quality.complaint.line"].sudo()._search(line_domain)
        rows = self.env.execute_query(
            SQL(
                "%s LIMIT %s",
                lines.select(SQL("DISTINCT %s", SQL.identifier(lines.table, "complaint_id"))),
                self.PRODUCT_SEARCH_IDS + 1,
            )
        )
        ids = [complaint_id for (complaint_id,) in rows]
        if len(ids) <= self.PRODUCT_SEARCH_IDS:
            return [("id", "in", ids)]
        return [("line_ids", "any", line_domain)]

    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """A product searched among the open complaints only (the default filter, and
        both together) reads only the open complaints' lines (see ``_open_product_idx``):
        a common product is on thousands of closed complaints that the product search
        itself would otherwise list, only for them to be filtered out."""
        return super()._search(
            self._narrow_open_product_search(domain), offset, limit, order, **kwargs
        )

    @api.model
    def _narrow_open_product_search(self, domain):
        domain = Domain(domain)
        if any(isinstance(item, str) and item != "&" for item in domain):
            return domain  # not a plain conjunction ("|" or "!" in it)
        conditions = list(domain.iter_conditions())
        if not any(is_open_condition(c.field_expr, c.operator, c.value) for c in conditions):
            return domain

        def narrow(condition):
            product_ids = product_ids_of(condition.field_expr, condition.operator, condition.value)
            if product_ids is None:
                return condition
            return Domain(
                self._product_domain([("product_id", "in", product_ids), ("is_closed", "=", False)])
            )

        return domain.map_conditions(narrow)

    @api.depends("sale_order_ids", "picking_ids", "invoice_ids")
    def _compute_document_counts(self):
        for complaint in self:
            complaint.sale_order_count = len(complaint.sale_order_ids)
            complaint.picking_count = len(complaint.picking_ids)
            complaint.invoice_count = len(complaint.invoice_ids)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Show every stage of the team (or the shared ones) as a kanban column."""
        team_id = self.env.context.get("default_team_id")
        stage_domain = Domain("team_ids", "=", False)
        if team_id:
            stage_domain |= Domain("team_ids", "in", [team_id])
        return stages.search(stage_domain | Domain("id", "in", stages.ids), order=stages._order)

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        """Groups by stage in the stages' order (the kanban's columns and progress bars) are
        counted by stage id and put in the stages' order here. Ordered in SQL, every
        complaint counted is joined to its stage first: with 100,000 open complaints, that
        join was half the kanban's time. Any other grouping or order, and pages of groups,
        are Odoo's."""
        terms = [part.split() for part in (order or "").lower().split(",")]
        if (
            groupby
            and groupby[0] == "stage_id"
            and not offset
            and not limit
            and [term[0] for term in terms if term] == list(groupby)
            and all(len(term) == 1 or term[1:] == ["asc"] for term in terms)
        ):
            rows = super()._read_group(domain, groupby, aggregates, having)
            if len(groupby) == 1 and self.env.context.get("read_group_expand"):
                # The kanban's columns: the web client adds the empty stages and puts
                # every column in the stages' order (_read_group_stage_ids).
                return rows

            def stage_order(row):
                stage = row[0]
                return (0, stage.sequence, stage.id) if stage else (1, 0, 0)

            # Stable: the other keys keep the SQL's order within a stage.
            return sorted(rows, key=stage_order)
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    def _compute_is_late(self):
        """Late when any deadline of an open complaint has passed without being met (the
        list shows it on every row: one index look-up for the page, no domain to build)."""
        ids = [record_id for record_id in self.ids if isinstance(record_id, int)]
        late_ids = set()
        if ids:
            self.flush_model(["active"])
            self.env.cr.execute(
                SQL(
                    "SELECT c.id FROM quality_complaint c WHERE c.id = ANY(%s)%s AND %s",
                    ids,
                    SQL(" AND c.active IS TRUE")
                    if self.env.context.get("active_test", True)
                    else SQL(),
                    self._late_sql("c"),
                )
            )
            late_ids = {record_id for (record_id,) in self.env.cr.fetchall()}
        for complaint in self:
            complaint.is_late = complaint.id in late_ids

    @api.model
    def _late_sql(self, alias):
        """SQL condition that the complaint of ``alias`` is late: open, with a deadline
        passed without being met. One definition for the flag and its search."""
        self.flush_model(["is_closed"])
        self.env["quality.complaint.deadline"].flush_model(
            ["complaint_id", "active", "date_done", "date_deadline"]
        )
        return SQL(
            """%s IS NOT TRUE AND EXISTS (
                   SELECT 1 FROM quality_complaint_deadline d
                    WHERE d.complaint_id = %s AND d.active IS TRUE
                      AND d.date_done IS NULL AND d.date_deadline < %s)""",
            SQL.identifier(alias, "is_closed"),
            SQL.identifier(alias, "id"),
            fields.Datetime.now(),
        )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        late = Domain.custom(to_sql=lambda model, alias, _query: model._late_sql(alias))
        return late if (operator == "=") == value else ~late

    def _compute_remedy_totals(self):
        """Counters and returned quantity from the real documents, in a few queries."""
        credit_count = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [("remedy_complaint_id", "in", self.ids), ("state", "!=", "cancel")],
                ["remedy_complaint_id"],
                ["__count"],
            )
        )
        StockMove = self.env["stock.move"].sudo()
        moves = defaultdict(lambda: {"qty": 0.0, "pickings": set()})
        for move in StockMove.search_fetch(
            [
                ("picking_id.remedy_complaint_id", "in", self.ids),
                ("state", "!=", "cancel"),
            ],
            ["picking_id", "product_qty", "state"],
        ):
            picking = move.picking_id
            key = (picking.remedy_complaint_id.id, picking.complaint_remedy)
            moves[key]["pickings"].add(picking.id)
            if move.state == "done":
                moves[key]["qty"] += move.product_qty
        for complaint in self:
            returns = moves.get((complaint.id, "return"), {"qty": 0.0, "pickings": ()})
            replacements = moves.get((complaint.id, "replacement"), {"pickings": ()})
            complaint.returned_qty = returns["qty"]
            complaint.return_count = len(returns["pickings"])
            complaint.replacement_count = len(replacements["pickings"])
            complaint.credit_note_count = credit_count.get(complaint, 0)

    def _compute_cost(self):
        """The cost of each complaint as the cost report defines it (SPEC §7: one
        definition for the form, the pivot and the dashboard), in one query for all. The
        report is for managers and finance: whoever reads the complaint reads its cost."""
        costs = defaultdict(lambda: defaultdict(float))
        pending = defaultdict(float)
        recovered = defaultdict(float)
        for complaint, cost_type, amount, amount_pending, amount_recovered in (
            self.env["quality.complaint.cost.report"]
            .sudo()
            ._read_group(
                [("complaint_id", "in", self.ids)],
                ["complaint_id", "cost_type"],
                ["amount:sum", "amount_pending:sum", "amount_recovered:sum"],
            )
        ):
            costs[complaint.id][cost_type] += amount
            pending[complaint.id] += amount_pending
            recovered[complaint.id] += amount_recovered
        for complaint in self:
            amounts = costs[complaint.id]
            for cost_type, field_name in COST_FIELDS.items():
                complaint[field_name] = amounts[cost_type]
            complaint.amount_granted = amounts["refund"] + amounts["compensation"]
            # Every cost type counts, those an extension adds too (recoveries carry none).
            complaint.cost_total = sum(amounts.values())
            complaint.amount_pending = pending[complaint.id]
            complaint.amount_recovered = recovered[complaint.id]
            complaint.cost_net = complaint.cost_total - complaint.amount_recovered

    @api.ondelete(at_uninstall=False)
    def _unlink_except_documents(self):
        """Nothing a user did is lost: complaints with remedy documents are archived."""
        Picking = self.env["stock.picking"].sudo()
        Move = self.env["account.move"].sudo()
        domain = [("remedy_complaint_id", "in", self.ids)]
        if (
            Picking.search_count(domain, limit=1)
            or Move.search_count(domain, limit=1)
            or (
                self.env["quality.complaint.compensation"]
                .sudo()
                .search_count([("complaint_id", "in", self.ids)], limit=1)
            )
        ):
            raise UserError(
                self.env._(
                    "A complaint with returns, replacements, credit notes or compensation "
                    "cannot be deleted: archive it instead."
                )
            )

    @api.depends("line_ids.lot_id")
    def _compute_traced_supplier_ids(self):
        for complaint in self:
            complaint.traced_supplier_ids = complaint._traced_suppliers()

    @api.depends("liability_ids.party_type")
    def _compute_has_liable_party(self):
        for complaint in self:
            complaint.has_liable_party = any(
                party != "company" for party in complaint.liability_ids.mapped("party_type")
            )

    def _compute_recovery_totals(self):
        """Recoveries of all the complaints in one query."""
        counts = dict(
            self.env["quality.complaint.recovery"]
            .sudo()
            ._read_group([("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"])
        )
        for complaint in self:
            complaint.recovery_count = counts.get(complaint, 0)

    @api.constrains("liability_ids", "responsibility_date")
    def _check_liability_total(self):
        """Once the decision is recorded, the shares of the liable parties make 100 %."""
        for complaint in self:
            if not complaint.responsibility_date or not complaint.liability_ids:
                continue
            total = sum(complaint.liability_ids.mapped("percentage"))
            if float_compare(total, 100.0, precision_digits=2):
                raise UserError(
                    self.env._(
                        "The liability shares of complaint %(complaint)s add up to %(total)s %%; "
                        "they must make 100 %% before the decision is recorded.",
                        complaint=complaint.name,
                        total=round(total, 2),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recoveries(self):
        if (
            self.env["quality.complaint.recovery"]
            .sudo()
            .search_count([("complaint_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "A complaint with cost recoveries cannot be deleted: archive it instead."
                )
            )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        """Give each complaint its reference from the company's sequence and its portal
        access token, then its response clock: key-account priority and the deadlines of its
        policy; note what it may repeat (recurrence at intake).

        The token is made here, not when a first message or page needs it (portal.mixin
        writes it then): reading a complaint or writing to its customer never writes the
        complaint, so two of them at once do not make PostgreSQL retry one."""
        if any("profile_id" in vals for vals in vals_list):
            self.env["quality.complaint.customer.profile"]._ensure_may_assign()
        for vals in vals_list:
            vals.setdefault("access_token", str(uuid.uuid4()))
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("quality.complaint", sequence_date=vals.get("date_received"))
                    or "/"
                )
        complaints = super().create(vals_list)
        complaints._stamp_milestone_dates()
        complaints._apply_key_account()
        complaints._schedule_deadlines()
        complaints._hold_major_replies()
        complaints.filtered(lambda c: c.disposition == "rework")._schedule_rework()
        complaints._note_recurrence()
        return complaints

    # What the deadlines depend on: a change re-plans those not met yet.
    CLOCK_FIELDS = frozenset(
        {
            "severity",
            "category_id",
            "partner_id",
            "company_id",
            "date_received",
            "customer_notified_at",
            "profile_id",
        }
    )

    def write(self, vals):
        """A stage change is checked (closure) and stamped, and meets, stops or restarts
        deadlines; what the clock depends on re-plans the deadlines not met yet."""
        if "profile_id" in vals:
            # Set from the customer; another one only by a manager.
            self.env["quality.complaint.customer.profile"]._ensure_may_assign()
        forced = bool(vals.get("forced_close_reason"))
        if "forced_close_reason" in vals:
            self._ensure_may_force_close()
            vals = {**vals, "forced_close_user_id": self.env.uid if forced else False}
        reworked = (
            self.filtered(lambda c: c.disposition != "rework")
            if vals.get("disposition") == "rework"
            else self.browse()
        )
        res = super().write(vals)
        reworked._schedule_rework()
        if "stage_id" in vals:
            self._check_can_close(forced=forced)
            self._stamp_milestone_dates()
        if self.CLOCK_FIELDS & vals.keys():
            self._schedule_deadlines()
        if "stage_id" in vals:
            self._update_deadlines_on_stage()
            self._hold_major_replies()
        return res

    def _update_deadlines_on_stage(self):
        """Deadlines met by the stage reached; a cancelled complaint's clock stops, a
        re-opened one's restarts."""
        self.env["quality.complaint.deadline"].sudo()._mark_met(self)
        cancelled = self.filtered(lambda c: c.milestone == "cancelled").sudo()
        cancelled.deadline_ids.filtered(lambda d: not d.date_done).active = False
        reopened = self.filtered(lambda c: not c.is_closed).sudo()
        reopened.with_context(active_test=False).deadline_ids.filtered(
            lambda d: not d.active
        ).active = True

    def _check_can_close(self, forced=False):
        """Complaints reaching the closed stage have nothing pending; the refusal lists
        what is. ``forced``: a complaint manager closes anyway, for the reason recorded."""
        closing = self.filtered(lambda c: c.milestone == "closed")
        if not closing:
            return
        pending = closing._closure_blockers()
        if forced:
            for complaint, messages in pending.items():
                complaint.message_post(
                    body=Markup("%s<ul>%s</ul>")
                    % (
                        self.env._(
                            "Closed by %(user)s although this was pending. Reason: %(reason)s",
                            user=self.env.user.name,
                            reason=complaint.forced_close_reason,
                        ),
                        Markup().join(Markup("<li>%s</li>") % message for message in messages),
                    )
                )
            return
        if pending:
            raise UserError(
                "\n".join(
                    [
                        self.env._(
                            "Complaint %s cannot be closed yet: a complaint manager may close "
                            "it anyway with a reason (Close button).",
                            complaint.name,
                        )
                        + "\n"
                        + "\n".join(f"- {message}" for message in messages)
                        for complaint, messages in pending.items()
                    ]
                )
            )

    def _closure_blockers(self):
        """What still stands in the way of closing each complaint (SPEC §7): the decision of
        responsibility, the explanation owed to a responsible customer, the remedies still
        pending. Extensions add theirs (the 8D, the customer's confirmation, an external
        review's outcome).

        :return: {complaint: [sentence, ...]} for the complaints with something pending
        """
        blockers = {}
        empty = (False, "", "<p><br></p>")
        Move = self.env["account.move"].sudo()
        draft_moves = {
            complaint.id: count
            for complaint, count in Move._read_group(
                [("remedy_complaint_id", "in", self.ids), ("state", "=", "draft")],
                ["remedy_complaint_id"],
                ["__count"],
            )
        }
        open_pickings = {
            (complaint.id, remedy): count
            for complaint, remedy, count in self.env["stock.picking"]
            .sudo()
            ._read_group(
                [
                    ("remedy_complaint_id", "in", self.ids),
                    ("state", "not in", ("done", "cancel")),
                ],
                ["remedy_complaint_id", "complaint_remedy"],
                ["__count"],
            )
        }
        to_approve = {
            complaint.id: count
            for complaint, count in self.env["quality.complaint.compensation"]
            .sudo()
            ._read_group(
                [("complaint_id", "in", self.ids), ("state", "=", "to_approve")],
                ["complaint_id"],
                ["__count"],
            )
        }
        recoveries = {
            complaint.id: count
            for complaint, count in self.env["quality.complaint.recovery"]
            .sudo()
            ._read_group(
                [("complaint_id", "in", self.ids), ("state", "=", "to_approve")],
                ["complaint_id"],
                ["__count"],
            )
        }
        uninspected = self._uninspected_return_ids()
        disposition = self._disposition_blockers()
        _ = self.env._
        for complaint in self:
            messages = []
            if complaint.responsibility == "undetermined" or not complaint.responsibility_date:
                messages.append(
                    _(
                        "record the responsibility decision (or that it is not determinable, "
                        "with the reason)"
                    )
                )
            elif (
                complaint.responsibility == "not_determinable"
                and not (complaint.responsibility_reason or "").strip()
            ):
                messages.append(_("write why the responsibility is not determinable"))
            if complaint.responsibility == "customer" and complaint.customer_explanation in empty:
                messages.append(
                    _("the customer is responsible: write the explanation given to the customer")
                )
            if to_approve.get(complaint.id):
                messages.append(_("a compensation is waiting for a finance approver"))
            if recoveries.get(complaint.id):
                messages.append(_("a cost recovery is waiting for a finance approver"))
            if draft_moves.get(complaint.id):
                messages.append(_("a credit note is still a draft: finance posts or cancels it"))
            if open_pickings.get((complaint.id, "return")):
                messages.append(_("a return has not been received yet"))
            if complaint.id in uninspected:
                messages.append(
                    _("the returned goods were received: record their inspection result")
                )
            if open_pickings.get((complaint.id, "replacement")):
                messages.append(_("a replacement has not been delivered yet"))
            messages += complaint._confirmation_closure_blockers()
            messages += disposition.get(complaint, [])
            if messages:
                blockers[complaint] = messages
        return blockers

    def _ensure_may_force_close(self):
        """Only complaint managers close a complaint despite what is pending."""
        if not self.env.user.has_group("quality_complaint.quality_complaint_group_manager"):
            raise AccessError(
                self.env._(
                    "Only a complaint manager can close a complaint while something is pending."
                )
            )

    def _stamp_milestone_dates(self):
        """Record when a complaint was first acknowledged and when it was closed."""
        now = fields.Datetime.now()
        ack = self.filtered(lambda c: not c.date_acknowledged and c.milestone not in (False, "new"))
        if ack:
            ack.date_acknowledged = now
        self.filtered(lambda c: c.is_closed and not c.date_closed).date_closed = now
        self.filtered(
            lambda c: c.milestone == "escalated" and not c.date_escalated
        ).date_escalated = now
        self.filtered(lambda c: not c.is_closed and c.date_closed).date_closed = False

    # ------------------------------------------------------------ actions
    def _action_open_documents(self, records, action_xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(action_xmlid)
        if len(records) == 1:
            action.update(res_id=records.id, views=[(False, "form")], view_mode="form")
        else:
            action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        return action

    @api.readonly
    def action_view_sale_orders(self):
        """Open the sales orders the complaint is about."""
        self.ensure_one()
        return self._action_open_documents(self.sale_order_ids, "sale.action_orders")

    @api.readonly
    def action_view_pickings(self):
        """Open the deliveries the complaint is about."""
        self.ensure_one()
        return self._action_open_documents(self.picking_ids, "stock.action_picking_tree_all")

    @api.readonly
    def action_view_invoices(self):
        """Open the invoices the complaint is about."""
        self.ensure_one()
        return self._action_open_documents(self.invoice_ids, "account.action_move_out_invoice_type")

    def action_close(self, reason=None):
        """Close the complaint. What is still pending refuses it, with the list; a
        complaint manager may close anyway by giving ``reason``, which is tracked.

        Returns True, or the wizard that asks the reason when called from the form."""
        stage = self.env["quality.complaint.stage"].search([("milestone", "=", "closed")], limit=1)
        if not stage:
            raise UserError(self.env._("Create a stage for closed complaints first."))
        vals = {"stage_id": stage.id}
        if reason and reason.strip():
            vals["forced_close_reason"] = reason.strip()
        elif self.env.context.get("quality_complaint_close_wizard") and len(self) == 1:
            if self._closure_blockers():
                return {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Close Complaint"),
                    "res_model": "quality.complaint.close.wizard",
                    "view_mode": "form",
                    "views": [(False, "form")],
                    "target": "new",
                    "context": {"default_complaint_id": self.id},
                }
        self.write(vals)
        return True

    def action_decide_responsibility(self):
        """Record who decided the responsibility and when, and move the complaint on; a
        complaint the customer is responsible for becomes a non-quality complaint."""
        for complaint in self:
            if (
                complaint.responsibility == "not_determinable"
                and not (complaint.responsibility_reason or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Write why the responsibility of complaint %s cannot be determined.",
                        complaint.name,
                    )
                )
            if complaint.responsibility == "undetermined":
                raise UserError(
                    self.env._(
                        "Choose who is responsible for complaint %s before recording the decision.",
                        complaint.name,
                    )
                )
            if complaint.responsibility == "company" and not complaint.responsible_department:
                raise UserError(
                    self.env._("Choose the responsible department of complaint %s.", complaint.name)
                )
        stage = self.env["quality.complaint.stage"].search([("milestone", "=", "decided")], limit=1)
        vals = {
            "responsibility_date": fields.Datetime.now(),
            "responsibility_user_id": self.env.uid,
        }
        if stage:
            vals["stage_id"] = stage.id
        self.write(vals)
        # A claim found not to be the company's responsibility is a market complaint.
        self.filtered(
            lambda c: c.responsibility == "customer" and c.kind != "non_quality"
        ).kind = "non_quality"
        return True

    def action_new_lesson(self):
        """Write what this complaint taught into the lessons-learned register."""
        self.ensure_one()
        vals = self.env["quality.complaint.lesson"]._prepare_from_complaint(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lesson Learned"),
            "res_model": "quality.complaint.lesson",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {f"default_{key}": value for key, value in vals.items()},
        }

    @api.readonly
    def action_view_lessons(self):
        """Lessons learned from this complaint and on its products."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint.quality_complaint_lesson_action"
        )
        action["domain"] = [
            "|",
            ("complaint_id", "=", self.id),
            ("product_ids", "in", self.line_ids.product_id.ids),
        ]
        return action

    @api.readonly
    def action_view_returns(self):
        """Open the return pickings of the complaint."""
        self.ensure_one()
        return self._action_open_documents(self.return_picking_ids, "stock.action_picking_tree_all")

    @api.readonly
    def action_view_replacements(self):
        """Open the replacement deliveries of the complaint."""
        self.ensure_one()
        return self._action_open_documents(
            self.replacement_picking_ids, "stock.action_picking_tree_all"
        )

    @api.readonly
    def action_view_credit_notes(self):
        """Open the refund and compensation credit notes of the complaint."""
        self.ensure_one()
        return self._action_open_documents(
            self.refund_move_ids | self.compensation_move_ids,
            "account.action_move_out_refund_type",
        )

    @api.readonly
    def action_view_recoveries(self):
        """Open the supplier charge-backs and carrier claims of the complaint."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint.quality_complaint_recovery_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------ response clock
    def _schedule_deadlines(self):
        """(Re)compute the deadlines not met yet from the policy of each complaint: the
        steps counted from the reception of the complaint, and the inspection of returned
        goods from the reception of the return."""
        policies = self.env["quality.complaint.policy"]._policies_for(self)
        for complaint in self:
            policy = policies[complaint]
            if complaint.is_closed or not (policy or complaint.profile_id):
                continue
            existing = {d.kind: d for d in complaint.deadline_ids}
            commands = []
            closure = False
            start = complaint._clock_start()
            dues = complaint._plan_steps(policy, RECEPTION_STEPS, start)
            for kind in RECEPTION_STEPS:
                due = dues[kind]
                if not due:
                    continue
                if kind == "closure":
                    closure = due
                deadline = existing.get(kind)
                if not deadline:
                    commands.append(
                        Command.create({"kind": kind, "date_start": start, "date_deadline": due})
                    )
                elif not deadline.date_done and deadline.date_deadline != due:
                    commands.append(
                        Command.update(deadline.id, {"date_start": start, "date_deadline": due})
                    )
            inspection = existing.get("inspection")
            if inspection and not inspection.date_done and inspection.date_start:
                due = complaint._plan_step(policy, "inspection", inspection.date_start)
                if due and inspection.date_deadline != due:
                    commands.append(Command.update(inspection.id, {"date_deadline": due}))
            vals = {"policy_id": policy.id, "date_deadline": closure}
            if commands:
                vals["deadline_ids"] = commands
            # Deadlines are the clock's, not the users': only managers edit them by hand.
            complaint.sudo().write(vals)

    def _clock_start(self):
        """When the complaint's clock starts: the customer's own notification time where
        its requirements say so and it gave one, else the registration of the complaint."""
        self.ensure_one()
        if self.profile_id.start_from_customer_time and self.customer_notified_at:
            return self.customer_notified_at
        return self.date_received

    def _clock_terms(self, policy, kind):
        """(days, clock) of the step ``kind``: the customer's requirements first, then
        ``policy``; None when neither sets it (an 8D discipline the customer does not
        time, or no policy at all)."""
        self.ensure_one()
        terms = self.profile_id._terms_for(kind)
        if terms:
            return terms
        if policy and kind in POLICY_STEPS:
            return policy._days_for(kind), policy._clock_for(kind)
        return None

    def _plan_step(self, policy, kind, start):
        """When the step ``kind`` started at ``start`` is due, or False when nothing times
        it: in calendar hours (a day is 24 hours, 24x7) or in working time of the company's
        calendar, as the customer's requirements or else ``policy`` say for that step
        (SPEC sections 7 and 8)."""
        return self._plan_steps(policy, [kind], start)[kind]

    def _plan_steps(self, policy, kinds, start):
        """``{kind: when it is due, or False}`` for the steps ``kinds`` started at
        ``start`` (see ``_plan_step``): the steps in working time read the company's
        calendar once for all of them."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        dues, working = {}, {}
        for kind in kinds:
            terms = self._clock_terms(policy, kind)
            if not terms:
                dues[kind] = False
                continue
            days, clock = terms
            if clock == "calendar" or not calendar:
                dues[kind] = start + timedelta(days=days)
            else:
                working[kind] = days * (calendar.hours_per_day or 8.0)
        dues.update(plan_working_hours(calendar, start, working))
        return dues

    @api.model
    def _apply_customer_profiles(self, partners):
        """Customers given other requirements (``partners``, commercial entities): their
        open complaints follow them from now on, their deadlines not met yet re-planned.
        The closed ones keep the requirements they were handled under."""
        complaints = self.sudo().search(
            [("commercial_partner_id", "in", partners.ids), ("is_closed", "=", False)]
        )
        for profile, group in complaints.grouped(lambda c: c._customer_profile()).items():
            group.filtered(lambda c, p=profile: c.profile_id != p).write({"profile_id": profile.id})

    def _apply_key_account(self):
        """Key accounts' complaints get priority and their account manager follows them."""
        for complaint in self.filtered("is_key_account"):
            partner = complaint.commercial_partner_id
            if complaint.priority == "0":
                complaint.priority = "1"
            if partner.key_account_manager_id:
                complaint.message_subscribe(partner.key_account_manager_id.partner_id.ids)

    def _management_users(self):
        self.ensure_one()
        group = self.env.ref("quality_complaint.quality_complaint_group_manager")
        return group.sudo().all_user_ids.filtered(
            lambda u: not u.share and self.company_id in u.company_ids and u.active
        )

    def _notify_management(self):
        """Major complaints (systemic, safety, several customers) reach top management."""
        for complaint in self:
            managers = complaint._management_users()
            complaint.message_subscribe(managers.partner_id.ids)
            complaint.message_post(
                body=self.env._(
                    "Major complaint %(complaint)s from %(customer)s: management is informed.",
                    complaint=complaint.name,
                    customer=complaint.commercial_partner_id.display_name,
                ),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _escalate_to_management(self):
        """Major complaints that miss a deadline go to the Escalated stage and the complaint
        managers of the company are told, once: a complaint already escalated (another of
        its deadlines, missed in an earlier batch or run) is not told again."""
        stage = self.env["quality.complaint.stage"].search(
            [("milestone", "=", "escalated")], limit=1
        )
        complaints = self.filtered(lambda c: c.milestone != "escalated")
        # One write for the batch: the deadlines met, the dashboard's logs and the
        # automation rules run once for all of them, not once per complaint.
        if stage:
            complaints.filtered(lambda c: c.stage_id != stage).stage_id = stage
        managers = {}
        for complaint in complaints:
            if complaint.company_id not in managers:
                managers[complaint.company_id] = complaint._management_users()
            complaint.message_post(
                body=self.env._(
                    "Major complaint %s missed a deadline and was escalated to management.",
                    complaint.name,
                ),
                partner_ids=managers[complaint.company_id].partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    # ------------------------------------------------------------ returned goods inspection
    def _received_return_dates(self):
        """{complaint id: when its last return was received}, for the complaints with a
        validated return (one grouped query)."""
        groups = (
            self.env["stock.picking"]
            .sudo()
            ._read_group(
                [
                    ("remedy_complaint_id", "in", self.ids),
                    ("complaint_remedy", "=", "return"),
                    ("state", "=", "done"),
                ],
                ["remedy_complaint_id"],
                ["date_done:max"],
            )
        )
        return {complaint.id: date_done for complaint, date_done in groups}

    def _uninspected_return_ids(self):
        """The ids of the complaints whose returned goods were received after their last
        recorded inspection (or never inspected)."""
        received = self._received_return_dates()
        return {
            complaint.id
            for complaint in self
            if complaint.id in received
            and (
                not complaint.inspection_date or complaint.inspection_date < received[complaint.id]
            )
        }

    def _compute_inspection_due(self):
        """The form offers to record the inspection while returned goods wait for it."""
        due = self._uninspected_return_ids()
        for complaint in self:
            complaint.inspection_due = complaint.id in due

    def _start_inspection_clock(self, returns):
        """Start the "returned goods inspected" deadline of the complaints of ``returns``
        (return pickings just validated), from their reception: the policy's inspection
        delay (7 working days by default). A return received after the last inspection
        restarts the deadline: its goods are inspected too. Called by the validation of
        the pickings."""
        received = {}
        for picking in returns:
            complaint = picking.remedy_complaint_id
            received[complaint.id] = max(
                received.get(complaint.id, picking.date_done), picking.date_done
            )
        complaints = self.browse(list(received)).filtered(lambda c: not c.is_closed)
        if not complaints:
            return
        policies = self.env["quality.complaint.policy"]._policies_for(complaints)
        Deadline = self.env["quality.complaint.deadline"].sudo().with_context(active_test=False)
        existing = {
            deadline.complaint_id: deadline
            for deadline in Deadline.search(
                [("complaint_id", "in", complaints.ids), ("kind", "=", "inspection")]
            )
        }
        vals_list = []
        for complaint in complaints:
            start = received[complaint.id]
            due = complaint._plan_step(policies[complaint], "inspection", start)
            if not due:
                continue
            vals = {"date_start": start, "date_deadline": due}
            deadline = existing.get(complaint)
            if not deadline:
                vals_list.append({**vals, "complaint_id": complaint.id, "kind": "inspection"})
            elif deadline.date_done and (
                not complaint.inspection_date or complaint.inspection_date < start
            ):
                deadline.write(
                    {
                        **vals,
                        "date_done": False,
                        "date_reminded": False,
                        "date_escalated": False,
                        "active": True,
                    }
                )
        if vals_list:
            Deadline.create(vals_list)

    def action_record_inspection(self, result, note=None, attachment_ids=None):
        """Record the inspection of the returned goods: its result (``accepted``,
        ``defect_confirmed`` or ``no_defect``), the findings (``note``) and the reports
        (``attachment_ids``, ids of attachments the user may read). It meets the
        "returned goods inspected" deadline. Callable through the external API with these
        values; the form's wizard calls it too."""
        results = dict(self._fields["inspection_result"]._description_selection(self.env))
        if result not in results:
            raise UserError(
                self.env._("Choose the inspection result among: %s.", ", ".join(results.values()))
            )
        received = self._received_return_dates()
        missing = self.filtered(lambda c: c.id not in received)
        if missing:
            raise UserError(
                self.env._(
                    "Complaint %s has no received return to inspect: validate the return first.",
                    ", ".join(missing.mapped("name")),
                )
            )
        attachments = self.env["ir.attachment"].browse(attachment_ids or [])
        attachments.check_access("read")
        now = fields.Datetime.now()
        vals = {
            "inspection_result": result,
            "inspection_date": now,
            "inspection_user_id": self.env.uid,
        }
        if note is not None:
            vals["inspection_note"] = note
        if attachments:
            vals["inspection_attachment_ids"] = [Command.link(a.id) for a in attachments]
        self.write(vals)
        self.sudo().deadline_ids.filtered(
            lambda d: d.kind == "inspection" and not d.date_done
        ).date_done = now
        return True

    # ------------------------------------------------------------ remedies: guards
    def _check_remedy_allowed(self, override_reason=None):
        """Remedies are for open complaints. A non-quality complaint (the customer is
        responsible) gets none, unless a complaint manager grants a refund or compensation
        anyway with ``override_reason`` (only those remedies pass one)."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(
                self.env._(
                    "Complaint %s is closed or cancelled: re-open it before adding a remedy.",
                    self.name,
                )
            )
        if self._is_non_quality():
            if not (override_reason or "").strip():
                raise UserError(
                    self.env._(
                        "The customer is responsible for complaint %s (non-quality complaint): "
                        "explain the decision to the customer instead of granting a remedy, or "
                        "revise the decision. A complaint manager may grant a refund or "
                        "compensation anyway, with a reason.",
                        self.name,
                    )
                )
            self._ensure_may_override()

    def _is_non_quality(self):
        """The customer is responsible, or the complaint was classed as non-quality: no
        refund or compensation is owed."""
        self.ensure_one()
        return self.responsibility == "customer" or self.kind == "non_quality"

    def _ensure_may_override(self):
        """Only complaint managers grant what the kind of complaint refuses."""
        if not self.env.user.has_group("quality_complaint.quality_complaint_group_manager"):
            raise AccessError(
                self.env._(
                    "Only a complaint manager can grant a refund or compensation that the kind "
                    "of complaint refuses (override reason)."
                )
            )

    def _log_override(self, document, override_reason):
        """The manager's override stays in the chatter with its reason."""
        self.message_post(
            body=self.env._(
                "%(document)s granted by %(user)s although the complaint refuses it. "
                "Reason: %(reason)s",
                document=document._get_html_link(),
                user=self.env.user.name,
                reason=override_reason,
            )
        )

    @api.model
    def _ensure_quantities(self, quantities, message):
        """The positive quantities of ``quantities`` ({record: quantity}); ``message`` is
        the refusal when there is none."""
        quantities = {record: qty for record, qty in quantities.items() if qty > 0}
        if not quantities:
            raise UserError(message)
        return quantities

    def _lock_for_remedy(self):
        """Serialise remedies of one complaint: concurrent requests wait here, then see
        the documents the first one created."""
        self.ensure_one()
        lock_rows(self)
        # What is stored was read in this transaction's snapshot, which the lock does not
        # change: only what is computed on the fly, from records its dependencies do not all
        # name (a liability's recoverable amount), is computed again. Invalidating the whole
        # cache read the complaint, its lines and documents again: 30 queries per remedy.
        computed = defaultdict(list)
        for field in self.env.transaction.field_data:
            if field.compute and not field.store:
                computed[field.model_name].append(field.name)
        for model_name, fnames in computed.items():
            self.env[model_name].invalidate_model(fnames, flush=False)

    # ------------------------------------------------------------ return
    @api.model
    def _prepare_return_lines(self, picking, quantities):
        """Quantities to return per original move of a delivery, from complaint lines.

        Called by ``_return_through_wizard``, which then refuses what cannot be returned
        any more and gives these quantities to Odoo's return wizard.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        :return: {stock.move of ``picking``: quantity in the move's unit}; an extension
            may map a line to other moves (the Kits bridge maps a kit to its components)
        """
        by_move = defaultdict(float)
        # One recordset, so that the lines' delivered moves are read together.
        lines = self.env["quality.complaint.line"].concat(*quantities).with_prefetch()
        for line in lines:
            qty = quantities[line]
            move = line.move_line_id.move_id
            if move.picking_id != picking:
                move = picking.move_ids.filtered(
                    lambda m, line=line: m.product_id == line.product_id and m.state == "done"
                )[:1]
            if not move:
                raise UserError(
                    self.env._(
                        "%(product)s was not delivered by %(picking)s: it cannot be returned "
                        "from it.",
                        product=line.product_id.display_name,
                        picking=picking.name,
                    )
                )
            by_move[move] += line.uom_id._compute_quantity(qty, move.product_uom)
        return by_move

    def _return_through_wizard(self, picking, quantities, too_much):
        """The return picking of ``quantities`` of ``picking``, made by Odoo's return
        wizard, refused beyond what can still be returned from it.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        :param too_much: the refusal, with %(qty)s %(uom)s %(product)s %(picking)s
        """
        by_move = self._prepare_return_lines(picking, quantities)
        self._ensure_qty_to_return(picking, by_move, too_much)
        # Complaint users need no stock rights: the checks above and the callers' are what
        # they may do.
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        for return_line in wizard.product_return_moves:
            return_line.quantity = by_move.get(return_line.move_id, 0.0)
        wizard.product_return_moves.filtered(lambda rl: not rl.quantity).unlink()
        return wizard._create_return()

    @api.model
    def _ensure_qty_to_return(self, picking, by_move, too_much):
        """Refuse to return more of a move of ``picking`` than was delivered and not yet
        returned.

        :param by_move: {stock.move of ``picking``: quantity in the move's unit}
        :param too_much: the refusal, with %(qty)s %(uom)s %(product)s %(picking)s
        """
        returnable = self._returnable_quantities(picking)
        for move, qty in by_move.items():
            if move.product_uom.compare(qty, returnable[move]) > 0:
                raise UserError(
                    too_much
                    % {
                        "qty": returnable[move],
                        "uom": move.product_uom.name,
                        "product": move.product_id.display_name,
                        "picking": picking.name,
                    }
                )

    def _ensure_returnable_picking(self, picking):
        """Goods come back from a done delivery of this complaint only."""
        self.ensure_one()
        if picking not in self.picking_ids or picking.state != "done":
            raise UserError(
                self.env._("Returns are made from a done delivery of complaint %s.", self.name)
            )

    def _create_return(self, picking, quantities, location_dest=None):
        """Return picking of ``picking`` through Odoo's return wizard.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        :param location_dest: internal location to receive into (quarantine), optional
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        quantities = self._ensure_quantities(quantities, self.env._("Enter a quantity to return."))
        self._ensure_returnable_picking(picking)
        new_picking = self._return_through_wizard(
            picking,
            quantities,
            self.env._(
                "Only %(qty)s %(uom)s of %(product)s can still be returned from %(picking)s."
            ),
        )
        new_picking.write(self._prepare_return_picking_vals(location_dest))  # sudo, from the wizard
        if location_dest:
            new_picking.move_ids.write({"location_dest_id": location_dest.id})
        self._assign_return_lots(new_picking, quantities)
        self._message_log(body=self.env._("Return %s created.", new_picking._get_html_link()))
        return new_picking

    def _prepare_return_picking_vals(self, location_dest=None):
        """Values written on the return picking that Odoo's return wizard made.

        Called by ``_create_return`` once the quantities are checked. An extension may add
        values (a carrier, a note for the warehouse) or change the origin; it keeps
        ``remedy_complaint_id`` and ``complaint_remedy``, which the cost and the smart
        buttons read.
        """
        vals = {
            "remedy_complaint_id": self.id,
            "complaint_remedy": "return",
            "origin": self.env._("%(complaint)s (return)", complaint=self.name),
        }
        if location_dest:
            vals["location_dest_id"] = location_dest.id
        return vals

    @api.model
    def _returnable_quantities(self, picking):
        """Delivered minus already returned (not cancelled), per move of the delivery."""
        result = {}
        for move in picking.move_ids.filtered(lambda m: m.state == "done"):
            returned = sum(
                m.product_uom._compute_quantity(m.product_uom_qty, move.product_uom)
                for m in move.returned_move_ids
                if m.state != "cancel"
            )
            result[move] = move.quantity - returned
        return defaultdict(float, result)

    def _assign_return_lots(self, return_picking, quantities):
        """Receive exactly the complained lots: one move line per lot and quantity."""
        lot_qty = defaultdict(float)
        for line, qty in quantities.items():
            if line.lot_id:
                lot_qty[line.product_id, line.lot_id] += line.uom_id._compute_quantity(
                    qty, line.product_id.uom_id
                )
        if not lot_qty:
            return
        for move in return_picking.move_ids:
            lots = {
                lot: qty for (product, lot), qty in lot_qty.items() if product == move.product_id
            }
            if not lots:
                continue
            move.move_line_ids.unlink()
            self.env["stock.move.line"].sudo().create(
                [
                    {
                        **move._prepare_move_line_vals(quantity=qty),
                        "lot_id": lot.id,
                        "quantity": qty,
                        "product_uom_id": move.product_id.uom_id.id,
                    }
                    for lot, qty in lots.items()
                ]
            )

    # ------------------------------------------------------------ replacement
    def _create_replacement(self, quantities, date_required=None):
        """Outgoing delivery of replacement goods, at no price, linked to the complaint.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        :param date_required: the date the customer needs the goods by: the delivery's
            scheduled date, against which the on-time replacement rate is measured
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        quantities = self._ensure_quantities(quantities, self.env._("Enter a quantity to replace."))
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(self._prepare_replacement_picking_vals(quantities, date_required))
        )
        picking.action_confirm()
        picking.action_assign()
        self._message_log(
            body=self.env._("Replacement delivery %s created.", picking._get_html_link())
        )
        return picking

    def _create_replacement_order(self, quantities, date_required=None):
        """Zero-priced sales order for the replacement goods: the usual order flow (routes,
        delivery, customer's documents) ships them; nothing is invoiced.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        :param date_required: the date the customer needs the goods by: the order's
            commitment date, hence its delivery's scheduled date
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        quantities = self._ensure_quantities(quantities, self.env._("Enter a quantity to replace."))
        order = (
            self.env["sale.order"]
            .sudo()
            .create(self._prepare_replacement_order_vals(quantities, date_required))
        )
        order.action_confirm()
        order.picking_ids.write(
            {
                "remedy_complaint_id": self.id,
                "complaint_remedy": "replacement",
                "complaint_date_required": date_required or False,
            }
        )
        self._message_log(body=self.env._("Replacement order %s created.", order._get_html_link()))
        return order

    def _prepare_replacement_order_vals(self, quantities, date_required=None):
        """Values of the zero-priced sales order that ships replacement goods.

        Called by ``_create_replacement_order`` with the checked quantities
        ({quality.complaint.line: quantity}) and the customer's required date, which becomes
        the commitment date. An extension may change the warehouse, the
        salesperson or the lines' values (a route, a description); the prices stay zero and
        ``remedy_complaint_id`` stays, or the replacement would be invoiced or lost from the
        complaint.
        """
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.env.uid,
            "commitment_date": self._replacement_datetime(date_required),
            "origin": self.name,
            "client_order_ref": self.env._("Replacement, complaint %s", self.name),
            "remedy_complaint_id": self.id,
            "warehouse_id": self._replacement_picking_type().warehouse_id.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": qty,
                        "product_uom_id": line.uom_id.id,
                        "price_unit": 0.0,
                        "discount": 0.0,
                    }
                )
                for line, qty in quantities.items()
            ],
        }

    @api.model
    def _replacement_datetime(self, date_required):
        """The scheduled moment of a replacement required by ``date_required``: noon UTC of
        that day, which is the same calendar day in the customers' time zones."""
        if not date_required:
            return False
        return datetime.combine(fields.Date.to_date(date_required), time(12))

    def _replacement_picking_type(self):
        """The delivery type of the complained delivery, else the company's warehouse's."""
        origin = self.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")[:1]
        if origin:
            return origin.picking_type_id
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %s has no warehouse to ship a replacement from.", self.company_id.name
                )
            )
        return warehouse.out_type_id

    def _prepare_replacement_picking_vals(self, quantities, date_required=None):
        """Values of the outgoing delivery of replacement goods, with one move per line.

        Called by ``_create_replacement`` with the checked quantities
        ({quality.complaint.line: quantity}) and the customer's required date, which becomes
        the scheduled date. An extension may change the source location,
        the delivery address, the scheduled date or add move values; it keeps
        ``remedy_complaint_id`` and ``complaint_remedy``, which the cost and the smart
        buttons read.
        """
        picking_type = self._replacement_picking_type()
        scheduled = self._replacement_datetime(date_required)
        partner = self.picking_ids[:1].partner_id or self.partner_id
        location = picking_type.default_location_src_id
        location_dest = partner.property_stock_customer
        return {
            "picking_type_id": picking_type.id,
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "location_id": location.id,
            "location_dest_id": location_dest.id,
            "origin": self.env._("%(complaint)s (replacement)", complaint=self.name),
            "remedy_complaint_id": self.id,
            "complaint_remedy": "replacement",
            "complaint_date_required": date_required or False,
            **({"scheduled_date": scheduled} if scheduled else {}),
            "move_ids": [
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_qty": qty,
                        "product_uom": line.uom_id.id,
                        "location_id": location.id,
                        "location_dest_id": location_dest.id,
                        "company_id": self.company_id.id,
                    }
                )
                for line, qty in quantities.items()
            ],
        }

    # ------------------------------------------------------------ refund
    @api.model
    def _refundable_quantities(self, invoice):
        """Invoiced minus already credited quantity per product line of ``invoice``.

        Credit notes reversing the invoice (drafts included, cancelled ones not) are matched
        to the invoice lines by product and sale line, first come first served.
        """
        # with_prefetch: lines reached through the one2many would be fetched one by one.
        product_lines = invoice.invoice_line_ids.with_prefetch().filtered(
            lambda ln: ln.display_type == "product"
        )
        refunds = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("reversed_entry_id", "=", invoice.id),
                    ("move_type", "=", "out_refund"),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        credited = defaultdict(float)
        for refund_line in refunds.invoice_line_ids.with_prefetch().filtered(
            lambda ln: ln.display_type == "product"
        ):
            key = (refund_line.product_id, frozenset(refund_line.sale_line_ids.ids))
            credited[key] += refund_line.product_uom_id._compute_quantity(
                refund_line.quantity, refund_line.product_id.uom_id
            )
        result = {}
        for line in product_lines:
            key = (line.product_id, frozenset(line.sale_line_ids.ids))
            invoiced = line.product_uom_id._compute_quantity(line.quantity, line.product_id.uom_id)
            used = min(credited[key], invoiced)
            credited[key] -= used
            result[line] = line.product_id.uom_id._compute_quantity(
                invoiced - used, line.product_uom_id
            )
        return result

    def _refundable_invoices(self):
        """The complaint's posted customer invoices, whoever issued them: the complaint, not
        the salesperson's invoice rights, decides what its handler may ask to refund."""
        return self.sudo().invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )

    def _default_refund_quantities(self, invoice, refundable=None):
        """What to refund by default: the complained quantities, within what is refundable.

        :param refundable: ``_refundable_quantities(invoice)`` when the caller has it
        """
        self.ensure_one()
        if refundable is None:
            refundable = self._refundable_quantities(invoice)
        result = {}
        for inv_line, available in refundable.items():
            complained = self._get_complained_quantity(inv_line)
            result[inv_line] = max(min(complained, available), 0.0)
        return result

    def _get_complained_quantity(self, inv_line):
        """The quantity of what ``inv_line`` invoiced that the complaint's lines are about,
        in the invoice line's unit: the lines of its product and of its order lines.

        Called by ``_default_refund_quantities``, which keeps it within what is refundable.
        An extension may count lines about goods invoiced under another product (the Kits
        bridge counts the complete kits that complained components represent).
        """
        self.ensure_one()
        return sum(
            line.uom_id._compute_quantity(line.quantity, inv_line.product_uom_id)
            for line in self.line_ids
            if line.product_id == inv_line.product_id
            and (not line.sale_line_id or line.sale_line_id in inv_line.sale_line_ids)
        )

    def _create_refund(self, invoice, quantities, override_reason=None):
        """Credit note reversing the given lines of ``invoice`` (Odoo's reversal: prices,
        discounts, taxes, fiscal position and currency as invoiced).

        :param quantities: {account.move.line of the invoice: quantity to credit}
        :param override_reason: why a complaint manager refunds a non-quality complaint
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed(override_reason)
        self._ensure_refundable_invoice(invoice)
        invoice = invoice.sudo()
        # Lock the invoice too: a refund made from another complaint waits as well.
        lock_rows(invoice)
        wanted = self._ensure_qty_to_refund(invoice, quantities)
        reversal = (
            self.env["account.move.reversal"]
            .sudo()
            .create(
                {
                    "move_ids": [Command.set(invoice.ids)],
                    "company_id": invoice.company_id.id,
                    "journal_id": invoice.journal_id.id,
                    "complaint_id": self.id,
                }
            )
        )
        reversal.refund_moves()
        refund = reversal.new_move_ids
        commands = []
        invoice_lines = invoice.invoice_line_ids.with_prefetch()
        refund_lines = refund.invoice_line_ids.with_prefetch()
        for inv_line, refund_line in zip(invoice_lines, refund_lines, strict=True):
            if inv_line not in wanted:
                commands.append(Command.delete(refund_line.id))
            elif float_compare(
                wanted[inv_line],
                refund_line.quantity,
                precision_rounding=inv_line.product_uom_id.rounding,
            ):
                commands.append(Command.update(refund_line.id, {"quantity": wanted[inv_line]}))
        # A line refunded in full is left as reversed: rewriting it recomputes the whole move.
        if commands:
            refund.write({"invoice_line_ids": commands})
        self._post_credit_note_if_configured(refund)
        self._message_log(body=self.env._("Credit note %s created.", refund._get_html_link()))
        if self._is_non_quality():
            self._log_override(refund, override_reason.strip())
        return refund

    def _ensure_refundable_invoice(self, invoice):
        """Refunds reverse a posted customer invoice of this complaint only."""
        self.ensure_one()
        if invoice not in self._refundable_invoices():
            raise UserError(
                self.env._("Refunds reverse a posted customer invoice of complaint %s.", self.name)
            )

    def _ensure_qty_to_refund(self, invoice, quantities):
        """The quantities to credit per invoice line, refused beyond what was invoiced and
        not yet credited (drafts included) and for lines that are not the invoice's.

        :param quantities: {account.move.line of the invoice: quantity to credit}
        :return: {account.move.line (sudo): quantity}, zero quantities left out
        """
        refundable = self._refundable_quantities(invoice)
        wanted = {}
        for line, qty in quantities.items():
            inv_line = line.sudo()
            if inv_line not in refundable:
                raise UserError(
                    self.env._("Line %s is not a product line of the invoice.", inv_line.name)
                )
            if float_is_zero(qty, precision_rounding=inv_line.product_uom_id.rounding):
                continue
            if (
                qty < 0
                or float_compare(
                    qty, refundable[inv_line], precision_rounding=inv_line.product_uom_id.rounding
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: %(qty)s cannot be refunded; %(available)s %(uom)s of "
                        "invoice %(invoice)s remain to refund.",
                        product=inv_line.product_id.display_name,
                        qty=qty,
                        available=refundable[inv_line],
                        uom=inv_line.product_uom_id.name,
                        invoice=invoice.name,
                    )
                )
            wanted[inv_line] = qty
        if not wanted:
            raise UserError(self.env._("Enter a quantity to refund."))
        return wanted

    def _prepare_refund_vals(self, invoice):
        """Default values of the credit note that Odoo's reversal makes of ``invoice``.

        Called by the reversal wizard that ``_create_refund`` runs (its
        ``_prepare_default_reversal``); the credit note's lines are then cut to the
        quantities asked. An extension may change the reference, the dates or the journal;
        it keeps ``remedy_complaint_id`` and ``complaint_remedy``, which the cost, the
        refundable quantities and the smart buttons read.
        """
        today = fields.Date.context_today(self)
        return {
            "ref": self.env._(
                "Refund of %(invoice)s, complaint %(complaint)s",
                invoice=invoice.name,
                complaint=self.name,
            ),
            "date": today,
            "invoice_date": today,
            "remedy_complaint_id": self.id,
            "complaint_remedy": "refund",
        }

    def _post_credit_note_if_configured(self, move):
        """Drafts for finance, unless the company posts them and the user may post."""
        if self.company_id.complaint_post_credit_notes and self.env.user.has_group(
            "account.group_account_invoice"
        ):
            move.with_env(self.env).action_post()

    # ------------------------------------------------------------ disposition of goods
    def _compute_scrap_count(self):
        """Scrap orders of all the complaints in one query, whoever may read stock."""
        counts = dict(
            self.env["stock.scrap"]
            .sudo()
            ._read_group([("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"])
        )
        for complaint in self:
            complaint.scrap_count = counts.get(complaint, 0)

    def _schedule_rework(self):
        """Reworked goods are production's task: an activity for the company's rework
        handler (else the responsible), followed by a quality re-check."""
        for complaint in self:
            user = (
                complaint.company_id.complaint_rework_user_id
                or complaint.user_id
                or complaint.receiver_id
            )
            if not user:
                continue
            complaint.sudo().activity_schedule(
                "quality_complaint.mail_activity_type_rework",
                user_id=user.id,
                summary=self.env._("Rework the goods of complaint %s", complaint.name),
                note=self.env._(
                    "Quality re-checks the reworked goods before they go back to the customer."
                ),
            )

    def _ensure_disposition(self, dispositions):
        self.ensure_one()
        if self.disposition not in dispositions:
            labels = dict(self._fields["disposition"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s: set the disposition of goods to %(disposition)s "
                    "first.",
                    complaint=self.name,
                    disposition=self.env._(" or ").join(labels[d] for d in dispositions),
                )
            )

    def _ensure_quality_manager(self, message):
        if not self.env.user.has_group("quality_complaint.quality_complaint_group_manager"):
            raise AccessError(message)

    def action_record_recheck(self, result, note=None):
        """Quality records the re-check of reworked goods (they go back only once passed)
        or the result of the re-inspection.

        :param result: 'passed' or 'failed'
        """
        self._ensure_quality_manager(
            self.env._("Only the quality department (complaint managers) records a re-check.")
        )
        if result not in ("passed", "failed"):
            raise UserError(self.env._("A re-check result is passed or failed."))
        for complaint in self:
            complaint._ensure_disposition(("rework", "reinspect"))
        self.write(
            {
                "recheck_result": result,
                "recheck_note": note or False,
                "recheck_date": fields.Datetime.now(),
                "recheck_user_id": self.env.uid,
            }
        )
        if result == "passed":
            self.filtered(lambda c: c.disposition == "rework").sudo().activity_feedback(
                ["quality_complaint.mail_activity_type_rework"]
            )
        return True

    def action_record_concession(self, accepted_by, note=None):
        """Record that the customer accepts to use the goods as they are.

        :param accepted_by: the customer's contact who accepted (res.partner or its id)
        """
        partner = (
            accepted_by
            if isinstance(accepted_by, models.BaseModel)
            else self.env["res.partner"].browse(int(accepted_by or 0))
        )
        for complaint in self:
            complaint._ensure_disposition(("concession",))
            if (
                len(partner) != 1
                or partner.commercial_partner_id != complaint.commercial_partner_id
            ):
                raise UserError(
                    self.env._(
                        "The concession of complaint %s is accepted by a contact of the customer.",
                        complaint.name,
                    )
                )
        self.write(
            {
                "concession_partner_id": partner.id,
                "concession_date": fields.Datetime.now(),
                "concession_note": note or False,
            }
        )
        for complaint in self:
            complaint.message_post(
                body=self.env._(
                    "%(partner)s accepted to use the goods as they are (concession).",
                    partner=partner.display_name,
                )
            )
        return True

    def _returned_stock(self):
        """What came back through the complaint's done returns and is not scrapped yet.

        :return: {(product, lot, location): quantity in the product's unit}
        """
        self.ensure_one()
        available = defaultdict(float)
        for ml in (
            self.env["stock.move.line"]
            .sudo()
            .search_fetch(
                [
                    ("picking_id.remedy_complaint_id", "=", self.id),
                    ("picking_id.complaint_remedy", "=", "return"),
                    ("state", "=", "done"),
                ],
                ["product_id", "lot_id", "location_dest_id", "quantity", "product_uom_id"],
            )
        ):
            available[ml.product_id, ml.lot_id, ml.location_dest_id] += (
                ml.product_uom_id._compute_quantity(ml.quantity, ml.product_id.uom_id)
            )
        for product, lot, location, qty in (
            self.env["stock.scrap"]
            .sudo()
            ._read_group(
                [("complaint_id", "=", self.id), ("state", "=", "done")],
                ["product_id", "lot_id", "location_id"],
                ["scrap_qty:sum"],
            )
        ):
            available[product, lot, location] -= qty
        return {key: qty for key, qty in available.items() if qty > 0}

    def _scrap_allocation(self, quantities):
        """The returned stock to scrap for ``quantities``, refused beyond what came back.

        :param quantities: {quality.complaint.line (or its id): quantity in the line's unit}
        :return: {(product, lot, location): quantity in the product's unit}
        """
        available = self._returned_stock()
        if quantities is None:
            return available
        Line = self.env["quality.complaint.line"]
        wanted = {}
        for key, qty in quantities.items():
            line = key if isinstance(key, models.BaseModel) else Line.browse(int(key))
            if line.complaint_id != self:
                raise UserError(self.env._("Scrap the lines of complaint %s only.", self.name))
            wanted[line] = float(qty)
        wanted = self._ensure_quantities(wanted, self.env._("Enter a quantity to scrap."))
        allocation = defaultdict(float)
        for line, line_qty in wanted.items():
            missing = line.uom_id._compute_quantity(line_qty, line.product_id.uom_id)
            for key in available:
                product, lot, _location = key
                if product != line.product_id or (line.lot_id and lot != line.lot_id):
                    continue
                take = min(missing, available[key])
                allocation[key] += take
                available[key] -= take
                missing -= take
            if line.product_id.uom_id.compare(missing, 0.0) > 0:
                raise UserError(
                    self.env._(
                        "%(product)s: %(qty)s %(uom)s more than what came back for complaint "
                        "%(complaint)s and is not scrapped yet.",
                        product=line.product_id.display_name,
                        qty=missing,
                        uom=line.product_id.uom_id.name,
                        complaint=self.name,
                    )
                )
        return {key: qty for key, qty in allocation.items() if qty > 0}

    def _prepare_scrap_vals(self, product, lot, location, qty):
        """Values of one scrap order of returned goods.

        Called by ``action_scrap_returned_goods`` for each product, lot and location the
        goods came back to. An extension may add a scrap reason or another scrap location;
        it keeps ``complaint_id``, which links the scrap to the complaint.
        """
        return {
            "company_id": self.company_id.id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "lot_id": lot.id,
            "location_id": location.id,
            "scrap_qty": qty,
            "origin": self.name,
            "complaint_id": self.id,
        }

    def action_scrap_returned_goods(self, quantities=None):
        """Scrap the returned goods through Odoo's scrap orders (stock accounting values
        them): everything that came back and is not scrapped yet, or ``quantities``
        ({complaint line or its id: quantity in the line's unit}).

        :return: the validated stock.scrap records
        """
        self.ensure_one()
        self._ensure_quality_manager(
            self.env._("Only a complaint manager scraps the returned goods of a complaint.")
        )
        self.check_access("write")
        self._lock_for_remedy()
        self._ensure_disposition(("scrap",))
        allocation = self._scrap_allocation(quantities)
        if not allocation:
            raise UserError(
                self.env._(
                    "Nothing of complaint %s is left to scrap: receive the return first.",
                    self.name,
                )
            )
        scraps = (
            self.env["stock.scrap"]
            .sudo()
            .create(
                [
                    self._prepare_scrap_vals(product, lot, location, qty)
                    for (product, lot, location), qty in allocation.items()
                ]
            )
        )
        for scrap in scraps:
            if scrap.action_validate() is not True:
                raise UserError(
                    self.env._(
                        "%(product)s is no longer in %(location)s: it cannot be scrapped from "
                        "there.",
                        product=scrap.product_id.display_name,
                        location=scrap.location_id.display_name,
                    )
                )
        self._message_log(
            body=self.env._(
                "Returned goods scrapped: %s",
                Markup(", ").join(scrap._get_html_link() for scrap in scraps),
            )
        )
        return scraps.with_env(self.env)

    def _disposition_blockers(self):
        """What the disposition of goods still needs before closure: the reworked goods'
        passed re-check, the re-inspection's result, the customer's concession.

        :return: {complaint: [sentence, ...]}
        """
        _ = self.env._
        blockers = defaultdict(list)
        for complaint in self:
            if complaint.disposition == "rework" and complaint.recheck_result != "passed":
                blockers[complaint].append(
                    _("record a passed quality re-check of the reworked goods before they go back")
                )
            elif complaint.disposition == "reinspect" and not complaint.recheck_result:
                blockers[complaint].append(_("record the result of the re-inspection"))
            elif complaint.disposition == "concession" and not complaint.concession_date:
                blockers[complaint].append(_("record the customer's acceptance of the concession"))
        return blockers

    # ------------------------------------------------------------ liability and recovery
    def _traced_receipt_lines(self):
        """Done move lines that received the complained lots from a purchase order."""
        lots = self.line_ids.lot_id
        if not lots:
            return self.env["stock.move.line"]
        return (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                    ("move_id.purchase_line_id", "!=", False),
                ],
                order="date desc, id desc",
            )
        )

    def _traced_suppliers(self):
        """The suppliers the complained lots were bought from, most recent first."""
        orders = self._traced_receipt_lines().move_id.purchase_line_id.order_id
        return orders.partner_id.commercial_partner_id

    def _check_recovery_allowed(self, liability):
        """Costs are recovered once the decision names the liable party, never from the
        company itself, and not on a cancelled complaint."""
        self.ensure_one()
        if liability.complaint_id != self or liability.party_type == "company":
            raise UserError(
                self.env._(
                    "Costs of complaint %s are recovered from a liable supplier or carrier.",
                    self.name,
                )
            )
        if not self.responsibility_date:
            raise UserError(
                self.env._(
                    "Record the responsibility decision of complaint %s before recovering its "
                    "cost.",
                    self.name,
                )
            )
        if self.milestone == "cancelled":
            raise UserError(
                self.env._("Complaint %s is cancelled: nothing is recovered.", self.name)
            )

    def _recovery_amounts_by_liability(self):
        """({liability id: recovered}, {liability id: claimed not yet credited})."""
        recovered = {
            liability.id: total
            for liability, total in self.env["account.move"]
            .sudo()
            ._read_group(
                [("recovery_complaint_id", "in", self.ids), ("state", "!=", "cancel")],
                ["recovery_liability_id"],
                ["amount_untaxed_signed:sum"],
            )
        }
        pending = {
            liability.id: total
            for liability, total in self.env["quality.complaint.recovery"]
            .sudo()
            ._read_group(
                [
                    ("complaint_id", "in", self.ids),
                    ("state", "in", PENDING_STATES),
                    ("move_id", "=", False),
                ],
                ["liability_id"],
                ["amount:sum"],
            )
        }
        return recovered, pending

    # ---------------------------------------------------- customer confirmation and external review
    @api.depends("kind", "company_id")
    def _compute_confirmation_required(self):
        """A company setting decides, per kind, whether closure waits for the customer's
        acceptance of the resolution (SPEC §7)."""
        for complaint in self:
            complaint.confirmation_required = bool(
                complaint.kind and complaint.company_id[f"complaint_confirm_{complaint.kind}"]
            )

    @api.depends("external_review_ids")
    def _compute_external_review_count(self):
        for complaint in self:
            complaint.external_review_count = len(complaint.external_review_ids)

    def _milestone_stage(self, milestone):
        return self.env["quality.complaint.stage"].search([("milestone", "=", milestone)], limit=1)

    def _confirmation_closure_blockers(self):
        """What the customer's confirmation and the external reviews still hold up, for
        ``_closure_blockers`` (the reviews of the whole recordset are read at once)."""
        self.ensure_one()
        _ = self.env._
        messages = []
        if self.confirmation_required and self.customer_confirmation != "accepted":
            messages.append(
                _(
                    "the customer has not accepted the resolution: send it for confirmation "
                    "and record the customer's answer"
                )
            )
        if any(not review.outcome for review in self.sudo().external_review_ids):
            messages.append(_("an external review has no outcome yet: record its decision"))
        return messages

    def _ensure_open_for_customer(self):
        for complaint in self:
            if complaint.is_closed:
                raise UserError(
                    self.env._(
                        "Complaint %s is closed or cancelled: re-open it first.", complaint.name
                    )
                )

    def _confirmation_template(self):
        """The template asking the customer to confirm the resolution: the confirmation
        stage's, else the shipped one."""
        stage = self._milestone_stage("confirmation")
        return stage.mail_template_id or self.env.ref(
            "quality_complaint.mail_template_complaint_resolution", raise_if_not_found=False
        )

    def _send_customer_template(self, template):
        """Post ``template`` on each complaint to its customer, rendered in the customer's
        language. The stage reached in the same transaction does not send it again."""
        if not template:
            return
        sent = self.env.cr.precommit.data.setdefault("quality_complaint.templates_sent", set())
        for complaint in self:
            complaint.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )
            sent.add((complaint.id, template.id))

    def action_send_for_confirmation(self):
        """Send the resolution to the customer and wait for its answer: the complaint moves
        to the Customer confirmation stage, its confirmation is pending until the customer
        accepts or rejects it (portal buttons, or recorded by the handler). Sending again
        after a rejection asks the customer once more."""
        self._ensure_open_for_customer()
        for complaint in self:
            if complaint.customer_confirmation == "accepted":
                raise UserError(
                    self.env._(
                        "The customer already accepted the resolution of complaint %s.",
                        complaint.name,
                    )
                )
        vals = {
            "customer_confirmation": "pending",
            "date_confirmation_sent": fields.Datetime.now(),
            "confirmation_date": False,
        }
        stage = self._milestone_stage("confirmation")
        if stage:
            vals["stage_id"] = stage.id
        self.write(vals)
        self._send_customer_template(self._confirmation_template())
        return True

    def _ensure_confirmation_answer(self, accepted, comment, channel, date):
        """The answer of the customer is complete and plausible (SPEC §7)."""
        self._ensure_open_for_customer()
        if channel not in dict(CHANNELS):
            raise UserError(self.env._("Choose the channel among: %s.", ", ".join(dict(CHANNELS))))
        if not accepted and not (comment or "").strip():
            raise UserError(
                self.env._("Write what the customer still finds wrong with the resolution.")
            )
        if date and fields.Datetime.to_datetime(date) > fields.Datetime.now():
            raise UserError(self.env._("The customer's answer cannot be dated in the future."))
        for complaint in self:
            if accepted and complaint.customer_confirmation == "accepted":
                raise UserError(
                    self.env._(
                        "The customer already accepted the resolution of complaint %s.",
                        complaint.name,
                    )
                )

    def action_record_confirmation(self, accepted, comment=None, channel="email", date=None):
        """Record the customer's answer to the resolution, as the handler heard it.

        :param accepted: True when the customer confirms the complaint is resolved; False
            for "not resolved", which sends the complaint back to action (the second time,
            to management)
        :param comment: what the customer said (required when not resolved)
        :param channel: how the customer answered: email, phone, visit, letter, portal...
        :param date: when the customer answered (default now): the ledger's reply date
        """
        self._ensure_confirmation_answer(accepted, comment, channel, date)
        self._record_confirmation(bool(accepted), comment, channel, date)
        return True

    def _record_confirmation(self, accepted, comment, channel, date=None, author=None):
        """Store the answer, tell the chatter and, when not resolved, reopen the action
        (escalate on the second rejection) with an activity for the responsible."""
        date = fields.Datetime.to_datetime(date) or fields.Datetime.now()
        comment = (comment or "").strip() or False
        vals = {"confirmation_channel": channel, "confirmation_comment": comment}
        if accepted:
            self.write({**vals, "customer_confirmation": "accepted", "confirmation_date": date})
        else:
            vals.update(customer_confirmation="rejected", confirmation_date=False)
            by_count = defaultdict(lambda: self.browse())
            for complaint in self:
                by_count[complaint.rejection_count + 1] |= complaint
            action = self._milestone_stage("action")
            for count, complaints in by_count.items():
                complaints.write(
                    {
                        **vals,
                        "rejection_count": count,
                        **({"stage_id": action.id} if action and count < 2 else {}),
                    }
                )
            self.filtered(lambda c: c.rejection_count >= 2)._escalate_after_rejection()
            self._schedule_dissatisfaction_activity()
        channels = dict(self._fields["confirmation_channel"]._description_selection(self.env))
        for complaint in self:
            if accepted:
                body = self.env._(
                    "The customer accepted the resolution (%(channel)s).",
                    channel=channels[channel],
                )
            else:
                body = self.env._(
                    "The customer answered that the complaint is not resolved (%(channel)s).",
                    channel=channels[channel],
                )
            if comment:
                body = Markup("%s<br/>%s") % (body, plaintext2html(comment))
            complaint.message_post(
                body=body,
                author_id=(author or self.env.user.partner_id).id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def _schedule_dissatisfaction_activity(self):
        """The responsible takes the complaint up again: one to-do each, created at once."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "user_id": complaint.user_id.id,
                    "summary": self.env._("Customer not satisfied: %s", complaint.name),
                    "note": plaintext2html(complaint.confirmation_comment or ""),
                }
                for complaint in self
                if complaint.user_id
            ]
        )

    def _escalate_after_rejection(self):
        """A customer who rejects the resolution a second time stays dissatisfied: the
        complaint goes to Escalated and the complaint managers are told (SPEC §7)."""
        stage = self._milestone_stage("escalated")
        if stage:
            self.write({"stage_id": stage.id})
        for complaint in self:
            managers = complaint._management_users()
            complaint.message_subscribe(managers.partner_id.ids)
            complaint.message_post(
                body=self.env._(
                    "The customer rejected the resolution of complaint %(complaint)s "
                    "%(count)s times: it is escalated to management.",
                    complaint=complaint.name,
                    count=complaint.rejection_count,
                ),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _portal_may_confirm(self, user):
        """Whether ``user`` answers the resolution for the customer: a portal user of the
        complaint's own customer company, not another customer, not an employee."""
        self.ensure_one()
        return (
            user._is_portal()
            and user.partner_id.commercial_partner_id == self.sudo().commercial_partner_id
        )

    def _portal_record_confirmation(self, accepted, comment=None):
        """The customer's answer from the portal page of the complaint: accept, or "not
        resolved" with a comment. Refused when the complaint waits for no answer."""
        self.ensure_one()
        user = self.env.user
        if not self._portal_may_confirm(user):
            raise AccessError(
                self.env._("Only the customer's own portal users answer for this complaint.")
            )
        complaint = self.sudo()
        if complaint.customer_confirmation != "pending" or complaint.is_closed:
            raise UserError(self.env._("This complaint is not waiting for your confirmation."))
        comment = (comment or "").replace("\x00", "").strip()
        if len(comment) > PORTAL_MAX_DESCRIPTION:
            raise ValidationError(
                self.env._(
                    "The comment is too long: keep it under %s characters.",
                    PORTAL_MAX_DESCRIPTION,
                )
            )
        if not accepted and not comment:
            raise ValidationError(self.env._("Tell us what is still wrong."))
        complaint._record_confirmation(bool(accepted), comment, "portal", author=user.partner_id)
        return True

    def _prepare_external_review_vals(self, body, reference=None, date_referred=None):
        """Values of the external review ``action_refer_external_review`` creates; an
        extension adds its own (the reviewing body's contact, a deadline)."""
        self.ensure_one()
        vals = {"complaint_id": self.id, "body": body, "reference": reference or False}
        if date_referred:
            vals["date_referred"] = date_referred
        return vals

    def action_refer_external_review(self, body, reference=None, date_referred=None):
        """Refer the complaint to a neutral third party when internal handling is blocked:
        the review is recorded, the complaint moves to External review and the customer is
        told the procedure. The complaint closes once the review has its outcome.

        :param body: arbitration, regulator, certification_body, court or other
        :param reference: the case number given by the reviewing body
        :return: the external review
        """
        self.ensure_one()
        Review = self.env["quality.complaint.external.review"]
        if body not in dict(Review._fields["body"].selection):
            raise UserError(
                self.env._(
                    "Choose who reviews the complaint among: %s.",
                    ", ".join(dict(Review._fields["body"].selection)),
                )
            )
        return Review.create(self._prepare_external_review_vals(body, reference, date_referred))

    def _on_external_review(self):
        """New external reviews refer these complaints: External review stage, and the
        customer receives the procedure in its language."""
        self._ensure_open_for_customer()
        stage = self._milestone_stage("external_review")
        if stage:
            self.write({"stage_id": stage.id})
        template = self.env.ref(
            "quality_complaint.mail_template_complaint_external_review", raise_if_not_found=False
        )
        self._send_customer_template(template)

    @api.readonly
    def action_view_external_reviews(self):
        """Open the external reviews of the complaint."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_complaint.quality_complaint_external_review_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        if len(self.external_review_ids) == 1:
            action.update(
                res_id=self.external_review_ids.id, views=[(False, "form")], view_mode="form"
            )
        return action

    def action_new_external_review(self):
        """The form of a new referral of this complaint, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer to External Review"),
            "res_model": "quality.complaint.external.review",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    # ------------------------------------------------------------ register (CNAS ledger)
    @api.depends("milestone", "customer_confirmation", "forced_close_reason")
    def _compute_result(self):
        """The register's result follows the closure: the customer's answer when there is
        one, a forced closure is only partly resolved, a cancellation is withdrawn; an open
        (or re-opened) complaint has none yet."""
        for complaint in self:
            complaint.result = complaint._closure_result()

    def _closure_result(self):
        self.ensure_one()
        if self.milestone == "cancelled":
            return "withdrawn"
        if self.milestone != "closed":
            return False
        if self.customer_confirmation == "rejected":
            return "not_resolved"
        if self.forced_close_reason and self.customer_confirmation != "accepted":
            return "partly_resolved"
        return "resolved"

    def _init_result_column(self):
        """On an upgrade, fill the register's result of the closed complaints in one query
        (the rule of ``_closure_result``) instead of letting the ORM compute each."""
        cr = self.env.cr
        needed = ("milestone", "customer_confirmation", "forced_close_reason")
        if (
            not table_exists(cr, self._table)
            or column_exists(cr, self._table, "result")
            # From an older version: the ORM computes them.
            or not all(column_exists(cr, self._table, name) for name in needed)
        ):
            return
        create_column(cr, self._table, "result", "varchar")
        cr.execute(
            """UPDATE quality_complaint
                  SET result = CASE
                      WHEN milestone = 'cancelled' THEN 'withdrawn'
                      WHEN customer_confirmation = 'rejected' THEN 'not_resolved'
                      WHEN COALESCE(forced_close_reason, '') != ''
                           AND customer_confirmation IS DISTINCT FROM 'accepted'
                      THEN 'partly_resolved'
                      ELSE 'resolved' END
                WHERE milestone IN ('closed', 'cancelled')"""
        )

    # ------------------------------------------------------------ portal intake
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
        requests over 10 MB before they reach this check). The customer's files of every
        intake channel (portal form, webhook) go through it.

        :param files: list of (filename, bytes, declared mimetype)
        """
        self._ensure_file_count(len(files))
        for name, data, _declared in files:
            self._ensure_file_size(name, len(data))
            if guess_mimetype(data) not in PORTAL_MIMETYPES:
                raise ValidationError(
                    self.env._(
                        "%s is not a photo or a PDF: attach JPEG, PNG, GIF, WebP or PDF files.",
                        name,
                    )
                )

    @api.model
    def _ensure_file_count(self, count):
        """At most 10 files a complaint."""
        if count > PORTAL_MAX_FILES:
            raise ValidationError(self.env._("Attach at most %s files.", PORTAL_MAX_FILES))

    @api.model
    def _ensure_file_size(self, name, size):
        """At most 8 MB a file; ``size`` in bytes (a webhook checks the size its base64
        text decodes to before decoding it)."""
        if size > PORTAL_MAX_FILE_SIZE:
            raise ValidationError(
                self.env._("%s is larger than 8 MB: attach a smaller file.", name)
            )

    @api.model
    def _portal_parse_customer_time(self, partner, reference, notified_on):
        """The customer's own reference and notification time typed on the portal form (both
        optional): the reference cleaned, the time (the customer's local date and time, as
        a ``datetime-local`` input sends it) in UTC; a time that is no date or lies in the
        future is refused with the form's sentence.

        :return: dict of complaint values
        """
        vals = {}
        reference = (reference or "").replace("\x00", "").strip()
        if reference:
            if len(reference) > PORTAL_MAX_REFERENCE:
                raise ValidationError(
                    self.env._("Keep your reference under %s characters.", PORTAL_MAX_REFERENCE)
                )
            vals["customer_reference"] = reference
        notified_on = (notified_on or "").strip()
        if notified_on:
            try:
                local = datetime.fromisoformat(notified_on).replace(tzinfo=None)
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "Enter when you notified us as a date and time, for example "
                        "2026-11-20 16:00."
                    )
                ) from None
            tz_name = self.env.context.get("tz") or partner.tz
            tz = pytz.timezone(tz_name if tz_name in pytz.all_timezones_set else "UTC")
            utc = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
            if utc > fields.Datetime.now() + NOTIFIED_AT_TOLERANCE:
                raise ValidationError(
                    self.env._("The time you notified us is in the future: check the date.")
                )
            vals["customer_notified_at"] = utc
        return vals

    @api.model
    def _portal_create_complaint(
        self,
        partner,
        document,
        subject,
        description,
        files=(),
        defect=None,
        customer_reference=None,
        notified_on=None,
    ):
        """Create a complaint for a portal customer; refuse bad input with a clear message
        and create nothing.

        :param partner: the portal user's partner
        :param document: 'order-<id>' or 'picking-<id>'
        :param files: list of (filename, bytes, declared mimetype)
        :param defect: optional id of the defect code chosen, given to the lines it fits
        :param customer_reference: the customer's own number for the complaint (optional)
        :param notified_on: when the customer notified us, its local date and time as
            "YYYY-MM-DDTHH:MM" (optional)
        """
        subject, description = clean_portal_text(
            self.env,
            subject,
            description,
            no_subject=self.env._("Give your complaint a short title."),
            no_description=self.env._("Describe the problem you found."),
            too_long=self.env._(
                "The description is too long: keep it under %s characters.",
                PORTAL_MAX_DESCRIPTION,
            ),
        )
        record = self._portal_parse_document(partner, document)
        customer_time = self._portal_parse_customer_time(partner, customer_reference, notified_on)
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
        if defect:
            products = (
                self.env["product.product"]
                .sudo()
                .browse([command[2]["product_id"] for command in vals["line_ids"]])
            )
            code = self.env["quality.complaint.defect"]._portal_parse_defect(
                defect, record.company_id, products
            )
            for _command, _id, line in vals["line_ids"]:
                if code._applies_to(products.browse(line["product_id"])):
                    line["defect_id"] = code.id
        vals.update(
            {
                "subject": subject,
                # Plain text from the customer: escaped, never interpreted as HTML.
                "description": plaintext2html(description),
                "channel": "portal",
                "receiver_id": False,
                **customer_time,
            }
        )
        complaint = Complaint.create(vals)
        complaint._attach_evidence(files)
        complaint.message_subscribe(partner.ids)
        complaint.message_post(
            body=self.env._("Complaint filed from the customer portal."),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=complaint.evidence_attachment_ids.ids,
        )
        return complaint

    def _attach_evidence(self, files):
        """Store the files a customer sent (portal form, webhook) on the complaint as its
        evidence; checked before by ``_portal_check_files``.

        :param files: list of (filename, bytes, declared mimetype)
        """
        self.ensure_one()
        if not files:
            return
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "datas": base64.b64encode(data),
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for name, data, _declared in files
                ]
            )
        )
        self.evidence_attachment_ids = [Command.link(attachment.id) for attachment in attachments]

    def _portal_deadlines(self):
        """The dates promised to the customer, as shown on the portal."""
        self.ensure_one()
        return self.sudo().deadline_ids.filtered(
            lambda d: d.kind in ("acknowledge", "plan", "closure")
        )

    # ------------------------------------------------------------ machine intake (webhook)
    @api.model
    def _create_from_webhook(self, payload, automation):
        """File the complaint a customer's system pushed to an incoming webhook rule, or
        return the one already filed under the same customer reference: a replay creates
        nothing. The customer is the rule's (``complaint_partner_id``), never one the
        payload names. The title, text and files are checked as on the portal form, the
        lines against what was delivered to that customer; bad input raises a
        ValidationError saying what to fix, in the customer's language, and nothing is
        created. No value of the payload is a link: nothing is ever downloaded.

        Called by the action of the rule (data/base_automation_data.xml):
        ``model._create_from_webhook(payload, automation)``.

        :param payload: the decoded JSON body of the call
        :param automation: the base.automation rule called
        :return: the complaint
        """
        partner = automation._ensure_complaint_customer()
        Complaint = self.with_user(SUPERUSER_ID).with_context(lang=partner.lang or self.env.lang)
        Complaint._ensure_webhook_payload(payload)
        reference = Complaint._ensure_webhook_reference(payload)
        existing = Complaint._webhook_complaint(partner, reference)
        if existing:
            return existing
        subject, description = clean_portal_text(
            Complaint.env,
            Complaint._ensure_webhook_text(payload, "subject"),
            Complaint._ensure_webhook_text(payload, "description"),
            no_subject=Complaint.env._('Give the complaint a short title in "subject".'),
            no_description=Complaint.env._('Describe the problem in "description".'),
            too_long=Complaint.env._(
                'The "description" is too long: keep it under %s characters.',
                PORTAL_MAX_DESCRIPTION,
            ),
        )
        notified_at = Complaint._ensure_webhook_timestamp(payload.get("customer_timestamp"))
        line_vals, move_lines = Complaint._webhook_line_vals(partner, payload["lines"])
        files = Complaint._webhook_files(payload.get("attachments"))
        vals = Complaint._prepare_webhook_vals(
            partner,
            move_lines,
            line_vals,
            customer_reference=reference,
            customer_notified_at=notified_at,
            subject=subject,
            description=plaintext2html(description),
        )
        try:
            with self.env.cr.savepoint():
                complaint = Complaint.with_company(move_lines.company_id).create(vals)
                complaint._attach_evidence(files)
                complaint.message_post(
                    body=Complaint.env._(
                        "Complaint received from the customer's system through the webhook "
                        '"%(rule)s" (their reference %(reference)s).',
                        rule=automation.name,
                        reference=reference,
                    ),
                    author_id=partner.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    attachment_ids=complaint.evidence_attachment_ids.ids,
                )
        except UniqueViolation as error:
            # The same complaint, sent again while the first call was not committed: the
            # retried request returns the complaint of the first.
            raise ConcurrencyError(
                f"Complaint {reference!r} of partner {partner.id} received twice at once"
            ) from error
        return complaint

    @api.model
    def _webhook_reference(self, payload):
        """The customer's reference of a payload, cleaned; None if it has none usable."""
        reference = payload.get("customer_reference") if isinstance(payload, dict) else None
        if not isinstance(reference, str):
            return None
        reference = reference.replace("\x00", "").strip()
        if not reference or len(reference) > WEBHOOK_MAX_REFERENCE:
            return None
        return reference

    @api.model
    def _webhook_complaint(self, partner, reference):
        """The complaint already filed for this customer under its own reference, whatever
        its channel (archived ones too): a webhook call with this reference returns it."""
        if not reference:
            return self.browse()
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                    ("customer_reference", "=", reference),
                ],
                order="id",
                limit=1,
            )
        )

    @api.model
    def _ensure_webhook_payload(self, payload):
        """A complaint payload is a JSON object with the keys of ``WEBHOOK_KEYS`` only and
        every one of ``WEBHOOK_REQUIRED``."""
        self._ensure_webhook_keys(
            payload, WEBHOOK_KEYS, WEBHOOK_REQUIRED, self.env._("The complaint")
        )

    @api.model
    def _ensure_webhook_keys(self, values, allowed, required, where):
        """``values`` is a JSON object with only the ``allowed`` keys and every
        ``required`` one; ``where`` names it in the refusal."""
        if not isinstance(values, dict):
            raise ValidationError(self.env._("%s must be a JSON object.", where))
        unknown = sorted(set(values) - allowed)
        if unknown:
            raise ValidationError(
                self.env._(
                    "%(where)s has unknown keys: %(unknown)s. Send only %(allowed)s.",
                    where=where,
                    unknown=", ".join(unknown),
                    allowed=", ".join(sorted(allowed)),
                )
            )
        missing = [key for key in required if values.get(key) in (None, "", [], {})]
        if missing:
            raise ValidationError(
                self.env._(
                    "%(where)s lacks %(missing)s: give a value to each.",
                    where=where,
                    missing=", ".join(missing),
                )
            )

    @api.model
    def _ensure_webhook_reference(self, payload):
        """The customer's own complaint number: the key that makes a replay harmless."""
        reference = self._webhook_reference(payload)
        if not reference:
            raise ValidationError(
                self.env._(
                    'Give your own complaint number in "customer_reference" (text of at '
                    "most %s characters).",
                    WEBHOOK_MAX_REFERENCE,
                )
            )
        return reference

    @api.model
    def _ensure_webhook_text(self, values, key, where=None):
        """The text of ``values[key]`` (empty if absent); anything but text is refused."""
        value = values.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise ValidationError(
                self.env._(
                    '%(where)s: "%(key)s" must be text.',
                    where=where or self.env._("The complaint"),
                    key=key,
                )
            )
        return value

    @api.model
    def _ensure_webhook_timestamp(self, value):
        """When the customer raised the complaint: an ISO 8601 date and time with its time
        zone, not in the future; returned in UTC as Odoo stores it (None if not given)."""
        if value is None:
            return None
        refusal = self.env._(
            '"customer_timestamp" must be an ISO 8601 date and time with its time zone, '
            "for example 2026-05-04T08:30:00+08:00."
        )
        if not isinstance(value, str):
            raise ValidationError(refusal)
        text = value.strip()
        if text[-1:] in ("Z", "z"):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(refusal) from None
        if moment.tzinfo is None:
            raise ValidationError(refusal)
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        if moment > fields.Datetime.now() + NOTIFIED_AT_TOLERANCE:
            raise ValidationError(
                self.env._(
                    '"customer_timestamp" %s is in the future: send the time the complaint '
                    "was raised.",
                    value,
                )
            )
        return moment

    @api.model
    def _ensure_webhook_quantity(self, value, where):
        """A positive, finite number (JSON booleans are not numbers)."""
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or value <= 0
        ):
            raise ValidationError(self.env._('%s: "quantity" must be a positive number.', where))
        return float(value)

    @api.model
    def _webhook_requested_lines(self, lines):
        """The payload's lines checked one by one and summed by product code and lot:
        {(code, lot or None): [quantity, [defects]]}."""
        if not isinstance(lines, list):
            raise ValidationError(
                self.env._('"lines" must be a list of {"product_code", "lot", "quantity"} objects.')
            )
        if len(lines) > WEBHOOK_MAX_LINES:
            raise ValidationError(
                self.env._(
                    "Send at most %s lines in one complaint.",
                    WEBHOOK_MAX_LINES,
                )
            )
        requested = {}
        for index, line in enumerate(lines, 1):
            where = self.env._("Line %s", index)
            self._ensure_webhook_keys(line, WEBHOOK_LINE_KEYS, WEBHOOK_LINE_REQUIRED, where)
            code = self._ensure_webhook_text(line, "product_code", where).strip()
            lot = self._ensure_webhook_text(line, "lot", where).strip() or None
            defect = self._ensure_webhook_text(line, "defect", where).replace("\x00", "").strip()
            if len(code) > WEBHOOK_MAX_REFERENCE or len(lot or "") > WEBHOOK_MAX_REFERENCE:
                raise ValidationError(
                    self.env._(
                        "%(where)s: a product code or lot has at most %(max)s characters.",
                        where=where,
                        max=WEBHOOK_MAX_REFERENCE,
                    )
                )
            if len(defect) > WEBHOOK_MAX_TEXT:
                raise ValidationError(
                    self.env._(
                        '%(where)s: keep "defect" under %(max)s characters.',
                        where=where,
                        max=WEBHOOK_MAX_TEXT,
                    )
                )
            entry = requested.setdefault((code, lot), [0.0, []])
            entry[0] += self._ensure_webhook_quantity(line["quantity"], where)
            if defect:
                entry[1].append(defect)
        return requested

    @api.model
    def _webhook_line_vals(self, partner, lines):
        """The complaint lines of the payload's ``lines``, each on a delivered line of the
        customer: a product is named by its internal reference (default code) and must have
        been delivered to the customer, a lot of a tracked product is required and must have
        been delivered to the customer too, and no more than was delivered can be
        complained about. A product or lot that exists but was delivered to someone else
        gets the same refusal as an unknown one. The quantity is spread over the deliveries
        of the product and lot, newest first.

        :return: (list of line values, the delivered move lines they are on)
        """
        requested = self._webhook_requested_lines(lines)
        MoveLine = self.env["stock.move.line"].sudo()
        delivered = MoveLine.search_fetch(
            [
                ("product_id.default_code", "in", list({code for code, _lot in requested})),
                ("state", "=", "done"),
                ("location_dest_id.usage", "=", "customer"),
                (
                    "picking_id.partner_id.commercial_partner_id",
                    "=",
                    partner.commercial_partner_id.id,
                ),
            ],
            ["product_id", "lot_id", "quantity", "product_uom_id", "company_id", "picking_id"],
            order="date desc, id desc",
        )
        by_code = defaultdict(lambda: MoveLine)
        for move_line in delivered:
            by_code[move_line.product_id.default_code] |= move_line
        line_vals = []
        used = MoveLine
        for (code, lot), (quantity, defects) in requested.items():
            move_lines = by_code[code]
            product = move_lines.product_id
            self._ensure_webhook_product(code, lot, product)
            if lot:
                move_lines = move_lines.filtered(lambda ml, lot=lot: ml.lot_id.name == lot)
                if not move_lines:
                    raise ValidationError(
                        self.env._(
                            "Lot %(lot)s of %(code)s was not delivered to you: check the lot "
                            "on our delivery note.",
                            lot=lot,
                            code=code,
                        )
                    )
            available = [
                (ml, ml.product_uom_id._compute_quantity(ml.quantity, product.uom_id, round=False))
                for ml in move_lines
            ]
            rounding = product.uom_id.rounding
            delivered_qty = sum(qty for _ml, qty in available)
            if float_compare(quantity, delivered_qty, precision_rounding=rounding) > 0:
                raise ValidationError(
                    self.env._(
                        "You complain about %(qty)s %(uom)s of %(code)s%(lot)s, but we delivered "
                        "%(delivered)s to you: enter at most the delivered quantity.",
                        qty=quantity,
                        uom=product.uom_id.name,
                        code=code,
                        lot=f" ({lot})" if lot else "",
                        delivered=delivered_qty,
                    )
                )
            remaining = quantity
            for move_line, move_qty in available:
                if float_is_zero(remaining, precision_rounding=rounding):
                    break
                take = min(remaining, move_qty)
                if float_is_zero(take, precision_rounding=rounding):
                    continue
                vals = self._prepare_line_vals_from_move_lines(move_line)[0]
                vals.update(
                    {
                        "quantity": take,
                        "uom_id": product.uom_id.id,
                        "defect_description": "\n".join(defects) or False,
                    }
                )
                line_vals.append(vals)
                used |= move_line
                remaining -= take
        if len(used.company_id) > 1:
            raise ValidationError(
                self.env._(
                    "These products were delivered by different companies of ours: send one "
                    "complaint per delivering company."
                )
            )
        return line_vals, used

    @api.model
    def _ensure_webhook_product(self, code, lot, product):
        """The product a code names among those delivered to the customer: one product,
        with a lot exactly when it is tracked."""
        if not product:
            raise ValidationError(
                self.env._(
                    "No product with the code %s was delivered to you: use the product codes "
                    "of our delivery notes.",
                    code,
                )
            )
        if len(product) > 1:
            raise ValidationError(
                self.env._(
                    "Several products delivered to you have the code %s: ask us to correct "
                    "our product codes.",
                    code,
                )
            )
        if product.tracking != "none" and not lot:
            raise ValidationError(
                self.env._('Give the "lot" of %s: we record the lot of each delivery of it.', code)
            )
        if product.tracking == "none" and lot:
            raise ValidationError(self.env._('%s has no lots: leave "lot" out for it.', code))

    @api.model
    def _webhook_files(self, attachments):
        """The payload's attachments decoded, checked like the portal's (count, size,
        photos and PDFs only). A file is its content in base64 (``data``), never a link:
        nothing is ever downloaded.

        :return: list of (filename, bytes, declared mimetype)
        """
        if attachments is None:
            return []
        if not isinstance(attachments, list):
            raise ValidationError(
                self.env._('"attachments" must be a list of {"name", "data"} objects.')
            )
        self._ensure_file_count(len(attachments))
        files = []
        for index, item in enumerate(attachments, 1):
            where = self.env._("Attachment %s", index)
            self._ensure_webhook_keys(
                item, WEBHOOK_ATTACHMENT_KEYS, WEBHOOK_ATTACHMENT_REQUIRED, where
            )
            name = self._ensure_webhook_text(item, "name", where).replace("\x00", "").strip()
            name = name[:255] or where
            data = "".join(self._ensure_webhook_text(item, "data", where).split())
            # Refuse an oversized file before decoding it.
            self._ensure_file_size(name, len(data) * 3 // 4)
            try:
                content = base64.b64decode(data, validate=True)
            except (binascii.Error, ValueError):
                raise ValidationError(
                    self.env._(
                        '%(where)s (%(name)s): "data" must be the content of the file in '
                        "base64; we never download a file from a link.",
                        where=where,
                        name=name,
                    )
                ) from None
            files.append((name, content, item.get("mimetype")))
        self._portal_check_files(files)
        return files

    @api.model
    def _prepare_webhook_vals(self, partner, move_lines, line_vals, **values):
        """Values of the complaint an incoming webhook files, once the payload is checked
        (called by ``_create_from_webhook``). ``values`` are the payload's own (customer
        reference and timestamp, title, HTML description); the documents are those of the
        delivered lines complained about. An extension may add values, e.g. a category
        from a key its payloads carry (it then allows that key in ``WEBHOOK_KEYS``).
        """
        orders = move_lines.move_id.sale_line_id.order_id
        invoices = orders.invoice_ids.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
        )
        return {
            **values,
            "partner_id": partner.id,
            "company_id": move_lines.company_id.id,
            "channel": "webhook",
            "receiver_id": False,
            "sale_order_ids": [Command.set(orders.ids)],
            "picking_ids": [Command.set(move_lines.picking_id.ids)],
            "invoice_ids": [Command.set(invoices.ids)],
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    # ------------------------------------------------------------ top management approval
    # Stages whose template is a reply to the customer: held for a major complaint.
    REPLY_MILESTONES = ("acknowledged", "action")

    def _reply_needs_approval(self):
        """A major complaint's acknowledgement and action plan wait for top management."""
        self.ensure_one()
        return (
            self.severity == "major"
            and self.stage_id.milestone in self.REPLY_MILESTONES
            and bool(self.stage_id.mail_template_id)
        )

    def _hold_major_replies(self):
        """Hold the reply of the stage each major complaint reached and ask top management
        to approve it (called when a complaint is created in or moved to a stage)."""
        for complaint in self.filtered(lambda c: c._reply_needs_approval()):
            waiting = complaint.reply_approval_state == "to_approve"
            complaint.sudo().reply_template_ids = [
                Command.link(complaint.stage_id.mail_template_id.id)
            ]
            if not waiting:  # else the approvers already have their activity
                complaint._request_reply_approval()

    def _request_reply_approval(self):
        self.ensure_one()
        self.sudo().write({"reply_approval_state": "to_approve", "reply_return_reason": False})
        approvers = self._top_management_users()
        summary = self.env._("Approve the reply to major complaint %s", self.name)
        for user in approvers[:5]:
            self.sudo().activity_schedule(
                "quality_complaint.mail_activity_type_reply_approval",
                user_id=user.id,
                summary=summary,
            )
        self.message_post(
            body=self.env._(
                "The reply to major complaint %s waits for top management's approval before "
                "it is sent to the customer.",
                self.name,
            ),
            partner_ids=approvers.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _top_management_users(self):
        self.ensure_one()
        group = self.env.ref("quality_complaint.quality_complaint_group_top_management")
        return group.sudo().all_user_ids.filtered(
            lambda u: not u.share and self.company_id in u.company_ids and u.active
        )

    def _ensure_top_management(self):
        if not self.env.user.has_group("quality_complaint.quality_complaint_group_top_management"):
            raise AccessError(
                self.env._(
                    "Only top management approves or returns the reply to a major complaint."
                )
            )

    def _ensure_reply_state(self, states):
        self.ensure_one()
        if self.reply_approval_state not in states:
            raise UserError(
                self.env._("The reply to complaint %s is not waiting for approval.", self.name)
            )

    def _reply_template_options(self):
        """How a stage's reply is posted: as a comment the customer receives, in the light
        layout, its mail kept in the chatter."""
        return {
            "auto_delete_keep_log": False,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
            "email_layout_xmlid": "mail.mail_notification_light",
        }

    def action_approve_reply(self):
        """Top management approves the held reply: it is sent to the customer now, and the
        approver and the date are recorded (they print on the complaint report)."""
        self._ensure_top_management()
        for complaint in self:
            lock_rows(complaint)
            complaint.invalidate_recordset()
            complaint._ensure_reply_state(("to_approve",))
            for template in complaint.reply_template_ids:
                complaint.message_post_with_source(
                    template, message_type="auto_comment", **complaint._reply_template_options()
                )
            complaint.sudo().write(
                {
                    "reply_approval_state": "approved",
                    "reply_approver_id": self.env.uid,
                    "reply_approval_date": fields.Datetime.now(),
                    "reply_template_ids": [Command.clear()],
                }
            )
            complaint.sudo().activity_unlink(
                ["quality_complaint.mail_activity_type_reply_approval"]
            )
        return True

    def action_return_reply(self, reason):
        """Top management sends the reply back to the handler with the reason; nothing is
        sent to the customer until the handler submits it again."""
        self._ensure_top_management()
        if not (reason or "").strip():
            raise UserError(self.env._("Write why the reply goes back to the handler."))
        for complaint in self:
            lock_rows(complaint)
            complaint.invalidate_recordset()
            complaint._ensure_reply_state(("to_approve",))
            complaint.sudo().write(
                {"reply_approval_state": "returned", "reply_return_reason": reason.strip()}
            )
            complaint.sudo().activity_unlink(
                ["quality_complaint.mail_activity_type_reply_approval"]
            )
            responsible = complaint.user_id or complaint.receiver_id
            if responsible:
                complaint.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=responsible.id,
                    summary=self.env._("Revise the reply to complaint %s", complaint.name),
                    note=reason.strip(),
                )
        return True

    def action_submit_reply(self):
        """The handler submits the revised reply to top management again."""
        for complaint in self:
            complaint._ensure_reply_state(("returned",))
            complaint._request_reply_approval()
        return True

    # ------------------------------------------------------------ mail
    def _track_template(self, changes):
        """Reaching a stage with a template sends it to the customer, but for the reply
        to a major complaint, which top management approves first."""
        res = super()._track_template(changes)
        complaint = self[0]
        # A template the complaint sent itself in this transaction is not sent twice.
        sent = self.env.cr.precommit.data.get("quality_complaint.templates_sent", ())
        template = complaint.stage_id.mail_template_id
        if (
            "stage_id" in changes
            and template
            and (complaint.id, template.id) not in sent
            # A major complaint's reply waits for top management (action_approve_reply).
            and not complaint._reply_needs_approval()
        ):
            res["stage_id"] = (
                complaint.stage_id.mail_template_id,
                complaint._reply_template_options(),
            )
        return res

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A complaint from an e-mail to a team's alias: the sender is the customer."""
        defaults = mail_intake_defaults(
            self.env, msg_dict, self.env._("A complaint e-mail needs a sender address.")
        )
        defaults.update(self._mail_customer_time(msg_dict))
        defaults.update(custom_values or {})
        complaint = super(QualityComplaint, self.with_context(mail_create_nolog=True)).message_new(
            msg_dict, custom_values=defaults
        )
        complaint.message_subscribe(complaint.partner_id.ids)
        return complaint

    @api.model
    def _mail_customer_time(self, msg_dict):
        """The customer's notification time of a complaint e-mail: its Date header, only
        for a sender whose requirements start the clock from the customer's time (for the
        others the reception of the mail is the start, and a sender's clock is not
        trusted). A Date ahead of ours (a wrong clock) counts as now, so that the mail is
        never refused for it."""
        sender = self.env["res.partner"].browse(msg_dict.get("author_id")).commercial_partner_id
        profile = sender.sudo().complaint_profile_id
        if not profile.start_from_customer_time or not msg_dict.get("date"):
            return {}
        sent = fields.Datetime.to_datetime(msg_dict["date"])
        return {"customer_notified_at": min(sent, fields.Datetime.now())}

    def message_post(self, **kwargs):
        """A message to the customer (a template sent at a stage, a reply addressed to it)
        also goes to the contacts its requirements put in copy."""
        if self and kwargs.get("partner_ids"):
            self.ensure_one()
            cc = self.profile_id.sudo()._cc_partners_for(
                self.partner_id | self.commercial_partner_id, kwargs["partner_ids"]
            )
            if cc:
                kwargs["partner_ids"] = [*kwargs["partner_ids"], *cc.ids]
        return super().message_post(**kwargs)

    def _compute_access_url(self):
        """Complaints are followed by customers at /my/complaints."""
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    # ------------------------------------------------------------ repeat complaints
    def _auto_init(self):
        self._init_repeat_columns()
        self._init_result_column()
        self._init_profile_column()
        return super()._auto_init()

    def _init_profile_column(self):
        """On an upgrade, create the customer requirements column empty instead of letting
        the ORM compute every complaint: no customer had requirements before."""
        cr = self.env.cr
        if table_exists(cr, self._table) and not column_exists(cr, self._table, "profile_id"):
            create_column(cr, self._table, "profile_id", "int4")

    def init(self):
        # Complaints made before their portal token was given at creation (an upgrade) get
        # one now: no portal page or message has to write a complaint to make it.
        self.env.cr.execute(
            "UPDATE quality_complaint SET access_token = gen_random_uuid()::text "
            "WHERE access_token IS NULL"
        )

    def _init_repeat_columns(self):
        """On an upgrade, create the repeat columns empty instead of letting the ORM
        recompute every complaint (``is_repeat`` keeps the values the 8D addon stored)."""
        cr = self.env.cr
        if not table_exists(cr, self._table):
            return
        for name, column_type in (("is_repeat", "boolean"), ("repeat_of_id", "int4")):
            if not column_exists(cr, self._table, name):
                create_column(cr, self._table, name, column_type)

    @api.depends(
        "commercial_partner_id",
        "company_id",
        "date_received",
        "line_ids.product_id",
        "line_ids.defect_id",
    )
    def _compute_repeat(self):
        """A repeat (SPEC section 7) is found among the customer's earlier complaints in the
        company's window, whether or not an 8D exists; all complaints at once, with one
        search of the candidates."""
        earlier = self._repeat_earlier()
        for complaint in self:
            complaint.repeat_of_id = earlier.get(complaint.id, self.browse())
            complaint.is_repeat = bool(complaint.repeat_of_id)

    def _repeat_keys(self):
        """{complaint id: set of keys}: what a repeat shares with the earlier complaint, here
        (product id, 'defect', defect code id) per line with a code; the 8D addon adds
        (product id, '6m', category) of the root causes once they are known."""
        keys = defaultdict(set)
        for complaint in self:
            for line in complaint.line_ids.filtered("defect_id"):
                keys[complaint.id].add((line.product_id.id, "defect", line.defect_id.id))
        return keys

    def _repeat_earlier(self):
        """{complaint id: the latest earlier complaint of the same customer and company, in
        the window, sharing a key (see ``_repeat_keys``)}."""
        keys = self._repeat_keys()
        todo = self.filtered(
            lambda c: keys.get(c.id)
            and c.commercial_partner_id
            and c.date_received
            and c.company_id.complaint_repeat_days > 0
        )
        if not todo:
            return {}

        def since(complaint):
            return complaint.date_received - timedelta(
                days=complaint.company_id.complaint_repeat_days
            )

        products = {product for c in todo for product, _kind, _key in keys[c.id]}
        candidates = (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(
                [
                    ("commercial_partner_id", "in", todo.commercial_partner_id.ids),
                    ("company_id", "in", todo.company_id.ids),
                    ("date_received", ">=", min(since(c) for c in todo)),
                    ("date_received", "<=", max(c.date_received for c in todo)),
                    ("milestone", "!=", "cancelled"),
                    ("line_ids", "any", [("product_id", "in", list(products))]),
                ],
                ["commercial_partner_id", "company_id", "date_received"],
            )
        )
        candidate_keys = candidates._repeat_keys()
        by_customer = defaultdict(list)
        for candidate in candidates:
            customer = (candidate.commercial_partner_id.id, candidate.company_id.id)
            by_customer[customer].append(candidate)
        result = {}
        for complaint in todo:
            own_id = complaint._origin.id or complaint.id
            rank = (complaint.date_received, own_id if isinstance(own_id, int) else float("inf"))
            customer = (complaint.commercial_partner_id.id, complaint.company_id.id)
            matches = [
                candidate
                for candidate in by_customer[customer]
                if candidate.id != own_id
                and since(complaint) <= candidate.date_received
                and (candidate.date_received, candidate.id) < rank
                and candidate_keys[candidate.id] & keys[complaint.id]
            ]
            if matches:
                latest = max(matches, key=lambda c: (c.date_received, c.id))
                result[complaint.id] = latest.with_env(self.env)
        return result

    # ------------------------------------------------------------ recurrence at intake
    # SPEC section 8: while a complaint is entered (and when it arrives from a delivery, the
    # portal, an e-mail or a webhook), the earlier complaints of the company on the same
    # product, lot or defect code are proposed with why they match. For each product, lot
    # and defect code of the complaint (at most RECURRENCE_KEYS of each) the look-up reads
    # the RECURRENCE_PER_KEY complaints recorded last before it, walking the lines' indexes
    # (_product_recent_idx, _defect_recent_idx, _lot_recent_idx): one query whatever the
    # number of complaints, plus one to read those the user may open.
    RECURRENCE_KINDS = ("lot", "defect", "product")  # the strongest reason first
    RECURRENCE_WEIGHTS = {"lot": 4, "defect": 2, "product": 1}
    RECURRENCE_PER_KEY = 5
    RECURRENCE_KEYS = 20
    RECURRENCE_SHOWN = 10
    # What a complaint not saved yet compares ids with: every saved complaint is earlier.
    RECURRENCE_UNSAVED = 2**31 - 1

    @api.depends("company_id", "line_ids.product_id", "line_ids.lot_id", "line_ids.defect_id")
    @api.depends_context("uid")
    def _compute_recurrence(self):
        """Computed in the form as the lines are entered, before the complaint is saved,
        and never stored: it changes with every later complaint, and with the user (the
        complaints of other teams are only counted)."""
        data = self._recurrence_data()
        for complaint in self:
            entry = data[complaint.id]
            complaint.recurrence_data = entry
            # Every list of the entry is a list of matches (complaints, and open 8Ds).
            complaint.recurrence_count = entry["hidden"] + sum(
                len(value) for value in entry.values() if isinstance(value, list)
            )

    def _recurrence_keys(self):
        """{complaint id: {kind: [ids]}}: the products, lots and defect codes of the
        complaint's lines (kinds of RECURRENCE_KINDS), in line order, at most
        RECURRENCE_KEYS of each."""
        keys = {}
        for complaint in self:
            lines = complaint.line_ids
            keys[complaint.id] = {
                kind: lines[f"{kind}_id"].ids[: self.RECURRENCE_KEYS]
                for kind in self.RECURRENCE_KINDS
            }
        return keys

    def _recurrence_key_labels(self, keys):
        """{(kind, id): why a complaint sharing it matches}, e.g. "Same lot LOT-2406-A"."""
        models_by_kind = {
            "lot": "stock.lot",
            "defect": "quality.complaint.defect",
            "product": "product.product",
        }
        labels = {}
        for kind, model in models_by_kind.items():
            ids = {key_id for per_kind in keys.values() for key_id in per_kind[kind]}
            # The complaint's own lines name them: the user reads them on the form.
            for record in self.env[model].sudo().browse(ids):
                labels[kind, record.id] = self._recurrence_reason(kind, record.display_name)
        return labels

    def _recurrence_reason(self, kind, name):
        """Why a record sharing a key of ``kind`` (product, lot, defect) named ``name``
        matches."""
        if kind == "lot":
            return self.env._("Same lot %s", name)
        if kind == "defect":
            return self.env._("Same defect code %s", name)
        return self.env._("Same product %s", name)

    def _recurrence_owner_arrays(self, keys, kind):
        """The columns of the complaints' keys of ``kind`` as SQL arrays: (owner: index in
        ``self``, key id, the id the earlier complaints are below, company id)."""
        owners, key_ids, befores, companies = [], [], [], []
        for index, complaint in enumerate(self):
            if not complaint.company_id:
                continue
            before = complaint._origin.id or self.RECURRENCE_UNSAVED
            for key_id in keys[complaint.id][kind]:
                owners.append(index)
                key_ids.append(key_id)
                befores.append(before)
                companies.append(complaint.company_id.id)
        return owners, key_ids, befores, companies

    def _recurrence_rows(self, keys):
        """[(complaint id, kind, key id, earlier complaint id)]: for each key of each
        complaint, the RECURRENCE_PER_KEY complaints of its company recorded last before
        it (neither archived nor cancelled) whose lines share the key. One query; the
        lines are read without record rules (see ``_recurrence_data``)."""
        Line = self.env["quality.complaint.line"]
        parts = []
        for kind in self.RECURRENCE_KINDS:
            owners, key_ids, befores, companies = self._recurrence_owner_arrays(keys, kind)
            if not key_ids:
                continue
            column = SQL.identifier("line", f"{kind}_id")
            parts.append(
                SQL(
                    """
                    SELECT k.owner, %(kind)s, k.key_id, earlier.complaint_id
                      FROM unnest(%(owners)s::int4[], %(key_ids)s::int4[],
                                  %(befores)s::int4[], %(companies)s::int4[])
                           AS k(owner, key_id, before_id, company_id)
                     CROSS JOIN LATERAL (
                           SELECT DISTINCT line.complaint_id
                             FROM quality_complaint_line line
                            WHERE %(column)s = k.key_id
                              AND %(column)s IS NOT NULL
                              AND line.company_id = k.company_id
                              AND line.complaint_id < k.before_id
                              -- a look-up of each line's complaint as the index walks: a
                              -- join may instead walk every complaint recorded since
                              AND (SELECT complaint.active
                                          AND complaint.milestone IS DISTINCT FROM 'cancelled'
                                     FROM quality_complaint complaint
                                    WHERE complaint.id = line.complaint_id)
                            ORDER BY line.complaint_id DESC
                            LIMIT %(limit)s
                           ) AS earlier
                    """,
                    kind=kind,
                    owners=owners,
                    key_ids=key_ids,
                    befores=befores,
                    companies=companies,
                    column=column,
                    limit=self.RECURRENCE_PER_KEY,
                )
            )
        if not parts:
            return []
        query = SQL(
            "%s",
            SQL(" UNION ALL ").join(parts),
            to_flush=[
                Line._fields[fname]
                for fname in ("complaint_id", "company_id", "product_id", "lot_id", "defect_id")
            ]
            + [self._fields["active"], self._fields["milestone"]],
        )
        owners = list(self)
        return [
            (owners[owner].id, kind, key_id, earlier_id)
            for owner, kind, key_id, earlier_id in self.env.execute_query(query)
        ]

    def _recurrence_data(self):
        """{complaint id: {"complaints": [match], "hidden": count}}: the earlier
        complaints sharing a product, lot or defect code (see ``_recurrence_rows``), the
        strongest first (a lot counts more than a defect code, a defect code more than a
        product), at most RECURRENCE_SHOWN; "hidden" counts those the user may not open
        (other teams' complaints), which are not described. A match is a dict: id, name,
        subject, customer, date, stage, closed, reasons (sentences). The 8D addon adds the
        open 8Ds."""
        keys = self._recurrence_keys()
        rows = self._recurrence_rows(keys)
        shared = defaultdict(lambda: defaultdict(list))
        for owner_id, kind, key_id, earlier_id in rows:
            shared[owner_id][earlier_id].append((kind, key_id))
        earlier_ids = {earlier_id for per_owner in shared.values() for earlier_id in per_owner}
        visible = (
            self.search_fetch(
                [("id", "in", list(earlier_ids))],
                [
                    "name",
                    "subject",
                    "commercial_partner_id",
                    "date_received",
                    "stage_id",
                    "is_closed",
                ],
            )
            if earlier_ids
            else self.browse()
        )
        by_id = {complaint.id: complaint for complaint in visible}
        labels = self._recurrence_key_labels(keys) if rows else {}
        result = {}
        for complaint in self:
            per_owner = shared.get(complaint.id, {})
            ranked = sorted(
                (earlier_id for earlier_id in per_owner if earlier_id in by_id),
                key=lambda earlier_id: (self._recurrence_score(per_owner[earlier_id]), earlier_id),
                reverse=True,
            )
            result[complaint.id] = {
                "complaints": [
                    by_id[earlier_id]._recurrence_match(per_owner[earlier_id], labels)
                    for earlier_id in ranked[: self.RECURRENCE_SHOWN]
                ],
                "hidden": len(per_owner) - len(ranked),
            }
        return result

    def _recurrence_score(self, shared_keys):
        """How strongly a match sharing ``shared_keys`` [(kind, id)] recurs."""
        return sum(self.RECURRENCE_WEIGHTS[kind] for kind, _key_id in shared_keys)

    def _recurrence_reasons(self, shared_keys, labels):
        """The reasons of a match, the strongest first."""
        order = {kind: position for position, kind in enumerate(self.RECURRENCE_KINDS)}
        return [
            labels[kind, key_id]
            for kind, key_id in sorted(set(shared_keys), key=lambda key: (order[key[0]], key[1]))
        ]

    def _recurrence_match(self, shared_keys, labels):
        """This earlier complaint as a match of the recurrence look-up (a JSON dict)."""
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "subject": self.subject,
            "customer": self.commercial_partner_id.display_name,
            "date": format_date(self.env, self.date_received),
            "stage": self.stage_id.display_name,
            "closed": self.is_closed,
            "reasons": self._recurrence_reasons(shared_keys, labels),
        }

    def _note_recurrence(self):
        """A complaint that arrives without the form (a delivery's button over the API,
        the portal, an e-mail, a webhook) is checked too: its handler finds the matches
        in an internal note, logged once at intake by OdooBot where something matches
        (customers never see notes; nobody is notified). The form shows them live in its
        Recurrence tab."""
        data = self._recurrence_data()
        bodies = {}
        for complaint in self:
            items = complaint._recurrence_note_items(data[complaint.id])
            hidden = data[complaint.id]["hidden"]
            if not items and not hidden:
                continue
            body = Markup("<p>%s</p>") % self.env._(
                "Recurrence at intake: this complaint shares a product, lot or defect code with"
            )
            if items:
                body += Markup("<ul>%s</ul>") % Markup().join(items)
            if hidden:
                body += Markup("<p>%s</p>") % self.env._(
                    "and %s earlier complaint(s) of other teams.", hidden
                )
            bodies[complaint.id] = body
        if bodies:
            self.browse(list(bodies))._message_log_batch(
                bodies, author_id=self.env.ref("base.partner_root").id
            )

    def _recurrence_note_items(self, entry):
        """The list items (HTML) of the intake note for the matches ``entry`` of
        ``_recurrence_data``; the 8D addon puts the open 8Ds first."""
        items = []
        for match in entry["complaints"][:5]:
            link = self.browse(match["id"])._get_html_link(title=match["name"])
            items.append(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(complaint)s %(subject)s (%(customer)s, %(date)s): %(reasons)s",
                    complaint=link,
                    subject=match["subject"],
                    customer=match["customer"],
                    date=match["date"],
                    reasons="; ".join(match["reasons"]),
                )
            )
        return items

    # ------------------------------------------------------------ prefill
    @api.model
    def _prepare_line_vals_from_move_lines(self, move_lines):
        """Complaint lines for delivered move lines: one per product and lot."""
        return [
            {
                "product_id": ml.product_id.id,
                "quantity": ml.quantity,
                "uom_id": ml.product_uom_id.id,
                "lot_id": ml.lot_id.id,
                "move_line_id": ml.id,
                "sale_line_id": ml.move_id.sale_line_id.id,
            }
            for ml in move_lines
        ]

    @api.model
    def _prepare_default_vals(self, partner, sale_orders=None, pickings=None, invoices=None):
        """Default values of a complaint opened from sales documents."""
        sale_orders = sale_orders or self.env["sale.order"]
        pickings = pickings or self.env["stock.picking"]
        invoices = invoices or self.env["account.move"]
        done_pickings = pickings.filtered(lambda p: p.state == "done")
        move_lines = done_pickings.move_ids.move_line_ids
        if move_lines:
            lines = self._prepare_line_vals_from_move_lines(move_lines)
        else:
            sale_lines = (
                sale_orders.order_line.filtered(
                    lambda sl: not sl.display_type and sl.product_id.type != "service"
                )
                or invoices.invoice_line_ids.sale_line_ids
            )
            lines = [
                {
                    "product_id": sl.product_id.id,
                    "quantity": sl.qty_delivered or sl.product_uom_qty,
                    "uom_id": sl.product_uom_id.id,
                    "sale_line_id": sl.id,
                }
                for sl in sale_lines
            ]
        vals = {
            "partner_id": partner.id,
            "company_id": (sale_orders.company_id or pickings.company_id or invoices.company_id)[
                :1
            ].id
            or self.env.company.id,
            "sale_order_ids": [Command.set(sale_orders.ids)],
            "picking_ids": [Command.set(pickings.ids)],
            "invoice_ids": [Command.set(invoices.ids)],
            "line_ids": [Command.create(line) for line in lines],
        }
        return vals

    @api.model
    def _action_new_from_documents(self, partner, **documents):
        """Form action of a new complaint pre-filled from sales documents."""
        vals = self._prepare_default_vals(partner, **documents)
        context = {f"default_{key}": value for key, value in vals.items()}
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Complaint"),
            "res_model": "quality.complaint",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }
