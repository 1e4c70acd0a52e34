# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import ComplaintCase

FRIDAY_4PM = datetime(2026, 11, 20, 16, 0)


@tagged("post_install", "-at_install")
class TestClock(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A UTC office week, 8-12 and 13-17, and a public holiday on Monday 23 November.
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Complaint test calendar",
                "tz": "UTC",
                "hours_per_day": 8.0,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": start + 4,
                        }
                    )
                    for day in range(5)
                    for start in (8, 13)
                ],
            }
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 11, 23, 0, 0),
                "date_to": datetime(2026, 11, 23, 23, 59),
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.team = cls.env["quality.complaint.team"].create(
            {"name": "Quality", "user_id": cls.manager.id, "member_ids": [cls.sales_rep.id]}
        )

    def _deadlines(self, complaint):
        return {d.kind: d for d in complaint.deadline_ids}

    def test_deadlines_skip_weekend_and_public_holiday(self):
        complaint = self._new_complaint(severity="general", date_received=FRIDAY_4PM)
        deadlines = self._deadlines(complaint)
        # Acknowledged within 24 calendar hours: Saturday 16:00, weekend or not.
        self.assertEqual(deadlines["acknowledge"].date_deadline, datetime(2026, 11, 21, 16, 0))
        # 3 working days = 24 h: Fri 1 h, Tue 8 h, Wed 8 h, Thu 7 h.
        self.assertEqual(deadlines["plan"].date_deadline, datetime(2026, 11, 26, 16, 0))
        # 10 working days for a general complaint.
        self.assertEqual(deadlines["closure"].date_deadline, datetime(2026, 12, 7, 16, 0))
        self.assertEqual(complaint.date_deadline, deadlines["closure"].date_deadline)
        self.assertEqual(
            complaint.policy_id, self.env.ref("quality_complaint.quality_complaint_policy_general")
        )

    def test_major_and_key_account_policies_are_chosen(self):
        major = self._new_complaint(severity="major", date_received=FRIDAY_4PM)
        self.assertEqual(
            major.policy_id, self.env.ref("quality_complaint.quality_complaint_policy_major")
        )
        self.assertEqual(
            self._deadlines(major)["closure"].date_deadline, datetime(2026, 12, 23, 16, 0)
        )
        self.customer.write({"is_key_account": True, "key_account_manager_id": self.manager.id})
        vip = self._new_complaint(severity="major", date_received=FRIDAY_4PM)
        self.assertEqual(
            vip.policy_id, self.env.ref("quality_complaint.quality_complaint_policy_key_account")
        )
        # Half a day of the key accounts' 24x7 clock: 12 hours, Saturday 4:00.
        self.assertEqual(
            self._deadlines(vip)["acknowledge"].date_deadline, datetime(2026, 11, 21, 4, 0)
        )
        self.assertEqual(vip.priority, "1")
        self.assertIn(self.manager.partner_id, vip.message_partner_ids)

    def test_changing_severity_reschedules_open_deadlines_only(self):
        complaint = self._new_complaint(severity="general", date_received=FRIDAY_4PM)
        with freeze_time("2026-11-24 09:00:00"):
            complaint.stage_id = self.env.ref(
                "quality_complaint.quality_complaint_stage_acknowledged"
            )
        ack = self._deadlines(complaint)["acknowledge"]
        met_on = ack.date_done
        complaint.severity = "major"
        self.assertEqual(ack.date_done, met_on)
        self.assertEqual(
            self._deadlines(complaint)["closure"].date_deadline, datetime(2026, 12, 23, 16, 0)
        )

    def test_deadline_states_met_late_and_due(self):
        complaint = self._new_complaint(date_received=FRIDAY_4PM)
        with freeze_time("2026-11-21 10:00:00"):
            complaint.stage_id = self.env.ref(
                "quality_complaint.quality_complaint_stage_acknowledged"
            )
            deadlines = self._deadlines(complaint)
            self.assertEqual(deadlines["acknowledge"].state, "met")
            self.assertEqual(deadlines["acknowledge"].date_done, datetime(2026, 11, 21, 10, 0))
            self.assertEqual(deadlines["plan"].state, "due")
            self.assertFalse(complaint.is_late)
        with freeze_time("2026-11-27 09:00:00"):
            complaint.invalidate_recordset(["is_late"])
            complaint.deadline_ids.invalidate_recordset(["state"])
            self.assertEqual(self._deadlines(complaint)["plan"].state, "late")
            self.assertTrue(complaint.is_late)
            late = self.env["quality.complaint"].search([("is_late", "=", True)])
            self.assertIn(complaint, late)
            # The flag and the search agree on a page of complaints, late or not.
            other = self._new_complaint(date_received=datetime(2026, 11, 26, 16, 0))
            page = complaint | other
            page.invalidate_recordset(["is_late"])
            self.assertEqual(page.mapped("is_late"), [True, False])
            self.assertEqual(
                self.env["quality.complaint"].search(
                    [("id", "in", page.ids), ("is_late", "=", True)]
                ),
                complaint,
            )
            self.assertEqual(
                self.env["quality.complaint"].search(
                    [("id", "in", page.ids), ("is_late", "=", False)]
                ),
                other,
            )
            complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_remedy")
            self.assertEqual(self._deadlines(complaint)["plan"].state, "met_late")
            complaint.invalidate_recordset(["is_late"])
            self.assertFalse(complaint.is_late)

    def test_cron_reminds_before_and_escalates_after_once(self):
        complaint = self._new_complaint(
            date_received=FRIDAY_4PM, team_id=self.team.id, user_id=self.sales_rep.id
        )
        Deadline = self.env["quality.complaint.deadline"]
        with freeze_time("2026-11-21 13:00:00"):  # 3 h before the acknowledgement is due
            Deadline._cron_process_deadlines(batch_size=2)
            reminders = complaint.activity_ids.filtered(lambda a: a.user_id == self.sales_rep)
            self.assertEqual(len(reminders), 1)
            self.assertIn("Acknowledge due", reminders.summary)
            Deadline._cron_process_deadlines(batch_size=2)
            self.assertEqual(len(complaint.activity_ids), 1)
        with freeze_time("2026-11-21 17:00:00"):  # acknowledgement missed
            Deadline._cron_process_deadlines(batch_size=2)
            escalations = complaint.activity_ids.filtered(lambda a: a.user_id == self.manager)
            self.assertEqual(len(escalations), 1)
            self.assertIn("Late: Acknowledge", escalations.summary)
            self.assertTrue(self._deadlines(complaint)["acknowledge"].date_escalated)
            self.assertNotEqual(complaint.milestone, "escalated")  # general, not major
            Deadline._cron_process_deadlines(batch_size=2)
            self.assertEqual(len(complaint.activity_ids), 2)

    def test_run_cut_short_by_its_time_runs_again_as_soon_as_possible(self):
        """Odoo gives a scheduled action its turn (10 s) before the others: a deadline run
        whose time is up stops after a batch and reports what is left, so Odoo runs it
        again right after the other jobs (a "partially done" run) instead of 15 minutes
        later; nothing is done twice."""
        for _i in range(3):
            self._new_complaint(
                date_received=FRIDAY_4PM, team_id=self.team.id, user_id=self.sales_rep.id
            )
        cron = self.env.ref("quality_complaint.ir_cron_quality_complaint_deadlines")
        Deadline = self.env["quality.complaint.deadline"]
        with freeze_time("2026-12-31 09:00:00"):
            missed = Deadline.search_count(Deadline._domain_to_escalate())
            self.assertGreater(missed, 4)
            with self.enter_registry_test_mode(), self.registry.cursor() as cr:
                env = self.env(
                    cr=cr, context={"cron_id": cron.id, "cron_end_time": time.monotonic() - 1}
                )
                job, progress = env["ir.cron"].browse(cron.id)._add_progress()
                run = env["quality.complaint.deadline"].with_context(**job.env.context)
                self.assertEqual(run._cron_process_deadlines(batch_size=2), 2)
                self.assertEqual((progress.done, progress.remaining), (2, missed - 2))
                job, progress = env["ir.cron"].browse(cron.id)._add_progress()
                run = env["quality.complaint.deadline"].with_context(**job.env.context)
                self.assertEqual(run._cron_process_deadlines(batch_size=2), 2)
                self.assertEqual(progress.remaining, missed - 4)
                escalated = run.search_count([("date_escalated", "!=", False)])
                self.assertEqual(escalated, 4)

    def test_major_complaint_missing_a_deadline_is_escalated_to_management(self):
        complaint = self._new_complaint(
            severity="major", date_received=FRIDAY_4PM, team_id=self.team.id
        )
        with freeze_time("2026-11-25 09:00:00"):
            self.env["quality.complaint.deadline"]._cron_process_deadlines()
        self.assertEqual(complaint.milestone, "escalated")
        self.assertIn(self.manager.partner_id, complaint.message_partner_ids)
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: "escalated to management" in (m.body or ""))
        )

    def test_major_complaint_is_escalated_to_management_once_whatever_the_batches(self):
        """Its missed deadlines escalated one batch (or one run) at a time: each gets its
        activity, management is told once."""
        complaint = self._new_complaint(
            severity="major", date_received=FRIDAY_4PM, team_id=self.team.id
        )
        with freeze_time("2026-12-31 09:00:00"):
            self.env["quality.complaint.deadline"]._cron_process_deadlines(batch_size=1)
        missed = complaint.deadline_ids.filtered("date_escalated")
        self.assertGreater(len(missed), 1)
        late = complaint.activity_ids.filtered(lambda a: "Late:" in (a.summary or ""))
        self.assertEqual(len(late), len(missed))
        told = complaint.message_ids.filtered(lambda m: "escalated to management" in (m.body or ""))
        self.assertEqual(len(told), 1)
        self.assertEqual(complaint.milestone, "escalated")

    def test_major_complaints_escalated_in_one_batch_are_moved_by_one_write(self):
        """Several major complaints escalated by the same batch: each reaches Escalated and
        management is told once about each; the move is one write for the batch, so the
        dashboard's log of changed days grows as for a single complaint, not per complaint."""

        def escalate(count, when):
            complaints = self.env["quality.complaint"]
            for _index in range(count):
                complaints |= self._new_complaint(
                    severity="major", date_received=FRIDAY_4PM, team_id=self.team.id
                )
            self.env.flush_all()
            self.env.cr.execute("DELETE FROM quality_complaint_summary_change")
            with freeze_time(when):
                self.env["quality.complaint.deadline"]._cron_process_deadlines()
            self.assertEqual(set(complaints.mapped("milestone")), {"escalated"})
            for complaint in complaints:
                told = complaint.message_ids.filtered(
                    lambda m: "escalated to management" in (m.body or "")
                )
                self.assertEqual(len(told), 1, complaint.name)
                self.assertIn(self.manager.partner_id, told.partner_ids)
            self.env.flush_all()
            self.env.cr.execute("SELECT COUNT(*) FROM quality_complaint_summary_change")
            return self.env.cr.fetchone()[0]

        alone = escalate(1, "2026-11-25 09:00:00")
        self.assertEqual(escalate(4, "2026-11-25 09:00:00"), alone)

    def test_closed_complaint_deadlines_are_not_escalated(self):
        complaint = self._new_complaint(date_received=FRIDAY_4PM, team_id=self.team.id)
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_cancelled")
        with freeze_time("2026-12-31 09:00:00"):
            self.env["quality.complaint.deadline"]._cron_process_deadlines()
        self.assertFalse(complaint.activity_ids)

    def test_one_deadline_mechanism_leaves_the_automation_scheduler_idle(self):
        """One scheduled action reminds and escalates, every 15 minutes; no time-based rule
        on deadlines makes Odoo's automation scheduler run more often than every 15
        minutes for the whole database."""
        cron = self.env.ref("quality_complaint.ir_cron_quality_complaint_deadlines")
        self.assertTrue(cron.active)
        self.assertIn("_cron_process_deadlines", cron.code)
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
        timed = self.env["base.automation"].search(
            [
                ("model_id.model", "=", "quality.complaint.deadline"),
                ("trigger", "in", ("on_time", "on_time_created", "on_time_updated")),
            ]
        )
        self.assertFalse(timed, "deadlines have one mechanism: the scheduled action")
        scheduler = self.env.ref("base_automation.ir_cron_data_base_automation_check")
        minutes = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080, "months": 43200}
        if scheduler.active:
            interval = scheduler.interval_number * minutes[scheduler.interval_type]
            self.assertGreaterEqual(interval, 15)

    def test_a_rule_on_escalated_on_runs_when_the_scheduled_action_escalates(self):
        """What happens on a missed deadline is editable: an administrator's automation
        rule on "Escalated on" runs when the scheduled action escalates."""
        complaint = self._new_complaint(date_received=FRIDAY_4PM, team_id=self.team.id)
        tag = self.env["quality.complaint.tag"].create({"name": "Deadline missed"})
        model_id = self.env["ir.model"]._get_id("quality.complaint.deadline")
        self.env["base.automation"].create(
            {
                "name": "Tag the complaints that missed a deadline",
                "model_id": model_id,
                "trigger": "on_create_or_write",
                "trigger_field_ids": [
                    Command.link(
                        self.env["ir.model.fields"]
                        ._get("quality.complaint.deadline", "date_escalated")
                        .id
                    )
                ],
                "filter_domain": "[('date_escalated', '!=', False)]",
                "action_server_ids": [
                    Command.create(
                        {
                            "name": "Tag the complaint",
                            "model_id": model_id,
                            "state": "code",
                            "code": "records.complaint_id.write("
                            f"{{'tag_ids': [Command.link({tag.id})]}})",
                        }
                    )
                ],
            }
        )
        with freeze_time("2026-11-21 13:00:00"):  # reminded, not missed yet
            self.env["quality.complaint.deadline"]._cron_process_deadlines()
        self.assertNotIn(tag, complaint.tag_ids)
        with freeze_time("2026-11-21 17:00:00"):  # the acknowledgement is missed
            self.env["quality.complaint.deadline"]._cron_process_deadlines()
        self.assertIn(tag, complaint.tag_ids)

    def test_automation_rules_are_not_searched_again_on_every_write(self):
        """Opening and moving complaints does not search the automation rules each time
        (they were a dozen queries per complaint); a rule archived or added takes effect
        at once all the same."""
        Rule = self.env["base.automation"]
        complaint = self._new_complaint()
        Rule._get_actions(complaint, ["on_create_or_write"])
        with self.assertQueryCount(0):
            rules = Rule._get_actions(complaint, ["on_create_or_write"])
        major = self.env.ref("quality_complaint.base_automation_major_complaint")
        self.assertIn(major, rules)
        major.active = False
        self.assertNotIn(major, Rule._get_actions(complaint, ["on_create_or_write"]))
        major.active = True
        self.assertIn(major, Rule._get_actions(complaint, ["on_create_or_write"]))
        added = Rule.create(
            {
                "name": "Another rule",
                "model_id": self.env["ir.model"]._get_id("quality.complaint"),
                "trigger": "on_create_or_write",
            }
        )
        self.assertIn(added, Rule._get_actions(complaint, ["on_create_or_write"]))
        added.unlink()
        self.assertNotIn(added, Rule._get_actions(complaint, ["on_create_or_write"]))

    def test_policy_steps_must_follow_each_other(self):
        with self.assertRaisesRegex(ValidationError, "must follow each other"):
            self.env["quality.complaint.policy"].create(
                {"name": "Wrong", "plan_days": 10, "verification_days": 7, "closure_days": 12}
            )
        with self.assertRaisesRegex(ValidationError, "positive"):
            self.env["quality.complaint.policy"].create({"name": "Zero", "acknowledge_days": 0})

    def test_friday_complaint_is_acknowledged_by_saturday_same_hour(self):
        """IATF's "acknowledge within 24 h" counts calendar hours (SPEC section 7)."""
        policy = self.env.ref("quality_complaint.quality_complaint_policy_general")
        self.assertEqual(policy.acknowledge_clock, "calendar")
        self.assertEqual(
            (policy.plan_clock, policy.verification_clock, policy.inspection_clock),
            ("working", "working", "working"),
        )
        complaint = self._new_complaint(severity="general", date_received=FRIDAY_4PM)
        deadlines = self._deadlines(complaint)
        self.assertEqual(deadlines["acknowledge"].date_deadline, datetime(2026, 11, 21, 16, 0))
        self.assertEqual(deadlines["acknowledge"].date_start, FRIDAY_4PM)
        # 7 working days: Fri 1 h, Tue to Mon 6 x 8 h (the holiday skipped), Tue 7 h.
        self.assertEqual(deadlines["verification"].date_deadline, datetime(2026, 12, 2, 16, 0))

    def test_key_account_saturday_complaint_is_due_sunday(self):
        """Key accounts are served 24x7: every step of their policy counts calendar hours."""
        policy = self.env.ref("quality_complaint.quality_complaint_policy_key_account")
        self.assertEqual(
            {
                policy._clock_for(kind)
                for kind in ("acknowledge", "plan", "verification", "inspection", "closure")
            },
            {"calendar"},
        )
        self.customer.is_key_account = True
        complaint = self._new_complaint(date_received=datetime(2026, 11, 21, 10, 0))
        self.assertEqual(complaint.policy_id, policy)
        deadlines = self._deadlines(complaint)
        # Half a day: Saturday 22:00; 2 days: Monday 10:00 although it is a holiday.
        self.assertEqual(deadlines["acknowledge"].date_deadline, datetime(2026, 11, 21, 22, 0))
        self.assertEqual(deadlines["plan"].date_deadline, datetime(2026, 11, 23, 10, 0))
        sunday = self._new_complaint(date_received=datetime(2026, 11, 21, 16, 0))
        self.assertEqual(
            self._deadlines(sunday)["acknowledge"].date_deadline, datetime(2026, 11, 22, 4, 0)
        )

    def test_holiday_moves_only_working_time_steps(self):
        with_holiday = self._deadlines(self._new_complaint(date_received=FRIDAY_4PM))
        self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id)]
        ).unlink()
        without = self._deadlines(self._new_complaint(date_received=FRIDAY_4PM))
        self.assertEqual(
            with_holiday["acknowledge"].date_deadline, without["acknowledge"].date_deadline
        )
        # One working day later for the steps in working time; the closure's Friday becomes
        # the following Monday.
        for kind in ("plan", "verification"):
            self.assertEqual(
                with_holiday[kind].date_deadline - without[kind].date_deadline,
                timedelta(days=1),
                kind,
            )
        self.assertEqual(without["closure"].date_deadline, datetime(2026, 12, 4, 16, 0))
        self.assertEqual(with_holiday["closure"].date_deadline, datetime(2026, 12, 7, 16, 0))

    def test_a_step_switched_to_working_time_skips_the_weekend(self):
        policy = self.env.ref("quality_complaint.quality_complaint_policy_general")
        complaint = self._new_complaint(severity="general", date_received=FRIDAY_4PM)
        policy.acknowledge_clock = "working"
        complaint.date_received = FRIDAY_4PM  # re-plans the deadlines not met yet
        # 1 working day = 8 h: Friday 16-17, Monday is a holiday, Tuesday 8-12 and 13-16.
        self.assertEqual(
            self._deadlines(complaint)["acknowledge"].date_deadline,
            datetime(2026, 11, 24, 16, 0),
        )
        policy.closure_clock = "calendar"
        complaint.date_received = FRIDAY_4PM
        self.assertEqual(complaint.date_deadline, datetime(2026, 11, 30, 16, 0))

    def test_policy_clock_is_calendar_or_working(self):
        with self.assertRaisesRegex(ValueError, "Wrong value"):
            self.env["quality.complaint.policy"].create(
                {"name": "Wrong clock", "plan_clock": "lunar"}
            )
        with self.assertRaisesRegex(ValidationError, "positive"):
            self.env["quality.complaint.policy"].create(
                {"name": "No inspection", "inspection_days": 0}
            )
