# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import quality_complaint_remedy_wizard
from . import quality_complaint_return_wizard
from . import quality_complaint_replacement_wizard
from . import quality_complaint_refund_wizard
from . import quality_complaint_compensation_wizard
from . import quality_complaint_recovery_wizard
from . import quality_complaint_close_wizard
from . import quality_complaint_confirmation_wizard
from . import quality_complaint_inspection_wizard
from . import quality_complaint_record_wizard
from . import quality_complaint_review_wizard
from . import account_move_reversal
