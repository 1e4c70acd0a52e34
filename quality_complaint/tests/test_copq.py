# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import ChargebackCase, Json2Mixin

MEASURES = ["amount:sum", "amount_recovered:sum", "amount_net:sum", "recovered_share:avg"]


class CopqCase(ChargebackCase):
    """The Cost of Poor Quality ledger (SPEC §8) on costs counted by hand:

    - complaint A, customer Bright Lamps, on the capacitor supplier's lot: the LED drivers
      (defect SOL) refunded, 1,000, posted; the supplier liable for 60 %, 600 recovered by
      a posted vendor credit note;
    - complaint B, customer Other, on the lamp housings (defect SCR): 3 housings refunded,
      60, posted, and 250 of rework last month;
    - complaint C, customer Bright Lamps, on the lamp housings (defect SCR): 75 of
      compensation, posted, and a draft refund of one driver, 100, pending.

    Cost 1,385, recovered 600, net 785, pending 100, all of the complaints of one team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Defect = cls.env["quality.complaint.defect"]
        cls.solder = Defect.create({"code": "SOL", "name": "Cold solder joint"})
        cls.scratch = Defect.create({"code": "SCR", "name": "Scratched housing"})
        cls.team = cls.env["quality.complaint.team"].create(
            {"name": "CoPQ team", "company_id": False}
        )
        cls.today = fields.Date.context_today(cls.env["quality.complaint"])
        cls.last_month = cls.today - relativedelta(months=1)
        cls.other_order, cls.other_delivery, cls.other_invoice = cls._sell_and_deliver(
            cls.other_customer
        )

        # A: the supplier's drivers refunded; 60 % recovered from the supplier.
        cls.complaint_a = cls._complaint(
            cls.contact, cls.po_order, cls.po_delivery, cls.po_invoice, cls.product_lot, cls.solder
        )
        cls._refund(cls.complaint_a, cls.po_invoice, cls.product_lot, 10.0).action_post()
        cls.complaint_a.write(
            {
                "responsibility": "supplier",
                "liability_ids": [
                    Command.create(
                        {"party_type": "supplier", "percentage": 60.0, "evidence": "ESR"}
                    ),
                    Command.create(
                        {"party_type": "company", "department": "production", "percentage": 40.0}
                    ),
                ],
            }
        )
        cls.complaint_a.action_decide_responsibility()
        wizard = (
            cls.env["quality.complaint.recovery.wizard"]
            .with_context(default_complaint_id=cls.complaint_a.id)
            .create({})
        )
        recovery = cls.env["quality.complaint.recovery"].browse(wizard.action_confirm()["res_id"])
        recovery.move_id.action_post()

        # B: the other customer's housings refunded and reworked.
        cls.complaint_b = cls._complaint(
            cls.other_customer,
            cls.other_order,
            cls.other_delivery,
            cls.other_invoice,
            cls.product_plain,
            cls.scratch,
        )
        cls._refund(cls.complaint_b, cls.other_invoice, cls.product_plain, 3.0).action_post()
        cls.env["quality.complaint.cost.line"].create(
            {
                "complaint_id": cls.complaint_b.id,
                "kind": "rework",
                "name": "Re-painting of the housings",
                "amount": 250.0,
                "date": cls.last_month,
            }
        )

        # C: a compensation (a service product: the cost is the complaint's housings') and
        # a draft refund.
        cls.complaint_c = cls._complaint(
            cls.contact, cls.order, cls.delivery, cls.invoice, cls.product_plain, cls.scratch
        )
        wizard = (
            cls.env["quality.complaint.compensation.wizard"]
            .with_context(default_complaint_id=cls.complaint_c.id)
            .create({"amount": 75.0, "reason": "Sorting", "override_reason": "Goodwill"})
        )
        wizard.action_confirm()
        cls.complaint_c.compensation_move_ids.action_post()
        cls._refund(cls.complaint_c, cls.invoice, cls.product_lot, 1.0)
        cls.complaints = cls.complaint_a | cls.complaint_b | cls.complaint_c
        cls.complaints.team_id = cls.team

    @classmethod
    def _complaint(cls, partner, order, delivery, invoice, product, defect):
        """A complaint from the order, its delivery and invoice, the lines of ``product``
        given the ``defect`` code."""
        Complaint = cls.env["quality.complaint"]
        vals = Complaint._prepare_default_vals(
            partner, sale_orders=order, pickings=delivery, invoices=invoice
        )
        complaint = Complaint.create({"subject": f"{defect.code} on {product.name}", **vals})
        complaint.line_ids.filtered(lambda ln: ln.product_id == product).defect_id = defect
        return complaint

    @classmethod
    def _refund(cls, complaint, invoice, product, qty):
        line = invoice.invoice_line_ids.filtered(lambda ln: ln.product_id == product)
        return complaint._create_refund(invoice, {line: qty})

    def _pivot(self, groupby, user=None, domain=None):
        """{group key: (cost, recovered, net, recovered share)} as the pivot reads them."""
        Report = self.env["quality.complaint.cost.report"].with_user(user or self.manager)
        rows = Report._read_group(
            domain or [("complaint_id", "in", self.complaints.ids)], groupby, MEASURES
        )
        return {tuple(row[: len(groupby)]): tuple(row[len(groupby) :]) for row in rows}

    def assertRow(self, row, cost, recovered):
        """A pivot row: its cost, recovered, net and share = recovered / cost."""
        amount, amount_recovered, net, share = row
        self.assertAlmostEqual(amount, cost)
        self.assertAlmostEqual(amount_recovered, recovered)
        self.assertAlmostEqual(net, cost - recovered)
        if cost:
            self.assertAlmostEqual(share, 100.0 * recovered / cost)
        else:
            self.assertIs(share, False)  # no cost: no share (NULL), not 0 %

    def _dashboard(self, user=None, **filters):
        """The dashboard of last month and this one, for the team of the complaints unless
        told."""
        return (
            self.env["quality.complaint.dashboard"]
            .with_user(user or self.manager)
            .get_dashboard_data(
                fields.Date.to_string(self.last_month.replace(day=1)),
                fields.Date.to_string(self.today),
                **{"team_id": self.team.id, **filters},
            )
        )


@tagged("post_install", "-at_install")
class TestCopq(CopqCase):
    # ------------------------------------------------------------ the ledger (pivot)
    def test_every_cost_is_a_line_of_its_document(self):
        Report = self.env["quality.complaint.cost.report"].with_user(self.manager)
        rows = Report.search([("complaint_id", "in", self.complaints.ids)])
        documents = {(row.cost_type, row.document_model, row.document_name) for row in rows}
        refund_a = self.complaint_a.refund_move_ids
        recovery = self.complaint_a.recovery_ids.move_id
        self.assertIn(("refund", "account.move", refund_a.name), documents)
        self.assertIn(("recovery", "account.move", recovery.name), documents)
        self.assertIn(("rework", "quality.complaint", "Re-painting of the housings"), documents)
        compensation = rows.filtered(lambda r: r.cost_type == "compensation")
        self.assertEqual(compensation.document_id, self.complaint_c.compensation_move_ids.id)
        action = compensation.action_open_document()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("account.move", self.complaint_c.compensation_move_ids.id),
        )

    def test_totals_with_the_recovered_share(self):
        [(cost, recovered, net, share)] = self._pivot([]).values()
        self.assertAlmostEqual(cost, 1385.0)
        self.assertAlmostEqual(recovered, 600.0)
        self.assertAlmostEqual(net, 785.0)
        self.assertAlmostEqual(share, 100.0 * 600.0 / 1385.0)

    def test_rolled_up_by_defect_code(self):
        rows = self._pivot(["defect_id"])
        self.assertRow(rows[(self.solder,)], 1000.0, 600.0)
        self.assertRow(rows[(self.scratch,)], 60.0 + 250.0 + 75.0, 0.0)
        # The draft refund of C's drivers (no defect code on them): pending, no cost.
        self.assertRow(rows[(self.env["quality.complaint.defect"],)], 0.0, 0.0)

    def test_rolled_up_by_customer(self):
        rows = self._pivot(["partner_id"])
        self.assertEqual(set(rows), {(self.customer,), (self.other_customer,)})
        self.assertRow(rows[(self.customer,)], 1000.0 + 75.0, 600.0)
        self.assertRow(rows[(self.other_customer,)], 310.0, 0.0)

    def test_rolled_up_by_complained_product(self):
        # The compensation and the rework carry no product of their own: they are the
        # complaint's housings' cost; the recovery is the drivers'.
        rows = self._pivot(["complaint_product_id"])
        self.assertEqual(set(rows), {(self.product_lot,), (self.product_plain,)})
        self.assertRow(rows[(self.product_lot,)], 1000.0, 600.0)
        self.assertRow(rows[(self.product_plain,)], 385.0, 0.0)

    def test_rolled_up_by_supplier(self):
        rows = self._pivot(["liable_partner_id"])
        self.assertRow(rows[(self.supplier,)], 1000.0, 600.0)
        self.assertRow(rows[(self.env["res.partner"],)], 385.0, 0.0)
        domain = [("liable_partner_id", "=", self.supplier.id)]
        [(party,)] = self._pivot(["party_type"], domain=domain)
        self.assertEqual(party, "supplier")

    def test_rolled_up_by_month(self):
        rows = self._pivot(["date:month"])
        this_month = self.today.replace(day=1)
        last_month = self.last_month.replace(day=1)
        self.assertEqual(set(rows), {(this_month,), (last_month,)})
        self.assertRow(rows[(last_month,)], 250.0, 0.0)
        self.assertRow(rows[(this_month,)], 1135.0, 600.0)

    def test_share_of_two_levels_is_summed_never_averaged(self):
        rows = self._pivot(["defect_id", "partner_id"])
        self.assertRow(rows[(self.solder, self.customer)], 1000.0, 600.0)
        self.assertRow(rows[(self.scratch, self.customer)], 75.0, 0.0)
        self.assertRow(rows[(self.scratch, self.other_customer)], 310.0, 0.0)
        # The customer's lines: a refund (share 0), a recovery (none) and a compensation
        # (share 0); an average of the lines' shares would say 0 %.
        [(share,)] = (
            self.env["quality.complaint.cost.report"]
            .with_user(self.finance)
            ._read_group(
                [
                    ("complaint_id", "in", self.complaints.ids),
                    ("partner_id", "=", self.customer.id),
                ],
                [],
                ["recovered_share:avg"],
            )
        )
        self.assertAlmostEqual(share, 100.0 * 600.0 / 1075.0)

    def test_pivot_groups_by_every_dimension_at_once(self):
        """The pivot reads its rows and totals in one grouping-sets query."""
        Report = self.env["quality.complaint.cost.report"].with_user(self.finance)
        domain = [("complaint_id", "in", self.complaints.ids)]
        by_defect, total = Report.formatted_read_grouping_sets(
            domain, [["defect_id"], []], ["amount:sum", "recovered_share:avg"]
        )
        self.assertAlmostEqual(total[0]["recovered_share:avg"], 100.0 * 600.0 / 1385.0)
        shares = {
            group["defect_id"] and group["defect_id"][0]: group["recovered_share:avg"]
            for group in by_defect
        }
        self.assertAlmostEqual(shares[self.solder.id], 60.0)
        self.assertAlmostEqual(shares[self.scratch.id], 0.0)

    # ------------------------------------------------------------ the dashboard
    def test_dashboard_card_equals_a_direct_sum(self):
        data = self._dashboard()
        copq = data["cost_of_poor_quality"]
        [(cost, pending, recovered, net)] = (
            self.env["quality.complaint.cost.report"]
            .with_user(self.manager)
            ._read_group(
                [("complaint_id", "in", self.complaints.ids)],
                [],
                ["amount:sum", "amount_pending:sum", "amount_recovered:sum", "amount_net:sum"],
            )
        )
        self.assertEqual(
            (copq["cost"], copq["pending"], copq["recovered"], copq["net"]),
            (cost, pending, recovered, net),
        )
        self.assertEqual((cost, pending, recovered, net), (1385.0, 100.0, 600.0, 785.0))
        self.assertEqual(copq["recovered_share"], 43.3)
        self.assertEqual(copq["currency_id"], self.company.currency_id.id)
        # The KPIs of SPEC §5 are the card's totals.
        kpis = data["kpis"]
        self.assertEqual(
            (kpis["cost"], kpis["cost_pending"], kpis["cost_recovered"], kpis["cost_net"]),
            (1385.0, 100.0, 600.0, 785.0),
        )

    def test_dashboard_top_five_by_defect_customer_and_supplier(self):
        rankings = {
            ranking["key"]: ranking["rows"]
            for ranking in self._dashboard()["cost_of_poor_quality"]["rankings"]
        }

        def rows(key):
            return [
                (row["id"], row["cost"], row["recovered"], row["net"], row["recovered_share"])
                for row in rankings[key]
            ]

        self.assertEqual(
            rows("by_defect"),
            [
                (self.solder.id, 1000.0, 600.0, 400.0, 60.0),
                (self.scratch.id, 385.0, 0.0, 385.0, 0.0),
                (False, 0.0, 0.0, 0.0, None),
            ],
        )
        self.assertEqual(
            rows("by_customer"),
            [
                (self.customer.id, 1075.0, 600.0, 475.0, 55.8),
                (self.other_customer.id, 310.0, 0.0, 310.0, 0.0),
            ],
        )
        self.assertEqual(
            rows("by_supplier"),
            [(self.supplier.id, 1000.0, 600.0, 400.0, 60.0), (False, 385.0, 0.0, 385.0, 0.0)],
        )
        self.assertEqual(rankings["by_defect"][0]["label"], "SOL Cold solder joint")
        self.assertEqual(rankings["by_defect"][2]["label"], "No defect code")

    def test_dashboard_card_follows_the_period_and_the_filters(self):
        copq = (
            self.env["quality.complaint.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data(
                fields.Date.to_string(self.today.replace(day=1)),
                fields.Date.to_string(self.today),
                team_id=self.team.id,
            )["cost_of_poor_quality"]
        )
        if self.last_month.month != self.today.month:
            # Last month's rework is out of this month.
            self.assertEqual(copq["cost"], 1135.0)
        category = self.env["quality.complaint.category"].create({"name": "CoPQ category"})
        self.complaint_b.category_id = category
        copq = self._dashboard(category_id=category.id)["cost_of_poor_quality"]
        self.assertEqual((copq["cost"], copq["recovered"]), (310.0, 0.0))
        other_team = self.env["quality.complaint.team"].create({"name": "No cost team"})
        copq = self._dashboard(team_id=other_team.id)["cost_of_poor_quality"]
        self.assertEqual((copq["cost"], copq["recovered_share"]), (0.0, None))
        self.assertEqual([r["rows"] for r in copq["rankings"]], [[], [], []])

    def test_dashboard_card_costs_the_same_queries_for_more_complaints(self):
        Dashboard = self.env["quality.complaint.dashboard"].with_user(self.manager)
        start = datetime.combine(self.last_month.replace(day=1), datetime.min.time())
        stop = datetime.combine(self.today + timedelta(days=1), datetime.min.time())

        def queries():
            """The queries of the card once the caches are warm (what users see)."""
            self.env.flush_all()
            Dashboard._cost_of_poor_quality(start, stop, team_id=self.team.id)
            # The names of the rankings are read again.
            self.env["quality.complaint.defect"].invalidate_model()
            self.env["res.partner"].invalidate_model()
            before = self.env.cr.sql_log_count
            Dashboard._cost_of_poor_quality(start, stop, team_id=self.team.id)
            return self.env.cr.sql_log_count - before

        few = queries()
        # More complaints, customers and defect codes, each with a cost.
        for index in range(6):
            customer = self.env["res.partner"].create(
                {"name": f"CoPQ customer {index}", "is_company": True}
            )
            defect = self.env["quality.complaint.defect"].create(
                {"code": f"X{index}", "name": f"Defect {index}"}
            )
            complaint = self.env["quality.complaint"].create(
                {
                    "subject": f"CoPQ {index}",
                    "partner_id": customer.id,
                    "team_id": self.team.id,
                    "line_ids": [
                        Command.create(
                            {"product_id": self.product_plain.id, "defect_id": defect.id}
                        )
                    ],
                }
            )
            self.env["quality.complaint.cost.line"].create(
                {"complaint_id": complaint.id, "kind": "other", "name": "Sorting", "amount": 10.0}
            )
        self.assertEqual(queries(), few)
        # The totals, and per ranking its groups and their names.
        self.assertLessEqual(few, 7)

    # ------------------------------------------------------------ currencies and companies
    def test_other_currencies_are_converted_to_the_company_currency(self):
        foreign = self.env.ref("base.EUR")
        if foreign == self.company.currency_id:
            foreign = self.env.ref("base.USD")
        foreign.active = True
        # 1 company unit = 0.5 foreign units: 100 foreign units are 200 in the company's.
        self.env["res.currency.rate"].create(
            {"currency_id": foreign.id, "rate": 0.5, "company_id": self.company.id}
        )
        company_b = self.env["res.company"].create(
            {"name": "CoPQ Company B", "currency_id": foreign.id}
        )
        complaint = (
            self.env["quality.complaint"]
            .with_company(company_b)
            .create(
                {
                    "subject": "Company B's housings",
                    "partner_id": self.other_customer.id,
                    "company_id": company_b.id,
                    "team_id": self.team.id,
                }
            )
        )
        self.env["quality.complaint.cost.line"].create(
            {"complaint_id": complaint.id, "kind": "rework", "name": "Rework", "amount": 100.0}
        )
        self.manager.company_ids |= company_b
        both = [self.company.id, company_b.id]
        Report = (
            self.env["quality.complaint.cost.report"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=both)
        )
        row = Report.search([("complaint_id", "=", complaint.id)])
        self.assertEqual((row.currency_id, row.amount), (foreign, 100.0))
        domain = [("complaint_id", "in", (self.complaints | complaint).ids)]
        [(converted, share)] = Report._read_group(
            domain, [], ["amount:sum_currency", "recovered_share:avg"]
        )
        self.assertAlmostEqual(converted, 1385.0 + 200.0)
        self.assertAlmostEqual(share, 100.0 * 600.0 / 1585.0)
        copq = (
            self.env["quality.complaint.dashboard"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=both)
            .get_dashboard_data(
                fields.Date.to_string(self.last_month.replace(day=1)),
                fields.Date.to_string(self.today),
                team_id=self.team.id,
            )["cost_of_poor_quality"]
        )
        self.assertEqual((copq["cost"], copq["recovered"]), (1585.0, 600.0))
        by_customer = {
            row["id"]: row["cost"]
            for ranking in copq["rankings"]
            if ranking["key"] == "by_customer"
            for row in ranking["rows"]
        }
        # Both currencies in one customer's group: converted; one currency: as it is.
        self.assertEqual(by_customer, {self.customer.id: 1075.0, self.other_customer.id: 510.0})
        # In company A alone, company A's costs only.
        copq = (
            self.env["quality.complaint.dashboard"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id])
            .get_dashboard_data(
                fields.Date.to_string(self.last_month.replace(day=1)),
                fields.Date.to_string(self.today),
                team_id=self.team.id,
            )["cost_of_poor_quality"]
        )
        self.assertEqual(copq["cost"], 1385.0)

    # ------------------------------------------------------------ access
    def test_sales_rep_reads_no_cost_of_poor_quality(self):
        Report = self.env["quality.complaint.cost.report"].with_user(self.sales_rep)
        with self.assertRaises(AccessError):
            Report._read_group([], ["defect_id"], ["amount:sum", "recovered_share:avg"])
        with self.assertRaises(AccessError):
            Report.search([])
        data = self._dashboard(user=self.sales_rep)
        self.assertIsNone(data["cost_of_poor_quality"])
        self.assertNotIn("cost", data["kpis"])
        # Finance reads it.
        self.assertEqual(self._pivot([], user=self.finance)[()][0], 1385.0)


@tagged("post_install", "-at_install")
class TestCopqJson2(Json2Mixin, HttpCase, CopqCase):
    """The ledger read by an integration over Odoo 19's JSON-2 API, with explicit values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._json2_keys(cls.finance, cls.sales_rep)

    def test_ledger_by_defect_code_over_json2(self):
        groups = self._json2(
            self.finance,
            "quality.complaint.cost.report",
            "formatted_read_group",
            domain=[("complaint_id", "in", self.complaints.ids)],
            groupby=["defect_id"],
            aggregates=MEASURES,
        )
        by_defect = {group["defect_id"] and group["defect_id"][0]: group for group in groups}
        solder = by_defect[self.solder.id]
        self.assertEqual(solder["defect_id"][1], "SOL Cold solder joint")
        self.assertAlmostEqual(solder["amount:sum"], 1000.0)
        self.assertAlmostEqual(solder["amount_recovered:sum"], 600.0)
        self.assertAlmostEqual(solder["recovered_share:avg"], 60.0)
        self.assertAlmostEqual(by_defect[self.scratch.id]["amount:sum"], 385.0)
        # The dashboard's card, the period and the team given explicitly.
        data = self._json2(
            self.finance,
            "quality.complaint.dashboard",
            "get_dashboard_data",
            date_from=fields.Date.to_string(self.last_month.replace(day=1)),
            date_to=fields.Date.to_string(self.today),
            team_id=self.team.id,
        )
        copq = data["cost_of_poor_quality"]
        self.assertEqual((copq["cost"], copq["recovered"], copq["net"]), (1385.0, 600.0, 785.0))

    def test_sales_rep_is_refused_over_json2(self):
        body = self._json2(
            self.sales_rep,
            "quality.complaint.cost.report",
            "formatted_read_group",
            status=403,
            domain=[],
            groupby=["defect_id"],
            aggregates=MEASURES,
        )
        self.assertEqual(body["name"], "odoo.exceptions.AccessError")
