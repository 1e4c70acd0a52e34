# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL

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


class QualityComplaint(models.Model):
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
    # Counters for smart buttons
    sale_order_count = fields.Integer(compute="_compute_document_counts")
    picking_count = fields.Integer(compute="_compute_document_counts")
    invoice_count = fields.Integer(compute="_compute_document_counts")

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

    @api.model_create_multi
    def create(self, vals_list):
        """Give each complaint its reference from the company's sequence."""
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
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            self._check_can_close()
            self._stamp_milestone_dates()
        return res

    def _check_can_close(self):
        """A complaint the customer is responsible for is closed only once it was explained."""
        for complaint in self:
            if (
                complaint.milestone == "closed"
                and complaint.responsibility == "customer"
                and complaint.customer_explanation in (False, "", "<p><br></p>")
            ):
                raise UserError(
                    self.env._(
                        "Complaint %s: the customer is responsible; write the explanation given "
                        "to the customer before closing it.",
                        complaint.name,
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

    def action_decide_responsibility(self):
        """Record who decided the responsibility and when, and move the complaint on."""
        for complaint in self:
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
