# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import survey_question_answer
from . import survey_user_input
from . import quality_complaint
from . import quality_complaint_category
from . import quality_complaint_survey_campaign
from . import mail_activity
from . import res_company
from . import res_config_settings
