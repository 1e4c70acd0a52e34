# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestScreens(ComplaintCase):
    """The kanban's columns and progress bars and the list, as the web client reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["quality.complaint.stage"]
        # Created in this order, shown in the other: the id order is not the stages' order.
        cls.stage_late = Stage.create({"name": "Sorting", "milestone": "new", "sequence": 3})
        cls.stage_early = Stage.create({"name": "Triage", "milestone": "new", "sequence": 2})

    def _complaints_in(self, stage, severities):
        complaints = self.env["quality.complaint"]
        for severity in severities:
            complaints |= self._new_complaint(severity=severity)
        complaints.write({"stage_id": stage.id})
        return complaints

    def test_groups_by_stage_come_in_the_stages_order(self):
        complaints = self._complaints_in(self.stage_late, ["major", "minor"])
        complaints |= self._complaints_in(self.stage_early, ["major"])
        Complaint = self.env["quality.complaint"]
        domain = [("id", "in", complaints.ids)]

        groups = Complaint.formatted_read_group(domain, ["stage_id"], ["__count"])
        self.assertEqual(
            [(group["stage_id"][0], group["__count"]) for group in groups],
            [(self.stage_early.id, 1), (self.stage_late.id, 2)],
        )
        # The kanban: every column of the shared stages, empty ones too, in their order.
        groups = Complaint.with_context(read_group_expand=True).web_read_group(
            domain, ["stage_id"], ["__count"]
        )["groups"]
        stage_ids = [group["stage_id"][0] for group in groups]
        self.assertEqual(stage_ids, self.env["quality.complaint.stage"].search([]).ids)
        self.assertLess(stage_ids.index(self.stage_early.id), stage_ids.index(self.stage_late.id))
        counts = {group["stage_id"][0]: group["__count"] for group in groups}
        self.assertEqual(counts[self.stage_late.id], 2)
        self.assertEqual(sum(counts.values()), 3)
        # The progress bars: each column's count by severity.
        colors = {"major": "danger", "minor": "info"}
        bars = Complaint.read_progress_bar(
            domain, "stage_id", {"field": "severity", "colors": colors}
        )
        self.assertEqual(bars[str(self.stage_late.id)], {"major": 1, "minor": 1})
        self.assertEqual(bars[str(self.stage_early.id)], {"major": 1, "minor": 0})
        # Grouped by stage and severity: stages in order, then severities.
        rows = Complaint._read_group(
            domain, ["stage_id", "severity"], ["__count"], order="stage_id, severity"
        )
        self.assertEqual(
            [(stage.id, severity, count) for stage, severity, count in rows],
            [
                (self.stage_early.id, "major", 1),
                (self.stage_late.id, "major", 1),
                (self.stage_late.id, "minor", 1),
            ],
        )

    def test_other_orders_and_pages_of_stage_groups_are_odoo_s(self):
        complaints = self._complaints_in(self.stage_late, ["major", "minor"])
        complaints |= self._complaints_in(self.stage_early, ["major"])
        Complaint = self.env["quality.complaint"]
        domain = [("id", "in", complaints.ids)]
        rows = Complaint._read_group(domain, ["stage_id"], ["__count"], order="stage_id desc")
        self.assertEqual([stage for stage, _count in rows], [self.stage_late, self.stage_early])
        rows = Complaint._read_group(domain, ["stage_id"], ["__count"], order="__count desc")
        self.assertEqual([stage for stage, _count in rows], [self.stage_late, self.stage_early])
        rows = Complaint._read_group(domain, ["stage_id"], ["__count"], order="stage_id", limit=1)
        self.assertEqual([stage for stage, _count in rows], [self.stage_early])

    def test_list_reads_the_company_with_the_rows(self):
        """The company rule checks every row read: the list asks for the company with the
        rows, for users of one company too, so that the rows are not read twice."""
        arch = self.env["quality.complaint"].get_view(
            self.env.ref("quality_complaint.quality_complaint_view_list").id, "list"
        )["arch"]
        fields = etree.fromstring(arch).xpath("//field[@name='company_id']")
        self.assertTrue(any(field.get("column_invisible") for field in fields))
