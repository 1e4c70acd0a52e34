# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestRpcBadInput(HttpCase, ComplaintCase):
    """The public methods of complaints and their wizards, called over JSON-RPC as the web
    client does, with what a tampered client could send: another company's records, wrong
    types, negative or absurd quantities and amounts, huge text. Each call gets a clear
    error and changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "RPC Company B"})
        cls.complaint = cls._new_complaint(cls)
        cls.foreign_complaint = cls.env["quality.complaint"].create(
            {
                "subject": "Company B complaint",
                "partner_id": cls.other_customer.id,
                "company_id": cls.company_b.id,
            }
        )
        _order, _delivery, cls.other_invoice = cls._sell_and_deliver(cls.other_customer)

    def _call(self, model, method, *args, **kwargs):
        """call_kw as the web client posts it; returns (result, error data)."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
            },
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        return body.get("result"), (body.get("error") or {}).get("data")

    def _assert_refused(self, error, exception, message):
        self.assertTrue(error, "the call should have been refused")
        self.assertEqual(error["name"], f"odoo.exceptions.{exception}", error.get("debug"))
        self.assertIn(message, error["message"])

    def _state(self):
        """What a refused call must not change."""
        self.env.invalidate_all()
        Move = self.env["account.move"]
        return (
            Move.search_count([("move_type", "=", "out_refund")]),
            self.env["quality.complaint.compensation"].search_count([]),
            self.env["stock.picking"].search_count([]),
            self.env["quality.complaint.line"].search_count([]),
            self.complaint.read(["subject", "responsibility", "stage_id", "amount_claimed"]),
            self.foreign_complaint.read(["subject", "responsibility", "stage_id"]),
        )

    def test_tampered_calls_are_refused_and_change_nothing(self):
        self.authenticate("qc_sales_rep", "qc_sales_rep")
        before = self._state()
        complaint, foreign = self.complaint.id, self.foreign_complaint.id

        # Another company's complaint: its buttons and its remedy wizards.
        _res, error = self._call("quality.complaint", "action_decide_responsibility", [foreign])
        self._assert_refused(error, "AccessError", "quality.complaint")
        _res, error = self._call(
            "quality.complaint.compensation.wizard",
            "create",
            [{"complaint_id": foreign, "amount": 10.0, "reason": "x"}],
        )
        self._assert_refused(error, "AccessError", "quality.complaint")

        # Negative and absurd amounts and quantities.
        _res, error = self._call(
            "quality.complaint.compensation",
            "create",
            [{"complaint_id": complaint, "amount": -50.0, "reason": "Negative"}],
        )
        self._assert_refused(error, "ValidationError", "must be positive")
        _res, error = self._call(
            "quality.complaint",
            "write",
            [complaint],
            {"line_ids": [Command.create({"product_id": self.product_plain.id, "quantity": -5})]},
        )
        self._assert_refused(error, "ValidationError", "must be positive")
        plain_line = self.complaint.line_ids.filtered(
            lambda ln: ln.product_id == self.product_plain
        )
        _res, error = self._call(
            "quality.complaint.line", "write", [plain_line.id], {"quantity": 1e9}
        )
        self._assert_refused(error, "ValidationError", "more than the 10.0 delivered")

        # A refund wizard with a negative quantity, then an absurd one, then another
        # customer's invoice.
        invoice_line = self.invoice.invoice_line_ids.filtered(
            lambda ln: ln.product_id == self.product_plain
        )
        wizard_ids, error = self._call(
            "quality.complaint.refund.wizard",
            "create",
            [
                {
                    "complaint_id": complaint,
                    "invoice_id": self.invoice.id,
                    "line_ids": [
                        Command.create({"invoice_line_id": invoice_line.id, "quantity": -1.0})
                    ],
                }
            ],
        )
        self.assertFalse(error)
        wizard_id = wizard_ids[0]
        _res, error = self._call("quality.complaint.refund.wizard", "action_confirm", [wizard_id])
        self._assert_refused(error, "UserError", "cannot be refunded")
        wizard = self.env["quality.complaint.refund.wizard"].browse(wizard_id)
        self._call(
            "quality.complaint.refund.wizard.line", "write", wizard.line_ids.ids, {"quantity": 1e9}
        )
        _res, error = self._call("quality.complaint.refund.wizard", "action_confirm", [wizard_id])
        self._assert_refused(error, "UserError", "cannot be refunded")
        self._call(
            "quality.complaint.refund.wizard",
            "write",
            [wizard_id],
            {"invoice_id": self.other_invoice.id},
        )
        _res, error = self._call("quality.complaint.refund.wizard", "action_confirm", [wizard_id])
        self._assert_refused(error, "UserError", "Refunds reverse a posted customer invoice")

        # Wrong types and huge text.
        _res, error = self._call(
            "quality.complaint.compensation",
            "create",
            [{"complaint_id": complaint, "amount": "a lot", "reason": "Wrong type"}],
        )
        self.assertTrue(error)
        _res, error = self._call(
            "quality.complaint", "write", [complaint], {"subject": "Flicker " * 100000}
        )
        self._assert_refused(error, "ValidationError", "at most 200 characters")

        self.assertEqual(self._state(), before)
