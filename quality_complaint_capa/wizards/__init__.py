# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import quality_8d_reject_wizard
from . import quality_8d_close_early_wizard
