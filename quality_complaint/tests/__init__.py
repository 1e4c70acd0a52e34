# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_install
from . import test_complaint
from . import test_closure
from . import test_remedies
from . import test_clock
from . import test_security
from . import test_portal
from . import test_mail
from . import test_reporting
from . import test_pdf_chinese
from . import test_dashboard
from . import test_form_access
from . import test_properties
from . import test_currency
from . import test_mail_gateway
from . import test_rpc
from . import test_json2
from . import test_chargeback
from . import test_tour
from . import test_confirmation
from . import test_inspection
from . import test_defects
from . import test_feedback
from . import test_management_review
from . import test_targets
from . import test_cost
