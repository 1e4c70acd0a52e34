# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, new_test_user

from .common import ComplaintCase


class TestRecurrence(ComplaintCase):
    """Recurrence at intake (SPEC section 8): while a complaint is entered, the earlier
    complaints of the company on the same product, lot or defect code are proposed with
    why they match, and a complaint arriving from a delivery gets them as a note."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.flicker = cls.env["quality.complaint.defect"].create(
            {"code": "RC-FL", "name": "Flicker"}
        )
        cls.product_other = cls.env["product.product"].create(
            {"name": "Ceiling Rose", "is_storable": True}
        )

    def _plain_complaint(self, product=None, partner=None, user=None, **line_vals):
        """A complaint entered by hand, one line of ``product`` (default: the housing)."""
        Complaint = self.env["quality.complaint"].with_user(user or self.env.user)
        return Complaint.create(
            {
                "subject": "Housing complaint",
                "partner_id": (partner or self.other_customer).id,
                "line_ids": [
                    Command.create({"product_id": (product or self.product_plain).id, **line_vals})
                ],
            }
        )

    def _entering(self, user=None, **line_vals):
        """The complaint form of the sales rep with one line entered, not saved yet."""
        form = Form(self.env["quality.complaint"].with_user(user or self.sales_rep))
        form.partner_id = self.contact
        form.subject = "Drivers flicker again"
        with form.line_ids.new() as line:
            for fname, value in line_vals.items():
                setattr(line, fname, value)
        return form

    @staticmethod
    def _reasons(data):
        """{complaint name: reasons} of a look-up's earlier complaints."""
        return {match["name"]: match["reasons"] for match in data["complaints"]}

    def test_complaint_being_entered_lists_earlier_ones_with_why_they_match(self):
        earlier = self._new_complaint(user=self.env.user)
        earlier.line_ids.filtered("lot_id")[:1].defect_id = self.flicker
        housing = self._plain_complaint()
        unrelated = self._plain_complaint(product=self.product_other)
        form = self._entering(product_id=self.product_lot, lot_id=self.lot_a)
        reasons = self._reasons(form.recurrence_data)
        self.assertEqual(
            reasons,
            {earlier.name: ["Same lot LOT-2406-A", "Same product LED Driver 40W"]},
        )
        self.assertEqual(form.recurrence_count, 1)
        # The defect code entered on the line adds its own reason, before saving.
        with form.line_ids.edit(0) as line:
            line.defect_id = self.flicker
        self.assertEqual(
            self._reasons(form.recurrence_data)[earlier.name],
            [
                "Same lot LOT-2406-A",
                "Same defect code RC-FL Flicker",
                "Same product LED Driver 40W",
            ],
        )
        # A second line of the housing finds the other customer's complaint too; the lot
        # match ranks first, the unrelated product is never proposed.
        with form.line_ids.new() as line:
            line.product_id = self.product_plain
        data = form.recurrence_data
        self.assertEqual(
            [match["name"] for match in data["complaints"]], [earlier.name, housing.name]
        )
        self.assertEqual(self._reasons(data)[housing.name], ["Same product Lamp Housing"])
        self.assertNotIn(unrelated.name, self._reasons(data))
        match = data["complaints"][1]
        self.assertEqual(match["customer"], "Other Customer Ltd")
        self.assertEqual(match["subject"], "Housing complaint")
        self.assertFalse(match["closed"])

    def test_saved_complaint_lists_only_the_complaints_recorded_before_it(self):
        first = self._plain_complaint()
        cancelled = self._plain_complaint()
        cancelled.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_cancelled")
        archived = self._plain_complaint()
        archived.active = False
        complaint = self._plain_complaint()
        later = self._plain_complaint()
        self.assertEqual(
            self._reasons(complaint.recurrence_data), {first.name: ["Same product Lamp Housing"]}
        )
        self.assertEqual(list(self._reasons(later.recurrence_data)), [complaint.name, first.name])

    def test_look_up_keeps_the_most_recent_complaints_per_product(self):
        complaints = self.env["quality.complaint"]
        for _index in range(7):
            complaints |= self._plain_complaint()
        data = (
            self.env["quality.complaint"]
            .new(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [Command.create({"product_id": self.product_plain.id})],
                }
            )
            .recurrence_data
        )
        per_key = self.env["quality.complaint"].RECURRENCE_PER_KEY
        self.assertEqual(
            [match["id"] for match in data["complaints"]],
            complaints.sorted("id", reverse=True)[:per_key].ids,
        )

    def test_look_up_costs_the_same_few_queries_however_many_complaints(self):
        Complaint = self.env["quality.complaint"]

        def look_up():
            self.env.invalidate_all()
            entered = Complaint.new(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_lot.id,
                                "lot_id": self.lot_a.id,
                                "defect_id": self.flicker.id,
                            }
                        ),
                        Command.create({"product_id": self.product_plain.id}),
                    ],
                }
            )
            # What the form shows already: the lines' products, lots and defect codes.
            for fname in ("product_id", "lot_id", "defect_id"):
                entered.line_ids[fname].mapped("display_name")
            start = self.env.cr.sql_log_count
            count = entered.recurrence_count
            return self.env.cr.sql_log_count - start, count

        self._new_complaint(user=self.env.user).line_ids.defect_id = self.flicker
        look_up()  # the record rules and the registry's caches warm up
        few_queries, few_matches = look_up()
        for _index in range(3):
            self._new_complaint(user=self.env.user).line_ids.defect_id = self.flicker
        Complaint.create(
            [
                {
                    "subject": f"Housing {index}",
                    "partner_id": self.other_customer.id,
                    "line_ids": [
                        Command.create(
                            {"product_id": self.product_plain.id, "defect_id": self.flicker.id}
                        )
                    ],
                }
                for index in range(30)
            ]
        )
        many_queries, many_matches = look_up()
        # The 4 complaints on the lot, and the 5 latest of the 30 on the housing and the
        # defect code: at most RECURRENCE_PER_KEY per product, lot and defect code.
        self.assertEqual((few_matches, many_matches), (1, 4 + Complaint.RECURRENCE_PER_KEY))
        self.assertEqual(many_queries, few_queries, "the look-up grew with the complaints")
        # The look-up itself, the earlier complaints read, their customers and stages (and
        # with the 8D addon, the open 8Ds): a handful, whatever the history.
        self.assertLessEqual(many_queries, 10, f"{many_queries} queries")

    def test_other_companies_complaints_are_never_proposed(self):
        other_company = self.env["res.company"].create({"name": "Recurrence Other Co."})
        self.env.user.company_ids |= other_company
        elsewhere = self._plain_complaint()
        elsewhere.sudo().write({"company_id": other_company.id})
        elsewhere.line_ids.flush_recordset()
        here = self._plain_complaint()
        self.assertEqual(here.line_ids.company_id, self.company)
        self.assertNotIn(elsewhere.name, self._reasons(here.recurrence_data))
        self.assertEqual(here.recurrence_data["hidden"], 0)
        entered = (
            self.env["quality.complaint"]
            .with_company(other_company)
            .new(
                {
                    "partner_id": self.other_customer.id,
                    "company_id": other_company.id,
                    "line_ids": [Command.create({"product_id": self.product_plain.id})],
                }
            )
        )
        self.assertEqual(
            self._reasons(entered.recurrence_data), {elsewhere.name: ["Same product Lamp Housing"]}
        )

    def test_sales_user_sees_other_teams_complaints_only_as_a_count(self):
        quality_team = self.env.ref("quality_complaint.quality_complaint_team_quality")
        self.assertNotIn(self.sales_rep, quality_team.member_ids | quality_team.user_id)
        theirs = self._plain_complaint()
        theirs.write(
            {"team_id": quality_team.id, "user_id": self.manager.id, "receiver_id": self.manager.id}
        )
        mine = self._plain_complaint(user=self.sales_rep)
        form = self._entering(product_id=self.product_plain)
        data = form.recurrence_data
        self.assertEqual(self._reasons(data), {mine.name: ["Same product Lamp Housing"]})
        self.assertEqual(data["hidden"], 1)
        self.assertEqual(form.recurrence_count, 2)
        # The quality manager reads both.
        managed = self._entering(user=self.manager, product_id=self.product_plain)
        self.assertEqual(set(self._reasons(managed.recurrence_data)), {mine.name, theirs.name})
        self.assertEqual(managed.recurrence_data["hidden"], 0)

    def test_complaint_from_a_delivery_gets_an_internal_note_of_its_matches(self):
        odoobot = self.env.ref("base.partner_root")
        first = self.delivery.with_user(self.sales_rep).create_complaint({"subject": "First"})
        self.assertFalse(first.message_ids.filtered(lambda m: m.author_id == odoobot))
        second = self.delivery.with_user(self.sales_rep).create_complaint({"subject": "Second"})
        note = second.message_ids.filtered(lambda m: m.author_id == odoobot)
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn("Recurrence at intake", note.body)
        self.assertIn(first.name, note.body)
        self.assertIn("Same lot LOT-2406-A", note.body)
        # A sales user entering the same lines by hand sees them live in the form as well.
        self.assertEqual(second.with_user(self.sales_rep).recurrence_count, 1)

    def test_note_counts_the_complaints_of_other_teams_without_describing_them(self):
        quality_team = self.env.ref("quality_complaint.quality_complaint_team_quality")
        theirs = self._plain_complaint()
        theirs.write(
            {"team_id": quality_team.id, "user_id": self.manager.id, "receiver_id": self.manager.id}
        )
        mine = self._plain_complaint(user=self.sales_rep)
        note = mine.message_ids.filtered(lambda m: "Recurrence at intake" in (m.body or ""))
        self.assertIn("1 earlier complaint(s) of other teams", note.body)
        self.assertNotIn(theirs.name, note.body)

    def test_portal_customer_cannot_read_the_matches(self):
        self._plain_complaint(partner=self.customer)
        complaint = self._new_complaint(user=self.env.user)
        portal = new_test_user(
            self.env, "qc_recurrence_portal", groups="base.group_portal", partner_id=self.contact.id
        )
        self.assertEqual(complaint.with_user(portal).subject, "Flickering drivers")
        with self.assertRaises(AccessError):
            complaint.with_user(portal).read(["recurrence_data"])
        with self.assertRaises(AccessError):
            complaint.with_user(portal).read(["recurrence_count"])
