# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Command, Domain


class QualityComplaint(models.Model):
    """The response clock: deadlines from the policy, in the company's working time."""

    _inherit = "quality.complaint"

    deadline_ids = fields.One2many("quality.complaint.deadline", "complaint_id", readonly=True)
    policy_id = fields.Many2one(
        "quality.complaint.policy", readonly=True, copy=False, help="The clock applied."
    )
    is_key_account = fields.Boolean(related="commercial_partner_id.is_key_account")

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._apply_key_account()
        complaints._schedule_deadlines()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if {"severity", "category_id", "partner_id", "date_received"} & vals.keys():
            self._schedule_deadlines()
        if "stage_id" in vals:
            self.env["quality.complaint.deadline"].sudo()._mark_met(self)
            cancelled = self.filtered(lambda c: c.milestone == "cancelled").sudo()
            cancelled.deadline_ids.filtered(lambda d: not d.date_done).active = False
            reopened = self.filtered(lambda c: not c.is_closed).sudo()
            reopened.with_context(active_test=False).deadline_ids.filtered(
                lambda d: not d.active
            ).active = True
        return res

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
