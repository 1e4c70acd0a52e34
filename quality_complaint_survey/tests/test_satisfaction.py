# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.quality_complaint.tests.common import ComplaintCase
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSatisfaction(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("quality_complaint_survey.survey_complaint_satisfaction")
        cls.team = cls.env.ref("quality_complaint.quality_complaint_team_service")
        cls.team.user_id = cls.manager
        cls.closed = cls.env.ref("quality_complaint.quality_complaint_stage_closed")
        cls.category = cls.env.ref("quality_complaint.quality_complaint_category_service")

    def _closed_complaint(self):
        complaint = self._new_complaint(
            user=self.env.user, category_id=self.category.id, user_id=self.sales_rep.id
        )
        self._close(complaint)
        return complaint

    def _answer(self, answer, choice_index):
        """The customer picks the ``choice_index``-th answer (0 = best) everywhere."""
        for question in self.survey.question_ids.filtered(
            lambda q: q.question_type == "simple_choice"
        ):
            answer._save_lines(question, question.suggested_answer_ids[choice_index].id)
        answer._mark_done()

    def test_closure_sends_a_personal_survey_and_a_callback(self):
        complaint = self._closed_complaint()
        answer = complaint.survey_input_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.partner_id, self.contact)
        self.assertEqual(answer.survey_id, self.survey)
        mail = self.env["mail.mail"].search(
            [("subject", "ilike", complaint.name), ("subject", "ilike", "how did we handle")]
        )
        self.assertIn(answer.access_token, mail.body_html)
        callback = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("quality_complaint_survey.mail_activity_type_callback")
        )
        self.assertEqual(callback.user_id, self.sales_rep)
        self.assertFalse(complaint.callback_done)

    def test_score_maps_to_the_five_level_rating(self):
        for index, rating in ((0, "5"), (1, "4"), (2, "3"), (3, "2"), (4, "1")):
            with self.subTest(index=index):
                complaint = self._closed_complaint()
                self._answer(complaint.survey_input_ids, index)
                self.assertEqual(complaint.survey_input_ids.complaint_rating, rating)
                self.assertEqual(complaint.rating, rating)
                self.assertTrue(complaint.callback_done)

    def test_dissatisfied_answer_reopens_for_reprocessing_and_second_closure_asks_again(self):
        complaint = self._closed_complaint()
        self._answer(complaint.survey_input_ids, 3)  # dissatisfied: rating 2
        self.assertEqual(
            complaint.stage_id,
            self.env.ref("quality_complaint_survey.quality_complaint_stage_reprocessing"),
        )
        self.assertFalse(complaint.is_closed)
        self.assertEqual(complaint.reprocess_count, 1)
        todo = complaint.activity_ids.filtered(lambda a: "handle" in (a.summary or ""))
        self.assertEqual(todo.user_id, self.sales_rep)
        notice = complaint.message_ids.filtered(lambda m: "re-opened" in (m.body or ""))
        self.assertIn(self.manager.partner_id, notice.partner_ids)
        complaint.stage_id = self.closed
        self.assertEqual(len(complaint.survey_input_ids), 2)

    def test_a_reopened_claim_needs_the_customer_to_accept_again(self):
        complaint = self._new_complaint(
            user=self.env.user,
            category_id=self.category.id,
            user_id=self.sales_rep.id,
            kind="claim",
        )
        self._close(complaint)
        self.assertEqual(complaint.customer_confirmation, "accepted")
        self._answer(complaint.survey_input_ids, 3)  # dissatisfied: re-opened
        self.assertFalse(complaint.customer_confirmation)
        with self.assertRaisesRegex(UserError, "has not accepted"):
            complaint.stage_id = self.closed
        self.assertFalse(complaint.is_closed)

    def test_satisfied_answer_keeps_the_complaint_closed(self):
        complaint = self._closed_complaint()
        self._answer(complaint.survey_input_ids, 1)
        self.assertTrue(complaint.is_closed)

    def test_callback_activity_done_counts(self):
        complaint = self._closed_complaint()
        complaint.activity_ids.action_feedback(feedback="Customer happy")
        self.assertTrue(complaint.callback_done)

    def test_kpis_satisfaction_callback_and_average(self):
        satisfied = self._closed_complaint()
        self._answer(satisfied.survey_input_ids, 0)  # rating 5
        unhappy = self._closed_complaint()
        self._answer(unhappy.survey_input_ids, 4)  # rating 1, re-opened
        neutral = self._closed_complaint()
        self._answer(neutral.survey_input_ids, 2)  # rating 3
        silent = self._closed_complaint()
        kpis = self.env["quality.complaint.dashboard"].get_dashboard_data()["kpis"]
        # 1 satisfied answer out of 3.
        self.assertEqual(kpis["satisfaction_rate"], 33.3)
        self.assertEqual(kpis["average_rating"], 3.0)  # (5 + 1 + 3) / 3
        # Closed now: satisfied, neutral, silent (unhappy was re-opened); 2 called back.
        self.assertEqual(kpis["callback_rate"], 66.7)
        silent.activity_ids.action_feedback()
        kpis = self.env["quality.complaint.dashboard"].get_dashboard_data()["kpis"]
        self.assertEqual(kpis["callback_rate"], 100.0)
        # Counted per closing day by the scheduled action; a closure after it counts at once.
        self.env["quality.complaint.summary"]._cron_refresh()
        self.assertFalse(self.env["quality.complaint.daily"]._changed_keys())
        kpis = self.env["quality.complaint.dashboard"].get_dashboard_data()["kpis"]
        self.assertEqual(kpis["callback_rate"], 100.0)
        self._closed_complaint()
        kpis = self.env["quality.complaint.dashboard"].get_dashboard_data()["kpis"]
        self.assertEqual(kpis["callback_rate"], 75.0)

    def test_a_reprocessed_complaint_is_not_resolved_at_first_contact(self):
        self._closed_complaint()
        reprocessed = self._closed_complaint()
        self._answer(reprocessed.survey_input_ids, 4)  # rating 1, re-opened
        reprocessed.stage_id = self.closed
        self.assertEqual(reprocessed.reprocess_count, 1)
        Dashboard = self.env["quality.complaint.dashboard"].with_user(self.sales_rep)
        data = Dashboard.get_dashboard_data()
        self.assertEqual(data["kpis"]["closed_count"], 2)
        self.assertEqual(data["kpis"]["first_contact_resolution_count"], 1)
        self.assertEqual(data["kpis"]["first_contact_resolution_rate"], 50.0)
        self.assertEqual(
            data["targets"]["first_contact_resolution_rate"],
            {"value": 90.0, "kind": "min", "met": False},
        )
        # The summary counts it the same way.
        self.env["quality.complaint.summary"]._cron_refresh()
        kpis = self.env["quality.complaint.dashboard"].with_user(self.manager)
        kpis = kpis.get_dashboard_data()["kpis"]
        self.assertEqual(kpis["first_contact_resolution_rate"], 50.0)

    def test_satisfaction_targets_come_from_the_core_settings(self):
        satisfied = self._closed_complaint()
        self._answer(satisfied.survey_input_ids, 0)  # rating 5, called back
        Dashboard = self.env["quality.complaint.dashboard"].with_user(self.sales_rep)
        targets = Dashboard.get_dashboard_data()["targets"]
        self.assertEqual(targets["satisfaction_rate"], {"value": 95.0, "kind": "min", "met": True})
        self.assertEqual(targets["callback_rate"], {"value": 100.0, "kind": "min", "met": True})
        self.assertEqual(targets["campaign_satisfaction_rate"]["value"], 95.0)
        self.company.complaint_target_callback = 100.5
        targets = Dashboard.get_dashboard_data()["targets"]
        self.assertFalse(targets["callback_rate"]["met"])

    def test_campaign_sends_the_questionnaire_once_per_customer(self):
        self.customer.write({"is_key_account": True})
        campaign = self.env["quality.complaint.survey.campaign"].create({"name": "2026"})
        self.assertEqual(
            campaign.survey_id,
            self.env.ref("quality_complaint_survey.survey_periodic_satisfaction"),
        )
        campaign.action_add_key_accounts()
        self.assertIn(self.customer, campaign.partner_ids)
        campaign.action_send()
        campaign.action_send()
        self.assertEqual(campaign.sent_count, len(campaign.partner_ids.filtered("email")))
        answer = campaign.answer_ids.filtered(lambda a: a.partner_id == self.customer)
        answer._mark_done()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.answered_count, 1)

    def test_a_customer_cannot_read_another_customer_answers(self):
        complaint = self._closed_complaint()
        portal = new_test_user(self.env, "qc_survey_portal", groups="base.group_portal")
        portal.partner_id.parent_id = self.other_customer
        with self.assertRaises(AccessError):
            complaint.survey_input_ids.with_user(portal).read(["scoring_percentage"])
