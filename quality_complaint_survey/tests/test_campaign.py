# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.addons.quality_complaint.tests.common import ComplaintCase
from odoo.exceptions import AccessError
from odoo.tests import tagged

CNAS_ITEMS = [
    "Service attitude",
    "Response time",
    "Technical competence",
    "Technical service / explanation of results",
    "Overall handling time",
    "Quality of the answer or report",
    "Speed of complaint handling",
    "Calibration / service level",
    "Price",
]
LEVELS = ["satisfied", "basic", "dissatisfied"]


@tagged("post_install", "-at_install")
class TestCampaign(ComplaintCase):
    """The CNAS periodic questionnaire and the satisfaction rate of a campaign: two customers
    answer, one satisfied everywhere, one basically satisfied on the first five items and
    dissatisfied on the last four; a third never answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("quality_complaint_survey.survey_periodic_satisfaction")
        cls.items = cls.survey.question_ids.filtered(lambda q: q.question_type == "simple_choice")
        cls.suggestion_question = cls.env.ref(
            "quality_complaint_survey.survey_periodic_q_suggestion"
        )
        cls.env.company.complaint_basic_counts_satisfied = True
        cls.third = cls.env["res.partner"].create(
            {"name": "Silent Customer Ltd", "email": "silent@example.com"}
        )
        cls.campaign = cls._campaign("2026", fields.Date.today())
        happy = cls._invite(cls.campaign, cls.customer)
        cls._respond(happy, ["satisfied"] * 9, suggestion="Faster calibration certificates")
        mixed = cls._invite(cls.campaign, cls.other_customer)
        cls._respond(mixed, ["basic"] * 5 + ["dissatisfied"] * 4)
        cls._invite(cls.campaign, cls.third)

    @classmethod
    def _campaign(cls, name, date):
        return cls.env["quality.complaint.survey.campaign"].create(
            {"name": name, "date": date, "survey_id": cls.survey.id}
        )

    @classmethod
    def _invite(cls, campaign, partner):
        return cls.survey._create_answer(
            partner=partner, check_attempts=False, campaign_id=campaign.id
        )

    @classmethod
    def _respond(cls, answer, levels, suggestion=None):
        """The customer gives ``levels[i]`` to the i-th item, then returns the questionnaire."""
        for question, level in zip(cls.items, levels, strict=True):
            choice = question.suggested_answer_ids.filtered(
                lambda a, lv=level: a.complaint_level == lv
            )
            answer._save_lines(question, choice.id)
        if suggestion:
            answer._save_lines(cls.suggestion_question, suggestion)
        answer._mark_done()

    def _item(self, campaign, xmlid):
        question = self.env.ref(f"quality_complaint_survey.{xmlid}")
        return campaign.item_ids.filtered(lambda i: i.question_id == question)

    def test_questionnaire_has_the_nine_cnas_items_with_three_levels_and_suggestions(self):
        self.assertEqual(self.items.mapped("title"), CNAS_ITEMS)
        for question in self.items:
            with self.subTest(item=question.title):
                self.assertTrue(question.constr_mandatory)
                self.assertEqual(question.suggested_answer_ids.mapped("complaint_level"), LEVELS)
                self.assertEqual(
                    question.suggested_answer_ids.mapped("value"),
                    ["Satisfied", "Basically satisfied", "Dissatisfied"],
                )
        self.assertEqual(self.suggestion_question.survey_id, self.survey)
        self.assertEqual(self.suggestion_question.question_type, "text_box")

    def test_post_closure_survey_keeps_its_five_level_rating(self):
        survey = self.env.ref("quality_complaint_survey.survey_complaint_satisfaction")
        for question in survey.question_ids.filtered(lambda q: q.question_type == "simple_choice"):
            self.assertEqual(len(question.suggested_answer_ids), 5)
            self.assertFalse(any(question.suggested_answer_ids.mapped("complaint_level")))

    def test_upgrade_fills_the_missing_levels_of_the_shipped_answers(self):
        answers = self.items.suggested_answer_ids
        edited = self.env.ref("quality_complaint_survey.survey_periodic_q_price_a2")
        answers.complaint_level = False
        edited.complaint_level = "dissatisfied"  # a user's choice is kept
        self.env["survey.question.answer"]._complaint_fill_shipped_levels()
        for question in self.items - edited.question_id:
            self.assertEqual(question.suggested_answer_ids.mapped("complaint_level"), LEVELS)
        self.assertEqual(
            edited.question_id.suggested_answer_ids.mapped("complaint_level"),
            ["satisfied", "dissatisfied", "dissatisfied"],
        )

    def test_basically_satisfied_counts_as_satisfied_by_default(self):
        self.assertTrue(
            self.env["res.company"].create({"name": "New Co"}).complaint_basic_counts_satisfied
        )
        campaign = self.campaign
        self.assertEqual(campaign.item_answer_count, 18)
        self.assertEqual(
            (campaign.satisfied_count, campaign.basic_count, campaign.dissatisfied_count),
            (9, 5, 4),
        )
        self.assertEqual(campaign.satisfaction_rate, 77.8)  # (9 + 5) / 18

    def test_only_satisfied_counts_when_the_setting_is_off(self):
        settings = self.env["res.config.settings"].create({})
        settings.complaint_basic_counts_satisfied = False
        settings.execute()
        self.assertFalse(self.env.company.complaint_basic_counts_satisfied)
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.satisfaction_rate, 50.0)  # 9 / 18

    def test_rate_per_item(self):
        attitude = self._item(self.campaign, "survey_periodic_q_attitude")
        price = self._item(self.campaign, "survey_periodic_q_price")
        self.assertEqual(len(self.campaign.item_ids), 9)
        self.assertEqual(self.campaign.item_ids.question_id, self.items)
        self.assertEqual(
            (attitude.answer_count, attitude.satisfied_count, attitude.basic_count),
            (2, 1, 1),
        )
        self.assertEqual(attitude.satisfaction_rate, 100.0)
        self.assertEqual((price.answer_count, price.dissatisfied_count), (2, 1))
        self.assertEqual(price.satisfaction_rate, 50.0)
        self.env.company.complaint_basic_counts_satisfied = False
        self.assertEqual(attitude.satisfaction_rate, 50.0)

    def test_response_rate_counts_returned_questionnaires(self):
        self.assertEqual((self.campaign.sent_count, self.campaign.answered_count), (3, 2))
        self.assertEqual(self.campaign.response_rate, 66.7)

    def test_campaign_without_answers_has_no_rate(self):
        campaign = self._campaign("Nobody answered", fields.Date.today())
        unfinished = self._invite(campaign, self.customer)
        unfinished._save_lines(self.items[0], self.items[0].suggested_answer_ids[0].id)
        self.assertEqual(campaign.item_answer_count, 0)
        self.assertEqual(campaign.satisfaction_rate, 0.0)  # shown as a dash
        self.assertFalse(campaign.item_ids)
        self.assertFalse(campaign.suggestion_ids)

    def test_suggestions_are_listed_on_the_campaign(self):
        suggestion = self.campaign.suggestion_ids
        self.assertEqual(len(suggestion), 1)
        self.assertEqual(suggestion.partner_id, self.customer)
        self.assertEqual(suggestion.suggestion, "Faster calibration certificates")
        self.assertEqual(suggestion.question_id, self.suggestion_question)

    def test_dashboard_shows_the_campaign_rate_of_the_last_twelve_months(self):
        old = self._campaign("Two years ago", fields.Date.today() - relativedelta(years=2))
        self._respond(self._invite(old, self.customer), ["dissatisfied"] * 9)
        Dashboard = self.env["quality.complaint.dashboard"]
        self.assertEqual(Dashboard.get_dashboard_data()["kpis"]["campaign_satisfaction_rate"], 77.8)
        self.env.company.complaint_basic_counts_satisfied = False
        self.assertEqual(Dashboard.get_dashboard_data()["kpis"]["campaign_satisfaction_rate"], 50.0)
        # Up to yesterday: today's campaign is after, the old one more than a year before.
        yesterday = fields.Date.today() - relativedelta(days=1)
        kpis = Dashboard.get_dashboard_data(date_to=yesterday)["kpis"]
        self.assertIsNone(kpis["campaign_satisfaction_rate"])
        kpis = Dashboard.get_dashboard_data(date_to=fields.Date.today() - relativedelta(years=2))[
            "kpis"
        ]
        self.assertEqual(kpis["campaign_satisfaction_rate"], 0.0)

    def test_complaint_user_reads_the_results_without_survey_rights(self):
        self.assertFalse(self.sales_rep.has_group("survey.group_survey_user"))
        campaign = self.campaign.with_user(self.sales_rep)
        [values] = campaign.web_read(
            {
                "satisfaction_rate": {},
                "response_rate": {},
                "item_ids": {
                    "fields": {
                        "question_id": {"fields": {"display_name": {}}},
                        "satisfaction_rate": {},
                    }
                },
                "suggestion_ids": {
                    "fields": {"partner_id": {"fields": {"display_name": {}}}, "suggestion": {}}
                },
            }
        )
        self.assertEqual(values["satisfaction_rate"], 77.8)
        self.assertEqual(values["response_rate"], 66.7)
        self.assertEqual(len(values["item_ids"]), 9)
        self.assertEqual(values["item_ids"][0]["question_id"]["display_name"], "Service attitude")
        self.assertEqual(
            values["suggestion_ids"][0]["suggestion"], "Faster calibration certificates"
        )
        kpis = (
            self.env["quality.complaint.dashboard"].with_user(self.sales_rep).get_dashboard_data()
        )["kpis"]
        self.assertEqual(kpis["campaign_satisfaction_rate"], 77.8)
        with self.assertRaises(AccessError):
            campaign.write({"name": "Renamed"})
        self.assertEqual(self.campaign.name, "2026")
