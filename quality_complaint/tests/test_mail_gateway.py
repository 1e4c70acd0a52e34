# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintCase

ALIAS = "quality@complaints.example.com"


@tagged("post_install", "-at_install")
class TestMailGatewayBadInput(ComplaintCase):
    """Whatever reaches the team's alias, the gateway does not crash: the mail becomes a
    clean complaint, or a reply on its complaint, or nothing at all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_team_alias()
        cls.Complaint = cls.env["quality.complaint"]

    def _process(self, headers, body, content_type="text/plain"):
        """Feed raw bytes to the gateway as the mail fetcher does."""
        raw = b"".join(h + b"\r\n" for h in headers)
        raw += b"MIME-Version: 1.0\r\nContent-Type: " + content_type.encode()
        raw += b'; charset="utf-8"\r\n\r\n' + body
        with mute_logger(
            "odoo.addons.mail.models.mail_thread", "odoo.addons.mail.models.mail_mail"
        ):
            return self.env["mail.thread"].message_process(None, raw)

    def _count(self):
        return self.Complaint.with_context(active_test=False).search_count([])

    def test_mail_without_sender_creates_nothing_and_does_not_crash(self):
        before = self._count()
        for headers in (
            [b"To: " + ALIAS.encode(), b"Subject: Nobody", b"Message-ID: <nofrom@x>"],
            [
                b"From: ",
                b"To: " + ALIAS.encode(),
                b"Subject: Empty from",
                b"Message-ID: <emptyfrom@x>",
            ],
            [
                b"From: <<<@@@>>>",
                b"To: " + ALIAS.encode(),
                b"Subject: Garbage from",
                b"Message-ID: <garbagefrom@x>",
            ],
        ):
            with self.subTest(headers=headers[0]):
                result = self._process(headers, b"Broken drivers.")
                self.assertFalse(result)
                self.assertEqual(self._count(), before)
        # Refused as the customer's fault, not as a misconfigured alias.
        self.assertNotEqual(self.team.alias_id.alias_status, "invalid")

    def test_garbage_headers_still_make_a_clean_complaint(self):
        headers = [
            b"From: =?utf-8?b?!!!not-base64?= <li.wei@bright.example>",
            b"To: " + ALIAS.encode(),
            b"Subject: =?x-unknown?q?=FF=FE?= \xff\xfe Flicker\r\n\tcontinued <b>bold</b>",
            b"Date: yesterday around noon",
            b"Message-ID: <garbage-headers@bright.example>",
            b"X-Weird: \x00\x01\x02",
            b"Reply-To: ,,,;;;",
            b"In-Reply-To: <does-not-exist@nowhere>",
        ]
        complaint = self.Complaint.browse(self._process(headers, b"\xff\xfe Drivers flicker."))
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.partner_id, self.contact)
        self.assertIn("Flicker", complaint.subject)
        self.assertLessEqual(len(complaint.subject), 200)
        self.assertIn("Drivers flicker", complaint.description)

    def test_script_in_html_mail_is_sanitised_on_complaint_and_reply(self):
        body = (
            b"<html><head><script>alert('head')</script></head><body>"
            b"<p onclick=\"alert('click')\">Drivers <b>flicker</b></p>"
            b"<script>document.location='https://evil.example'</script>"
            b"<img src=x onerror=alert(1)><iframe src='https://evil.example'></iframe>"
            b'<a href="javascript:alert(2)">photos</a></body></html>'
        )
        complaint = self.Complaint.browse(
            self._process(
                [
                    b"From: Li Wei <li.wei@bright.example>",
                    b"To: " + ALIAS.encode(),
                    b"Subject: <script>alert('subject')</script>Flicker",
                    b"Message-ID: <html-first@bright.example>",
                ],
                body,
                content_type="text/html",
            )
        )
        self.assertEqual(len(complaint), 1)
        for html in (complaint.description, complaint.message_ids[-1].body):
            self.assertIn("flicker", html)
            for bad in ("<script", "onclick", "onerror", "<iframe", "javascript:"):
                self.assertNotIn(bad, html)
        # The subject is plain text: the portal and the backend escape it.
        self.assertIn("Flicker", complaint.subject)
        reply = self._process(
            [
                b"From: Li Wei <li.wei@bright.example>",
                b"To: " + ALIAS.encode(),
                b"Subject: Re: Flicker",
                b"Message-ID: <html-reply@bright.example>",
                b"In-Reply-To: <html-first@bright.example>",
                b"References: <html-first@bright.example>",
            ],
            b"<p>More <b>photos</b><script>alert(3)</script></p>",
            content_type="text/html",
        )
        self.assertEqual(reply, complaint.id)
        message = complaint.message_ids.filtered(
            lambda m: m.message_id == "<html-reply@bright.example>"
        )
        self.assertEqual(len(message), 1)
        self.assertIn("photos", message.body)
        self.assertNotIn("<script", message.body)

    def test_huge_body_makes_one_complaint(self):
        body = b"The drivers flicker. " * 50000  # about 1 MB
        complaint = self.Complaint.browse(
            self._process(
                [
                    b"From: Li Wei <li.wei@bright.example>",
                    b"To: " + ALIAS.encode(),
                    b"Subject: " + b"Very long " * 100,
                    b"Message-ID: <huge@bright.example>",
                ],
                body,
            )
        )
        self.assertEqual(len(complaint), 1)
        self.assertLessEqual(len(complaint.subject), 200)
        self.assertIn("The drivers flicker.", complaint.description)
        # The same mail delivered twice (a retry of the fetcher) is ignored.
        before = self._count()
        again = self._process(
            [
                b"From: Li Wei <li.wei@bright.example>",
                b"To: " + ALIAS.encode(),
                b"Subject: retry",
                b"Message-ID: <huge@bright.example>",
            ],
            b"retry",
        )
        self.assertFalse(again)
        self.assertEqual(self._count(), before)
