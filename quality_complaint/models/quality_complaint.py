# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, plaintext2html
from odoo.tools.float_utils import float_compare, float_is_zero
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.sql import column_exists, create_column, table_exists

from ..tools import lock_rows
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


class QualityComplaint(models.Model):
    """A customer complaint, from intake to closure.

    Sections: fields (identification, customer, classification, people, process, lines and
    documents, responsibility, outcome, response clock, remedies, liability and recovery),
    constraints and indexes, compute and search methods, CRUD, actions, response clock,
    remedies (guards, return, replacement, refund), liability and recovery, portal intake,
    mail, prefill from sales documents.
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
    amount_claimed = fields.Monetary(currency_field="currency_id", tracking=True)
    customer_confirmation = fields.Selection(
        [("pending", "Pending"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        tracking=True,
        copy=False,
    )
    closing_note = fields.Html(copy=False)
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
    # Counters for smart buttons
    sale_order_count = fields.Integer(compute="_compute_document_counts")
    picking_count = fields.Integer(compute="_compute_document_counts")
    invoice_count = fields.Integer(compute="_compute_document_counts")
    # Response clock
    deadline_ids = fields.One2many("quality.complaint.deadline", "complaint_id", readonly=True)
    policy_id = fields.Many2one(
        "quality.complaint.policy", readonly=True, copy=False, help="The clock applied."
    )
    is_key_account = fields.Boolean(related="commercial_partner_id.is_key_account")
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
    amount_refunded = fields.Monetary(compute="_compute_remedy_totals")
    amount_compensated = fields.Monetary(compute="_compute_remedy_totals")
    amount_granted = fields.Monetary(
        compute="_compute_remedy_totals", help="Refunded and compensated, without taxes."
    )
    replacement_cost = fields.Monetary(compute="_compute_remedy_totals")
    returned_qty = fields.Float(
        string="Returned Quantity", digits="Product Unit", compute="_compute_remedy_totals"
    )
    cost_total = fields.Monetary(string="Cost of Complaint", compute="_compute_remedy_totals")
    return_count = fields.Integer(compute="_compute_remedy_totals")
    replacement_count = fields.Integer(compute="_compute_remedy_totals")
    credit_note_count = fields.Integer(compute="_compute_remedy_totals")
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
    amount_recovered = fields.Monetary(
        compute="_compute_recovery_totals",
        help="Vendor credit notes charged back to suppliers and carriers, without taxes.",
    )
    cost_net = fields.Monetary(string="Net Cost", compute="_compute_recovery_totals")
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
    # Also covers the kanban's counts by stage and severity (index-only scan).
    _open_stage_order_idx = models.Index(
        "(stage_id, priority DESC, date_received DESC, id DESC) "
        "INCLUDE (active, company_id, severity) WHERE is_closed IS NOT TRUE"
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

    # ------------------------------------------------------------ compute and search
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

    def _compute_is_late(self):
        """Late when any deadline of an open complaint has passed without being met."""
        late_ids = set(self.search([("id", "in", self.ids), ("is_late", "=", True)]).ids)
        for complaint in self:
            complaint.is_late = complaint.id in late_ids

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        late = Domain("is_closed", "=", False) & Domain(
            "deadline_ids",
            "any",
            [("date_done", "=", False), ("date_deadline", "<", fields.Datetime.now())],
        )
        return late if (operator == "=") == value else ~late

    def _compute_remedy_totals(self):
        """Totals from the real documents, grouped in a few queries for all complaints."""
        Move = self.env["account.move"].sudo()
        credit = defaultdict(float)
        credit_count = defaultdict(int)
        for complaint, remedy, total, count in Move._read_group(
            [("remedy_complaint_id", "in", self.ids), ("state", "!=", "cancel")],
            ["remedy_complaint_id", "complaint_remedy"],
            ["amount_untaxed_signed:sum", "__count"],
        ):
            # Credit notes are negative in company currency: the cost is their opposite,
            # without the tax that the company recovers.
            credit[complaint.id, remedy] -= total
            credit_count[complaint.id] += count
        StockMove = self.env["stock.move"].sudo()
        moves = defaultdict(lambda: {"qty": 0.0, "value": 0.0, "pickings": set()})
        for move in StockMove.search_fetch(
            [
                ("picking_id.remedy_complaint_id", "in", self.ids),
                ("state", "!=", "cancel"),
            ],
            ["picking_id", "product_id", "product_qty", "quantity", "state", "value"],
        ):
            picking = move.picking_id
            key = (picking.remedy_complaint_id.id, picking.complaint_remedy)
            moves[key]["pickings"].add(picking.id)
            if move.state != "done":
                continue
            moves[key]["qty"] += move.product_qty
            value = abs(move.value) or move.product_id.standard_price * move.product_qty
            moves[key]["value"] += value
        for complaint in self:
            returns = moves.get((complaint.id, "return"), {"qty": 0.0, "pickings": ()})
            replacements = moves.get((complaint.id, "replacement"), {"value": 0.0, "pickings": ()})
            complaint.amount_refunded = credit[complaint.id, "refund"]
            complaint.amount_compensated = credit[complaint.id, "compensation"]
            complaint.amount_granted = complaint.amount_refunded + complaint.amount_compensated
            complaint.replacement_cost = replacements["value"]
            complaint.returned_qty = returns["qty"]
            complaint.return_count = len(returns["pickings"])
            complaint.replacement_count = len(replacements["pickings"])
            complaint.credit_note_count = credit_count[complaint.id]
            complaint.cost_total = (
                complaint.amount_refunded
                + complaint.amount_compensated
                + complaint.replacement_cost
            )

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
        """Recovered amounts from the real credit notes, in one query for all complaints."""
        recovered = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [("recovery_complaint_id", "in", self.ids), ("state", "!=", "cancel")],
                ["recovery_complaint_id"],
                ["amount_untaxed_signed:sum"],
            )
        )
        counts = dict(
            self.env["quality.complaint.recovery"]
            .sudo()
            ._read_group([("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"])
        )
        for complaint in self:
            # Vendor credit notes are positive in company currency.
            complaint.amount_recovered = recovered.get(complaint, 0.0)
            complaint.cost_net = complaint.cost_total - complaint.amount_recovered
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
        """Give each complaint its reference from the company's sequence, then its response
        clock: key-account priority and the deadlines of its policy."""
        for vals in vals_list:
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
        return complaints

    def write(self, vals):
        """A stage change is checked (closure) and stamped, and meets, stops or restarts
        deadlines; what the clock depends on re-plans the deadlines not met yet."""
        forced = bool(vals.get("forced_close_reason"))
        if "forced_close_reason" in vals:
            self._ensure_may_force_close()
            vals = {**vals, "forced_close_user_id": self.env.uid if forced else False}
        res = super().write(vals)
        if "stage_id" in vals:
            self._check_can_close(forced=forced)
            self._stamp_milestone_dates()
        if {"severity", "category_id", "partner_id", "date_received"} & vals.keys():
            self._schedule_deadlines()
        if "stage_id" in vals:
            self._update_deadlines_on_stage()
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
            if open_pickings.get((complaint.id, "replacement")):
                messages.append(_("a replacement has not been delivered yet"))
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

    def action_view_sale_orders(self):
        """Open the sales orders the complaint is about."""
        self.ensure_one()
        return self._action_open_documents(self.sale_order_ids, "sale.action_orders")

    def action_view_pickings(self):
        """Open the deliveries the complaint is about."""
        self.ensure_one()
        return self._action_open_documents(self.picking_ids, "stock.action_picking_tree_all")

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
        """Record who decided the responsibility and when, and move the complaint on."""
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

    def action_view_returns(self):
        """Open the return pickings of the complaint."""
        self.ensure_one()
        return self._action_open_documents(self.return_picking_ids, "stock.action_picking_tree_all")

    def action_view_replacements(self):
        """Open the replacement deliveries of the complaint."""
        self.ensure_one()
        return self._action_open_documents(
            self.replacement_picking_ids, "stock.action_picking_tree_all"
        )

    def action_view_credit_notes(self):
        """Open the refund and compensation credit notes of the complaint."""
        self.ensure_one()
        return self._action_open_documents(
            self.refund_move_ids | self.compensation_move_ids,
            "account.action_move_out_refund_type",
        )

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
        """(Re)compute the deadlines not met yet from the policy of each complaint."""
        policies = self.env["quality.complaint.policy"]._policies_for(self)
        for complaint in self:
            policy = policies[complaint]
            if not policy or complaint.is_closed:
                continue
            calendar = complaint.company_id.resource_calendar_id
            existing = {d.kind: d for d in complaint.deadline_ids}
            commands = []
            closure = False
            for kind in ("acknowledge", "plan", "verification", "closure"):
                due = complaint._plan_working_days(calendar, policy._days_for(kind))
                if kind == "closure":
                    closure = due
                deadline = existing.get(kind)
                if not deadline:
                    commands.append(Command.create({"kind": kind, "date_deadline": due}))
                elif not deadline.date_done and deadline.date_deadline != due:
                    commands.append(Command.update(deadline.id, {"date_deadline": due}))
            vals = {"policy_id": policy.id, "date_deadline": closure}
            if commands:
                vals["deadline_ids"] = commands
            # Deadlines are the clock's, not the users': only managers edit them by hand.
            complaint.sudo().write(vals)

    def _plan_working_days(self, calendar, days):
        """The date ``days`` working days after reception, weekends and holidays skipped."""
        if not calendar:
            return self.date_received + fields.timedelta(days=days)
        hours = days * (calendar.hours_per_day or 8.0)
        return calendar.plan_hours(hours, self.date_received, compute_leaves=True)

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
        managers of the company are told."""
        stage = self.env["quality.complaint.stage"].search(
            [("milestone", "=", "escalated")], limit=1
        )
        for complaint in self:
            managers = complaint._management_users()
            if stage and complaint.stage_id != stage:
                complaint.stage_id = stage
            complaint.message_post(
                body=self.env._(
                    "Major complaint %s missed a deadline and was escalated to management.",
                    complaint.name,
                ),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    # ------------------------------------------------------------ remedies: guards
    def _check_remedy_allowed(self):
        """Remedies are for open complaints that the customer is not responsible for."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(
                self.env._(
                    "Complaint %s is closed or cancelled: re-open it before adding a remedy.",
                    self.name,
                )
            )
        if self.responsibility == "customer":
            raise UserError(
                self.env._(
                    "The customer is responsible for complaint %s: explain the decision to "
                    "the customer instead of granting a remedy, or revise the decision.",
                    self.name,
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
        self.env.invalidate_all()

    # ------------------------------------------------------------ return
    @api.model
    def _prepare_return_lines(self, picking, quantities):
        """Quantities to return per original move of a delivery, from complaint lines."""
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
        self.message_post(
            body=self.env._("Return %s created.", new_picking._get_html_link()),
        )
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
    def _create_replacement(self, quantities):
        """Outgoing delivery of replacement goods, at no price, linked to the complaint.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        quantities = self._ensure_quantities(quantities, self.env._("Enter a quantity to replace."))
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(self._prepare_replacement_picking_vals(quantities))
        )
        picking.action_confirm()
        picking.action_assign()
        self.message_post(
            body=self.env._("Replacement delivery %s created.", picking._get_html_link()),
        )
        return picking

    def _create_replacement_order(self, quantities):
        """Zero-priced sales order for the replacement goods: the usual order flow (routes,
        delivery, customer's documents) ships them; nothing is invoiced.

        :param quantities: {quality.complaint.line: quantity in the line's unit}
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        quantities = self._ensure_quantities(quantities, self.env._("Enter a quantity to replace."))
        order = (
            self.env["sale.order"].sudo().create(self._prepare_replacement_order_vals(quantities))
        )
        order.action_confirm()
        order.picking_ids.write({"remedy_complaint_id": self.id, "complaint_remedy": "replacement"})
        self.message_post(
            body=self.env._("Replacement order %s created.", order._get_html_link()),
        )
        return order

    def _prepare_replacement_order_vals(self, quantities):
        """Values of the zero-priced sales order that ships replacement goods.

        Called by ``_create_replacement_order`` with the checked quantities
        ({quality.complaint.line: quantity}). An extension may change the warehouse, the
        salesperson or the lines' values (a route, a description); the prices stay zero and
        ``remedy_complaint_id`` stays, or the replacement would be invoiced or lost from the
        complaint.
        """
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.env.uid,
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

    def _prepare_replacement_picking_vals(self, quantities):
        """Values of the outgoing delivery of replacement goods, with one move per line.

        Called by ``_create_replacement`` with the checked quantities
        ({quality.complaint.line: quantity}). An extension may change the source location,
        the delivery address, the scheduled date or add move values; it keeps
        ``remedy_complaint_id`` and ``complaint_remedy``, which the cost and the smart
        buttons read.
        """
        picking_type = self._replacement_picking_type()
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

    def _default_refund_quantities(self, invoice):
        """What to refund by default: the complained quantities, within what is refundable."""
        self.ensure_one()
        refundable = self._refundable_quantities(invoice)
        result = {}
        for inv_line, available in refundable.items():
            complained = sum(
                line.uom_id._compute_quantity(line.quantity, inv_line.product_uom_id)
                for line in self.line_ids
                if line.product_id == inv_line.product_id
                and (not line.sale_line_id or line.sale_line_id in inv_line.sale_line_ids)
            )
            result[inv_line] = max(min(complained, available), 0.0)
        return result

    def _create_refund(self, invoice, quantities):
        """Credit note reversing the given lines of ``invoice`` (Odoo's reversal: prices,
        discounts, taxes, fiscal position and currency as invoiced).

        :param quantities: {account.move.line of the invoice: quantity to credit}
        """
        self.ensure_one()
        self._lock_for_remedy()
        self._check_remedy_allowed()
        self._ensure_refundable_invoice(invoice)
        invoice = invoice.sudo()
        # Lock the invoice too: a refund made from another complaint waits as well.
        lock_rows(invoice)
        wanted = self._ensure_qty_to_refund(invoice, quantities)
        refund = invoice._reverse_moves([self._prepare_refund_vals(invoice)], cancel=False)
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
        self.message_post(body=self.env._("Credit note %s created.", refund._get_html_link()))
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

        Called by ``_create_refund`` before the reversal; its lines are then cut to the
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
    def _portal_create_complaint(
        self, partner, document, subject, description, files=(), defect=None
    ):
        """Create a complaint for a portal customer; refuse bad input with a clear message
        and create nothing.

        :param partner: the portal user's partner
        :param document: 'order-<id>' or 'picking-<id>'
        :param files: list of (filename, bytes, declared mimetype)
        :param defect: optional id of the defect code chosen, given to the lines it fits
        """
        # NUL cannot be stored (PostgreSQL text): a customer never means it; it is dropped.
        subject = (subject or "").replace("\x00", "").strip()
        description = (description or "").replace("\x00", "").strip()
        if not subject:
            raise ValidationError(self.env._("Give your complaint a short title."))
        if len(subject) > SUBJECT_MAX:
            raise ValidationError(self.env._("Keep the title under %s characters.", SUBJECT_MAX))
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

    # ------------------------------------------------------------ mail
    def _track_template(self, changes):
        """Reaching a stage with a template sends it to the customer."""
        res = super()._track_template(changes)
        complaint = self[0]
        if "stage_id" in changes and complaint.stage_id.mail_template_id:
            res["stage_id"] = (
                complaint.stage_id.mail_template_id,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
                    "email_layout_xmlid": "mail.mail_notification_light",
                },
            )
        return res

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A complaint from an e-mail to a team's alias: the sender is the customer."""
        custom_values = dict(custom_values or {})
        if not msg_dict.get("author_id") and msg_dict.get("email_from"):
            author = self.env["mail.thread"]._partner_find_from_emails_single(
                [msg_dict["email_from"]], no_create=False
            )
            msg_dict["author_id"] = author.id
        if not msg_dict.get("author_id"):
            raise UserError(self.env._("A complaint e-mail needs a sender address."))
        defaults = {
            "name": "/",
            "subject": (msg_dict.get("subject") or self.env._("No subject"))[:SUBJECT_MAX],
            "partner_id": msg_dict["author_id"],
            "channel": "email",
            "description": msg_dict.get("body"),
            "receiver_id": False,
        }
        defaults.update(custom_values)
        complaint = super(QualityComplaint, self.with_context(mail_create_nolog=True)).message_new(
            msg_dict, custom_values=defaults
        )
        complaint.message_subscribe(complaint.partner_id.ids)
        return complaint

    def _compute_access_url(self):
        """Complaints are followed by customers at /my/complaints."""
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    # ------------------------------------------------------------ repeat complaints
    def _auto_init(self):
        self._init_repeat_columns()
        return super()._auto_init()

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
