# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


class DefectCase(ComplaintCase):
    """Defect codes, one of them only for the products of a lighting category."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scratch = cls.env.ref("quality_complaint.quality_complaint_defect_cosmetic")
        cls.electrical = cls.env.ref("quality_complaint.quality_complaint_defect_electrical")
        cls.lighting = cls.env["product.category"].create({"name": "Lighting"})
        cls.drivers = cls.env["product.category"].create(
            {"name": "Drivers", "parent_id": cls.lighting.id}
        )
        cls.product_lot.categ_id = cls.drivers
        cls.flicker = cls.env["quality.complaint.defect"].create(
            {
                "code": "L01",
                "name": "Flicker",
                "product_category_ids": [Command.set(cls.lighting.ids)],
                "cause_category": "material",
            }
        )

    @classmethod
    def _complaint(cls, received, partner=None, product=None, defect=None):
        """A complaint of ``partner`` (the customer) received on ``received`` about one
        ``product`` (the lamp housing) with ``defect`` (a scratch)."""
        return cls.env["quality.complaint"].create(
            {
                "subject": "Defect",
                "partner_id": (partner or cls.contact).id,
                "date_received": received,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": (product or cls.product_plain).id,
                            "quantity": 1,
                            "defect_id": (defect or cls.scratch).id,
                        }
                    )
                ],
            }
        )


@tagged("post_install", "-at_install")
class TestDefectCodes(DefectCase):
    def test_default_codes_are_shipped_with_a_6m_hint(self):
        codes = self.env["quality.complaint.defect"].search([])
        self.assertGreaterEqual(len(codes), 13)
        self.assertEqual(self.electrical.cause_category, "material")
        self.assertEqual(self.scratch.display_name, "D02 Cosmetic defect / scratch")
        found = self.env["quality.complaint.defect"].name_search("D04")
        self.assertIn(self.electrical.id, [defect_id for defect_id, _name in found])

    def test_users_read_codes_and_managers_maintain_them(self):
        Defect = self.env["quality.complaint.defect"]
        self.assertTrue(Defect.with_user(self.sales_rep).search([("code", "=", "D02")]))
        with self.assertRaises(AccessError):
            Defect.with_user(self.sales_rep).create({"code": "X1", "name": "Guess"})
        with self.assertRaises(AccessError):
            self.scratch.with_user(self.sales_rep).name = "Renamed"
        code = Defect.with_user(self.manager).create({"code": "X1", "name": "Bent pin"})
        self.assertEqual(code.name, "Bent pin")

    def test_a_code_of_a_category_fits_only_its_products(self):
        complaint = self._complaint(datetime(2026, 3, 1), product=self.product_lot)
        line = complaint.line_ids
        # Drivers are a subcategory of lighting: the code applies.
        line.defect_id = self.flicker
        self.assertEqual(line.defect_id, self.flicker)
        other = self._complaint(datetime(2026, 3, 1))
        with self.assertRaisesRegex(ValidationError, "does not apply to Lamp Housing"):
            other.line_ids.defect_id = self.flicker
        self.assertEqual(other.line_ids.defect_id, self.scratch)
        # The list of a line offers the codes of its product's category and the general ones.
        Defect = self.env["quality.complaint.defect"]
        domain = [
            "|",
            ("product_category_ids", "=", False),
            ("product_category_ids", "parent_of", self.product_plain.categ_id.id),
        ]
        self.assertNotIn(self.flicker, Defect.search(domain))
        self.assertIn(self.scratch, Defect.search(domain))

    def test_portal_customer_chooses_a_defect_code(self):
        portal = new_test_user(self.env, "qc_defect_portal", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        Complaint = self.env["quality.complaint"].with_user(portal)
        document = f"picking-{self.delivery.id}"
        complaint = Complaint._portal_create_complaint(
            portal.partner_id, document, "Flickers", "The drivers flicker.", defect=self.flicker.id
        )
        lines = complaint.sudo().line_ids
        # Only the drivers are of the code's category; the housing keeps no code.
        self.assertEqual(
            lines.filtered(lambda line: line.product_id == self.product_lot).defect_id,
            self.flicker,
        )
        self.assertFalse(
            lines.filtered(lambda line: line.product_id == self.product_plain).defect_id
        )
        count = self.env["quality.complaint"].search_count([])
        foreign = self.env["quality.complaint.defect"].create(
            {
                "code": "F1",
                "name": "Foreign",
                "company_id": self.env["res.company"].create({"name": "Other Co"}).id,
            }
        )
        for bad in ("abc", "999999", str(foreign.id)):
            with self.assertRaisesRegex(ValidationError, "Choose a kind of defect"):
                Complaint._portal_create_complaint(
                    portal.partner_id, document, "Bad", "Bad code.", defect=bad
                )
        self.assertEqual(self.env["quality.complaint"].search_count([]), count)
        # Without a code, as before.
        plain = Complaint._portal_create_complaint(
            portal.partner_id, document, "No code", "No idea what it is."
        )
        self.assertFalse(plain.sudo().line_ids.defect_id)


@tagged("post_install", "-at_install")
class TestRepeatComplaints(DefectCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_repeat_days = 90
        cls.first = cls._complaint(datetime(2026, 3, 1))

    def test_same_customer_product_and_defect_in_the_window_is_a_repeat(self):
        again = self._complaint(datetime(2026, 5, 1))
        self.assertTrue(again.is_repeat)
        self.assertEqual(again.repeat_of_id, self.first)
        self.assertFalse(self.first.is_repeat)
        # The latest earlier complaint is the one repeated.
        third = self._complaint(datetime(2026, 5, 20))
        self.assertEqual(third.repeat_of_id, again)
        self.assertEqual(
            self.env["quality.complaint"].search([("is_repeat", "=", True)]), again | third
        )

    def test_another_customer_is_not_a_repeat(self):
        other = self._complaint(datetime(2026, 5, 1), partner=self.other_customer)
        self.assertFalse(other.is_repeat)
        self.assertFalse(other.repeat_of_id)

    def test_another_product_is_not_a_repeat(self):
        other = self._complaint(datetime(2026, 5, 1), product=self.product_lot)
        self.assertFalse(other.is_repeat)

    def test_another_defect_code_is_not_a_repeat(self):
        other = self._complaint(datetime(2026, 5, 1), defect=self.electrical)
        self.assertFalse(other.is_repeat)

    def test_outside_the_window_is_not_a_repeat(self):
        late = self._complaint(datetime(2026, 6, 1))  # 92 days after the first
        self.assertFalse(late.is_repeat)
        self.company.complaint_repeat_days = 0
        self.assertFalse(self._complaint(datetime(2026, 3, 2)).is_repeat)

    def test_changing_the_line_or_the_customer_recomputes_the_repeat(self):
        other = self._complaint(datetime(2026, 5, 1), defect=self.electrical)
        self.assertFalse(other.is_repeat)
        other.line_ids.defect_id = self.scratch
        self.assertEqual(other.repeat_of_id, self.first)
        other.partner_id = self.other_customer
        self.assertFalse(other.is_repeat)
        other.partner_id = self.contact
        self.assertTrue(other.is_repeat)
        other.line_ids.product_id = self.product_lot
        self.assertFalse(other.is_repeat)

    def test_complaints_created_together_repeat_each_other(self):
        vals = {
            "subject": "Batch",
            "partner_id": self.customer.id,
            "line_ids": [
                Command.create(
                    {
                        "product_id": self.product_plain.id,
                        "quantity": 1,
                        "defect_id": self.electrical.id,
                    }
                )
            ],
        }
        one, two = self.env["quality.complaint"].create(
            [
                {**vals, "date_received": datetime(2026, 4, 1)},
                {**vals, "date_received": datetime(2026, 4, 2)},
            ]
        )
        self.assertFalse(one.is_repeat)
        self.assertEqual(two.repeat_of_id, one)

    def test_repeat_search_costs_the_same_for_more_complaints(self):
        def queries(complaints):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            complaints.browse(complaints.ids)._repeat_earlier()
            return self.env.cr.sql_log_count - before

        few = self.first | self._complaint(datetime(2026, 4, 1))
        many = few | self._complaint(datetime(2026, 4, 2), defect=self.electrical)
        many |= self._complaint(datetime(2026, 4, 3), partner=self.other_customer)
        many |= self._complaint(datetime(2026, 4, 4), product=self.product_lot)
        self.assertEqual(queries(few), queries(many))


@tagged("post_install", "-at_install")
class TestDefectPareto(DefectCase):
    """The Pareto by defect code and by product, and the repeat rate, on the dashboard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_repeat_days = 365
        cls._complaint(datetime(2026, 2, 2))
        cls._complaint(datetime(2026, 3, 2))  # a repeat of February's
        cls._complaint(datetime(2026, 3, 5), defect=cls.electrical)
        cls._complaint(datetime(2026, 4, 1), product=cls.product_lot, defect=cls.flicker)
        cls.data = cls.env["quality.complaint.dashboard"].get_dashboard_data(
            "2026-01-01", "2026-06-30"
        )

    def test_pareto_by_defect_code(self):
        pareto = self.data["paretos"]["defect"]
        self.assertEqual(
            [(p["label"], p["count"]) for p in pareto],
            [
                ("D02 Cosmetic defect / scratch", 2),
                ("D04 Electrical failure", 1),
                ("L01 Flicker", 1),
            ],
        )
        self.assertEqual(pareto[-1]["cumulative_pct"], 100.0)

    def test_pareto_by_product_and_department(self):
        pareto = self.data["paretos"]["product"]
        self.assertEqual(
            [(p["label"], p["count"]) for p in pareto], [("Lamp Housing", 3), ("LED Driver 40W", 1)]
        )
        self.assertEqual(self.data["paretos"]["department"], self.data["pareto"])
        keys = [d["key"] for d in self.data["pareto_dimensions"]]
        self.assertEqual(keys[0], "department")
        self.assertTrue({"defect", "product"} <= set(keys))

    def test_repeat_rate_without_an_8d(self):
        self.assertEqual(self.data["kpis"]["repeat_rate"], 25.0)

    def test_summary_gives_the_same_pareto(self):
        Summary = self.env["quality.complaint.summary"]
        Summary._cron_refresh()
        self.assertFalse(Summary._changed_buckets())
        data = self.env["quality.complaint.dashboard"].get_dashboard_data(
            "2026-01-01", "2026-06-30"
        )
        self.assertEqual(data, self.data)
        # A code changed on a line logs its bucket: the dashboard counts it at once.
        complaint = self.env["quality.complaint"].search([("date_received", "=", "2026-03-05")])
        complaint.line_ids.defect_id = self.scratch
        data = self.env["quality.complaint.dashboard"].get_dashboard_data(
            "2026-01-01", "2026-06-30"
        )
        counts = {p["label"]: p["count"] for p in data["paretos"]["defect"]}
        self.assertEqual(counts["D02 Cosmetic defect / scratch"], 3)
        self.assertNotIn("D04 Electrical failure", counts)
