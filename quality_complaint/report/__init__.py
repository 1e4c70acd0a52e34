# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import quality_complaint_cost_report
from . import quality_complaint_summary
from . import quality_complaint_daily
from . import quality_complaint_customer_total
from . import quality_complaint_dashboard
from . import quality_complaint_management_review
from . import report_management_review
