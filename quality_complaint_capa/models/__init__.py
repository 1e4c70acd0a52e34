# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import quality_8d_lines
from . import quality_capa_action
from . import quality_8d_report
from . import quality_complaint
from . import quality_complaint_dashboard
from . import quality_complaint_deadline
from . import quality_complaint_recovery
