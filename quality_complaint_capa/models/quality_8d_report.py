# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

DISCIPLINES = [
    ("d0", "D0 Preparation"),
    ("d1", "D1 Team"),
    ("d2", "D2 Problem description"),
    ("d3", "D3 Containment"),
    ("d4", "D4 Root cause"),
    ("d5", "D5 Corrective actions"),
    ("d6", "D6 Implementation and verification"),
    ("d7", "D7 Prevention"),
    ("d8", "D8 Closure"),
]
ORDER = [code for code, _label in DISCIPLINES]
# Which discipline each clock step covers: the step is met once the 8D moves past it.
CLOCK = {
    "d3": ("d3", "acknowledge"),
    "d5": ("d5", "plan"),
    "d7": ("d7", "verification"),
}


class Quality8dReport(models.Model):
    _name = "quality.8d.report"
    _description = "8D Report"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    title = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    complaint_ids = fields.Many2many(
        "quality.complaint",
        "quality_8d_report_complaint_rel",
        "report_id",
        "complaint_id",
        string="Complaints",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", compute="_compute_partner_id", store=True, index=True
    )
    supplier_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        help="Set when the 8D is requested from the supplier found liable for the complaint.",
    )
    product_ids = fields.Many2many(
        "product.product", compute="_compute_product_ids", store=True, string="Products"
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    discipline = fields.Selection(
        DISCIPLINES, default="d0", required=True, tracking=True, group_expand=True
    )
    state = fields.Selection(
        [
            ("draft", "In progress"),
            ("submitted", "Proposed"),
            ("accepted", "Accepted by quality"),
            ("approved", "Approved"),
            ("sent", "Sent to customer"),
            ("done", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    date_start = fields.Datetime(default=fields.Datetime.now, required=True)
    # D0
    emergency_response = fields.Html()
    # D1
    member_ids = fields.One2many("quality.8d.member", "report_id", string="Team", copy=True)
    # D2: 5W2H
    problem_what = fields.Text(string="What")
    problem_where = fields.Text(string="Where")
    problem_when = fields.Text(string="When")
    problem_who = fields.Text(string="Who")
    problem_why = fields.Text(string="Why")
    problem_how = fields.Text(string="How")
    problem_how_many = fields.Text(string="How many")
    problem_description = fields.Html()
    # D3 - D7
    containment_ids = fields.One2many("quality.8d.containment", "report_id")
    cause_ids = fields.One2many("quality.8d.cause", "report_id", string="Root Causes")
    action_ids = fields.One2many("quality.capa.action", "report_id", string="Actions")
    verification = fields.Html(string="Verification of Effectiveness")
    prevention_ids = fields.One2many("quality.8d.prevention", "report_id")
    # D8
    recognition = fields.Html(string="Team Recognition")
    date_closed = fields.Datetime(readonly=True, copy=False)
    # Review
    reject_reason = fields.Text(readonly=True, copy=False)
    accepted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_sent = fields.Datetime(readonly=True, copy=False)
    # Clock
    date_d3_due = fields.Datetime(string="Containment Due", readonly=True, copy=False)
    date_d5_due = fields.Datetime(string="Action Plan Due", readonly=True, copy=False)
    date_d7_due = fields.Datetime(string="Verification Due", readonly=True, copy=False)
    date_d3_done = fields.Datetime(string="Containment Done", readonly=True, copy=False)
    date_d5_done = fields.Datetime(string="Action Plan Done", readonly=True, copy=False)
    date_d7_done = fields.Datetime(string="Verification Done", readonly=True, copy=False)
    late_disciplines = fields.Char(compute="_compute_late_disciplines")
    is_late = fields.Boolean(compute="_compute_late_disciplines", search="_search_is_late")
    date_escalated = fields.Datetime(readonly=True, copy=False)
    is_repeat = fields.Boolean(
        compute="_compute_is_repeat", help="One of its complaints repeats an earlier one."
    )

    # The recurrence look-up at intake reads the company's open 8Ds only.
    _open_company_idx = models.Index("(company_id) WHERE state != 'done'")

    @api.depends("complaint_ids.commercial_partner_id")
    def _compute_partner_id(self):
        for report in self:
            report.partner_id = report.complaint_ids[:1].commercial_partner_id

    @api.depends("complaint_ids.line_ids.product_id")
    def _compute_product_ids(self):
        for report in self:
            report.product_ids = report.complaint_ids.line_ids.product_id

    @api.depends(
        "date_d3_due", "date_d5_due", "date_d7_due", "date_d3_done", "date_d5_done", "date_d7_done"
    )
    def _compute_late_disciplines(self):
        now = fields.Datetime.now()
        labels = dict(DISCIPLINES)
        for report in self:
            late = [
                labels[step]
                for step in CLOCK
                if report[f"date_{step}_due"]
                and not report[f"date_{step}_done"]
                and report[f"date_{step}_due"] < now
            ]
            report.late_disciplines = ", ".join(late)
            report.is_late = bool(late)

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        now = fields.Datetime.now()
        late = []
        for step in CLOCK:
            clause = ["&", (f"date_{step}_done", "=", False), (f"date_{step}_due", "<", now)]
            late = ["|", *late, *clause] if late else clause
        domain = ["&", ("state", "!=", "done"), *late]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_is_repeat(self):
        for report in self:
            report.is_repeat = any(report.complaint_ids.mapped("is_repeat"))

    @api.model_create_multi
    def create(self, vals_list):
        """Number 8D reports from their own sequence and start their clock."""
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("quality.8d.report") or "/"
        reports = super().create(vals_list)
        reports._schedule_disciplines()
        return reports

    def write(self, vals):
        self._check_edit_rights(vals)
        if "discipline" in vals:
            self._check_discipline_move(vals["discipline"])
        res = super().write(vals)
        if "discipline" in vals:
            self._stamp_disciplines()
        if "complaint_ids" in vals:
            self._schedule_disciplines()
        return res

    # Content of the analysis (D2 to D5) that quality reviews: frozen once accepted.
    ANALYSIS_FIELDS = frozenset(
        {
            "problem_what",
            "problem_where",
            "problem_when",
            "problem_who",
            "problem_why",
            "problem_how",
            "problem_how_many",
            "problem_description",
            "cause_ids",
            "action_ids",
        }
    )

    def _check_edit_rights(self, vals=None, fnames=None):
        """The 8D team (leader and members) and the complaint managers edit an 8D; the
        analysis it proposed is frozen once quality accepted it, until it is rejected."""
        if self.env.su or self.env.context.get("quality_8d_review"):
            return
        fnames = set(fnames or vals or ())
        is_manager = self.env.user.has_group("quality_complaint.quality_complaint_group_manager")
        for report in self:
            team = report.leader_id | report.member_ids.user_id
            if not is_manager and self.env.user not in team:
                raise AccessError(
                    self.env._(
                        "Only the 8D team of %s and the complaint managers may change it.",
                        report.name,
                    )
                )
            if report.state in ("accepted", "approved", "sent", "done") and (
                fnames & self.ANALYSIS_FIELDS
            ):
                raise UserError(
                    self.env._(
                        "8D %s: the root cause and the actions were accepted; quality must "
                        "reject the analysis before it changes.",
                        report.name,
                    )
                )

    def _compute_access_url(self):
        """Customers read approved 8D reports on the portal."""
        for report in self:
            report.access_url = f"/my/8d/{report.id}"

    # ------------------------------------------------------------ clock
    def _schedule_disciplines(self):
        """D3 within the acknowledgement delay, D4-D5 within the action-plan delay, D6-D7
        within the verification delay of the first complaint's policy, each step counted
        as the policy says (calendar hours or working time)."""
        for report in self:
            complaint = report.complaint_ids.sorted("date_received")[:1]
            policy = complaint.policy_id
            if not complaint or not policy:
                continue
            vals = {}
            for step, (_discipline, kind) in CLOCK.items():
                if not report[f"date_{step}_done"]:
                    vals[f"date_{step}_due"] = complaint._plan_step(
                        policy, kind, complaint.date_received
                    )
            super(Quality8dReport, report).write(vals)
        return True

    def _stamp_disciplines(self):
        now = fields.Datetime.now()
        for report in self:
            position = ORDER.index(report.discipline)
            vals = {
                f"date_{step}_done": now
                for step in CLOCK
                if position > ORDER.index(step) and not report[f"date_{step}_done"]
            }
            if vals:
                super(Quality8dReport, report).write(vals)
        return True

    def _check_discipline_move(self, discipline):
        """Each discipline needs its content before the next one starts; the final ones
        need the approved plan."""
        target = ORDER.index(discipline)
        for report in self:
            current = ORDER.index(report.discipline)
            if target <= current:
                continue
            missing = report._missing_for(ORDER[target])
            if missing:
                raise UserError(
                    self.env._(
                        "8D %(report)s cannot move to %(discipline)s yet: %(missing)s",
                        report=report.name,
                        discipline=dict(DISCIPLINES)[discipline],
                        missing=missing,
                    )
                )

    def _missing_for(self, discipline):
        """What must be filled in before ``discipline`` starts, or an empty string."""
        self.ensure_one()
        position = ORDER.index(discipline)
        checks = [
            ("d2", not self.member_ids, self.env._("name the team (D1)")),
            (
                "d3",
                not (self.problem_what or self.problem_description),
                self.env._("describe the problem (D2)"),
            ),
            ("d4", not self.containment_ids, self.env._("record the containment (D3)")),
            (
                "d5",
                not self.cause_ids.filtered("is_root_cause"),
                self.env._("identify a root cause (D4)"),
            ),
            (
                "d6",
                not self.action_ids.filtered(lambda a: a.action_type == "corrective"),
                self.env._("choose a corrective action (D5)"),
            ),
            (
                "d6",
                self.state not in ("approved", "sent", "done"),
                self.env._("have the action plan approved"),
            ),
            (
                "d7",
                any(
                    a.effectiveness != "effective"
                    for a in self.action_ids.filtered(lambda a: a.action_type == "corrective")
                ),
                self.env._("verify that the corrective actions are effective (D6)"),
            ),
            ("d8", not self.prevention_ids, self.env._("record the prevention (D7)")),
        ]
        return "; ".join(
            message for step, failed, message in checks if failed and ORDER.index(step) <= position
        )

    @api.model
    def _escalate_late_reports(self, batch_size=1000):
        """Late disciplines are escalated like complaint deadlines: the team leader and the
        complaint team's manager get an activity, once per 8D."""
        late = self.search(
            [("is_late", "=", True), ("date_escalated", "=", False)], limit=batch_size
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for report in late:
            users = report.leader_id | report.complaint_ids.team_id.user_id
            for user in users:
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": report.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": self.env._(
                            "Late 8D %(report)s: %(late)s",
                            report=report.name,
                            late=report.late_disciplines,
                        ),
                    }
                )
        if vals_list:
            self.env["mail.activity"].sudo().create(vals_list)
        late.with_context(quality_8d_review=True).write({"date_escalated": fields.Datetime.now()})
        return late

    # ------------------------------------------------------------ review flow
    def action_submit(self):
        """The responsible department proposes its root cause and actions for review."""
        for report in self:
            if report.state != "draft":
                raise UserError(self.env._("Only an 8D in progress can be proposed."))
            missing = report._missing_for("d5")
            if missing or not report.action_ids:
                raise UserError(
                    self.env._(
                        "8D %(report)s is not ready for review: %(missing)s",
                        report=report.name,
                        missing=missing or self.env._("add the actions (D5)"),
                    )
                )
            report.with_context(quality_8d_review=True).write(
                {"state": "submitted", "reject_reason": False}
            )
            report.message_post(body=self.env._("Root cause and actions proposed for review."))
        return True

    def action_accept(self):
        """The quality department finds the cause and the actions credible."""
        self._check_group("quality_complaint.quality_complaint_group_manager")
        for report in self:
            if report.state != "submitted":
                raise UserError(self.env._("Only a proposed 8D can be accepted."))
            report.with_context(quality_8d_review=True).write(
                {"state": "accepted", "accepted_by_id": self.env.uid}
            )
            report.message_post(body=self.env._("Root cause and actions accepted by quality."))
        return True

    def action_reject(self, reason=None):
        """The quality department sends the analysis back, with its reason."""
        self._check_group("quality_complaint.quality_complaint_group_manager")
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the root cause or the actions are rejected."))
        for report in self:
            if report.state not in ("submitted", "accepted"):
                raise UserError(self.env._("Only a proposed 8D can be rejected."))
            report.with_context(quality_8d_review=True).write(
                {"state": "draft", "reject_reason": reason, "discipline": "d4"}
            )
            report.message_post(
                body=self.env._("Rejected by quality: %s", reason),
                partner_ids=report.member_ids.user_id.partner_id.ids,
            )
        return True

    def action_approve(self):
        """The management representative approves the plan; it can go to the customer."""
        self._check_group("quality_complaint_capa.group_8d_approver")
        for report in self:
            if report.state != "accepted":
                raise UserError(self.env._("Quality must accept the 8D before it is approved."))
            report.with_context(quality_8d_review=True).write(
                {"state": "approved", "approved_by_id": self.env.uid}
            )
            report.message_post(body=self.env._("Action plan approved by management."))
        return True

    def action_send_to_customer(self):
        """Send the approved 8D report to the customer, in the customer's language."""
        self.ensure_one()
        if self.state not in ("approved", "sent", "done"):
            raise UserError(self.env._("Only an approved 8D report can be sent to the customer."))
        template = self.env.ref("quality_complaint_capa.mail_template_8d_report")
        self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        if self.state == "approved":
            self.with_context(quality_8d_review=True).write(
                {"state": "sent", "date_sent": fields.Datetime.now()}
            )
        return True

    def action_close(self):
        """D8: close the 8D once every discipline is done."""
        for report in self:
            missing = report._missing_for("d8")
            if missing:
                raise UserError(
                    self.env._(
                        "8D %(report)s cannot close: %(missing)s",
                        report=report.name,
                        missing=missing,
                    )
                )
            report.write(
                {"discipline": "d8", "state": "done", "date_closed": fields.Datetime.now()}
            )
        return True

    def _check_group(self, xmlid):
        if not self.env.user.has_group(xmlid):
            group = self.env.ref(xmlid)
            raise AccessError(
                self.env._("Only members of %s may do this.", group.full_name or group.name)
            )

    def _back_to_root_cause(self, action):
        """An ineffective corrective action reopens the analysis at D4 and tells the team."""
        for report in self:
            report.with_context(quality_8d_review=True).write(
                {"discipline": "d4", "state": "draft"}
            )
            report.message_post(
                body=self.env._(
                    "Action %(action)s was not effective: the 8D goes back to root cause "
                    "analysis (D4).",
                    action=action.name,
                ),
                partner_ids=report.member_ids.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    # ------------------------------------------------------------ containment
    def action_fill_containment(self):
        """D3 worklist from traceability: every other delivery of the complained lots."""
        self.ensure_one()
        lines = self.complaint_ids.line_ids.filtered("lot_id")
        if not lines:
            raise UserError(self.env._("The complaints of this 8D name no lot or serial number."))
        move_lines = (
            self.env["stock.move.line"]
            .sudo()
            .search_fetch(
                [
                    ("lot_id", "in", lines.lot_id.ids),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ],
                ["lot_id", "picking_id", "quantity", "product_id"],
            )
        )
        existing = {(c.lot_id.id, c.picking_id.id) for c in self.containment_ids}
        commands = [
            Command.create(
                {
                    "lot_id": ml.lot_id.id,
                    "product_id": ml.product_id.id,
                    "picking_id": ml.picking_id.id,
                    "partner_id": ml.picking_id.partner_id.commercial_partner_id.id,
                    "quantity_at_risk": ml.quantity,
                }
            )
            for ml in move_lines
            if (ml.lot_id.id, ml.picking_id.id) not in existing
        ]
        if commands:
            self.containment_ids = commands
        return True
