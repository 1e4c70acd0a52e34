# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import survey_user_input
from . import quality_complaint
from . import quality_complaint_survey_campaign
