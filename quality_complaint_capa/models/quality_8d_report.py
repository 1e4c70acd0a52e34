# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import format_date

from .quality_8d_evidence import REQUIRED_EVIDENCE

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
# The timed disciplines, each with the step of the complaint's clock it follows unless the
# customer's requirements time the discipline itself (None: timed only by them). A
# discipline is done once the 8D moves past it, D8 once the 8D is closed.
CLOCK = {
    "d3": "acknowledge",
    "d4": None,
    "d5": "plan",
    "d6": None,
    "d7": "verification",
    "d8": None,
}
REPORT_FORMATS = [("8d", "8D report"), ("4d", "4D report (D1 to D4)")]
# The PDF and the mail template of each format.
CUSTOMER_FORMATS = {
    "8d": (
        "quality_complaint_capa.action_report_8d",
        "quality_complaint_capa.mail_template_8d_report",
    ),
    "4d": (
        "quality_complaint_capa.action_report_4d",
        "quality_complaint_capa.mail_template_4d_report",
    ),
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
    evidence_ids = fields.One2many(
        "quality.8d.evidence",
        "report_id",
        string="Updated Documents",
        help="The PFMEA, control plan and work instruction updated at D7, each attached.",
    )
    d7_no_change_reason = fields.Text(
        string="Why No Document Changed",
        tracking=True,
        help="Why the PFMEA, control plan or work instruction not attached did not need to "
        "change; D7 closes with the three documents attached or with this reason.",
    )
    evidence_missing = fields.Char(string="Documents Missing", compute="_compute_evidence_missing")
    date_d7_closed = fields.Datetime(
        string="Prevention Closed on",
        readonly=True,
        copy=False,
        tracking=True,
        help="When D7 closed (the 8D moved to D8): the effectiveness window starts then.",
    )
    # D8
    recognition = fields.Html(string="Team Recognition")
    date_closed = fields.Datetime(readonly=True, copy=False)
    effectiveness_days = fields.Integer(
        string="Effectiveness Window (days)",
        readonly=True,
        copy=False,
        help="The company's window when D7 closed; a later change of the setting does not move it.",
    )
    date_effectiveness_due = fields.Date(
        string="Effectiveness Check on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The 8D can close from this day on if no repeat complaint on the same product "
        "and defect code came in since D7 closed.",
    )
    effectiveness_repeat_ids = fields.Many2many(
        "quality.complaint",
        string="Repeats in the Window",
        compute="_compute_effectiveness_repeat_ids",
        help="Repeat complaints received in the effectiveness window on a product and defect "
        "code of this 8D's complaints (or repeating one of them through this 8D).",
    )
    effectiveness_repeat_count = fields.Integer(
        string="Repeats in the Window Count", compute="_compute_effectiveness_repeat_ids"
    )
    effectiveness_result = fields.Selection(
        [("passed", "No repeat in the window"), ("early", "Closed early by an approver")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    early_close_reason = fields.Text(
        string="Reason for Early Closure", readonly=True, copy=False, tracking=True
    )
    early_closed_by_id = fields.Many2one(
        "res.users", string="Closed Early by", readonly=True, copy=False
    )
    # Review
    reject_reason = fields.Text(readonly=True, copy=False)
    accepted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_sent = fields.Datetime(readonly=True, copy=False)
    # Clock
    date_d3_due = fields.Datetime(string="Containment Due", readonly=True, copy=False)
    date_d4_due = fields.Datetime(string="Root Cause Due", readonly=True, copy=False)
    date_d5_due = fields.Datetime(string="Action Plan Due", readonly=True, copy=False)
    date_d6_due = fields.Datetime(string="Implementation Due", readonly=True, copy=False)
    date_d7_due = fields.Datetime(string="Verification Due", readonly=True, copy=False)
    date_d8_due = fields.Datetime(string="Closure Due", readonly=True, copy=False)
    date_d3_done = fields.Datetime(string="Containment Done", readonly=True, copy=False)
    date_d4_done = fields.Datetime(string="Root Cause Done", readonly=True, copy=False)
    date_d5_done = fields.Datetime(string="Action Plan Done", readonly=True, copy=False)
    date_d6_done = fields.Datetime(string="Implementation Done", readonly=True, copy=False)
    date_d7_done = fields.Datetime(string="Verification Done", readonly=True, copy=False)
    date_d8_done = fields.Datetime(string="Closure Done", readonly=True, copy=False)
    late_disciplines = fields.Char(compute="_compute_late_disciplines")
    is_late = fields.Boolean(compute="_compute_late_disciplines", search="_search_is_late")
    date_escalated = fields.Datetime(readonly=True, copy=False)
    is_repeat = fields.Boolean(
        compute="_compute_is_repeat", help="One of its complaints repeats an earlier one."
    )
    # Customer-specific requirements
    profile_id = fields.Many2one(
        "quality.complaint.customer.profile",
        string="Customer Requirements",
        compute="_compute_profile_id",
        help="The requirements of its first complaint: discipline deadlines, report format, "
        "contacts in copy.",
    )
    report_format = fields.Selection(
        REPORT_FORMATS,
        compute="_compute_profile_id",
        help="The report the customer requires: what is printed and sent to it.",
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

    @api.depends(*(f"date_{step}_{end}" for step in CLOCK for end in ("due", "done")))
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

    @api.depends("evidence_ids.document_type", "d7_no_change_reason")
    def _compute_evidence_missing(self):
        """The D7 documents still to attach, for the form's reminder and the D7 gate."""
        labels = dict(
            self.env["quality.8d.evidence"]
            ._fields["document_type"]
            ._description_selection(self.env)
        )
        for report in self:
            attached = set(report.evidence_ids.mapped("document_type"))
            missing = [labels[kind] for kind in REQUIRED_EVIDENCE if kind not in attached]
            report.evidence_missing = (
                ", ".join(missing)
                if missing and not (report.d7_no_change_reason or "").strip()
                else False
            )

    def _compute_effectiveness_repeat_ids(self):
        """The repeats that keep D8 from closing; the list shows those the user may read,
        the count all of them."""
        repeats = self._origin._effectiveness_repeats()
        for report in self:
            found = repeats.get(report._origin.id, self.env["quality.complaint"])
            report.effectiveness_repeat_count = len(found)
            report.effectiveness_repeat_ids = found.with_env(self.env)._filtered_access("read")

    def _compute_is_repeat(self):
        for report in self:
            report.is_repeat = any(report.complaint_ids.mapped("is_repeat"))

    @api.depends("complaint_ids.profile_id")
    def _compute_profile_id(self):
        for report in self:
            profile = report._first_complaint().profile_id
            report.profile_id = profile
            report.report_format = profile.sudo().report_format or "8d"

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
        before = {}
        if "discipline" in vals:
            self._check_discipline_move(vals["discipline"])
            before = {report.id: report.discipline for report in self}
        res = super().write(vals)
        if "discipline" in vals:
            self._stamp_disciplines()
            self._follow_prevention_closure(before)
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
    # The D7 evidence: frozen once D7 closed, until the 8D is moved back to D7.
    PREVENTION_FIELDS = frozenset({"evidence_ids", "d7_no_change_reason"})

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
            if (report.discipline == "d8" or report.state == "done") and (
                fnames & self.PREVENTION_FIELDS
            ):
                raise UserError(
                    self.env._(
                        "8D %s: D7 is closed and its documents are kept as evidence; move the "
                        "8D back to D7 to change them.",
                        report.name,
                    )
                )

    def _compute_access_url(self):
        """Customers read approved 8D reports on the portal."""
        for report in self:
            report.access_url = f"/my/8d/{report.id}"

    # ------------------------------------------------------------ clock
    def _first_complaint(self):
        """The complaint whose clock and customer requirements the 8D follows."""
        self.ensure_one()
        return self.complaint_ids.sorted("date_received")[:1]

    def _schedule_disciplines(self):
        """Each timed discipline due as the customer's requirements of the first complaint
        say (for example D3 in 24 hours, D4 in 5 days, D8 in 30 days), else D3 within the
        acknowledgement delay, D5 within the action-plan delay, D7 within the verification
        delay of its response policy; counted from the start of the complaint's clock, in
        calendar hours or working time as each step says."""
        for report in self:
            complaint = report._first_complaint()
            if not complaint:
                continue
            policy = complaint.policy_id
            start = complaint._clock_start()
            vals = {}
            for step, kind in CLOCK.items():
                if report[f"date_{step}_done"]:
                    continue
                due = complaint._plan_step(policy, step, start)
                if not due and kind:
                    due = complaint._plan_step(policy, kind, start)
                vals[f"date_{step}_due"] = due or False
            super(Quality8dReport, report.sudo()).write(vals)
        return True

    def _stamp_disciplines(self):
        """The disciplines the 8D moved past are done; all of them once it is closed."""
        now = fields.Datetime.now()
        for report in self:
            position = ORDER.index(report.discipline)
            vals = {
                f"date_{step}_done": now
                for step in CLOCK
                if (position > ORDER.index(step) or report.state == "done")
                and not report[f"date_{step}_done"]
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
            (
                "d8",
                self.evidence_missing,
                self.env._(
                    "attach the updated %s (D7), or say why none of them changed",
                    self.evidence_missing,
                ),
            ),
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
        """Send the approved report to the customer, in the customer's language and in the
        format its requirements ask for (8D, or 4D: D1 to D4)."""
        self.ensure_one()
        if self.state not in ("approved", "sent", "done"):
            raise UserError(self.env._("Only an approved 8D report can be sent to the customer."))
        template = self.env.ref(CUSTOMER_FORMATS[self.report_format][1])
        self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        if self.state == "approved":
            self.with_context(quality_8d_review=True).write(
                {"state": "sent", "date_sent": fields.Datetime.now()}
            )
        return True

    def action_print_for_customer(self):
        """The PDF in the format the customer requires (8D, or 4D: D1 to D4)."""
        self.ensure_one()
        return self.env.ref(CUSTOMER_FORMATS[self.report_format][0]).report_action(self)

    def message_post(self, **kwargs):
        """The report sent to the customer also goes to the contacts its requirements put
        in copy."""
        if self and kwargs.get("partner_ids"):
            self.ensure_one()
            cc = self.profile_id.sudo()._cc_partners_for(
                self.partner_id | self.sudo().complaint_ids.partner_id, kwargs["partner_ids"]
            )
            if cc:
                kwargs["partner_ids"] = [*kwargs["partner_ids"], *cc.ids]
        return super().message_post(**kwargs)

    def action_close(self):
        """D8: close the 8D once every discipline is done and its effectiveness window
        passed without a repeat complaint (IATF 16949 10.2.3)."""
        self._ensure_closable()
        self._ensure_effectiveness_proven()
        self.write(self._prepare_close_vals("passed"))
        for report in self:
            report.message_post(
                body=self.env._(
                    "No repeat complaint on the same product and defect code from %(start)s "
                    "to %(end)s: the corrective actions are effective; 8D closed.",
                    start=format_date(self.env, report._date_d7_closed_local()),
                    end=format_date(self.env, report.date_effectiveness_due),
                )
            )
        self._done_effectiveness_activities()
        return True

    def action_close_early(self, reason=None):
        """An 8D approver closes D8 before the effectiveness window ended or despite a
        repeat (from stock made before the fix, for instance), with the reason on record."""
        self._check_group("quality_complaint_capa.group_8d_approver")
        if not (reason or "").strip():
            raise UserError(
                self.env._("Say why the 8D closes before its effectiveness window ended.")
            )
        self._ensure_closable()
        self.with_context(quality_8d_review=True).write(
            self._prepare_close_vals(
                "early", early_close_reason=reason.strip(), early_closed_by_id=self.env.uid
            )
        )
        for report in self:
            report.message_post(
                body=self.env._(
                    "Closed early by %(user)s, before the effectiveness window ended on "
                    "%(date)s: %(reason)s",
                    user=self.env.user.name,
                    date=format_date(self.env, report.date_effectiveness_due),
                    reason=report.early_close_reason,
                )
            )
        self._done_effectiveness_activities()
        return True

    def _prepare_close_vals(self, result, **extra):
        """Values written on the 8Ds that close with ``result`` (passed or early); called by
        ``action_close`` and ``action_close_early``, an extension may add its own stamps."""
        return {
            "discipline": "d8",
            "state": "done",
            "date_closed": fields.Datetime.now(),
            "effectiveness_result": result,
            **extra,
        }

    def _ensure_closable(self):
        """Every discipline, the D7 evidence included, is done; closed 8Ds stay closed."""
        for report in self:
            if report.state == "done":
                raise UserError(self.env._("8D %s is already closed.", report.name))
            missing = report._missing_for("d8")
            if missing:
                raise UserError(
                    self.env._(
                        "8D %(report)s cannot close: %(missing)s",
                        report=report.name,
                        missing=missing,
                    )
                )

    def _ensure_effectiveness_proven(self):
        """D8 closes only once the effectiveness window passed without a repeat complaint;
        an 8D still at D7 starts its window now."""
        today = fields.Date.context_today(self)
        repeats = self._effectiveness_repeats()
        for report in self:
            found = repeats.get(report.id)
            if found:
                raise UserError(
                    self.env._(
                        "8D %(report)s cannot close: the repeat complaints %(repeats)s came in "
                        "during the effectiveness window on the same product and defect code. "
                        "Send the 8D back to the root cause (D4), or an 8D approver closes it "
                        "early with a reason.",
                        report=report.name,
                        repeats=", ".join(found.mapped("name")),
                    )
                )
            due = report.date_effectiveness_due
            if not report.date_d7_closed:
                due = today + timedelta(days=report.company_id.eightd_effectiveness_days)
            if due > today:
                raise UserError(
                    self.env._(
                        "8D %(report)s cannot close before %(date)s: its effectiveness window "
                        "must pass without a repeat complaint first. An 8D approver may close "
                        "it early with a reason.",
                        report=report.name,
                        date=format_date(self.env, due),
                    )
                )

    def _log_evidence(self, evidences, title, with_files=False):
        """The audit trail of the D7 documents: one chatter message per 8D saying what was
        attached, replaced or removed, by whom (the author) and when."""
        labels = dict(evidences._fields["document_type"]._description_selection(self.env))
        for report in self:
            mine = evidences.filtered(lambda e, report=report: e.report_id == report)
            items = Markup().join(
                Markup("<li>%s: %s%s</li>")
                % (
                    labels[evidence.document_type],
                    evidence.attachment_id.name,
                    f" ({evidence.revision})" if evidence.revision else "",
                )
                for evidence in mine
            )
            report.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>") % (title, items),
                attachment_ids=mine.attachment_id.ids if with_files else [],
            )

    # ------------------------------------------------------------ effectiveness window
    def _date_d7_closed_local(self):
        """The day D7 closed, in the user's time zone."""
        self.ensure_one()
        if not self.date_d7_closed:
            return False
        return fields.Datetime.context_timestamp(self, self.date_d7_closed).date()

    def _follow_prevention_closure(self, before):
        """Moving to D8 closes D7 and starts the effectiveness window; moving an open 8D
        back below D8 reopens D7 and stops the window (it starts again at the next D8)."""
        closed = self.filtered(lambda r: r.discipline == "d8" and before.get(r.id) != "d8")
        reopened = self.filtered(
            lambda r: r.discipline != "d8" and before.get(r.id) == "d8" and r.state != "done"
        )
        closed._start_effectiveness_window()
        reopened._stop_effectiveness_window()

    def _start_effectiveness_window(self):
        """Stamp the D7 closure, fix the window with the company's current setting and give
        the team leader an activity on the day the window ends."""
        if not self:
            return
        now = fields.Datetime.now()
        for company, reports in self.grouped("company_id").items():
            days = company.eightd_effectiveness_days
            super(Quality8dReport, reports).write(
                {
                    "date_d7_closed": now,
                    "effectiveness_days": days,
                    "date_effectiveness_due": fields.Date.context_today(self, now)
                    + timedelta(days=days),
                }
            )
        activity_type = self.env.ref("quality_complaint_capa.mail_activity_type_8d_effectiveness")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": report.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": (report.leader_id or self.env.user).id,
                    "date_deadline": report.date_effectiveness_due,
                    "summary": self.env._(
                        "Effectiveness window of 8D %s ended: close it if no repeat came in",
                        report.name,
                    ),
                }
                for report in self
                if report.state != "done"
            ]
        )

    def _stop_effectiveness_window(self):
        if not self:
            return
        super().write(
            {"date_d7_closed": False, "effectiveness_days": 0, "date_effectiveness_due": False}
        )
        self.sudo().activity_unlink(["quality_complaint_capa.mail_activity_type_8d_effectiveness"])

    def _done_effectiveness_activities(self):
        self.sudo().activity_feedback(
            ["quality_complaint_capa.mail_activity_type_8d_effectiveness"]
        )

    def _effectiveness_repeats(self):
        """{8D id: the repeat complaints (sudo) received since its D7 closed, to the end of
        its window, on a product and defect code of its complaints, or repeating one of its
        complaints through this 8D}: the recurrence that shows the actions did not work.
        Repeats count whoever can read them; one search for all the 8Ds."""
        reports = self.filtered("date_d7_closed")
        if not reports:
            return {}
        keys = {
            report.id: {
                (line.product_id.id, line.defect_id.id)
                for line in report.sudo().complaint_ids.line_ids
                if line.defect_id
            }
            for report in reports
        }

        def window_end(report):
            return datetime.combine(report.date_effectiveness_due, time.max)

        products = list({product for pairs in keys.values() for product, _defect in pairs})
        defects = list({defect for pairs in keys.values() for _product, defect in pairs})
        domain = Domain.AND(
            [
                Domain("is_repeat", "=", True),
                Domain("company_id", "in", reports.company_id.ids),
                Domain("milestone", "!=", "cancelled"),
                Domain("date_received", ">=", min(reports.mapped("date_d7_closed"))),
                Domain("date_received", "<=", max(window_end(r) for r in reports)),
                Domain(
                    "line_ids",
                    "any",
                    [("product_id", "in", products), ("defect_id", "in", defects)],
                )
                | Domain("repeat_of_8d_id", "in", reports.ids),
            ]
        )
        candidates = (
            self.env["quality.complaint"]
            .sudo()
            .with_context(active_test=True)
            .search_fetch(
                domain,
                ["name", "company_id", "date_received", "repeat_of_8d_id"],
                order="date_received, id",
            )
        )
        candidate_keys = {
            candidate.id: {
                (line.product_id.id, line.defect_id.id)
                for line in candidate.line_ids
                if line.defect_id
            }
            for candidate in candidates
        }
        return {
            report.id: candidates.filtered(
                lambda c, report=report: c.company_id == report.company_id
                and report.date_d7_closed <= c.date_received <= window_end(report)
                and c.id not in report.sudo().complaint_ids.ids
                and (candidate_keys[c.id] & keys[report.id] or c.repeat_of_8d_id == report)
            )
            for report in reports
        }

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
    def action_compute_suspect_stock(self):
        """D3 worklist from lot traceability: the complained lots and the sibling lots of
        their receipt or production, on hand per location, in deliveries not yet done and
        delivered to customers. Computed again, it refreshes the quantities and keeps the
        counts already recorded."""
        for report in self:
            report._check_edit_rights(fnames={"containment_ids"})
            if not report.complaint_ids.line_ids.lot_id:
                raise UserError(
                    self.env._(
                        "The complaints of 8D %s name no lot or serial number: enter the lots "
                        "on the complaint lines first.",
                        report.name,
                    )
                )
            self.env["quality.8d.containment"]._refresh_suspect_stock(report)
        return True

    def action_quarantine(self, line_ids=None):
        """Send suspect stock on hand to the company's quarantine location through internal
        transfers (one per location), reserved on the exact lots and left for the warehouse
        to validate.

        :param line_ids: ids of this 8D's on-hand containment lines; by default every
            on-hand line outside quarantine with stock and no pending transfer
        """
        self.ensure_one()
        if line_ids is None:
            lines = self.containment_ids.filtered(
                lambda line: line.place == "stock"
                and line.quantity_at_risk > 0
                and not line.is_quarantined
                and line.quarantine_state in (False, "done", "cancel")
            )
            if not lines:
                raise UserError(
                    self.env._(
                        "8D %s lists no stock on hand to quarantine: compute the suspect "
                        "stock first.",
                        self.name,
                    )
                )
        else:
            lines = self.containment_ids.filtered(lambda line: line.id in set(line_ids))
            if len(lines) != len(set(line_ids)):
                raise UserError(
                    self.env._(
                        "Choose containment lines of 8D %s to quarantine from it.", self.name
                    )
                )
        lines._quarantine()
        return True

    def _prepare_quarantine_picking_vals(self, location, quarantine):
        """Values of the internal transfer from ``location`` to ``quarantine``.

        Called by the containment lines' ``_quarantine`` once per source location; the
        moves are added from ``_prepare_quarantine_move_vals``. An extension may add values
        (a responsible, a scheduled date) or choose another operation type of the same
        warehouse; it keeps both locations.
        """
        self.ensure_one()
        warehouse = (location.sudo().warehouse_id or quarantine.sudo().warehouse_id).sudo()
        picking_type = warehouse.with_context(active_test=False).int_type_id
        if not picking_type:
            raise UserError(
                self.env._(
                    "%s belongs to no warehouse with internal transfers: move the stock to "
                    "quarantine by hand.",
                    location.display_name,
                )
            )
        return {
            "picking_type_id": picking_type.id,
            "location_id": location.id,
            "location_dest_id": quarantine.id,
            "origin": self.env._("%s (containment)", self.name),
            "company_id": self.company_id.id,
        }

    def _render_containment_notice(self, template, partner):
        """The notice to ``partner`` about the suspect lots it received, rendered in its
        language; see ``quality.8d.containment.get_notice_draft``."""
        self.ensure_one()
        lang = partner.lang or self.env.lang or "en_US"
        lines = self.containment_ids.filtered(
            lambda line: line.place == "customer"
            and line.partner_id == partner
            and line.quantity_at_risk > 0
        )
        # The lines' lots and deliveries are read as superuser: an 8D member may have no
        # inventory rights, and the caller checked the 8D rights.
        values = {
            "customer": partner.sudo().with_context(lang=lang),
            "notice_lines": lines.sudo().with_context(lang=lang),
        }
        rendered = {
            fname: template._render_field(fname, self.ids, set_lang=lang, add_context=values)[
                self.id
            ]
            for fname in ("subject", "body_html")
        }
        return {
            "partner_id": partner.id,
            "lang": lang,
            "subject": rendered["subject"],
            "body": rendered["body_html"],
            "line_ids": lines.ids,
        }
