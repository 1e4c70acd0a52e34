# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestConfirmation(ComplaintCase):
    """The customer confirms the resolution before closure; "not resolved" sends the
    complaint back to action, the second time to management (SPEC §7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.closed = cls.env.ref("quality_complaint.quality_complaint_stage_closed")
        cls.portal_user = new_test_user(
            cls.env, "qc_confirm_portal", groups="base.group_portal", name="Li Portal"
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.other_portal_user = new_test_user(
            cls.env, "qc_confirm_other", groups="base.group_portal", name="Other Portal"
        )
        cls.other_portal_user.partner_id.parent_id = cls.other_customer

    def _decided(self, kind="claim", **vals):
        complaint = self._new_complaint(
            kind=kind, responsibility="company", responsible_department="production", **vals
        )
        complaint.action_decide_responsibility()
        return complaint

    def _sent(self, **vals):
        complaint = self._decided(**vals)
        complaint.with_user(self.sales_rep).action_send_for_confirmation()
        return complaint

    def _messages(self, complaint, text):
        return complaint.message_ids.filtered(
            lambda m: text in (m.subject or "") or text in (m.body or "")
        )

    # ------------------------------------------------------------ sending
    def test_sending_asks_the_customer_and_waits_for_its_answer(self):
        complaint = self._sent()
        self.assertEqual(complaint.milestone, "confirmation")
        self.assertEqual(complaint.customer_confirmation, "pending")
        self.assertTrue(complaint.date_confirmation_sent)
        sent = self._messages(complaint, "please confirm the resolution")
        self.assertEqual(len(sent), 1)
        self.assertIn(self.contact, sent.partner_ids)

    def test_the_stage_template_is_not_sent_twice(self):
        self.env = self.env(context=dict(self.env.context, tracking_disable=False))
        complaint = self._decided()
        self.env.flush_all()
        self.env.cr.precommit.run()
        complaint.action_send_for_confirmation()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking would send the stage's template
        self.assertEqual(len(self._messages(complaint, "please confirm the resolution")), 1)

    def test_sending_after_acceptance_or_closure_is_refused(self):
        complaint = self._sent()
        complaint.action_record_confirmation(True, channel="phone")
        with self.assertRaisesRegex(UserError, "already accepted"):
            complaint.action_send_for_confirmation()
        self.assertEqual(complaint.customer_confirmation, "accepted")
        complaint.stage_id = self.closed
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            complaint.action_record_confirmation(False, "Broken again", channel="phone")
        self.assertEqual(complaint.customer_confirmation, "accepted")

    # ------------------------------------------------------------ answers
    def test_acceptance_records_the_reply_date_and_channel(self):
        complaint = self._sent()
        replied = fields.Datetime.now().replace(microsecond=0) - timedelta(days=1)
        complaint.with_user(self.sales_rep).action_record_confirmation(
            True, comment="All good now.", channel="phone", date=replied
        )
        self.assertEqual(complaint.customer_confirmation, "accepted")
        self.assertEqual(complaint.confirmation_date, replied)
        self.assertEqual(complaint.confirmation_channel, "phone")
        self.assertEqual(complaint.confirmation_comment, "All good now.")
        self.assertEqual(complaint.milestone, "confirmation")
        self.assertTrue(self._messages(complaint, "accepted the resolution (Phone)"))

    def test_not_resolved_goes_back_to_action_as_dissatisfaction(self):
        complaint = self._sent()
        complaint.with_user(self.sales_rep).action_record_confirmation(
            False, comment="Two drivers still flicker.", channel="email"
        )
        self.assertEqual(complaint.customer_confirmation, "rejected")
        self.assertEqual(complaint.milestone, "action")
        self.assertEqual(complaint.rejection_count, 1)
        self.assertFalse(complaint.confirmation_date)
        self.assertFalse(complaint.date_escalated)
        self.assertTrue(self._messages(complaint, "Two drivers still flicker."))
        activity = complaint.activity_ids
        self.assertEqual(activity.user_id, complaint.user_id)
        self.assertIn("Customer not satisfied", activity.summary)

    def test_second_rejection_escalates_to_management(self):
        complaint = self._sent()
        complaint.action_record_confirmation(False, "Still flickers.", channel="phone")
        complaint.action_send_for_confirmation()
        self.assertEqual(complaint.customer_confirmation, "pending")
        complaint.action_record_confirmation(False, "Still flickers, again.", channel="visit")
        self.assertEqual(complaint.rejection_count, 2)
        self.assertEqual(complaint.milestone, "escalated")
        self.assertTrue(complaint.date_escalated)
        note = self._messages(complaint, "escalated to management")
        self.assertIn(self.manager.partner_id, note.partner_ids)

    def test_incomplete_answers_are_refused_and_change_nothing(self):
        complaint = self._sent()
        stage = complaint.stage_id
        future = fields.Datetime.now() + timedelta(days=2)
        for args, kwargs, message in (
            ((False,), {"comment": "  ", "channel": "phone"}, "still finds wrong"),
            ((True,), {"channel": "pigeon"}, "Choose the channel"),
            ((True,), {"channel": "phone", "date": future}, "in the future"),
        ):
            with self.subTest(message=message):
                with self.assertRaisesRegex(UserError, message):
                    complaint.action_record_confirmation(*args, **kwargs)
                self.assertEqual(complaint.customer_confirmation, "pending")
                self.assertEqual(complaint.stage_id, stage)
                self.assertEqual(complaint.rejection_count, 0)
        complaint.action_record_confirmation(True, channel="letter")
        with self.assertRaisesRegex(UserError, "already accepted"):
            complaint.action_record_confirmation(True, channel="phone")
        self.assertEqual(complaint.confirmation_channel, "letter")

    def test_handler_records_the_answer_with_the_form(self):
        complaint = self._sent()
        form = Form(
            self.env["quality.complaint.confirmation.wizard"]
            .with_user(self.sales_rep)
            .with_context(default_complaint_id=complaint.id)
        )
        form.accepted = False
        form.channel = "visit"
        form.comment = "Housing still scratched."
        form.save().action_confirm()
        self.assertEqual(complaint.customer_confirmation, "rejected")
        self.assertEqual(complaint.confirmation_channel, "visit")

    # ------------------------------------------------------------ portal
    def test_the_customers_portal_user_answers_while_pending(self):
        complaint = self._sent()
        mine = complaint.with_user(self.portal_user)
        with self.assertRaisesRegex(ValidationError, "what is still wrong"):
            mine._portal_record_confirmation(False, "   ")
        self.assertEqual(complaint.customer_confirmation, "pending")
        mine._portal_record_confirmation(False, "The colour is still wrong.")
        self.assertEqual(complaint.customer_confirmation, "rejected")
        self.assertEqual(complaint.confirmation_channel, "portal")
        note = self._messages(complaint, "The colour is still wrong.")
        self.assertEqual(note.author_id, self.portal_user.partner_id)
        with self.assertRaisesRegex(UserError, "not waiting for your confirmation"):
            mine._portal_record_confirmation(True)
        self.assertEqual(complaint.customer_confirmation, "rejected")
        complaint.action_send_for_confirmation()
        mine._portal_record_confirmation(True)
        self.assertEqual(complaint.customer_confirmation, "accepted")
        self.assertTrue(complaint.confirmation_date)

    def test_another_customer_or_an_employee_cannot_answer(self):
        complaint = self._sent()
        for user in (self.other_portal_user, self.sales_rep):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                complaint.with_user(user)._portal_record_confirmation(True)
            self.assertEqual(complaint.customer_confirmation, "pending")
        with self.assertRaises(AccessError):
            complaint.with_user(self.portal_user).action_record_confirmation(True)
        self.assertEqual(complaint.customer_confirmation, "pending")

    # ------------------------------------------------------------ closure
    def test_a_claim_closes_only_once_the_customer_accepted(self):
        complaint = self._sent()
        with self.assertRaisesRegex(UserError, "has not accepted the resolution"):
            complaint.stage_id = self.closed
        self.assertEqual(complaint.milestone, "confirmation")
        complaint.action_record_confirmation(True, channel="email")
        complaint.stage_id = self.closed
        self.assertTrue(complaint.is_closed)

    def test_the_company_setting_decides_per_kind(self):
        appeal = self._decided(kind="appeal")
        self.assertFalse(appeal.confirmation_required)
        self.assertTrue(self._decided().confirmation_required)
        settings = self.env["res.config.settings"].create({})
        settings.complaint_confirm_appeal = True
        settings.complaint_confirm_claim = False
        settings.execute()
        self.assertTrue(self.company.complaint_confirm_appeal)
        appeal.invalidate_recordset(["confirmation_required"])
        with self.assertRaisesRegex(UserError, "has not accepted the resolution"):
            appeal.stage_id = self.closed
        claim = self._decided()
        claim.stage_id = self.closed
        self.assertTrue(claim.is_closed)

    def test_only_a_manager_closes_an_unconfirmed_claim_with_a_reason(self):
        complaint = self._sent()
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_rep).action_close(reason="Customer unreachable.")
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.forced_close_reason)
        complaint.with_user(self.manager).action_close(reason="Customer unreachable.")
        self.assertTrue(complaint.is_closed)
        note = self._messages(complaint, "although this was pending")
        self.assertIn("has not accepted the resolution", note.body)


@tagged("post_install", "-at_install")
class TestExternalReview(ComplaintCase):
    """An external review is a record on the complaint; the customer is told the
    procedure and the complaint closes only with the outcome (SPEC §7)."""

    def _appeal(self):
        complaint = self._new_complaint(responsibility="company", responsible_department="sales")
        complaint.action_decide_responsibility()
        return complaint

    def test_referral_records_the_review_and_tells_the_customer(self):
        complaint = self._appeal()
        review = complaint.with_user(self.sales_rep).action_refer_external_review(
            "arbitration", reference="CIETAC-2026-17"
        )
        self.assertEqual(review.complaint_id, complaint)
        self.assertEqual(review.body, "arbitration")
        self.assertEqual(review.date_referred, fields.Date.context_today(review))
        self.assertEqual(review.company_id, complaint.company_id)
        self.assertEqual(complaint.milestone, "external_review")
        self.assertEqual(complaint.external_review_count, 1)
        told = complaint.message_ids.filtered(
            lambda m: m.subject and "referred to an external review" in m.subject
        )
        self.assertEqual(len(told), 1)
        self.assertIn(self.contact, told.partner_ids)
        self.assertIn("CIETAC-2026-17", told.body)
        action = complaint.action_view_external_reviews()
        self.assertEqual(action["res_id"], review.id)

    def test_unknown_body_or_closed_complaint_is_refused(self):
        complaint = self._appeal()
        Review = self.env["quality.complaint.external.review"]
        with self.assertRaisesRegex(UserError, "Choose who reviews"):
            complaint.action_refer_external_review("neighbour")
        self.assertFalse(Review.search([("complaint_id", "=", complaint.id)]))
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            complaint.action_refer_external_review("court")
        self.assertFalse(Review.search([("complaint_id", "=", complaint.id)]))
        self.assertTrue(complaint.is_closed)

    def test_the_complaint_closes_only_with_the_outcome(self):
        complaint = self._appeal()
        review = complaint.action_refer_external_review("regulator")
        closed = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        with self.assertRaisesRegex(UserError, "external review has no outcome yet"):
            complaint.stage_id = closed
        self.assertEqual(complaint.milestone, "external_review")
        with self.assertRaisesRegex(UserError, "Choose the outcome"):
            review.action_record_outcome("won")
        self.assertFalse(review.outcome)
        review.action_record_outcome("partly_upheld", note="Half of the claim upheld.")
        self.assertEqual(review.date_decided, fields.Date.context_today(review))
        self.assertTrue(complaint.message_ids.filtered(lambda m: "Partly upheld" in m.body))
        with self.assertRaisesRegex(UserError, "already recorded"):
            review.action_record_outcome("rejected")
        complaint.stage_id = closed
        self.assertTrue(complaint.is_closed)

    def test_review_rights(self):
        complaint = self._appeal()
        review = complaint.action_refer_external_review("court", reference="2026-CV-88")
        self.assertEqual(
            self.env["quality.complaint.external.review"]
            .with_user(self.sales_rep)
            .search([("complaint_id", "=", complaint.id)]),
            review,
        )
        with self.assertRaises(AccessError):
            review.with_user(self.sales_rep).unlink()
        portal = new_test_user(self.env, "qc_review_portal", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        with self.assertRaises(AccessError):
            review.with_user(portal).read(["reference"])
        self.assertTrue(review.exists())

    def test_dashboard_counts_escalated_and_reviewed_complaints(self):
        team = self.env["quality.complaint.team"].create({"name": "Review KPI team"})
        reviewed, escalated, plain = (
            self._new_complaint(team_id=team.id, user=self.env.user) for _i in range(3)
        )
        reviewed.action_refer_external_review("certification_body")
        escalated.action_send_for_confirmation()
        escalated.action_record_confirmation(False, "No.", channel="phone")
        escalated.action_send_for_confirmation()
        escalated.action_record_confirmation(False, "Still no.", channel="phone")
        self.assertTrue(plain)
        kpis = self.env["quality.complaint.dashboard"].get_dashboard_data(team_id=team.id)["kpis"]
        self.assertEqual(kpis["count"], 3)
        self.assertEqual((kpis["escalated_count"], kpis["escalated_rate"]), (1, 33.3))
        self.assertEqual((kpis["external_review_count"], kpis["external_review_rate"]), (1, 33.3))
        # The monthly summary counts them alike.
        last_month = datetime.combine(
            fields.Date.context_today(plain).replace(day=1) - timedelta(days=1),
            datetime.min.time(),
        )
        (reviewed | escalated | plain).write({"date_received": last_month})
        self.env["quality.complaint.summary"]._cron_refresh()
        start = last_month.replace(day=1).date()
        data = self.env["quality.complaint.dashboard"].get_dashboard_data(
            start, last_month.date(), team_id=team.id
        )
        self.assertEqual(data["kpis"]["escalated_count"], 1)
        self.assertEqual(data["kpis"]["external_review_count"], 1)


@tagged("post_install", "-at_install")
class TestPortalConfirmation(HttpCase):
    """The customer answers the resolution on the complaint's portal page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Gamma Lighting", "is_company": True, "email": "qa@gamma.example"}
        )
        cls.portal = new_test_user(
            cls.env, "qc_confirm_tour", groups="base.group_portal", name="Gina Gamma"
        )
        cls.portal.partner_id.parent_id = cls.customer
        other = cls.env["res.partner"].create({"name": "Delta Lighting", "is_company": True})
        cls.other_portal = new_test_user(
            cls.env, "qc_confirm_delta", groups="base.group_portal", name="Dan Delta"
        )
        cls.other_portal.partner_id.parent_id = other
        cls.complaint = cls.env["quality.complaint"].create(
            {
                "subject": "Strips flicker when dimmed",
                "partner_id": cls.customer.id,
                "kind": "claim",
                "responsibility": "company",
                "responsible_department": "production",
            }
        )
        cls.complaint.action_decide_responsibility()
        cls.complaint.action_send_for_confirmation()

    def _post(self, **data):
        data = {"csrf_token": http.Request.csrf_token(self), **data}
        return self.url_open(f"/my/complaints/{self.complaint.id}/confirmation", data=data)

    def test_customer_rejects_then_accepts_the_resolution_tour(self):
        url = f"/my/complaints/{self.complaint.id}"
        self.start_tour(url, "quality_complaint_portal_reject", login="qc_confirm_tour")
        self.complaint.invalidate_recordset()
        self.assertEqual(self.complaint.customer_confirmation, "rejected")
        self.assertEqual(self.complaint.milestone, "action")
        self.assertEqual(self.complaint.rejection_count, 1)
        self.assertEqual(self.complaint.confirmation_channel, "portal")
        self.assertIn("still flicker", self.complaint.confirmation_comment)
        # The handler fixes it and sends the resolution again.
        self.complaint.action_send_for_confirmation()
        self.start_tour(url, "quality_complaint_portal_accept", login="qc_confirm_tour")
        self.complaint.invalidate_recordset()
        self.assertEqual(self.complaint.customer_confirmation, "accepted")
        self.assertTrue(self.complaint.confirmation_date)
        self.assertEqual(self.complaint.milestone, "confirmation")

    def test_another_customer_cannot_answer(self):
        self.authenticate("qc_confirm_delta", "qc_confirm_delta")
        response = self._post(decision="accept")
        self.assertTrue(response.url.endswith("/my"))
        self.complaint.invalidate_recordset()
        self.assertEqual(self.complaint.customer_confirmation, "pending")

    def test_an_answer_needs_the_csrf_token_and_a_comment_when_not_resolved(self):
        self.authenticate("qc_confirm_tour", "qc_confirm_tour")
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}/confirmation", data={"decision": "accept"}
        )
        self.assertEqual(response.status_code, 400)
        response = self._post(decision="reject", comment="  ")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tell us what is still wrong.", response.text)
        self.assertIn("o_complaint_accept", response.text)
        self.complaint.invalidate_recordset()
        self.assertEqual(self.complaint.customer_confirmation, "pending")
        self.assertEqual(self.complaint.rejection_count, 0)
