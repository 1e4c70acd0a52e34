# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestCurrency(ComplaintCase):
    """Money in another currency than the company's: refunds and compensation are made in
    the invoice's currency and rounded with that currency's rounding."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_currency = cls.company.currency_id
        cls.foreign = cls.env.ref("base.EUR")
        if cls.foreign == cls.company_currency:
            cls.foreign = cls.env.ref("base.USD")
        cls.foreign.active = True
        # 1 company unit = 0.128 foreign units: rounding differs after conversion.
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.foreign.id, "rate": 0.128, "company_id": cls.company.id}
        )
        # A bare invoice in the foreign currency, typed by the accountant (not the sales
        # rep who handles the complaint), with prices that need rounding.
        cls.foreign_invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "currency_id": cls.foreign.id,
                "invoice_user_id": cls.finance.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product_plain.id,
                            "quantity": 3.0,
                            "price_unit": 33.333,
                            "tax_ids": [Command.set(cls.tax.ids)],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.product_lot.id,
                            "quantity": 2.0,
                            "price_unit": 101.005,
                            "tax_ids": [Command.set(cls.tax.ids)],
                        }
                    ),
                ],
            }
        )
        cls.foreign_invoice.action_post()

    def _foreign_complaint(self):
        """Opened by the quality manager; handled by the sales rep, who may not read the
        accountant's invoice itself: the complaint gives the right to remedy it."""
        return self._new_complaint(documents={"invoices": self.foreign_invoice}, user=self.manager)

    def test_refund_of_a_foreign_invoice_is_in_its_currency_and_rounding(self):
        complaint = self._foreign_complaint()
        form = Form(
            self.env["quality.complaint.refund.wizard"]
            .with_user(self.sales_rep)
            .with_context(default_complaint_id=complaint.id)
        )
        self.assertEqual(form.invoice_id, self.foreign_invoice)
        wizard = form.save()
        self.assertEqual(wizard.currency_id, self.foreign)
        for line in wizard.line_ids:
            line.quantity = 1.0 if line.product_id == self.product_plain else 0.0
        refund = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(refund.reversed_entry_id, self.foreign_invoice)
        self.assertEqual(refund.currency_id, self.foreign)
        self.assertEqual(refund.invoice_line_ids.product_id, self.product_plain)
        # 33.333 is invoiced as 33.33 per line in the foreign currency's rounding.
        self.assertAlmostEqual(refund.amount_untaxed, 33.33, places=6)
        self.assertAlmostEqual(refund.amount_tax, self.foreign.round(33.33 * 0.13), places=6)
        # In the company's currency: converted at the rate, rounded to the company's cents.
        signed = -refund.amount_untaxed_signed
        self.assertAlmostEqual(signed, 33.33 / 0.128, delta=0.05)
        self.assertAlmostEqual(signed, self.company_currency.round(signed), places=9)
        # Balanced in both currencies.
        self.assertTrue(self.company_currency.is_zero(sum(refund.line_ids.mapped("balance"))))
        self.assertTrue(self.foreign.is_zero(sum(refund.line_ids.mapped("amount_currency"))))
        refund.action_post()
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_refunded, -refund.amount_untaxed_signed, places=6)

    def test_refund_in_foreign_currency_never_exceeds_the_invoice(self):
        complaint = self._foreign_complaint()
        lines = self.foreign_invoice.invoice_line_ids
        complaint.with_user(self.sales_rep)._create_refund(self.foreign_invoice, {lines[0]: 2.0})
        with self.assertRaisesRegex(Exception, "remain to refund"):
            complaint.with_user(self.sales_rep)._create_refund(
                self.foreign_invoice, {lines[0]: 1.5}
            )
        self.assertEqual(len(complaint.refund_move_ids), 1)

    def test_compensation_in_the_invoice_currency(self):
        complaint = self._foreign_complaint()
        wizard = (
            self.env["quality.complaint.compensation.wizard"]
            .with_user(self.manager)
            .with_context(default_complaint_id=complaint.id)
            .create(
                {
                    "amount": 12.345,
                    "reason": "Sorting at the customer's",
                    "override_reason": "Goodwill on an appeal",
                }
            )
        )
        self.assertEqual(wizard.currency_id, self.foreign)
        move = self.env["account.move"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(move.currency_id, self.foreign)
        self.assertEqual(move.move_type, "out_refund")
        self.assertAlmostEqual(move.amount_untaxed, self.foreign.round(12.345), places=6)
        signed = -move.amount_untaxed_signed
        self.assertAlmostEqual(signed, 12.35 / 0.128, delta=0.05)
        self.assertAlmostEqual(signed, self.company_currency.round(signed), places=9)

    def test_approval_threshold_compares_in_company_currency(self):
        # 200 foreign units are 1562.5 company units: above the 1000 threshold.
        complaint = self._foreign_complaint()
        # An appeal compensated by a manager's override: only the threshold decides.
        compensation = (
            self.env["quality.complaint.compensation"]
            .with_user(self.manager)
            .create(
                {
                    "complaint_id": complaint.id,
                    "amount": 200.0,
                    "currency_id": self.foreign.id,
                    "reason": "Line stop",
                    "override_reason": "Goodwill on an appeal",
                }
            )
        )
        self.assertTrue(compensation.needs_approval)
        self.assertEqual(compensation.state, "to_approve")
        self.assertFalse(compensation.move_id)
