# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import ChargebackCase


@tagged("post_install", "-at_install")
class TestChargeback(ChargebackCase):
    # ------------------------------------------------------------ liability split
    def test_recovery_from_defaults_alone_as_an_automation_would(self):
        complaint = self._split_60_40()
        wizard = (
            self.env["quality.complaint.recovery.wizard"]
            .with_user(self.manager)
            .with_context(default_complaint_id=complaint.id)
            .create({})
        )
        self.assertEqual(wizard.liability_id.party_type, "supplier")
        self.assertEqual(wizard.amount, wizard.liability_id.amount_recoverable)
        self.assertTrue(wizard.reason)
        recovery = self.env["quality.complaint.recovery"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(recovery.amount, wizard.amount)

    def test_supplier_is_found_through_lot_traceability(self):
        complaint = self._complaint_with_cost()
        self.assertEqual(complaint.traced_supplier_ids, self.supplier)
        complaint.liability_ids = [Command.create({"party_type": "supplier", "percentage": 60})]
        self.assertEqual(complaint.liability_ids.partner_id, self.supplier)
        self.assertEqual(complaint.liability_ids._recovery_bill(), self.bill)
        self.assertEqual(complaint.liability_ids._recovery_receipts(), self.receipt)

    def test_shares_must_make_100_percent_when_the_decision_is_recorded(self):
        complaint = self._complaint_with_cost()
        complaint.write(
            {
                "responsibility": "supplier",
                "liability_ids": [
                    Command.create({"party_type": "supplier", "percentage": 60}),
                    Command.create(
                        {"party_type": "company", "department": "production", "percentage": 30}
                    ),
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "add up to 90.0 %"):
            complaint.action_decide_responsibility()
        self.assertFalse(complaint.responsibility_date)
        complaint.liability_ids.filtered(lambda lb: lb.party_type == "company").percentage = 40
        complaint.action_decide_responsibility()
        self.assertTrue(complaint.responsibility_date)
        with self.assertRaisesRegex(UserError, "add up to 110.0 %"):
            complaint.liability_ids.filtered(lambda lb: lb.party_type == "company").percentage = 50
        self.assertEqual(sum(complaint.liability_ids.mapped("percentage")), 100)

    def test_no_recovery_before_the_decision(self):
        complaint = self._complaint_with_cost()
        complaint.liability_ids = [Command.create({"party_type": "supplier", "percentage": 100})]
        with self.assertRaisesRegex(UserError, "Record the responsibility decision"):
            self._recover(complaint)
        self.assertFalse(complaint.recovery_ids)
        self.assertFalse(self._supplier_moves())

    # ------------------------------------------------------------ supplier charge-back
    def test_supplier_chargeback_is_a_draft_reversal_of_the_bill_for_its_share(self):
        complaint = self._split_60_40()
        supplier_share = complaint.liability_ids.filtered(lambda lb: lb.party_type == "supplier")
        self.assertAlmostEqual(supplier_share.amount_liable, 600.0)
        recovery, _wizard = self._recover(complaint)
        self.assertEqual(recovery.state, "settled")
        move = recovery.move_id
        self.assertEqual(move.move_type, "in_refund")
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.reversed_entry_id, self.bill)
        self.assertEqual(move.commercial_partner_id, self.supplier)
        self.assertAlmostEqual(move.amount_untaxed, 600.0)
        self.assertEqual(move.recovery_complaint_id, complaint)
        self.assertEqual(
            move.invoice_line_ids.product_id,
            self.env.ref("quality_complaint.product_complaint_chargeback"),
        )
        # The purchase order is not touched: its bill stays billed in full.
        self.assertEqual(self.purchase.order_line.qty_invoiced, 20.0)
        # Recovered once finance posts the draft credit note.
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_recovered, 0.0)
        move.action_post()
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_recovered, 600.0)
        self.assertAlmostEqual(complaint.cost_net, 400.0)
        self.assertEqual(complaint.recovery_count, 1)
        self.assertAlmostEqual(supplier_share.amount_recoverable, 0.0)
        # The refund of the customer stays the cost; recovering does not change it.
        self.assertAlmostEqual(complaint.cost_total, 1000.0)

    def test_supplier_receives_a_corrective_action_request(self):
        complaint = self._split_60_40()
        recovery, _wizard = self._recover(complaint)
        self.assertEqual(recovery.contact_id, self.supplier_contact)
        self.assertTrue(recovery.date_request_sent)
        message = recovery.message_ids.filtered(lambda m: self.supplier_contact in m.partner_ids)
        self.assertEqual(
            len(message),
            1,
            [
                (m.subject, m.partner_ids.mapped("name"), m.message_type)
                for m in recovery.message_ids
            ],
        )
        self.assertIn("corrective action requested", message.subject)
        self.assertIn("LOT-DCW-2407", str(message.body))

    def test_no_second_document_and_no_recovery_beyond_the_share(self):
        complaint = self._split_60_40()
        recovery, wizard = self._recover(complaint)
        with self.assertRaisesRegex(UserError, "already submitted"):
            wizard.action_confirm()
        with self.assertRaisesRegex(UserError, "Only .* can still be recovered"):
            self._recover(complaint, amount=1.0)
        with self.assertRaisesRegex(UserError, "already has its credit note"):
            recovery._settle()
        self.assertEqual(len(complaint.recovery_ids), 1)
        self.assertEqual(self._supplier_moves(), recovery.move_id)

    def test_a_partial_recovery_leaves_the_rest_recoverable(self):
        complaint = self._split_60_40()
        self._recover(complaint, amount=250.0)
        with self.assertRaisesRegex(UserError, "Only .*350.00.* can still be recovered"):
            self._recover(complaint, amount=350.01)
        second, _wizard = self._recover(complaint)
        self.assertAlmostEqual(second.amount, 350.0)
        self.assertAlmostEqual(sum(self._supplier_moves().mapped("amount_untaxed")), 600.0)

    def test_recovery_above_the_threshold_waits_for_a_finance_approver(self):
        self.company.complaint_recovery_approval_amount = 500.0
        complaint = self._split_60_40()
        recovery, _wizard = self._recover(complaint)
        self.assertEqual(recovery.state, "to_approve")
        self.assertFalse(recovery.move_id)
        self.assertFalse(self._supplier_moves())
        # Meanwhile, the share is held: nothing more can be claimed.
        with self.assertRaisesRegex(UserError, "can still be recovered"):
            self._recover(complaint, amount=1.0)
        with self.assertRaises(AccessError):
            recovery.with_user(self.manager).action_approve()
        self.assertEqual(recovery.state, "to_approve")
        recovery.with_user(self.finance).action_approve()
        self.assertEqual(recovery.state, "settled")
        self.assertEqual(recovery.approver_id, self.finance)
        self.assertEqual(recovery.move_id.state, "draft")
        self.assertAlmostEqual(recovery.move_id.amount_untaxed, 600.0)

    def test_refused_recovery_frees_the_share(self):
        self.company.complaint_recovery_approval_amount = 500.0
        complaint = self._split_60_40()
        recovery, _wizard = self._recover(complaint)
        recovery.with_user(self.finance).action_refuse("The supplier's warranty expired")
        self.assertEqual(recovery.state, "refused")
        self.assertFalse(self._supplier_moves())
        self.company.complaint_recovery_approval_amount = 1000.0
        second, _wizard = self._recover(complaint)
        self.assertAlmostEqual(second.move_id.amount_untaxed, 600.0)

    def test_complaint_user_cannot_charge_back(self):
        complaint = self._split_60_40()
        with self.assertRaises(AccessError):
            self._recover(complaint, user=self.sales_rep)
        self.assertFalse(complaint.recovery_ids)

    # ------------------------------------------------------------ return to supplier
    def test_defective_lot_returns_to_the_supplier_through_the_receipt(self):
        complaint = self._split_60_40()
        recovery, _wizard = self._recover(complaint, return_to_supplier=True)
        picking = recovery.return_picking_id
        self.assertEqual(picking.return_id, self.receipt)
        self.assertEqual(picking.partner_id, self.supplier_contact)
        self.assertEqual(picking.location_dest_id.usage, "supplier")
        self.assertEqual(picking.recovery_complaint_id, complaint)
        self.assertEqual(
            {ml.lot_id: ml.quantity for ml in picking.move_line_ids}, {self.lot_po: 10.0}
        )
        # The supplier return is no customer return: it costs nothing to the complaint.
        self.assertFalse(complaint.return_picking_ids)
        with self.assertRaisesRegex(UserError, "already returned"):
            recovery._create_supplier_return({complaint.line_ids[0]: 1.0})

    # ------------------------------------------------------------ carrier claim
    def test_carrier_claim_is_settled_by_a_vendor_credit_note(self):
        complaint = self._decide(
            self._complaint_with_cost(),
            [("carrier", self.carrier, 30.0), ("company", None, 70.0)],
        )
        with self.assertRaisesRegex(UserError, "can still be recovered"):
            self._recover(complaint, amount=300.01)
        claim, _wizard = self._recover(complaint, reference="PRF-CLM-0042")
        self.assertEqual(claim.state, "draft")
        self.assertAlmostEqual(claim.amount, 300.0)
        self.assertFalse(claim.move_id)
        with self.assertRaisesRegex(UserError, "does not apply"):
            claim.action_settle()
        claim.action_claim()
        self.assertEqual(claim.state, "claimed")
        claim.amount = 250.0  # what the carrier accepts
        claim.action_accept()
        claim.action_settle()
        self.assertEqual(claim.state, "settled")
        move = claim.move_id
        self.assertEqual((move.move_type, move.state), ("in_refund", "draft"))
        self.assertEqual(move.partner_id, self.carrier)
        self.assertFalse(move.reversed_entry_id)
        self.assertIn("PRF-CLM-0042", move.ref)
        self.assertAlmostEqual(move.amount_untaxed, 250.0)
        move.action_post()
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.cost_net, 750.0)
        with self.assertRaisesRegex(UserError, "cannot change"):
            claim.amount = 300.0

    def test_rejected_carrier_claim_credits_nothing(self):
        complaint = self._decide(
            self._complaint_with_cost(),
            [("carrier", self.carrier, 30.0), ("company", None, 70.0)],
        )
        claim, _wizard = self._recover(complaint)
        claim.action_claim()
        claim.action_reject()
        self.assertEqual(claim.state, "rejected")
        with self.assertRaisesRegex(UserError, "does not apply"):
            claim.action_settle()
        self.assertFalse(claim.move_id)
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_recovered, 0.0)

    # ------------------------------------------------------------ reporting
    def test_cost_report_shows_recovered_and_net_by_supplier(self):
        complaint = self._split_60_40()
        recovery, _wizard = self._recover(complaint)
        recovery.move_id.action_post()
        Report = self.env["quality.complaint.cost.report"].with_user(self.finance)
        [(amount, recovered, net)] = Report._read_group(
            [("complaint_id", "=", complaint.id)],
            [],
            ["amount:sum", "amount_recovered:sum", "amount_net:sum"],
        )
        self.assertAlmostEqual(amount, 1000.0)
        self.assertAlmostEqual(recovered, 600.0)
        self.assertAlmostEqual(net, 400.0)
        by_party = Report._read_group(
            [("complaint_id", "=", complaint.id), ("cost_type", "=", "recovery")],
            ["liable_partner_id", "party_type"],
            ["amount_recovered:sum"],
        )
        self.assertEqual(by_party, [(self.supplier, "supplier", 600.0)])
