# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintCase

INCOMING = """Return-Path: <{email_from}>
From: Li Wei <{email_from}>
To: {to}
Subject: {subject}
Message-ID: {msg_id}
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""


@tagged("post_install", "-at_install")
class TestMail(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_team_alias()

    def _receive(self, subject, msg_id, extra="", body="The drivers flicker."):
        raw = INCOMING.format(
            email_from="li.wei@bright.example",
            to="quality@complaints.example.com",
            subject=subject,
            msg_id=msg_id,
            extra=extra,
            body=body,
        )
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            return self.env["mail.thread"].message_process(None, raw)

    def test_alias_creates_complaint_and_threads_replies(self):
        complaint_id = self._receive("Flickering drivers", "<first@bright.example>")
        complaint = self.env["quality.complaint"].browse(complaint_id)
        self.assertEqual(complaint.subject, "Flickering drivers")
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.partner_id, self.contact)
        self.assertIn("flicker", complaint.description)
        self.assertTrue(complaint.name.startswith("CC/"))
        reply_id = self._receive(
            "Re: Flickering drivers",
            "<second@bright.example>",
            extra="In-Reply-To: <first@bright.example>\nReferences: <first@bright.example>\n",
            body="Here are more photos.",
        )
        self.assertEqual(reply_id, complaint.id)
        self.assertEqual(
            self.env["quality.complaint"].search_count([("team_id", "=", self.team.id)]), 1
        )
        self.assertTrue(complaint.message_ids.filtered(lambda m: "more photos" in (m.body or "")))

    def test_unknown_sender_becomes_a_customer_contact(self):
        raw = INCOMING.format(
            email_from="buyer@new-customer.example",
            to="quality@complaints.example.com",
            subject="Short delivery",
            msg_id="<new@new-customer.example>",
            extra="",
            body="We received 8 instead of 10.",
        )
        complaint = self.env["quality.complaint"].browse(
            self.env["mail.thread"].message_process(None, raw)
        )
        self.assertEqual(complaint.partner_id.email, "buyer@new-customer.example")

    def test_stage_templates_send_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.contact.lang = "zh_CN"
        complaint = self._new_complaint(user=self.env.user)
        # Creation and the stage change come from two requests in real life.
        self.env.flush_all()
        self.env.cr.precommit.run()
        template = self.env.ref("quality_complaint.mail_template_complaint_acknowledged")
        self.assertEqual(template._render_lang(complaint.ids)[complaint.id], "zh_CN")
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_acknowledged")
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking, hence the stage template, runs before commit
        sent = complaint.message_ids.filtered(
            lambda m: m.subject and "we received your complaint" in m.subject
        )
        self.assertEqual(len(sent), 1)
        self.assertIn(self.contact, sent.partner_ids)

    def test_stage_and_responsibility_changes_are_tracked(self):
        complaint = self._new_complaint(user=self.env.user)
        self.env.flush_all()
        self.env.cr.precommit.run()
        investigating = self.env.ref("quality_complaint.quality_complaint_stage_investigating")
        old_stage = complaint.stage_id
        complaint.with_user(self.manager).write(
            {
                "stage_id": investigating.id,
                "user_id": self.manager.id,
                "responsibility": "company",
                "responsible_department": "production",
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = complaint.message_ids.tracking_value_ids
        changes = {
            value.field_id.name: (value.old_value_char, value.new_value_char) for value in values
        }
        self.assertEqual(changes["stage_id"], (old_stage.name, investigating.name))
        self.assertEqual(changes["user_id"][1], self.manager.name)
        self.assertEqual(changes["responsibility"], ("Undetermined", "Company"))
        self.assertEqual(changes["responsible_department"][1], "Production")
        author = values.filtered(lambda v: v.field_id.name == "responsibility").mail_message_id
        self.assertEqual(author.author_id, self.manager.partner_id)

    def test_messages_to_a_customer_do_not_rewrite_the_customer(self):
        """With sign-up by invitation open to customers, every message to a customer
        without a user carries a sign-up link; preparing it must not write the customer's
        row each time, which concurrent complaints of one key account would fight over."""
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        complaint = self._new_complaint(user=self.env.user)
        complaint.message_post(
            body="We received your complaint.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.contact.ids,
        )
        self.env.flush_all()
        self.assertEqual(self.contact.sudo().signup_type, "signup")
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = '2020-01-01' WHERE id = %s", [self.contact.id]
        )
        self.contact.invalidate_recordset()
        complaint.message_post(
            body="Our analysis is attached.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.contact.ids,
        )
        self.env.flush_all()
        self.contact.invalidate_recordset()
        self.assertEqual(str(self.contact.write_date), "2020-01-01 00:00:00")
        mail = self.env["mail.mail"].search(
            [("model", "=", complaint._name), ("res_id", "=", complaint.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn("auth_signup_token", mail.body_html)

    def test_messages_to_a_customer_do_not_rewrite_the_complaint(self):
        """A complaint has its portal token from creation: the first message to its
        customer, whose link needs the token, does not write the complaint, which a user
        moving it at the same time would make PostgreSQL retry."""
        complaint = self._new_complaint(user=self.env.user)
        token = complaint.access_token
        self.assertTrue(token)
        self.assertNotEqual(self._new_complaint(user=self.env.user).access_token, token)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE quality_complaint SET write_date = '2020-01-01' WHERE id = %s", [complaint.id]
        )
        complaint.invalidate_recordset()
        complaint.message_post(
            body="We received your complaint.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.contact.ids,
        )
        self.env.flush_all()
        complaint.invalidate_recordset()
        self.assertEqual(str(complaint.write_date), "2020-01-01 00:00:00")
        self.assertEqual(complaint.access_token, token)
        mail = self.env["mail.mail"].search(
            [("model", "=", complaint._name), ("res_id", "=", complaint.id)],
            order="id desc",
            limit=1,
        )
        self.assertIn(token, mail.body_html)
