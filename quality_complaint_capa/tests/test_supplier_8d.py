# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.quality_complaint.tests.common import ChargebackCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSupplier8d(ChargebackCase):
    def test_supplier_charge_back_requests_an_8d_from_the_supplier(self):
        complaint = self._split_60_40()
        recovery, _wizard = self._recover(complaint)
        report = recovery.eightd_id
        self.assertEqual(report.supplier_id, self.supplier)
        self.assertEqual(report.complaint_ids, complaint)
        self.assertIn("Dongguan Capacitor Works", report.title)
        self.assertIn("LOT-DCW-2407", report.problem_how_many)
        self.assertEqual(report.leader_id, complaint.user_id)
        # The e-mail to the supplier's contact goes out as well.
        self.assertTrue(
            recovery.message_ids.filtered(lambda m: self.supplier_contact in m.partner_ids)
        )
        # Asking again does not start a second 8D.
        recovery._request_corrective_action()
        self.assertEqual(
            self.env["quality.8d.report"].search_count([("supplier_id", "=", self.supplier.id)]),
            1,
        )
