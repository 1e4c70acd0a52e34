# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestFormAccess(ComplaintCase):
    def _read_form(self, user, complaint):
        """What the web client reads to show the complaint form, as ``user``."""
        Complaint = self.env["quality.complaint"].with_user(user)
        views = Complaint.get_views([(False, "form")])
        names = views["models"]["quality.complaint"]["fields"]
        spec = {name: {} for name in names if name in Complaint._fields}
        for name in spec:
            field = Complaint._fields[name]
            if field.type in ("many2one", "many2many", "one2many"):
                spec[name] = {"fields": {"display_name": {}}}
        return complaint.with_user(user).web_read(spec)

    def test_quality_staff_without_sales_rights_open_the_complaint_form(self):
        quality = new_test_user(
            self.env,
            "qc_quality_only",
            groups="base.group_user,quality_complaint.quality_complaint_group_manager",
        )
        complaint = self._new_complaint(user=self.env.user)
        values = self._read_form(quality, complaint)[0]
        self.assertEqual(values["name"], complaint.name)

    def test_sales_rep_opens_a_colleague_order_complaint(self):
        colleague = new_test_user(
            self.env,
            "qc_colleague_rep",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "quality_complaint.quality_complaint_group_user",
        )
        complaint = self._new_complaint(user=self.env.user, receiver_id=colleague.id)
        values = self._read_form(colleague, complaint)[0]
        self.assertEqual(values["name"], complaint.name)
