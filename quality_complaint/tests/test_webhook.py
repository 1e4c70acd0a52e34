# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json
import uuid
from datetime import datetime, timedelta, timezone
from unittest.mock import patch

import requests

from odoo.exceptions import ConcurrencyError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase, deliver_and_invoice

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PNG_B64 = base64.b64encode(PNG).decode()
WEBHOOK_LOGGER = "odoo.addons.base_automation.models.base_automation"


@tagged("post_install", "-at_install")
class TestWebhook(HttpCase, ComplaintCase):
    """Machine intake: the customer's system posts its complaints as JSON to the secret URL
    of an incoming webhook rule (Odoo's base_automation), one rule per customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_lot.default_code = "DRV-40"
        cls.product_plain.default_code = "HSG-40"
        # The other customer received lot LOT-UNSOLD and a panel nobody else bought.
        cls._sell_and_deliver(cls.other_customer, lot_qty={cls.lot_unsold: 3.0}, plain_qty=1.0)
        cls.product_panel = cls.env["product.product"].create(
            {"name": "LED Panel 60x60", "default_code": "PNL-60", "is_storable": True}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product_panel, cls.stock_location, 20)
        panel_order = cls.env["sale.order"].create(
            {
                "partner_id": cls.other_customer.id,
                "order_line": [
                    Command.create({"product_id": cls.product_panel.id, "product_uom_qty": 5})
                ],
            }
        )
        panel_order.action_confirm()
        deliver_and_invoice(panel_order)
        cls.template = cls.env.ref("quality_complaint.base_automation_complaint_webhook")
        cls.rule = cls.template.copy(
            {
                "name": "Bright Lamps quality portal",
                "complaint_partner_id": cls.customer.id,
                "active": True,
            }
        )
        cls.other_rule = cls.template.copy(
            {
                "name": "Other Customer EDI",
                "complaint_partner_id": cls.other_customer.id,
                "active": True,
            }
        )
        cls.Complaint = cls.env["quality.complaint"]
        cls.raised_at = (datetime.now(timezone(timedelta(hours=8))) - timedelta(hours=5)).replace(
            microsecond=0
        )

    def _payload(self, **changes):
        payload = {
            "customer_reference": "BL-8D-2026-0042",
            "customer_timestamp": self.raised_at.isoformat(),
            "subject": "Drivers flicker",
            "description": "Three drivers of lot LOT-2406-A flicker after one hour.",
            "lines": [
                {
                    "product_code": "DRV-40",
                    "lot": "LOT-2406-A",
                    "quantity": 3,
                    "defect": "Flicker after one hour",
                },
                {"product_code": "HSG-40", "quantity": 2},
            ],
            "attachments": [{"name": "flicker.png", "data": PNG_B64}],
        }
        payload.update(changes)
        return payload

    def _line(self, **changes):
        return {"product_code": "DRV-40", "lot": "LOT-2406-A", "quantity": 1, **changes}

    def _post(self, payload=None, url=None, body=None):
        """POST a payload (or a raw body) to a webhook URL, as the customer's system does."""
        body = json.dumps(payload) if body is None else body
        with mute_logger(WEBHOOK_LOGGER):
            response = self.url_open(
                url or self.rule.url, data=body, headers={"Content-Type": "application/json"}
            )
        self.env.invalidate_all()
        return response

    def _counts(self):
        return (
            self.Complaint.with_context(active_test=False).search_count([]),
            self.env["ir.attachment"].search_count([("res_model", "=", "quality.complaint")]),
        )

    def _assert_refused(self, cases, url=None):
        """Each (payload or raw body, status, message) is refused with that status and
        message, and creates nothing."""
        before = self._counts()
        for payload, status, message in cases:
            with self.subTest(message=message, payload=payload):
                raw = payload if isinstance(payload, str) else None
                response = self._post(payload, url=url, body=raw)
                self.assertEqual(response.status_code, status, response.text)
                self.assertEqual(response.json()["status"], "error")
                self.assertIn(message, response.json()["message"])
                self.assertEqual(self._counts(), before)

    def test_customer_system_files_a_complaint_with_lines_lots_and_photo(self):
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        complaint = self.Complaint.search([("customer_reference", "=", "BL-8D-2026-0042")])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(
            body,
            {
                "status": "ok",
                "complaint": complaint.name,
                "customer_reference": "BL-8D-2026-0042",
                "created": True,
            },
        )
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.channel, "webhook")
        self.assertEqual(complaint.subject, "Drivers flicker")
        self.assertIn("flicker after one hour", complaint.description)
        self.assertEqual(
            complaint.customer_notified_at,
            self.raised_at.astimezone(timezone.utc).replace(tzinfo=None),
        )
        lines = {(line.product_id, line.lot_id): line for line in complaint.line_ids}
        self.assertEqual(len(lines), 2)
        driver = lines[self.product_lot, self.lot_a]
        self.assertEqual(driver.quantity, 3)
        self.assertEqual(driver.defect_description, "Flicker after one hour")
        self.assertEqual(driver.move_line_id.picking_id, self.delivery)
        self.assertEqual(lines[self.product_plain, self.env["stock.lot"]].quantity, 2)
        self.assertEqual(complaint.sale_order_ids, self.order)
        self.assertEqual(complaint.picking_ids, self.delivery)
        self.assertEqual(complaint.invoice_ids, self.invoice)
        self.assertEqual(complaint.evidence_attachment_ids.mapped("name"), ["flicker.png"])
        self.assertEqual(complaint.evidence_attachment_ids.mimetype, "image/png")
        self.assertEqual(complaint.evidence_attachment_ids.raw, PNG)
        self.assertTrue(complaint.deadline_ids, "the response clock starts as for any complaint")

    def test_replay_returns_the_same_complaint(self):
        first = self._post(self._payload()).json()
        before = self._counts()
        replay = self._post(self._payload(description="Sent again by the retry of their queue."))
        self.assertEqual(replay.status_code, 200, replay.text)
        self.assertEqual(replay.json()["complaint"], first["complaint"])
        self.assertFalse(replay.json()["created"])
        self.assertEqual(self._counts(), before)
        # The other customer may use the same number for its own complaint.
        other = self._post(
            self._payload(lines=[{"product_code": "PNL-60", "quantity": 1}], attachments=None),
            url=self.other_rule.url,
        )
        self.assertTrue(other.json()["created"], other.text)
        self.assertNotEqual(other.json()["complaint"], first["complaint"])

    def test_wrong_or_inactive_secret_is_not_found(self):
        before = self._counts()
        for url in (f"/web/hook/{uuid.uuid4()}", self.template.url):
            with self.subTest(url=url):
                response = self._post(self._payload(), url=url)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self._counts(), before)

    def test_rotated_secret_stops_the_old_url(self):
        old_url = self.rule.url
        self.rule.action_rotate_webhook_uuid()
        self.assertNotEqual(self.rule.url, old_url)
        self.assertEqual(self._post(self._payload(), url=old_url).status_code, 404)
        self.assertEqual(self._post(self._payload()).status_code, 200)

    def test_other_customers_products_and_lots_are_refused(self):
        self._assert_refused(
            [
                (
                    self._payload(lines=[self._line(lot="LOT-UNSOLD")]),
                    422,
                    "Lot LOT-UNSOLD of DRV-40 was not delivered to you",
                ),
                (
                    self._payload(lines=[self._line(lot="NO-SUCH-LOT")]),
                    422,
                    "Lot NO-SUCH-LOT of DRV-40 was not delivered to you",
                ),
                (
                    self._payload(lines=[{"product_code": "PNL-60", "quantity": 1}]),
                    422,
                    "No product with the code PNL-60 was delivered to you",
                ),
                (
                    self._payload(lines=[{"product_code": "NOPE-1", "quantity": 1}]),
                    422,
                    "No product with the code NOPE-1 was delivered to you",
                ),
            ]
        )
        # The other customer's rule cannot name this customer's lots either.
        self._assert_refused(
            [
                (
                    self._payload(lines=[self._line(lot="LOT-2406-A")]),
                    422,
                    "Lot LOT-2406-A of DRV-40 was not delivered to you",
                )
            ],
            url=self.other_rule.url,
        )

    def test_payload_never_chooses_the_customer(self):
        self._assert_refused(
            [
                (
                    self._payload(partner_id=self.other_customer.id),
                    422,
                    "unknown keys: partner_id",
                ),
                (
                    self._payload(lines=[self._line(partner_id=self.other_customer.id)]),
                    422,
                    "Line 1 has unknown keys: partner_id",
                ),
            ]
        )
        # A rule duplicated without its customer files nothing.
        unconfigured = self.template.copy({"active": True})
        before = self._counts()
        response = self._post(self._payload(), url=unconfigured.url)
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response.json(), {"status": "error"})
        self.assertEqual(self._counts(), before)
        with self.assertRaisesRegex(ValidationError, "has no complaint customer"):
            self.Complaint._create_from_webhook(self._payload(), unconfigured)

    def test_quantities_must_be_positive_and_delivered(self):
        self._assert_refused(
            [
                (
                    self._payload(lines=[self._line(quantity=9)]),
                    422,
                    "but we delivered 8.0 to you",
                ),
                (
                    # Two lines on the same lot count together.
                    self._payload(lines=[self._line(quantity=5), self._line(quantity=4)]),
                    422,
                    "but we delivered 8.0 to you",
                ),
                (self._payload(lines=[self._line(quantity=0)]), 422, "positive number"),
                (self._payload(lines=[self._line(quantity=-2)]), 422, "positive number"),
                (self._payload(lines=[self._line(quantity="3")]), 422, "positive number"),
                (self._payload(lines=[self._line(quantity=True)]), 422, "positive number"),
                (
                    self._payload(lines=[{"product_code": "DRV-40", "quantity": 1}]),
                    422,
                    'Give the "lot" of DRV-40',
                ),
                (
                    self._payload(lines=[{"product_code": "HSG-40", "lot": "X", "quantity": 1}]),
                    422,
                    "HSG-40 has no lots",
                ),
            ]
        )

    def test_oversized_or_forbidden_attachments_are_refused(self):
        big = base64.b64encode(PNG + b"0" * (9 * 1024 * 1024)).decode()
        exe = base64.b64encode(b"MZ\x90\x00binary").decode()
        self._assert_refused(
            [
                (
                    self._payload(attachments=[{"name": "big.png", "data": big}]),
                    422,
                    "big.png is larger than 8 MB",
                ),
                (
                    self._payload(
                        attachments=[{"name": "tool.exe", "data": exe, "mimetype": "image/png"}]
                    ),
                    422,
                    "tool.exe is not a photo or a PDF",
                ),
                (
                    self._payload(attachments=[{"name": "p.png", "data": PNG_B64}] * 11),
                    422,
                    "Attach at most 10 files",
                ),
            ]
        )

    def test_an_attachment_is_data_never_a_link_to_fetch(self):
        """No key takes a URL and ``data`` must be base64: the server never downloads what
        a payload points to (only the test's own calls to the server leave it)."""
        sent = []
        real_send = requests.Session.send

        def record(session, request, **kwargs):
            sent.append(request.url)
            return real_send(session, request, **kwargs)

        with patch.object(requests.Session, "send", autospec=True, side_effect=record):
            self._assert_refused(
                [
                    (
                        self._payload(
                            attachments=[{"name": "x.png", "url": "https://evil.example/x.png"}]
                        ),
                        422,
                        "Attachment 1 has unknown keys: url",
                    ),
                    (
                        self._payload(
                            attachments=[{"name": "x.png", "data": "https://evil.example/x.png"}]
                        ),
                        422,
                        "we never download a file from a link",
                    ),
                ]
            )
        self.assertEqual(len(sent), 2)
        self.assertTrue(all(url.startswith(self.base_url()) for url in sent), sent)

    def test_malformed_json_and_missing_keys_are_refused(self):
        self._assert_refused(
            [
                ('{"customer_reference": "BL-1", ', 400, "The body is not JSON"),
                ("", 400, "The body is not JSON"),
                ("[1, 2]", 422, "The complaint must be a JSON object"),
                ("{}", 422, "lacks customer_reference, subject, description, lines"),
                (
                    self._payload(lines=[]),
                    422,
                    "The complaint lacks lines",
                ),
                (self._payload(customer_reference=42), 422, '"customer_reference"'),
                (self._payload(customer_reference="x" * 65), 422, '"customer_reference"'),
                (self._payload(subject=["a"]), 422, '"subject" must be text'),
                (self._payload(description="   "), 422, 'Describe the problem in "description"'),
                (self._payload(lines="DRV-40"), 422, '"lines" must be a list'),
                (self._payload(lines=[{"quantity": 1}]), 422, "Line 1 lacks product_code"),
                (self._payload(attachments={"name": "a"}), 422, '"attachments" must be a list'),
            ]
        )

    def test_customer_timestamp_needs_its_zone_and_is_not_in_the_future(self):
        future = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
        self._assert_refused(
            [
                (self._payload(customer_timestamp="2026-05-04 08:30"), 422, "time zone"),
                (self._payload(customer_timestamp="yesterday"), 422, "ISO 8601"),
                (self._payload(customer_timestamp=future), 422, "is in the future"),
            ]
        )
        response = self._post(self._payload(customer_timestamp="2026-01-04T00:30:00Z"))
        self.assertEqual(response.status_code, 200, response.text)
        complaint = self.Complaint.search([("name", "=", response.json()["complaint"])])
        self.assertEqual(complaint.customer_notified_at, datetime(2026, 1, 4, 0, 30))

    def test_intake_method_is_not_callable_over_rpc(self):
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.manager)
            ._generate("rpc", "webhook test", datetime.now() + timedelta(hours=1))
        )
        before = self._counts()
        response = self.url_open(
            "/json/2/quality.complaint/_create_from_webhook",
            json={"payload": self._payload(), "automation": self.rule.id},
            headers={"Authorization": f"Bearer {key}"},
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("cannot be called remotely", response.text)
        self.assertEqual(self._counts(), before)

    def test_text_from_a_customer_system_is_escaped(self):
        complaint = self.Complaint._create_from_webhook(
            self._payload(description="<script>alert('x')</script>", attachments=None),
            self.rule,
        )
        self.assertNotIn("<script", complaint.description)
        self.assertIn("&lt;script&gt;", complaint.description)

    def test_simultaneous_duplicate_is_retried_not_filed_twice(self):
        """Two calls with one reference at once: the second one's insert fails on the
        unique index and its request is retried by Odoo (ConcurrencyError), finding the
        first complaint."""
        self.Complaint._create_from_webhook(self._payload(attachments=None), self.rule)
        before = self._counts()
        with (
            patch.object(
                type(self.Complaint), "_webhook_complaint", return_value=self.Complaint.browse()
            ),
            self.assertRaises(ConcurrencyError),
        ):
            self.Complaint._create_from_webhook(self._payload(attachments=None), self.rule)
        self.assertEqual(self._counts(), before)

    def test_stage_changes_are_pushed_to_the_customer_system(self):
        status_rule = self.env.ref("quality_complaint.base_automation_complaint_status_webhook")
        status_rule.action_server_ids.webhook_url = "https://bright.example/complaints/status"
        status_rule.active = True
        complaint = self.Complaint._create_from_webhook(self._payload(attachments=None), self.rule)
        manual = self._new_complaint()
        self.env.cr.postcommit.clear()
        acknowledged = self.env.ref("quality_complaint.quality_complaint_stage_acknowledged")
        (complaint | manual).stage_id = acknowledged
        self.env.flush_all()
        with patch("requests.post") as post:
            self.env.cr.postcommit.run()
        self.assertEqual(post.call_count, 1, "only the complaint the customer's system sent")
        self.assertEqual(post.call_args.args[0], "https://bright.example/complaints/status")
        sent = json.loads(post.call_args.kwargs["data"])
        self.assertEqual(sent["name"], complaint.name)
        self.assertEqual(sent["customer_reference"], "BL-8D-2026-0042")
        self.assertEqual(sent["milestone"], "acknowledged")
        self.assertEqual(sent["stage_id"], acknowledged.id)
        self.assertFalse(sent["is_closed"])
        self.assertTrue(sent["write_date"])
