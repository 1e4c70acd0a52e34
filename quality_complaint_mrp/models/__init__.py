# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import mrp_bom
from . import sale_order_line
from . import quality_complaint_line
from . import quality_complaint
