# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_install
from . import test_8d
from . import test_supplier_8d
from . import test_8d_pdf
from . import test_8d_evidence
from . import test_management_review
from . import test_customer_profile_8d
from . import test_containment_chain
from . import test_recurrence_8d
