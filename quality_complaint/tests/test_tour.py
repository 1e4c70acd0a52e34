# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestComplaintTour(HttpCase):
    def test_open_complaints_app_from_main_menu(self):
        partner = self.env["res.partner"].create({"name": "Tour Customer"})
        self.env["quality.complaint"].create(
            {"subject": "Tour complaint: wrong colour", "partner_id": partner.id}
        )
        self.start_tour("/odoo", "quality_complaint_open_app", login="admin")
