# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.addons.quality_complaint.tests.common import USER_GROUPS, ComplaintCase, Json2Mixin
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged


class RecurrenceCase(ComplaintCase):
    """A quality complaint on the customer's delivery under investigation in an open 8D."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality = cls.env.ref("quality_complaint.quality_complaint_category_quality")
        cls.investigated = cls._complaint_with_8d()
        cls.report = cls.investigated.eightd_ids

    @classmethod
    def _complaint_with_8d(cls):
        Complaint = cls.env["quality.complaint"]
        vals = Complaint._prepare_default_vals(
            cls.contact, sale_orders=cls.order, pickings=cls.delivery, invoices=cls.invoice
        )
        complaint = Complaint.create(
            {"subject": "Drivers flicker", "category_id": cls.quality.id, **vals}
        )
        complaint.action_start_8d()
        return complaint

    def _new_on_lot(self, user=None):
        """A second complaint from the same delivery (its lots and products)."""
        return self._new_complaint(user=user or self.sales_rep, subject="Flicker again")

    def _close_8d(self, report):
        report.with_context(quality_8d_review=True).write({"state": "done"})

    def _link_notes(self, complaint):
        return complaint.message_ids.filtered(lambda m: "Linked to the open 8D" in (m.body or ""))


class TestRecurrence8d(RecurrenceCase):
    def test_open_8d_on_the_same_lot_is_proposed_with_why(self):
        complaint = self._new_on_lot()
        eightds = complaint.with_user(self.sales_rep).recurrence_data["eightds"]
        self.assertEqual([match["id"] for match in eightds], self.report.ids)
        match = eightds[0]
        self.assertEqual(match["name"], self.report.name)
        self.assertEqual(match["discipline"], "D0 Preparation")
        self.assertEqual(match["state"], "In progress")
        self.assertFalse(match["linked"])
        self.assertEqual(
            match["reasons"],
            [
                "Same lot LOT-2406-A",
                "Same lot LOT-2406-B",
                "Same product LED Driver 40W",
                "Same product Lamp Housing",
            ],
        )

    def test_complaint_being_entered_finds_the_open_8d_of_its_product(self):
        form = Form(self.env["quality.complaint"].with_user(self.sales_rep))
        form.partner_id = self.other_customer
        form.subject = "Housing cracked"
        self.assertFalse(form.recurrence_count)
        with form.line_ids.new() as line:
            line.product_id = self.product_plain
        eightds = form.recurrence_data["eightds"]
        self.assertEqual([match["id"] for match in eightds], self.report.ids)
        self.assertEqual(eightds[0]["reasons"], ["Same product Lamp Housing"])
        self.assertEqual(form.recurrence_count, 2)  # the 8D and its complaint

    def test_closed_8d_is_not_proposed(self):
        self._close_8d(self.report)
        complaint = self._new_on_lot()
        self.assertFalse(complaint.recurrence_data["eightds"])
        # Its complaint still is: an earlier complaint on the same lot.
        self.assertEqual(
            [m["id"] for m in complaint.with_user(self.manager).recurrence_data["complaints"]],
            self.investigated.ids,
        )

    def test_intake_note_names_the_open_8d(self):
        complaint = self.delivery.with_user(self.sales_rep).create_complaint({"subject": "Again"})
        note = complaint.message_ids.filtered(lambda m: "Recurrence at intake" in (m.body or ""))
        self.assertEqual(len(note), 1)
        body = note.body
        self.assertIn(f'data-oe-id="{self.report.id}">{self.report.name}</a> Drivers flicker', body)
        self.assertIn("Same lot LOT-2406-A", body)
        # The 8D is open to every complaint user; its complaint, of the quality team, is
        # only counted for the sales rep who entered the new one.
        self.assertNotIn(self.investigated.name, body)
        self.assertIn("and 1 earlier complaint(s) of other teams", body)

    def test_link_makes_one_investigation_of_several_complaints(self):
        complaint = self._new_on_lot()
        self.assertIs(complaint.with_user(self.sales_rep).action_link_8d(self.report.id), True)
        self.assertEqual(self.report.complaint_ids, self.investigated | complaint)
        self.assertEqual(complaint.eightd_ids, self.report)
        self.assertTrue(complaint.recurrence_data["eightds"][0]["linked"])
        self.assertEqual(len(self._link_notes(complaint)), 1)
        told = self.report.message_ids.filtered(lambda m: complaint.name in (m.body or ""))
        self.assertEqual(len(told), 1)
        # Linking again changes nothing and tells nobody twice.
        complaint.with_user(self.sales_rep).action_link_8d(self.report.id)
        self.assertEqual(self.report.complaint_ids, self.investigated | complaint)
        self.assertEqual(len(self._link_notes(complaint)), 1)

    def test_closed_8d_is_refused_and_nothing_changes(self):
        complaint = self._new_on_lot()
        self._close_8d(self.report)
        with self.assertRaisesRegex(UserError, "is closed: start a new 8D"):
            complaint.with_user(self.sales_rep).action_link_8d(self.report.id)
        self.assertEqual(self.report.complaint_ids, self.investigated)
        self.assertFalse(complaint.eightd_ids)
        self.assertFalse(self._link_notes(complaint))

    def test_other_companys_8d_is_never_proposed_and_refused(self):
        other_company = self.env["res.company"].create({"name": "Recurrence 8D Other Co."})
        Complaint = self.env["quality.complaint"].with_company(other_company)
        elsewhere = Complaint.create(
            {
                "subject": "Housing cracked elsewhere",
                "partner_id": self.other_customer.id,
                "company_id": other_company.id,
                "line_ids": [Command.create({"product_id": self.product_plain.id})],
            }
        )
        report = (
            self.env["quality.8d.report"]
            .with_company(other_company)
            .create(
                {
                    "title": "Cracked housings elsewhere",
                    "company_id": other_company.id,
                    "complaint_ids": [Command.set(elsewhere.ids)],
                }
            )
        )
        complaint = self._new_on_lot()
        self.assertNotIn(report.id, [m["id"] for m in complaint.recurrence_data["eightds"]])
        with self.assertRaisesRegex(UserError, "belongs to Recurrence 8D Other Co."):
            complaint.with_user(self.manager).action_link_8d(report.id)
        self.assertFalse(complaint.eightd_ids)
        self.assertEqual(report.complaint_ids, elsewhere)

    def test_missing_or_malformed_8d_is_refused(self):
        complaint = self._new_on_lot()
        missing_id = self.env["quality.8d.report"].search([], order="id desc", limit=1).id + 1
        with self.assertRaisesRegex(UserError, "no longer exists"):
            complaint.with_user(self.sales_rep).action_link_8d(missing_id)
        for bad in (False, "1", None):
            with self.assertRaisesRegex(UserError, "Choose the open 8D"):
                complaint.with_user(self.sales_rep).action_link_8d(bad)
        self.assertFalse(complaint.eightd_ids)


@tagged("post_install", "-at_install")
class TestRecurrence8dJson2(Json2Mixin, HttpCase, RecurrenceCase):
    """The link as an integration makes it: JSON-2 with an API key, explicit values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._json2_keys(cls.sales_rep)

    def _json2(self, method, status=200, **params):
        """JSON-2 call on quality.complaint as the sales rep."""
        return super()._json2(self.sales_rep, "quality.complaint", method, status, **params)

    def test_link_to_the_open_8d_over_json2(self):
        complaint = self._new_on_lot()
        (data,) = self._json2("read", ids=complaint.ids, fields=["recurrence_data"])
        (proposed,) = data["recurrence_data"]["eightds"]
        self.assertEqual(proposed["id"], self.report.id)
        self.assertIs(
            self._json2("action_link_8d", ids=complaint.ids, eightd_id=proposed["id"]), True
        )
        self.assertEqual(self.report.complaint_ids, self.investigated | complaint)
        # Idempotent: the integration may retry.
        self._json2("action_link_8d", ids=complaint.ids, eightd_id=proposed["id"])
        self.assertEqual(len(self._link_notes(complaint)), 1)

    def test_link_to_a_closed_8d_is_refused_over_json2(self):
        complaint = self._new_on_lot()
        self._close_8d(self.report)
        body = self._json2("action_link_8d", 422, ids=complaint.ids, eightd_id=self.report.id)
        self.assertEqual(body["name"], "odoo.exceptions.UserError")
        self.assertIn("is closed: start a new 8D", body["message"])
        self.assertEqual(self.report.complaint_ids, self.investigated)


@tagged("post_install", "-at_install")
class TestRecurrenceTour(HttpCase):
    def test_new_complaint_is_linked_to_the_open_8d_from_the_suggestion(self):
        new_test_user(self.env, "qc_tour_recurrence", groups=USER_GROUPS, name="Tour Rep Zhou")
        customer = self.env["res.partner"].create(
            {"name": "Tour Recurrence Lamps", "is_company": True}
        )
        product = self.env["product.product"].create(
            {"name": "Tour Recurrence Driver", "is_storable": True}
        )
        earlier = self.env["quality.complaint"].create(
            {
                "subject": "Earlier tour flicker",
                "partner_id": customer.id,
                "line_ids": [Command.create({"product_id": product.id})],
            }
        )
        report = self.env["quality.8d.report"].create(
            {"title": "Tour flicker 8D", "complaint_ids": [Command.set(earlier.ids)]}
        )
        self.start_tour(
            "/odoo/action-quality_complaint.quality_complaint_action/new",
            "quality_complaint_recurrence",
            login="qc_tour_recurrence",
        )
        linked = self.env["quality.complaint"].search(
            [("subject", "=", "Drivers flicker in the new warehouse")]
        )
        self.assertEqual(len(linked), 1)
        self.assertEqual(report.complaint_ids, earlier | linked)
