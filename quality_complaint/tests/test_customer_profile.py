# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import http
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase, Json2Mixin, deliver_and_invoice
from .test_mail import INCOMING

FRIDAY_4PM = datetime(2026, 11, 20, 16, 0)


class CustomerProfileCase(ComplaintCase):
    """Two customers with their own complaint requirements, in a UTC office week (8-12,
    13-17, Monday to Friday): an OEM that counts calendar hours from its own notification
    time and copies its buyer, and a distributor that allows more working days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {
                "name": "Profile test calendar",
                "tz": "UTC",
                "hours_per_day": 8.0,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": start + 4,
                        }
                    )
                    for day in range(5)
                    for start in (8, 13)
                ],
            }
        )
        # Sales reps maintain their customers' contacts, not their complaint requirements.
        cls.sales_rep.group_ids = [Command.link(cls.env.ref("base.group_partner_manager").id)]
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Zhao Lei", "parent_id": cls.customer.id, "email": "zhao.lei@bright.example"}
        )
        Profile = cls.env["quality.complaint.customer.profile"]
        cls.oem = Profile.create(
            {
                "name": "OEM test requirements",
                "start_from_customer_time": True,
                "cc_partner_ids": [Command.set(cls.buyer.ids)],
                "step_ids": [
                    Command.create({"step": "acknowledge", "days": 0.5, "clock": "calendar"}),
                    Command.create({"step": "plan", "days": 5, "clock": "calendar"}),
                ],
            }
        )
        cls.distributor = Profile.create(
            {
                "name": "Distributor test requirements",
                "step_ids": [
                    Command.create({"step": "acknowledge", "days": 2, "clock": "working"}),
                    Command.create({"step": "closure", "days": 20, "clock": "working"}),
                ],
            }
        )
        cls.customer.complaint_profile_id = cls.oem
        cls.other_customer.complaint_profile_id = cls.distributor

    def _complaint_of(self, partner, **vals):
        return (
            self.env["quality.complaint"]
            .with_user(self.sales_rep)
            .create(
                {"subject": "Dead drivers", "partner_id": partner.id, "severity": "general", **vals}
            )
        )

    def _due(self, complaint):
        return {d.kind: d.date_deadline for d in complaint.deadline_ids}


@tagged("post_install", "-at_install")
class TestCustomerProfile(CustomerProfileCase):
    def test_two_customers_on_different_profiles_get_different_deadlines(self):
        oem = self._due(self._complaint_of(self.contact, date_received=FRIDAY_4PM))
        distributor = self._due(self._complaint_of(self.other_customer, date_received=FRIDAY_4PM))
        # The OEM: 12 calendar hours and 5 calendar days, weekend included.
        self.assertEqual(oem["acknowledge"], datetime(2026, 11, 21, 4, 0))
        self.assertEqual(oem["plan"], datetime(2026, 11, 25, 16, 0))
        # The distributor: 2 working days (Fri 1 h, Mon 8 h, Tue 7 h), 20 working days.
        self.assertEqual(distributor["acknowledge"], datetime(2026, 11, 24, 16, 0))
        self.assertEqual(distributor["closure"], datetime(2026, 12, 18, 16, 0))
        # The steps a profile leaves out follow the response policy (3 working days).
        self.assertEqual(distributor["plan"], datetime(2026, 11, 25, 16, 0))
        self.assertEqual(oem["closure"], datetime(2026, 12, 4, 16, 0))
        # A customer without requirements follows the policy alone.
        self.other_customer.complaint_profile_id = False
        plain = self._complaint_of(self.other_customer, date_received=FRIDAY_4PM)
        self.assertFalse(plain.profile_id)
        self.assertEqual(self._due(plain)["acknowledge"], datetime(2026, 11, 21, 16, 0))

    def test_contacts_follow_their_company_requirements(self):
        self.assertEqual(self.contact.complaint_profile_id, self.oem)
        newcomer = (
            self.env["res.partner"]
            .with_user(self.sales_rep)
            .create({"name": "New SQE", "parent_id": self.customer.id})
        )
        self.assertEqual(newcomer.complaint_profile_id, self.oem)
        complaint = self._complaint_of(newcomer)
        self.assertEqual(complaint.profile_id, self.oem)

    def test_clock_starts_at_the_customer_notification_when_required(self):
        notified = FRIDAY_4PM - timedelta(hours=10)
        complaint = self._complaint_of(
            self.contact, date_received=FRIDAY_4PM, customer_notified_at=notified
        )
        ack = complaint.deadline_ids.filtered(lambda d: d.kind == "acknowledge")
        self.assertEqual(ack.date_start, notified)
        self.assertEqual(ack.date_deadline, notified + timedelta(hours=12))
        # Corrected later: the deadlines not met yet follow.
        complaint.customer_notified_at = notified - timedelta(hours=2)
        self.assertEqual(ack.date_deadline, notified + timedelta(hours=10))
        # Cleared: back to the registration time.
        complaint.customer_notified_at = False
        self.assertEqual(ack.date_deadline, FRIDAY_4PM + timedelta(hours=12))
        # A customer whose requirements do not say so counts from the registration.
        other = self._complaint_of(
            self.other_customer, date_received=FRIDAY_4PM, customer_notified_at=notified
        )
        self.assertEqual(
            other.deadline_ids.filtered(lambda d: d.kind == "acknowledge").date_start, FRIDAY_4PM
        )

    @freeze_time("2026-11-20 16:00:00")
    def test_notification_time_in_the_future_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self._complaint_of(self.contact, customer_notified_at=FRIDAY_4PM + timedelta(hours=1))
        self.assertFalse(self.env["quality.complaint"].search([("subject", "=", "Dead drivers")]))
        complaint = self._complaint_of(self.contact, customer_notified_at=FRIDAY_4PM)
        with self.assertRaisesRegex(ValidationError, "in the future"):
            complaint.customer_notified_at = FRIDAY_4PM + timedelta(days=1)
        self.assertEqual(complaint.customer_notified_at, FRIDAY_4PM)
        # A customer's clock a minute ahead of ours is no reason to refuse its complaint.
        complaint.customer_notified_at = FRIDAY_4PM + timedelta(minutes=1)

    def test_new_requirements_apply_to_open_complaints_only(self):
        closed = self._complaint_of(self.other_customer, date_received=FRIDAY_4PM)
        self._close(closed)
        open_one = self._complaint_of(self.other_customer, date_received=FRIDAY_4PM)
        closed_due = self._due(closed)
        self.other_customer.with_user(self.manager).complaint_profile_id = self.oem
        self.assertEqual(open_one.profile_id, self.oem)
        self.assertEqual(self._due(open_one)["acknowledge"], datetime(2026, 11, 21, 4, 0))
        self.assertEqual(closed.profile_id, self.distributor)
        self.assertEqual(self._due(closed), closed_due)

    def test_requirements_of_another_company_do_not_apply(self):
        other_company = self.env["res.company"].create({"name": "Other Lighting Factory"})
        self.distributor.company_id = other_company
        complaint = self._complaint_of(self.other_customer, date_received=FRIDAY_4PM)
        self.assertFalse(complaint.profile_id)

    def test_deadline_steps_must_be_positive_and_unique(self):
        with self.assertRaisesRegex(ValidationError, "positive number of days"):
            self.oem.step_ids[0].days = 0
        self.assertEqual(self.oem.step_ids[0].days, 0.5)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.oem.step_ids = [Command.create({"step": "plan", "days": 2})]

    def test_only_managers_edit_requirements_and_give_them_to_customers(self):
        Profile = self.env["quality.complaint.customer.profile"].with_user(self.sales_rep)
        # Everyone who handles complaints reads them...
        self.assertEqual(Profile.browse(self.oem.id).name, "OEM test requirements")
        # ... only managers change them.
        with self.assertRaises(AccessError):
            Profile.create({"name": "My own rules"})
        with self.assertRaises(AccessError):
            Profile.browse(self.oem.id).write({"start_from_customer_time": False})
        with self.assertRaises(AccessError):
            self.oem.step_ids[0].with_user(self.sales_rep).write({"days": 3})
        with self.assertRaisesRegex(AccessError, "Only complaint managers"):
            self.other_customer.with_user(self.sales_rep).complaint_profile_id = self.oem
        self.assertEqual(self.other_customer.complaint_profile_id, self.distributor)
        with self.assertRaisesRegex(AccessError, "Only complaint managers"):
            self.env["res.partner"].with_user(self.sales_rep).create(
                {"name": "New OEM", "is_company": True, "complaint_profile_id": self.oem.id}
            )
        complaint = self._complaint_of(self.other_customer, date_received=FRIDAY_4PM)
        with self.assertRaisesRegex(AccessError, "Only complaint managers"):
            complaint.write({"profile_id": self.oem.id})
        self.assertEqual(complaint.profile_id, self.distributor)
        # A manager may hold one complaint to other requirements.
        complaint.with_user(self.manager).profile_id = self.oem
        self.assertEqual(self._due(complaint)["acknowledge"], datetime(2026, 11, 21, 4, 0))
        # Other changes of the customer stay open to the sales rep.
        self.customer.with_user(self.sales_rep).phone = "+86 755 0000 0000"
        Profile.with_user(self.manager).create({"name": "Manager's rules"})
        self.other_customer.with_user(self.manager).complaint_profile_id = self.oem
        self.assertEqual(self.other_customer.complaint_profile_id, self.oem)


@tagged("post_install", "-at_install")
class TestCustomerProfileMail(CustomerProfileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_team_alias()

    def test_mail_date_starts_the_clock_of_customers_who_require_it(self):
        def receive(sender, msg_id, date):
            raw = INCOMING.format(
                email_from=sender,
                to="quality@complaints.example.com",
                subject="Dead drivers",
                msg_id=msg_id,
                extra=f"Date: {date}\n",
                body="Lot 2611 gives no light.",
            )
            with mute_logger("odoo.addons.mail.models.mail_thread"):
                complaint_id = self.env["mail.thread"].message_process(None, raw)
            return self.env["quality.complaint"].browse(complaint_id)

        with freeze_time("2026-11-21 09:00:00"):
            oem = receive("li.wei@bright.example", "<a@bright>", "Fri, 20 Nov 2026 22:30:00 +0800")
            self.assertEqual(oem.customer_notified_at, datetime(2026, 11, 20, 14, 30))
            self.assertEqual(self._due(oem)["acknowledge"], datetime(2026, 11, 21, 2, 30))
            # A sender's clock ahead of ours counts as now.
            ahead = receive(
                "li.wei@bright.example", "<b@bright>", "Sun, 22 Nov 2026 09:00:00 +0000"
            )
            self.assertEqual(ahead.customer_notified_at, datetime(2026, 11, 21, 9, 0))
            # A customer without the requirement: the reception starts the clock.
            self.other_customer.email = "buyer@other.example"
            other = receive("buyer@other.example", "<c@other>", "Fri, 20 Nov 2026 22:30:00 +0800")
            self.assertEqual(other.commercial_partner_id, self.other_customer)
            self.assertFalse(other.customer_notified_at)

    def test_contacts_in_copy_receive_the_mails_to_the_customer(self):
        complaint = self._complaint_of(self.contact).with_user(self.env.user)
        self.env.flush_all()
        self.env.cr.precommit.run()
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_acknowledged")
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking, hence the stage template, runs before commit
        sent = complaint.message_ids.filtered(
            lambda m: m.subject and "we received your complaint" in m.subject
        )
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.partner_ids, self.contact | self.buyer)
        self.assertIn(self.buyer, sent.notification_ids.res_partner_id)
        # An internal note reaches nobody outside.
        note = complaint.message_post(body="Check lot 2611", subtype_xmlid="mail.mt_note")
        self.assertFalse(note.partner_ids)
        # Another customer's mails are not copied to this buyer.
        other = self._complaint_of(self.other_customer).with_user(self.env.user)
        other.message_post(
            body="Our answer", partner_ids=self.other_customer.ids, message_type="comment"
        )
        self.assertNotIn(self.buyer, other.message_ids.partner_ids)


@tagged("post_install", "-at_install")
class TestCustomerProfileJson2(Json2Mixin, HttpCase, CustomerProfileCase):
    """Requirements given to a customer and complaints registered with the customer's
    own reference and time, as an integration does it over JSON-2."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._json2_keys(cls.sales_rep, cls.manager)

    def test_requirements_set_and_used_over_json2(self):
        [profile_id] = self._json2(
            self.manager,
            "quality.complaint.customer.profile",
            "create",
            vals_list=[
                {
                    "name": "Tier-1 requirements",
                    "start_from_customer_time": True,
                    "step_ids": [[0, 0, {"step": "acknowledge", "days": 0.25}]],
                }
            ],
        )
        body = self._json2(
            self.sales_rep,
            "res.partner",
            "write",
            status=403,
            ids=self.other_customer.ids,
            vals={"complaint_profile_id": profile_id},
        )
        self.assertIn("Only complaint managers", body["message"])
        self.assertEqual(self.other_customer.complaint_profile_id, self.distributor)
        self._json2(
            self.manager,
            "res.partner",
            "write",
            ids=self.other_customer.ids,
            vals={"complaint_profile_id": profile_id},
        )
        notified = datetime.now().replace(microsecond=0) - timedelta(hours=3)
        [complaint_id] = self._json2(
            self.sales_rep,
            "quality.complaint",
            "create",
            vals_list=[
                {
                    "subject": "Dead drivers",
                    "partner_id": self.other_customer.id,
                    "customer_reference": "T1-QN-0007",
                    "customer_notified_at": notified.strftime("%Y-%m-%d %H:%M:%S"),
                }
            ],
        )
        complaint = self.env["quality.complaint"].browse(complaint_id)
        self.assertEqual(complaint.profile_id.id, profile_id)
        self.assertEqual(self._due(complaint)["acknowledge"], notified + timedelta(hours=6))
        body = self._json2(
            self.sales_rep,
            "quality.complaint",
            "write",
            status=422,
            ids=complaint.ids,
            vals={"customer_notified_at": "2999-01-01 00:00:00"},
        )
        self.assertIn("in the future", body["message"])
        self.assertEqual(complaint.customer_notified_at, notified)


@tagged("post_install", "-at_install")
class TestCustomerProfilePortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create(
            {"name": "Portal Headlamp Driver", "is_storable": True, "invoice_policy": "delivery"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.env.ref("stock.stock_location_stock"), 10
        )
        cls.oem = cls.env["res.partner"].create(
            {
                "name": "Yangtze Auto Test",
                "is_company": True,
                "complaint_profile_id": cls.env.ref(
                    "quality_complaint.quality_complaint_customer_profile_oem"
                ).id,
            }
        )
        cls.portal = new_test_user(
            cls.env, "qc_portal_oem", groups="base.group_portal", name="Wang Fang"
        )
        cls.portal.partner_id.write({"parent_id": cls.oem.id, "tz": "Asia/Shanghai"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.oem.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 4})],
            }
        )
        cls.order.action_confirm()
        deliver_and_invoice(cls.order)

    def _post(self, **data):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "document": f"order-{self.order.id}",
            "subject": "No light",
            "description": "Four drivers stay dark.",
            **data,
        }
        return self.url_open("/my/complaints/new", data=data)

    @freeze_time("2026-11-21 09:00:00")
    def test_portal_form_takes_the_customer_reference_and_notification_time(self):
        self.authenticate("qc_portal_oem", "qc_portal_oem")
        Complaint = self.env["quality.complaint"]
        for notified_on, message in (
            ("2026-11-22T08:00", "in the future"),
            ("last friday", "as a date and time"),
        ):
            with self.subTest(notified_on=notified_on):
                response = self._post(customer_reference="YAL-1", notified_on=notified_on)
                self.assertIn(message, response.text)
                self.assertFalse(Complaint.search([("customer_reference", "=", "YAL-1")]))
        response = self._post(customer_reference=" YAL-QN-0142 ", notified_on="2026-11-20T22:30")
        complaint = Complaint.search([("customer_reference", "=", "YAL-QN-0142")])
        self.assertEqual(len(complaint), 1)
        # 22:30 in Shanghai is 14:30 UTC; the OEM's 24 hours count from it.
        self.assertEqual(complaint.customer_notified_at, datetime(2026, 11, 20, 14, 30))
        self.assertEqual(
            complaint.deadline_ids.filtered(lambda d: d.kind == "acknowledge").date_deadline,
            datetime(2026, 11, 21, 14, 30),
        )
        self.assertIn("YAL-QN-0142", response.text)
