# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from ..tools import lock_rows
from .quality_complaint_policy import DEADLINE_KINDS

# The milestone whose reaching meets each deadline, and the order of the main path. The
# inspection of returned goods is met by its recorded result, not by a stage.
MET_AT = {
    "acknowledge": "acknowledged",
    "plan": "action",
    "verification": "confirmation",
    "closure": "closed",
}
PATH = ["new", "acknowledged", "investigating", "decided", "action", "confirmation", "closed"]


class QualityComplaintDeadline(models.Model):
    _name = "quality.complaint.deadline"
    _description = "Complaint Deadline"
    _order = "date_deadline, id"
    _rec_name = "kind"

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    # The complaint's team, category and archived flag, kept on each deadline: the dashboard's
    # on-time rates count the deadlines of a day by them without reading the complaints.
    team_id = fields.Many2one(related="complaint_id.team_id", store=True, precompute=True)
    category_id = fields.Many2one(related="complaint_id.category_id", store=True, precompute=True)
    complaint_active = fields.Boolean(
        related="complaint_id.active", string="Complaint Active", store=True, precompute=True
    )
    kind = fields.Selection(DEADLINE_KINDS, required=True)
    date_start = fields.Datetime(
        string="Started on",
        readonly=True,
        help="When the clock started: the reception of the complaint, or of the returned "
        "goods for their inspection.",
    )
    date_deadline = fields.Datetime(string="Due", required=True)
    date_done = fields.Datetime(string="Met on", readonly=True)
    date_reminded = fields.Datetime(string="Reminded on", readonly=True, copy=False)
    date_escalated = fields.Datetime(string="Escalated on", readonly=True, copy=False)
    active = fields.Boolean(
        default=True, help="Archived when the complaint is cancelled: its clock stops."
    )
    state = fields.Selection(
        [("due", "Due"), ("late", "Late"), ("met", "Met"), ("met_late", "Met late")],
        compute="_compute_state",
        search="_search_state",
    )

    _complaint_kind_uniq = models.Constraint(
        "UNIQUE(complaint_id, kind)", "A complaint has one deadline of each kind."
    )
    _open_deadline_idx = models.Index("(date_deadline) WHERE date_done IS NULL AND active")
    # What the scheduled action looks for: tiny in the steady state, whatever the history.
    _to_remind_idx = models.Index(
        "(date_deadline) WHERE date_done IS NULL AND date_reminded IS NULL AND active"
    )
    _to_escalate_idx = models.Index(
        "(date_deadline) WHERE date_done IS NULL AND date_escalated IS NULL AND active"
    )

    @api.depends("date_deadline", "date_done")
    def _compute_state(self):
        now = fields.Datetime.now()
        for deadline in self:
            if deadline.date_done:
                late = deadline.date_done > deadline.date_deadline
                deadline.state = "met_late" if late else "met"
            else:
                deadline.state = "late" if deadline.date_deadline < now else "due"

    def _search_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        now = fields.Datetime.now()
        domains = {
            "due": [("date_done", "=", False), ("date_deadline", ">=", now)],
            "late": [("date_done", "=", False), ("date_deadline", "<", now)],
            "met": [("date_done", "!=", False)],
            "met_late": [("date_done", "!=", False)],
        }
        result = []
        for state in value:
            result = ["|", *result, *domains[state]] if result else domains[state]
        return result or [("id", "=", False)]

    # ------------------------------------------------------------ reminders and escalation
    @api.model
    def _domain_to_remind(self, now=None):
        """Open deadlines inside their reminder window, not yet reminded."""
        now = now or fields.Datetime.now()
        return [
            ("date_done", "=", False),
            ("date_reminded", "=", False),
            ("date_deadline", ">=", now),
            ("date_deadline", "<=", now + timedelta(hours=self._max_reminder_hours())),
            ("complaint_id.is_closed", "=", False),
        ]

    @api.model
    def _domain_to_escalate(self, now=None):
        """Missed deadlines of open complaints, not yet escalated."""
        return [
            ("date_done", "=", False),
            ("date_escalated", "=", False),
            ("date_deadline", "<", now or fields.Datetime.now()),
            ("complaint_id.is_closed", "=", False),
        ]

    @api.model
    def _max_reminder_hours(self):
        hours = self.env["quality.complaint.policy"].search([]).mapped("reminder_hours")
        return max(hours or [4.0])

    def _lock_pending(self, done_field):
        """The deadlines of ``self`` still without ``done_field``, locked for this transaction.
        Rows another run is processing right now are skipped, so the scheduled action and the
        automated actions never remind or escalate the same deadline twice."""
        if not self.ids:
            return self
        self.flush_recordset([done_field])
        locked = lock_rows(self, skip_locked=True)
        locked.invalidate_recordset([done_field])
        return locked.filtered(lambda deadline: not deadline[done_field])

    def _remind(self):
        """An activity for the responsible person of each complaint, once per deadline."""
        now = fields.Datetime.now()
        todo = self._lock_pending("date_reminded").filtered(
            lambda d: not d.date_done and not d.date_reminded
        )
        policies = self.env["quality.complaint.policy"]._policies_for(todo.complaint_id)
        due = todo.filtered(
            lambda d: d.date_deadline
            <= now + timedelta(hours=policies[d.complaint_id].reminder_hours or 4.0)
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("quality.complaint")
        vals_list = []
        for deadline in due:
            complaint = deadline.complaint_id
            user = complaint.user_id or complaint.receiver_id or complaint.team_id.user_id
            if not user:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self, deadline.date_deadline),
                    "summary": self.env._(
                        "%(kind)s due: %(complaint)s",
                        kind=deadline._kind_label(),
                        complaint=complaint.name,
                    ),
                }
            )
        if vals_list:
            self.env["mail.activity"].sudo().create(vals_list)
        due.write({"date_reminded": now})
        return due

    def _escalate(self):
        """Missed deadlines: the team manager gets an activity; a major complaint moves to
        Escalated and the complaint managers are told."""
        now = fields.Datetime.now()
        late = self._lock_pending("date_escalated").filtered(
            lambda d: not d.date_done and not d.date_escalated and d.date_deadline < now
        )
        if not late:
            return late
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("quality.complaint")
        vals_list = []
        for deadline in late:
            complaint = deadline.complaint_id
            manager = complaint.team_id.user_id or complaint.user_id
            if manager:
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": complaint.id,
                        "activity_type_id": activity_type.id,
                        "user_id": manager.id,
                        "summary": self.env._(
                            "Late: %(kind)s of %(complaint)s",
                            kind=deadline._kind_label(),
                            complaint=complaint.name,
                        ),
                    }
                )
        if vals_list:
            self.env["mail.activity"].sudo().create(vals_list)
        late.write({"date_escalated": now})
        major = late.complaint_id.filtered(lambda c: c.severity == "major")
        major._escalate_to_management()
        return late

    def _kind_label(self):
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    @api.model
    def _cron_process_deadlines(self, batch_size=1000):
        """Scheduled action: reminders, then escalations, in batches of ``batch_size`` with
        a bounded number of queries each. Progress is committed after every batch; what is
        done is marked, so an interrupted or repeated run resumes without doing anything
        twice.

        When the run's time is up (Odoo gives each scheduled action its turn), it stops
        after the batch and reports what is left: Odoo then runs it again as soon as the
        other scheduled actions had theirs, not at the next interval."""
        in_cron = bool(self.env.context.get("cron_id"))
        processed = 0
        phases = [
            (self._domain_to_remind(), "_remind"),
            (self._domain_to_escalate(), "_escalate"),
        ]
        for index, (domain, method) in enumerate(phases):
            last_id = 0
            while True:
                batch = self.search([*domain, ("id", ">", last_id)], limit=batch_size, order="id")
                if not batch:
                    break
                getattr(batch, method)()
                processed += len(batch)
                last_id = batch[-1].id
                if in_cron and not self.env["ir.cron"]._commit_progress(len(batch)):
                    left = self.search_count([*domain, ("id", ">", last_id)]) + sum(
                        self.search_count(later) for later, _method in phases[index + 1 :]
                    )
                    self.env["ir.cron"]._commit_progress(remaining=left)
                    return processed
        return processed

    # ------------------------------------------------------------ meeting deadlines
    @api.model
    def _mark_met(self, complaints):
        """Deadlines met by the milestone each complaint has reached."""
        now = fields.Datetime.now()
        open_deadlines = self.search(
            [("complaint_id", "in", complaints.ids), ("date_done", "=", False)]
        )
        for deadline in open_deadlines.filtered(lambda d: d.kind in MET_AT):
            milestone = deadline.complaint_id.milestone
            if milestone in PATH and PATH.index(milestone) >= PATH.index(MET_AT[deadline.kind]):
                deadline.date_done = now
