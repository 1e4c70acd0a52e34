# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import http
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import deliver_and_invoice

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Portal LED Strip", "is_storable": True, "invoice_policy": "delivery"}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.env.ref("stock.stock_location_stock"), 100
        )
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "Alpha Lighting", "is_company": True}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Beta Lighting", "is_company": True}
        )
        cls.portal_a = new_test_user(
            cls.env, "qc_portal_a", groups="base.group_portal", name="Anna Alpha"
        )
        cls.portal_a.partner_id.parent_id = cls.customer_a
        cls.portal_b = new_test_user(
            cls.env, "qc_portal_b", groups="base.group_portal", name="Bob Beta"
        )
        cls.portal_b.partner_id.parent_id = cls.customer_b
        cls.order_a = cls._order(cls.customer_a)
        cls.order_b = cls._order(cls.customer_b)
        cls.Complaint = cls.env["quality.complaint"]

    @classmethod
    def _order(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 4})
                ],
            }
        )
        order.action_confirm()
        deliver_and_invoice(order)
        return order

    def _post(self, data, files=None):
        data = {"csrf_token": http.Request.csrf_token(self), **data}
        return self.url_open("/my/complaints/new", data=data, files=files or {})

    def _count(self):
        return self.Complaint.search_count([])

    def test_customer_files_a_complaint_with_a_photo(self):
        self.authenticate("qc_portal_a", "qc_portal_a")
        response = self._post(
            {
                "document": f"order-{self.order_a.id}",
                "subject": "Strips do not light",
                "description": "Two of four strips stay dark.",
            },
            files={"attachments": ("dark.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.search([("subject", "=", "Strips do not light")])
        self.assertEqual(len(complaint), 1)
        self.assertIn(f"/my/complaints/{complaint.id}", response.url)
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.commercial_partner_id, self.customer_a)
        self.assertEqual(complaint.sale_order_ids, self.order_a)
        self.assertEqual(complaint.line_ids.product_id, self.product)
        self.assertEqual(complaint.evidence_attachment_ids.mapped("name"), ["dark.png"])
        self.assertIn(self.portal_a.partner_id, complaint.message_partner_ids)
        self.assertIn("Strips do not light", response.text)

    def test_bad_input_gets_a_message_and_creates_nothing(self):
        self.authenticate("qc_portal_a", "qc_portal_a")
        good = {
            "document": f"order-{self.order_a.id}",
            "subject": "Wrong colour",
            "description": "Warm white instead of cold white.",
        }
        cases = [
            ({"document": f"order-{self.order_b.id}"}, None, "your own orders"),
            ({"document": "order-999999"}, None, "your own orders"),
            ({"document": "order-abc"}, None, "your own orders"),
            ({"document": f"picking-{self.order_b.picking_ids.id}"}, None, "your own orders"),
            ({"description": "   "}, None, "Describe the problem"),
            ({"subject": ""}, None, "short title"),
            ({"subject": "x" * 300}, None, "under 200"),
            (
                {},
                {"attachments": ("big.png", PNG + b"0" * (9 * 1024 * 1024), "image/png")},
                "larger than 8 MB",
            ),
            (
                {},
                {"attachments": ("tool.exe", b"MZ\x90\x00binary", "image/png")},
                "not a photo or a PDF",
            ),
        ]
        before = self._count()
        for change, files, message in cases:
            with self.subTest(message=message, change=change):
                response = self._post({**good, **change}, files=files)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertEqual(self._count(), before)

    def test_script_in_text_is_escaped(self):
        partner = self.portal_a.partner_id
        complaint = self.Complaint.with_user(self.portal_a)._portal_create_complaint(
            partner,
            f"order-{self.order_a.id}",
            "<b>Bold</b> title",
            "<script>alert('x')</script><img src=x onerror=alert(1)>",
        )
        self.assertNotIn("<script", complaint.description)
        self.assertNotIn("<img", complaint.description)
        self.assertIn("&lt;script&gt;", complaint.description)

    def test_customers_only_see_their_own_complaints(self):
        mine = self.Complaint._portal_create_complaint(
            self.portal_a.partner_id, f"order-{self.order_a.id}", "Mine", "Broken"
        )
        theirs = self.Complaint._portal_create_complaint(
            self.portal_b.partner_id, f"order-{self.order_b.id}", "Theirs", "Broken"
        )
        self.assertEqual(self.Complaint.with_user(self.portal_a).search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_a).read(["subject"])
        with self.assertRaises(AccessError):
            theirs.line_ids.with_user(self.portal_a).read(["product_id"])
        self.authenticate("qc_portal_a", "qc_portal_a")
        listing = self.url_open("/my/complaints")
        self.assertIn(mine.name, listing.text)
        self.assertNotIn(theirs.name, listing.text)
        response = self.url_open(f"/my/complaints/{theirs.id}")
        self.assertNotIn("Theirs", response.text)
        self.assertTrue(response.url.endswith("/my"))
        # A wrong token does not open it either.
        response = self.url_open(f"/my/complaints/{theirs.id}?access_token=guess")
        self.assertNotIn("Theirs", response.text)
        page = self.url_open(f"/my/complaints/{mine.id}")
        self.assertIn("What we promised", page.text)
        form = self.url_open("/my/complaints/new")
        self.assertIn(self.order_a.name, form.text)
        self.assertNotIn(self.order_b.name, form.text)

    def test_complaint_list_is_read_only(self):
        """The customer's list of complaints is a read-only route (a replica may serve it):
        its links carry the token the complaint got at creation, nothing is written (a
        write would make Odoo warn and retry on the primary database); neither does the
        complaint's page."""
        mine = self.Complaint._portal_create_complaint(
            self.portal_a.partner_id, f"order-{self.order_a.id}", "Mine", "Broken"
        )
        self.assertTrue(mine.access_token)
        self.authenticate("qc_portal_a", "qc_portal_a")
        with self.assertNoLogs("odoo.http", "WARNING"):
            listing = self.url_open("/my/complaints")
            page = self.url_open(f"/my/complaints/{mine.id}")
            shared = self.url_open(f"/my/complaints/{mine.id}?access_token={mine.access_token}")
        self.assertIn(mine.name, listing.text)
        self.assertIn(f"access_token={mine.access_token}", listing.text)
        self.assertIn("What we promised", page.text)
        self.assertIn("What we promised", shared.text)

    def test_complaints_of_an_older_version_get_their_token_on_upgrade(self):
        complaint = self.Complaint._portal_create_complaint(
            self.portal_a.partner_id, f"order-{self.order_a.id}", "Older", "Broken"
        )
        self.env.cr.execute(
            "UPDATE quality_complaint SET access_token = NULL WHERE id = %s", [complaint.id]
        )
        self.Complaint.init()
        complaint.invalidate_recordset(["access_token"])
        self.assertTrue(complaint.access_token)

    def _jsonrpc(self, route, **params):
        """A JSON-RPC call as the portal's chatter makes it: (HTTP status, body text)."""
        response = self.url_open(
            route, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        )
        return response.status_code, response.text

    def test_chatter_and_attachments_of_another_customer_stay_private(self):
        mine = self.Complaint.with_user(self.portal_a)._portal_create_complaint(
            self.portal_a.partner_id,
            f"order-{self.order_a.id}",
            "Strips flicker",
            "Secret-ish detail: strip 3 of 4 flickers.",
            [("strip.png", PNG, "image/png")],
        )
        mine.message_post(
            body="Our technician visits on Monday.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        attachment = mine.evidence_attachment_ids
        token = attachment.sudo().generate_access_token()[0]
        # One character off, never the token itself.
        near_miss = token[:-1] + ("1" if token.endswith("0") else "0")
        thread = {"thread_model": "quality.complaint", "thread_id": mine.id}
        messages_before = len(mine.message_ids)

        self.authenticate("qc_portal_b", "qc_portal_b")
        for route, params in (
            ("/mail/chatter_fetch", {}),
            ("/mail/chatter_fetch", {"token": "guess"}),
            ("/mail/chatter_fetch", {"token": mine._portal_ensure_token()[:-1] + "x"}),
            ("/mail/thread/messages", {}),
            ("/portal/chatter_init", {}),
        ):
            with self.subTest(route=route, params=params):
                _status, text = self._jsonrpc(route, **thread, **params)
                self.assertNotIn("technician", text)
                self.assertNotIn("strip.png", text)
        _status, text = self._jsonrpc(
            "/mail/message/post",
            **thread,
            post_data={"body": "Posted by another customer", "message_type": "comment"},
        )
        mine.invalidate_recordset()
        self.assertEqual(len(mine.message_ids), messages_before)
        for url in (
            f"/web/content/{attachment.id}",
            f"/web/content/{attachment.id}?download=true&access_token=guess",
            f"/web/content/{attachment.id}?access_token={near_miss}",
            f"/mail/attachment/pdf_first_page/{attachment.id}?access_token=guess",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn(response.status_code, (403, 404))
                self.assertNotEqual(response.content, PNG)

        # The customer who filed it reads its chatter and downloads its photo.
        self.authenticate("qc_portal_a", "qc_portal_a")
        status, text = self._jsonrpc("/mail/chatter_fetch", **thread)
        self.assertEqual(status, 200)
        self.assertIn("technician", text)
        response = self.url_open(f"/web/content/{attachment.id}?download=true&access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PNG)

    def test_portal_complaint_form_tour(self):
        self.start_tour("/my/complaints", "quality_complaint_portal_form", login="qc_portal_a")
        complaint = self.Complaint.search([("subject", "=", "Flickering after one week")])
        self.assertEqual(complaint.commercial_partner_id, self.customer_a)
        self.assertEqual(complaint.channel, "portal")
