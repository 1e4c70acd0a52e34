# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import USER_GROUPS, ComplaintCase

ACK_SUBJECT = "we received your complaint"


@tagged("post_install", "-at_install")
class TestMajorApproval(ComplaintCase):
    """SPEC §7 "Major complaints": the reply to a major complaint (acknowledgement, action
    plan) reaches the customer only once top management approved it; the approver and the
    date print on the complaint report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.top = new_test_user(
            cls.env,
            "qc_top",
            groups=USER_GROUPS + ",quality_complaint.quality_complaint_group_top_management",
            name="General Manager Liu",
        )
        cls.acknowledged = cls.env.ref("quality_complaint.quality_complaint_stage_acknowledged")
        cls.action_stage = cls.env.ref("quality_complaint.quality_complaint_stage_remedy")

    def _commit(self):
        """What the end of a request does: tracking, hence the stage templates."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _major(self, **vals):
        complaint = self._new_complaint(severity="major", **vals).with_env(self.env)
        self._commit()
        return complaint

    def _reach(self, complaint, stage):
        complaint.with_user(self.sales_rep).stage_id = stage
        self._commit()

    def _sent(self, complaint, subject=ACK_SUBJECT):
        return complaint.message_ids.filtered(
            lambda m: m.subject and subject in m.subject and m.message_type != "notification"
        )

    def test_major_reply_waits_for_top_management_then_is_sent(self):
        complaint = self._major()
        self._reach(complaint, self.acknowledged)
        self.assertFalse(self._sent(complaint))
        self.assertEqual(complaint.reply_approval_state, "to_approve")
        self.assertEqual(complaint.reply_template_ids, self.acknowledged.mail_template_id)
        approval = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("quality_complaint.mail_activity_type_reply_approval")
        )
        self.assertIn(self.top, approval.user_id)
        self.assertNotIn(self.manager, approval.user_id)

        complaint.with_user(self.top).action_approve_reply()
        self._commit()
        sent = self._sent(complaint)
        self.assertEqual(len(sent), 1)
        self.assertIn(self.contact, sent.partner_ids)
        self.assertEqual(complaint.reply_approval_state, "approved")
        self.assertEqual(complaint.reply_approver_id, self.top)
        self.assertTrue(complaint.reply_approval_date)
        self.assertFalse(complaint.reply_template_ids)
        self.assertFalse(complaint.activity_ids & approval)

    def test_general_complaint_reply_is_sent_at_once(self):
        complaint = self._new_complaint().with_env(self.env)
        self._commit()
        self._reach(complaint, self.acknowledged)
        self.assertEqual(len(self._sent(complaint)), 1)
        self.assertFalse(complaint.reply_approval_state)

    def test_action_plan_of_a_major_complaint_is_approved_too(self):
        complaint = self._major()
        self._reach(complaint, self.acknowledged)
        complaint.with_user(self.top).action_approve_reply()
        self._reach(complaint, self.action_stage)
        plan = self.action_stage.mail_template_id
        self.assertEqual(complaint.reply_approval_state, "to_approve")
        self.assertEqual(complaint.reply_template_ids, plan)
        before = len(complaint.message_ids)
        complaint.with_user(self.top).action_approve_reply()
        self._commit()
        self.assertEqual(len(complaint.message_ids) - before, 2)  # the plan and the tracking
        self.assertEqual(complaint.reply_approval_state, "approved")

    def test_only_top_management_approves_or_returns_the_reply(self):
        complaint = self._major()
        self._reach(complaint, self.acknowledged)
        for user in (self.sales_rep, self.manager, self.finance):
            with self.assertRaisesRegex(AccessError, "Only top management"):
                complaint.with_user(user).action_approve_reply()
            with self.assertRaisesRegex(AccessError, "Only top management"):
                complaint.with_user(user).action_return_reply("Rewrite it")
        self._commit()
        self.assertEqual(complaint.reply_approval_state, "to_approve")
        self.assertFalse(complaint.reply_approver_id)
        self.assertFalse(self._sent(complaint))

    def test_returned_reply_goes_back_to_the_handler_with_the_reason(self):
        complaint = self._major(user_id=self.manager.id)
        self._reach(complaint, self.acknowledged)
        with self.assertRaisesRegex(UserError, "Write why the reply goes back"):
            complaint.with_user(self.top).action_return_reply("  ")
        self.assertEqual(complaint.reply_approval_state, "to_approve")
        complaint.with_user(self.top).action_return_reply("Say when the samples arrive.")
        self._commit()
        self.assertEqual(complaint.reply_approval_state, "returned")
        self.assertEqual(complaint.reply_return_reason, "Say when the samples arrive.")
        todo = complaint.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertIn("Say when the samples arrive.", todo.note)
        self.assertFalse(self._sent(complaint))
        with self.assertRaisesRegex(UserError, "not waiting for approval"):
            complaint.with_user(self.top).action_approve_reply()
        complaint.with_user(self.manager).action_submit_reply()
        self.assertEqual(complaint.reply_approval_state, "to_approve")
        complaint.with_user(self.top).action_approve_reply()
        self._commit()
        self.assertEqual(len(self._sent(complaint)), 1)

    def test_approving_twice_sends_the_reply_once(self):
        complaint = self._major()
        self._reach(complaint, self.acknowledged)
        complaint.with_user(self.top).action_approve_reply()
        with self.assertRaisesRegex(UserError, "not waiting for approval"):
            complaint.with_user(self.top).action_approve_reply()
        self._commit()
        self.assertEqual(len(self._sent(complaint)), 1)

    def test_top_management_is_a_role_of_its_own(self):
        group = self.env.ref("quality_complaint.quality_complaint_group_top_management")
        self.assertIn(
            self.env.ref("quality_complaint.quality_complaint_group_user"), group.implied_ids
        )
        self.assertFalse(self.manager.has_group(group.get_external_id()[group.id]))
        self.assertTrue(self.top.has_group("quality_complaint.quality_complaint_group_user"))

    def test_report_prints_the_approver_and_the_date(self):
        complaint = self._major()
        self._reach(complaint, self.acknowledged)
        complaint.with_user(self.top).action_approve_reply()
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "quality_complaint.action_report_quality_complaint", complaint.ids
        )
        self.assertIn("General Manager Liu", html.decode())
        self.assertIn("o_reply_approval", html.decode())
