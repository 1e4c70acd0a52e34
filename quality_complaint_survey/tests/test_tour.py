# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSurveyTour(HttpCase):
    def test_customer_answers_from_the_link_and_the_rating_shows(self):
        partner = self.env["res.partner"].create(
            {"name": "Survey Tour Customer", "email": "survey.tour@example.com"}
        )
        complaint = self.env["quality.complaint"].create(
            {
                "subject": "Scratched lenses",
                "partner_id": partner.id,
                "category_id": self.env.ref(
                    "quality_complaint.quality_complaint_category_service"
                ).id,
            }
        )
        complaint.write({"responsibility": "company", "responsible_department": "sales"})
        complaint.action_decide_responsibility()
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        answer = complaint.survey_input_ids
        self.assertEqual(len(answer), 1)
        self.start_tour(answer.get_start_url(), "quality_complaint_survey_answer")
        self.assertEqual(answer.state, "done")
        self.assertEqual(complaint.rating, "4")  # satisfied everywhere: 75 %
        self.assertTrue(complaint.callback_done)
        self.assertTrue(complaint.is_closed)
        # The customer sees the rating on its portal page.
        portal = new_test_user(self.env, "qc_survey_tour_portal", groups="base.group_portal")
        portal.partner_id.parent_id = partner
        self.authenticate("qc_survey_tour_portal", "qc_survey_tour_portal")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertIn("o_complaint_rating", page.text)
        self.assertIn("Satisfied", page.text)
