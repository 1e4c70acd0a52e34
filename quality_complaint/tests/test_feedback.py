# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import USER_GROUPS, ComplaintCase, Json2Mixin

FEEDBACK_ALIAS = "feedback@feedback.example.com"


@tagged("post_install", "-at_install")
class TestFeedback(ComplaintCase):
    """The feedback register (CNAS): praise, suggestions and complaints are all recorded;
    only complaints become complaints, once, and only complaints reach the KPIs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Feedback = cls.env["quality.complaint.feedback"]
        cls.company_b = cls.env["res.company"].create({"name": "Feedback Company B"})
        cls.rep_b = new_test_user(
            cls.env,
            "qc_feedback_rep_b",
            groups=USER_GROUPS,
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            name="Sales Rep of Company B",
        )

    def _feedback(self, user=None, **vals):
        return self.Feedback.with_user(user or self.sales_rep).create(
            {
                "kind": "praise",
                "partner_id": self.contact.id,
                "subject": "Fast replacement",
                "description": "<p>The replacement came in two days.</p>",
                **vals,
            }
        )

    def _complaint_count(self):
        return self.env["quality.complaint"].with_context(active_test=False).search_count([])

    def test_manual_feedback_gets_its_reference_from_the_sequence(self):
        first = self._feedback()
        second = self._feedback(kind="suggestion", subject="Print lots on cartons")
        year = first.date_received.year
        self.assertRegex(first.name, rf"^FB/{year}/\d{{5}}$")
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)
        self.assertEqual(first.receiver_id, self.sales_rep)
        self.assertEqual(first.company_id, self.company)
        self.assertEqual(first.commercial_partner_id, self.customer)
        self.assertEqual(first.contact_name, "Li Wei")
        self.assertEqual(first.state, "new")

    def test_complaint_feedback_becomes_one_complaint_linked_to_it(self):
        received = datetime(2026, 3, 2, 9, 30)
        feedback = self._feedback(
            kind="complaint",
            subject="Drivers hum",
            channel="visit",
            date_received=received,
        )
        before = self._complaint_count()
        feedback.with_user(self.sales_rep).action_convert_to_complaint()
        complaint = feedback.complaint_id
        self.assertEqual(self._complaint_count(), before + 1)
        self.assertEqual(complaint.partner_id, self.contact)
        self.assertEqual(complaint.subject, "Drivers hum")
        self.assertIn("two days", complaint.description)
        self.assertEqual(complaint.channel, "visit")
        self.assertEqual(complaint.date_received, received)
        self.assertEqual(feedback.state, "done")
        self.assertIn(complaint.name, feedback.response)
        # A complaint never counts twice: a second conversion is refused.
        with self.assertRaisesRegex(UserError, "already complaint"):
            feedback.with_user(self.sales_rep).action_convert_to_complaint()
        self.assertEqual(self._complaint_count(), before + 1)
        self.assertEqual(feedback.complaint_id, complaint)
        # Nor does it stop being a complaint in the register.
        with self.assertRaisesRegex(ValidationError, "kind stays Complaint"):
            feedback.with_user(self.sales_rep).kind = "praise"

    def test_praise_and_suggestions_never_become_complaints(self):
        before = self._complaint_count()
        for kind in ("praise", "suggestion"):
            feedback = self._feedback(kind=kind)
            with self.subTest(kind=kind), self.assertRaisesRegex(UserError, "kind Complaint"):
                feedback.with_user(self.sales_rep).action_convert_to_complaint()
            self.assertFalse(feedback.complaint_id)
        self.assertEqual(self._complaint_count(), before)

    def test_done_needs_a_response_and_a_complaint_needs_converting(self):
        praise = self._feedback()
        with self.assertRaisesRegex(UserError, "Write the response"):
            praise.with_user(self.sales_rep).action_done()
        self.assertEqual(praise.state, "new")
        praise.with_user(self.sales_rep).action_acknowledge()
        self.assertEqual(praise.state, "acknowledged")
        praise.with_user(self.sales_rep).action_done(response="Thanked by phone.")
        self.assertEqual((praise.state, praise.response), ("done", "Thanked by phone."))
        complaint_feedback = self._feedback(kind="complaint", response="Called back.")
        with self.assertRaisesRegex(UserError, "convert it to a complaint"):
            complaint_feedback.with_user(self.sales_rep).action_done()
        self.assertEqual(complaint_feedback.state, "new")

    def test_praise_and_suggestions_do_not_change_the_complaint_kpis(self):
        Dashboard = self.env["quality.complaint.dashboard"].with_user(self.manager)
        before = Dashboard.get_dashboard_data()["kpis"]["count"]
        self._feedback(user=self.manager)
        self._feedback(user=self.manager, kind="suggestion")
        self.env.flush_all()
        self.assertEqual(Dashboard.get_dashboard_data()["kpis"]["count"], before)
        # A complaint in the register counts once, when it became a complaint.
        self._feedback(user=self.manager, kind="complaint").action_convert_to_complaint()
        self.env.flush_all()
        self.assertEqual(Dashboard.get_dashboard_data()["kpis"]["count"], before + 1)

    def test_sales_rep_of_another_company_sees_no_feedback(self):
        feedback = self._feedback()
        Feedback = self.Feedback.with_user(self.rep_b)
        self.assertFalse(Feedback.search([("id", "=", feedback.id)]))
        with self.assertRaises(AccessError):
            feedback.with_user(self.rep_b).read(["subject"])
        with self.assertRaises(AccessError):
            feedback.with_user(self.rep_b).write({"response": "Not mine"})
        # Complaint users do not delete the register; managers may.
        with self.assertRaises(AccessError):
            feedback.with_user(self.sales_rep).unlink()
        feedback.with_user(self.manager).unlink()
        self.assertFalse(feedback.exists())


@tagged("post_install", "-at_install")
class TestFeedbackMail(ComplaintCase):
    """Feedback by e-mail: the shipped alias feedback@<domain> records a suggestion."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        domain = cls.env["mail.alias.domain"].create({"name": "feedback.example.com"})
        cls.company.alias_domain_id = domain
        cls.alias = cls.env.ref("quality_complaint.mail_alias_feedback")
        cls.alias.alias_domain_id = domain
        cls.Feedback = cls.env["quality.complaint.feedback"]

    def _process(self, subject, message_id, body=b"Print the lot on the carton."):
        raw = (
            b"From: Li Wei <li.wei@bright.example>\r\n"
            b"To: " + FEEDBACK_ALIAS.encode() + b"\r\n"
            b"Subject: " + subject.encode() + b"\r\n"
            b"Message-ID: <" + message_id.encode() + b">\r\n"
            b'MIME-Version: 1.0\r\nContent-Type: text/plain; charset="utf-8"\r\n\r\n' + body
        )
        with mute_logger(
            "odoo.addons.mail.models.mail_thread", "odoo.addons.mail.models.mail_mail"
        ):
            return self.Feedback.browse(self.env["mail.thread"].message_process(None, raw))

    def test_mail_to_the_feedback_alias_records_a_suggestion(self):
        self.assertEqual(self.alias.alias_full_name, FEEDBACK_ALIAS)
        complaints = self.env["quality.complaint"].search_count([])
        feedback = self._process("Lot numbers on cartons", "suggestion-1@bright.example")
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.kind, "suggestion")
        self.assertEqual(feedback.channel, "email")
        self.assertEqual(feedback.partner_id, self.contact)
        self.assertEqual(feedback.subject, "Lot numbers on cartons")
        self.assertIn("lot on the carton", feedback.description)
        self.assertTrue(feedback.name.startswith("FB/"))
        self.assertIn(self.contact, feedback.message_partner_ids)
        self.assertEqual(self.env["quality.complaint"].search_count([]), complaints)

    def test_alias_defaults_choose_the_kind(self):
        self.alias.alias_defaults = "{'kind': 'praise'}"
        feedback = self._process("Great service", "praise-1@bright.example", b"Thank you!")
        self.assertEqual(feedback.kind, "praise")


@tagged("post_install", "-at_install")
class TestFeedbackPortal(HttpCase):
    """Praise and suggestions from the portal, and each customer's own list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "Alpha Lighting", "is_company": True}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Beta Lighting", "is_company": True}
        )
        cls.portal_a = new_test_user(
            cls.env, "qc_fb_portal_a", groups="base.group_portal", name="Anna Alpha"
        )
        cls.portal_a.partner_id.parent_id = cls.customer_a
        cls.portal_b = new_test_user(
            cls.env, "qc_fb_portal_b", groups="base.group_portal", name="Bob Beta"
        )
        cls.portal_b.partner_id.parent_id = cls.customer_b
        cls.Feedback = cls.env["quality.complaint.feedback"]

    def _post(self, data):
        data = {"csrf_token": http.Request.csrf_token(self), **data}
        return self.url_open("/my/feedback/new", data=data)

    def _count(self):
        return self.Feedback.search_count([])

    def test_portal_form_records_praise_and_suggestions(self):
        self.authenticate("qc_fb_portal_a", "qc_fb_portal_a")
        self.assertIn("Send us feedback", self.url_open("/my/feedback/new").text)
        for kind, subject in (("praise", "Friendly driver"), ("suggestion", "Bigger labels")):
            with self.subTest(kind=kind):
                response = self._post(
                    {"kind": kind, "subject": subject, "description": "Noted at delivery."}
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("/my/feedback", response.url)
                self.assertIn("your feedback is recorded", response.text)
                feedback = self.Feedback.search([("subject", "=", subject)])
                self.assertEqual(len(feedback), 1)
                self.assertEqual(feedback.kind, kind)
                self.assertEqual(feedback.channel, "portal")
                self.assertEqual(feedback.company_id, self.portal_a.company_id)
                self.assertEqual(feedback.commercial_partner_id, self.customer_a)
                self.assertFalse(feedback.receiver_id)
                self.assertIn(self.portal_a.partner_id, feedback.message_partner_ids)
                self.assertIn(subject, response.text)

    def test_portal_form_refuses_bad_input_and_creates_nothing(self):
        self.authenticate("qc_fb_portal_a", "qc_fb_portal_a")
        good = {"kind": "praise", "subject": "Well packed", "description": "No damage at all."}
        cases = [
            ({"subject": "  "}, "short title"),
            ({"description": "\x00 "}, "Tell us your feedback"),
            ({"subject": "x" * 201}, "under 200"),
            ({"description": "x" * 20001}, "too long"),
            ({"kind": "complaint"}, "file a complaint"),
            ({"kind": "bogus"}, "file a complaint"),
            ({"kind": ""}, "file a complaint"),
        ]
        before = self._count()
        for change, message in cases:
            with self.subTest(message=message, change=str(change)[:40]):
                response = self._post({**good, **change})
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertEqual(self._count(), before)

    def test_nul_characters_are_dropped_and_text_escaped(self):
        feedback = self.Feedback.with_user(self.portal_a)._portal_create_feedback(
            self.portal_a.partner_id, "suggestion", "Lot\x00 labels", "<script>x</script>\x00"
        )
        self.assertEqual(feedback.subject, "Lot labels")
        self.assertNotIn("<script", feedback.description)
        self.assertNotIn("\x00", feedback.description)

    def test_customers_only_see_their_own_feedback(self):
        mine = self.Feedback._portal_create_feedback(
            self.portal_a.partner_id, "praise", "Mine", "Thanks"
        )
        theirs = self.Feedback._portal_create_feedback(
            self.portal_b.partner_id, "suggestion", "Theirs", "Idea"
        )
        self.assertEqual(self.Feedback.with_user(self.portal_a).search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_a).read(["subject"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_a).write({"subject": "Changed"})
        with self.assertRaises(AccessError):
            self.Feedback.with_user(self.portal_a).create(
                {"partner_id": self.portal_a.partner_id.id, "subject": "Direct"}
            )
        self.authenticate("qc_fb_portal_a", "qc_fb_portal_a")
        listing = self.url_open("/my/feedback")
        self.assertIn(mine.name, listing.text)
        self.assertNotIn(theirs.name, listing.text)
        self.assertNotIn("Theirs", listing.text)
        params = {"counters": ["feedback_count"]}
        response = self.url_open(
            "/my/counters", json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        )
        self.assertEqual(response.json()["result"]["feedback_count"], 1)


@tagged("post_install", "-at_install")
class TestFeedbackJson2(Json2Mixin, HttpCase, ComplaintCase):
    """The register driven over Odoo 19's JSON-2 API with explicit values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._json2_keys(cls.sales_rep)

    def _json2(self, method, status=200, **params):
        """JSON-2 call on quality.complaint.feedback as the sales rep."""
        return super()._json2(
            self.sales_rep, "quality.complaint.feedback", method, status, **params
        )

    def test_feedback_recorded_closed_and_converted_over_json2(self):
        praise_ids = self._json2(
            "create",
            vals_list=[
                {
                    "kind": "praise",
                    "partner_id": self.contact.id,
                    "channel": "phone",
                    "subject": "Helpful hotline",
                }
            ],
        )
        body = self._json2("action_done", 422, ids=praise_ids)
        self.assertIn("Write the response", body["message"])
        self._json2("action_done", ids=praise_ids, response="Passed on to the hotline team.")
        praise = self.env["quality.complaint.feedback"].browse(praise_ids)
        self.assertEqual(praise.state, "done")
        self.assertEqual(praise.response, "Passed on to the hotline team.")

        complaint_ids = self._json2(
            "create",
            vals_list=[
                {
                    "kind": "complaint",
                    "partner_id": self.contact.id,
                    "channel": "phone",
                    "subject": "Wrong colour temperature",
                }
            ],
        )
        action = self._json2("action_convert_to_complaint", ids=complaint_ids)
        feedback = self.env["quality.complaint.feedback"].browse(complaint_ids)
        self.assertEqual(action["res_id"], feedback.complaint_id.id)
        self.assertEqual(feedback.complaint_id.subject, "Wrong colour temperature")
        body = self._json2("action_convert_to_complaint", 422, ids=complaint_ids)
        self.assertEqual(body["name"], "odoo.exceptions.UserError")
        self.assertEqual(
            self.env["quality.complaint"].search_count(
                [("subject", "=", "Wrong colour temperature")]
            ),
            1,
        )
