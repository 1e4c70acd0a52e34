# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import quality_8d_content_mixin
from . import quality_8d_member
from . import quality_8d_containment
from . import quality_8d_cause
from . import quality_8d_prevention
from . import quality_8d_evidence
from . import quality_capa_action
from . import quality_8d_report
from . import quality_complaint
from . import quality_complaint_category
from . import quality_complaint_deadline
from . import quality_complaint_recovery
from . import quality_complaint_customer_profile
from . import quality_complaint_customer_profile_step
from . import res_company
from . import res_config_settings
from . import stock_picking
