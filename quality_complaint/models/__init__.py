# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import quality_complaint_source_mixin
from . import quality_complaint_stage
from . import quality_complaint_team
from . import quality_complaint_category
from . import quality_complaint_tag
from . import quality_complaint_defect
from . import quality_complaint
from . import quality_complaint_line
from . import sale_order
from . import stock_picking
from . import stock_scrap
from . import account_move
from . import res_company
from . import res_config_settings
from . import quality_complaint_compensation
from . import res_partner
from . import quality_complaint_policy
from . import quality_complaint_deadline
from . import quality_complaint_lesson
from . import product_product
from . import quality_complaint_liability
from . import quality_complaint_recovery
from . import quality_complaint_external_review
from . import quality_complaint_feedback
from . import quality_complaint_cost_line
from . import base_automation
