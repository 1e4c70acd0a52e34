# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo.addons.quality_complaint.tests.common import USER_GROUPS, ComplaintCase
from odoo.fields import Command
from odoo.tests import new_test_user


class EightDCase(ComplaintCase):
    """Company-responsible quality complaints of the customer, their 8Ds, and the
    management representative who approves 8Ds (``approver``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.approver = new_test_user(
            cls.env,
            "qc_8d_approver",
            groups=USER_GROUPS + ",quality_complaint_capa.group_8d_approver",
            name="Management Rep Liu",
        )
        cls.quality = cls.env.ref("quality_complaint.quality_complaint_category_quality")

    def _complaint(self, **vals):
        return self._new_complaint(
            user=self.env.user,
            category_id=self.quality.id,
            responsibility="company",
            responsible_department="production",
            **vals,
        )

    def _coded(self, complaint, xmlid="quality_complaint_defect_cosmetic"):
        """``complaint`` with every line given the defect code ``xmlid``."""
        complaint.line_ids.defect_id = self.env.ref(f"quality_complaint.{xmlid}")
        return complaint

    def _start_8d(self, complaint):
        return self.env["quality.8d.report"].browse(complaint.action_start_8d()["res_id"])

    def _fill_to_d5(self, report):
        """D1 to D5 content, as the responsible department writes it."""
        report.write(
            {
                "problem_what": "Drivers flicker",
                "containment_ids": [
                    Command.create(
                        {
                            "description": "Sort stock",
                            "quantity_checked": 40,
                            "quantity_defective": 3,
                        }
                    )
                ],
                "cause_ids": [
                    Command.create(
                        {
                            "cause_type": "occurrence",
                            "category": "material",
                            "description": "Capacitor from a new supplier lot",
                            "why_1": "Ripple too high",
                            "why_2": "Capacitor ESR out of spec",
                        }
                    )
                ],
                "action_ids": [
                    Command.create(
                        {
                            "name": "Incoming inspection of ESR",
                            "action_type": "corrective",
                            "user_id": self.manager.id,
                        }
                    )
                ],
            }
        )
        report.discipline = "d5"

    def _fill_to_d7(self, report):
        """D5 approved, the corrective action verified effective (D6) and the prevention
        recorded: the 8D stands at D7, its documents still to attach."""
        self._fill_to_d5(report)
        report.action_submit()
        report.action_accept()
        report.with_user(self.approver).action_approve()
        report.discipline = "d6"
        report.action_ids.action_done()
        report.action_ids.action_check_effectiveness("effective")
        report.discipline = "d7"
        report.prevention_ids = [
            Command.create({"item_type": "fmea", "description": "Add ESR failure mode"})
        ]

    def _attach(self, report, *kinds):
        """The updated documents of ``kinds``, uploaded on the 8D as the D7 tab does."""
        return report.env["quality.8d.evidence"].create(
            [
                {
                    "report_id": report.id,
                    "document_type": kind,
                    "datas": base64.b64encode(f"{kind} rev. B".encode()),
                    "file_name": f"{kind}-rev-B.pdf",
                    "revision": f"{kind.upper()}-DRV-40 rev. B",
                }
                for kind in kinds
            ]
        )

    def _on_day(self, day, days=0):
        """Freeze the clock at noon of ``day`` (+ ``days``), the same day in any time zone."""
        return freeze_time(datetime.combine(day + timedelta(days=days), time(12)))
