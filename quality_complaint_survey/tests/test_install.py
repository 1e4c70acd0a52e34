# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_category_can_name_a_satisfaction_survey(self):
        menu = self.env.ref("quality_complaint_survey.quality_complaint_survey_menu_surveys")
        self.assertEqual(
            menu.parent_id, self.env.ref("quality_complaint.quality_complaint_menu_config")
        )
        survey = self.env["survey.survey"].create({"title": "Complaint satisfaction"})
        category = self.env.ref("quality_complaint.quality_complaint_category_quality")
        category.survey_id = survey
        self.assertEqual(category.survey_id, survey)
