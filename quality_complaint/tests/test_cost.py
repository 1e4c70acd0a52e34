# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ChargebackCase, ComplaintCase


class CostCase(ComplaintCase):
    """Helpers reading the cost of complaints in its three places: the complaint, the cost
    report (the pivot) and the dashboard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carrier = cls.env["res.partner"].create(
            {"name": "Pearl River Freight", "is_company": True}
        )

    def _complaint(self, **vals):
        return self._new_complaint(user=self.env.user, **vals)

    def _line(self, complaint, product):
        return complaint.line_ids.filtered(lambda ln: ln.product_id == product)[:1]

    def _refund(self, complaint, qty=2.0):
        """A draft credit note of ``qty`` lot-tracked drivers (100 each, without taxes)."""
        line = self.invoice.invoice_line_ids.filtered(lambda ln: ln.product_id == self.product_lot)
        return complaint._create_refund(self.invoice, {line: qty})

    def _compensate(self, complaint, amount):
        """A compensation credited at once (a manager's override of the appeal rule)."""
        wizard = (
            self.env["quality.complaint.compensation.wizard"]
            .with_context(default_complaint_id=complaint.id)
            .create({"amount": amount, "reason": "Sorting", "override_reason": "Goodwill"})
        )
        wizard.action_confirm()
        complaint.invalidate_recordset(["compensation_move_ids"])
        return complaint.compensation_move_ids

    def _freight_bill(self, complaint, amount, kind="redelivery_freight"):
        """A carrier's draft vendor bill, linked to the complaint as its freight."""
        return self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.carrier.id,
                "invoice_date": fields.Date.today(),
                "freight_complaint_id": complaint.id,
                "complaint_freight_kind": kind,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Express freight", "quantity": 1.0, "price_unit": amount}
                    )
                ],
            }
        )

    def _cost_line(self, complaint, kind, amount, user=None):
        return (
            self.env["quality.complaint.cost.line"]
            .with_user(user or self.env.user)
            .create({"complaint_id": complaint.id, "kind": kind, "name": kind, "amount": amount})
        )

    def _report(self, complaints, groupby=()):
        """The cost report's sums for ``complaints``, as the pivot shows them."""
        return (
            self.env["quality.complaint.cost.report"]
            .with_user(self.manager)
            ._read_group(
                [("complaint_id", "in", complaints.ids)],
                list(groupby),
                ["amount:sum", "amount_pending:sum", "amount_recovered:sum", "amount_net:sum"],
            )
        )

    def _figures(self, complaint):
        complaint.invalidate_recordset()
        return {
            "cost": complaint.cost_total,
            "pending": complaint.amount_pending,
            "recovered": complaint.amount_recovered,
            "net": complaint.cost_net,
        }

    def assertFigures(self, complaint, cost=0.0, pending=0.0, recovered=0.0):
        """The complaint and the cost report show the same cost, pending and recovered."""
        expected = {
            "cost": cost,
            "pending": pending,
            "recovered": recovered,
            "net": cost - recovered,
        }
        for name, value in self._figures(complaint).items():
            self.assertAlmostEqual(value, expected[name], msg=f"complaint {name}")
        [(amount, amount_pending, amount_recovered, amount_net)] = self._report(complaint)
        for name, value in (
            ("cost", amount),
            ("pending", amount_pending),
            ("recovered", amount_recovered),
            ("net", amount_net),
        ):
            self.assertAlmostEqual(value or 0.0, expected[name], msg=f"report {name}")


@tagged("post_install", "-at_install")
class TestCost(CostCase):
    """SPEC §7 "Cost of complaints": one definition for the complaint, the pivot and the
    dashboard; posted and done documents are cost, drafts are pending."""

    # ------------------------------------------------------------ refunds and compensation
    def test_posted_refund_counts_as_cost(self):
        complaint = self._complaint()
        self._refund(complaint).action_post()
        self.assertFigures(complaint, cost=200.0)
        self.assertAlmostEqual(complaint.amount_refunded, 200.0)
        self.assertAlmostEqual(complaint.amount_granted, 200.0)

    def test_draft_refund_is_pending_not_cost(self):
        complaint = self._complaint()
        refund = self._refund(complaint)
        self.assertEqual(refund.state, "draft")
        self.assertFigures(complaint, pending=200.0)
        self.assertAlmostEqual(complaint.amount_refunded, 0.0)
        [(state, cost, pending, _recovered, _net)] = self._report(complaint, ["document_state"])
        self.assertEqual((state, cost, pending), ("draft", 0.0, 200.0))

    def test_posted_compensation_counts_as_cost(self):
        complaint = self._complaint()
        self._compensate(complaint, 75.0).action_post()
        self.assertFigures(complaint, cost=75.0)
        self.assertAlmostEqual(complaint.amount_compensated, 75.0)

    def test_draft_compensation_is_pending_not_cost(self):
        complaint = self._complaint()
        move = self._compensate(complaint, 75.0)
        self.assertEqual(move.mapped("state"), ["draft"])
        self.assertFigures(complaint, pending=75.0)
        self.assertAlmostEqual(complaint.amount_compensated, 0.0)

    def test_cancelled_credit_note_is_neither_cost_nor_pending(self):
        complaint = self._complaint()
        self._refund(complaint).button_cancel()
        self.assertFigures(complaint)

    # ------------------------------------------------------------ goods
    def test_replacement_value_counts_once_shipped(self):
        complaint = self._complaint()
        picking = complaint._create_replacement({self._line(complaint, self.product_plain): 2.0})
        # Not shipped yet: its value at cost price (8 each) is pending.
        self.assertFigures(complaint, pending=16.0)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertFigures(complaint, cost=16.0)
        self.assertAlmostEqual(complaint.replacement_cost, 16.0)

    def test_scrap_value_of_returned_goods_counts_as_cost(self):
        quarantine = self.env["stock.location"].create(
            {
                "name": "Quarantine",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
            }
        )
        complaint = self._complaint(
            responsibility="company", responsible_department="production", disposition="scrap"
        )
        complaint.action_decide_responsibility()
        picking = complaint._create_return(
            self.delivery, {self._line(complaint, self.product_lot): 3.0}, location_dest=quarantine
        )
        picking.button_validate()
        # A return costs nothing by itself (its freight is a cost line or a carrier's bill).
        self.assertFigures(complaint)
        scraps = complaint.with_user(self.manager).action_scrap_returned_goods()
        valued = sum(abs(value) for value in scraps.move_ids.mapped("value"))
        # Stock accounting values the scrapped drivers at their cost, 60 each.
        self.assertAlmostEqual(valued, 180.0)
        self.assertFigures(complaint, cost=180.0)
        self.assertAlmostEqual(complaint.scrap_cost, 180.0)

    # ------------------------------------------------------------ freight, rework
    def test_return_freight_cost_line_counts_as_cost(self):
        complaint = self._complaint()
        self._cost_line(complaint, "return_freight", 45.0, user=self.sales_rep)
        self.assertFigures(complaint, cost=45.0)
        self.assertAlmostEqual(complaint.return_freight_cost, 45.0)
        [(cost_type, *_sums)] = self._report(complaint, ["cost_type"])
        self.assertEqual(cost_type, "return_freight")

    def test_redelivery_freight_from_a_carrier_bill_counts_once_posted(self):
        complaint = self._complaint()
        bill = self._freight_bill(complaint, 120.0)
        self.assertFigures(complaint, pending=120.0)
        bill.action_post()
        self.assertFigures(complaint, cost=120.0)
        self.assertAlmostEqual(complaint.redelivery_freight_cost, 120.0)
        self.assertAlmostEqual(complaint.return_freight_cost, 0.0)

    def test_carrier_bill_is_return_freight_unless_told(self):
        complaint = self._complaint()
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.carrier.id,
                "invoice_date": fields.Date.today(),
                "freight_complaint_id": complaint.id,
                "invoice_line_ids": [
                    Command.create({"name": "Pick-up", "quantity": 1.0, "price_unit": 30.0})
                ],
            }
        )
        self.assertEqual(bill.complaint_freight_kind, "return_freight")
        bill.action_post()
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.return_freight_cost, 30.0)
        bill.freight_complaint_id = False
        self.assertFalse(bill.complaint_freight_kind)
        self.assertFigures(complaint)

    def test_rework_cost_line_counts_as_cost(self):
        complaint = self._complaint(disposition="rework")
        self._cost_line(complaint, "rework", 260.0)
        self._cost_line(complaint, "other", 40.0)
        self.assertFigures(complaint, cost=300.0)
        self.assertAlmostEqual(complaint.rework_cost, 260.0)
        self.assertAlmostEqual(complaint.other_cost, 40.0)

    def test_cost_line_amount_is_positive(self):
        complaint = self._complaint()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._cost_line(complaint, "rework", -5.0)
            self.env.flush_all()
        self.assertFalse(complaint.cost_line_ids)

    # ------------------------------------------------------------ access
    def test_sales_rep_reads_the_cost_without_the_cost_report(self):
        complaint = self._complaint()
        self._refund(complaint).action_post()
        self._cost_line(complaint, "rework", 50.0)
        as_rep = complaint.with_user(self.sales_rep)
        self.assertAlmostEqual(as_rep.cost_total, 250.0)
        self.assertEqual(as_rep.cost_line_ids.mapped("amount"), [50.0])
        with self.assertRaises(AccessError):
            self.env["quality.complaint.cost.report"].with_user(self.sales_rep).search([])

    def test_cost_lines_of_a_closed_complaint_are_for_managers(self):
        complaint = self._complaint()
        line = self._cost_line(complaint, "return_freight", 45.0)
        self._close(complaint)
        self.assertTrue(complaint.is_closed)
        as_rep = line.with_user(self.sales_rep)
        with self.assertRaisesRegex(UserError, "is closed"):
            as_rep.amount = 60.0
        with self.assertRaisesRegex(UserError, "is closed"):
            self._cost_line(complaint, "other", 10.0, user=self.sales_rep)
        with self.assertRaisesRegex(UserError, "is closed"):
            as_rep.unlink()
        self.assertEqual(complaint.cost_line_ids.mapped("amount"), [45.0])
        # A carrier's late invoice: the quality manager records it.
        self._cost_line(complaint, "redelivery_freight", 30.0, user=self.manager)
        self.assertFigures(complaint, cost=75.0)

    def test_cost_lines_of_another_company_are_out_of_reach(self):
        company_b = self.env["res.company"].create({"name": "Cost Company B"})
        user_b = new_test_user(
            self.env,
            "qc_cost_user_b",
            groups="base.group_user,quality_complaint.quality_complaint_group_manager",
            company_id=company_b.id,
            company_ids=[company_b.id],
        )
        complaint = self._complaint()
        line = self._cost_line(complaint, "rework", 50.0)
        CostLine = self.env["quality.complaint.cost.line"].with_user(user_b)
        self.assertFalse(CostLine.search([]))
        with self.assertRaises(AccessError):
            line.with_user(user_b).amount = 10.0
        with self.assertRaises(AccessError):
            CostLine.create({"complaint_id": complaint.id, "name": "x", "amount": 1.0})
        self.assertEqual(complaint.cost_line_ids, line)

    def test_portal_user_sees_no_cost_line(self):
        complaint = self._complaint()
        self._cost_line(complaint, "rework", 50.0)
        portal = new_test_user(self.env, "qc_cost_portal", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        with self.assertRaises(AccessError):
            self.env["quality.complaint.cost.line"].with_user(portal).search([])
        as_portal = complaint.with_user(portal)
        self.assertEqual(as_portal.name, complaint.name)
        for field_name in ("cost_line_ids", "cost_total", "amount_recovered", "cost_net"):
            with self.assertRaises(AccessError):
                as_portal.read([field_name])

    # ------------------------------------------------------------ one definition
    def test_complaint_report_and_dashboard_agree(self):
        # Complaints received far in the past, costs dated today: the dashboard's period
        # covers today (the cost's date), whatever the reception date.
        first = self._complaint()
        self._refund(first).action_post()
        self._refund(first, qty=1.0)  # draft: pending
        self._cost_line(first, "return_freight", 45.0)
        second = self._complaint()
        self._compensate(second, 75.0).action_post()
        self._freight_bill(second, 120.0).action_post()
        self._freight_bill(second, 30.0)  # draft: pending
        picking = second._create_replacement({self._line(second, self.product_plain): 1.0})
        picking.move_ids.picked = True
        picking.button_validate()
        self._cost_line(second, "rework", 260.0)
        complaints = first | second
        self.env.flush_all()
        # The complaints.
        figures = [self._figures(complaint) for complaint in complaints]
        from_complaints = {
            name: sum(figure[name] for figure in figures)
            for name in ("cost", "pending", "recovered", "net")
        }
        self.assertAlmostEqual(from_complaints["cost"], 200.0 + 45.0 + 75.0 + 120.0 + 8.0 + 260.0)
        self.assertAlmostEqual(from_complaints["pending"], 100.0 + 30.0)
        # The cost report (pivot).
        [(cost, pending, recovered, net)] = self._report(complaints)
        from_report = {"cost": cost, "pending": pending, "recovered": recovered, "net": net}
        # The dashboard: the period holds every cost of the database, so compare with the
        # report over the same period; ours are all of today's.
        Dashboard = self.env["quality.complaint.dashboard"].with_user(self.manager)
        today = fields.Date.today()
        kpis = Dashboard.get_dashboard_data(
            fields.Date.to_string(today), fields.Date.to_string(today)
        )["kpis"]
        [(all_cost, all_pending, all_recovered, all_net)] = (
            self.env["quality.complaint.cost.report"]
            .with_user(self.manager)
            ._read_group(
                [("date", "=", today)],
                [],
                ["amount:sum", "amount_pending:sum", "amount_recovered:sum", "amount_net:sum"],
            )
        )
        others = {
            "cost": all_cost - from_report["cost"],
            "pending": all_pending - from_report["pending"],
            "recovered": all_recovered - from_report["recovered"],
            "net": all_net - from_report["net"],
        }
        from_dashboard = {
            "cost": kpis["cost"] - others["cost"],
            "pending": kpis["cost_pending"] - others["pending"],
            "recovered": kpis["cost_recovered"] - others["recovered"],
            "net": kpis["cost_net"] - others["net"],
        }
        for name in ("cost", "pending", "recovered", "net"):
            self.assertAlmostEqual(from_complaints[name], from_report[name], msg=name)
            self.assertAlmostEqual(from_complaints[name], from_dashboard[name], msg=name)

    def test_report_row_ids_are_unique_across_sources(self):
        complaint = self._complaint()
        self._refund(complaint).action_post()
        self._compensate(complaint, 75.0)
        self._cost_line(complaint, "rework", 50.0)
        self._freight_bill(complaint, 120.0)
        rows = self.env["quality.complaint.cost.report"].search(
            [("complaint_id", "=", complaint.id)]
        )
        self.assertEqual(len(rows), len(set(rows.ids)))
        self.assertEqual(
            set(rows.mapped("cost_type")),
            {"refund", "compensation", "rework", "redelivery_freight"},
        )


@tagged("post_install", "-at_install")
class TestCostRecovery(ChargebackCase):
    """What a posted vendor credit note recovers lowers the net cost; a draft one does not
    yet."""

    def test_recovered_amount_is_subtracted_once_posted(self):
        complaint = self._split_60_40()
        recovery, _wizard = self._recover(complaint)
        self.assertEqual(recovery.move_id.state, "draft")
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_recovered, 0.0)
        self.assertAlmostEqual(complaint.cost_net, 1000.0)
        Report = self.env["quality.complaint.cost.report"].with_user(self.finance)
        [(pending,)] = Report._read_group(
            [("complaint_id", "=", complaint.id)], [], ["amount_recovery_pending:sum"]
        )
        self.assertAlmostEqual(pending, 600.0)
        recovery.move_id.action_post()
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.cost_total, 1000.0)
        self.assertAlmostEqual(complaint.amount_recovered, 600.0)
        self.assertAlmostEqual(complaint.cost_net, 400.0)
        [(amount, recovered, net)] = Report._read_group(
            [("complaint_id", "=", complaint.id)],
            [],
            ["amount:sum", "amount_recovered:sum", "amount_net:sum"],
        )
        self.assertEqual((amount, recovered, net), (1000.0, 600.0, 400.0))
