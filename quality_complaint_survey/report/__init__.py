# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import quality_complaint_daily
from . import quality_complaint_dashboard
from . import quality_complaint_survey_campaign_item
from . import quality_complaint_survey_campaign_suggestion
from . import quality_complaint_summary
