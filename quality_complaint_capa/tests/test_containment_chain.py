# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.addons.quality_complaint.tests.common import USER_GROUPS, ComplaintCase, Json2Mixin
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


class ContainmentCase(ComplaintCase):
    """Lot LOT-X was received from a supplier together with its sibling LOT-Y. Of the 60 of
    LOT-X, 15 were put on a shelf, 10 delivered to the complaining customer A, 12 delivered
    to customer C (who reads Chinese) and 8 are reserved in a delivery to customer B not yet
    shipped: 15 are left free in WH/Stock. Customer A complains about LOT-X; the 8D is led by
    a quality engineer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = new_test_user(
            cls.env, "qc_engineer", groups=USER_GROUPS, name="Quality Engineer Zhao"
        )
        cls.quarantine = cls.env["stock.location"].create(
            {
                "name": "Quarantine",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.company.complaint_quarantine_location_id = cls.quarantine
        cls.shelf = cls.env["stock.location"].create(
            {"name": "Shelf 9", "usage": "internal", "location_id": cls.stock_location.id}
        )
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Dongguan Capacitor Works", "is_company": True}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Harbour Lighting", "is_company": True, "email": "qa@harbour.example"}
        )
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.customer_c = cls.env["res.partner"].create(
            {
                "name": "Suzhou Sunrise Lamps",
                "is_company": True,
                "email": "qa@sunrise.example",
                "lang": "zh_CN",
            }
        )
        cls.lot_x = cls._lot("LOT-X")
        cls.lot_y = cls._lot("LOT-Y")
        cls.receipt = cls._receive({cls.lot_x: 60.0, cls.lot_y: 40.0})
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.product_lot, cls.stock_location, -15, lot_id=cls.lot_x)
        Quant._update_available_quantity(cls.product_lot, cls.shelf, 15, lot_id=cls.lot_x)
        cls.order_a, cls.delivery_a, cls.invoice_a = cls._sell_and_deliver(
            cls.customer, lot_qty={cls.lot_x: 10.0}, plain_qty=1.0
        )
        _order, cls.delivery_c, _invoice = cls._sell_and_deliver(
            cls.customer_c, lot_qty={cls.lot_x: 12.0}, plain_qty=1.0
        )
        cls.delivery_b = cls._pending_delivery(cls.customer_b, cls.lot_x, 8.0)
        complaint = cls.env["quality.complaint"].create(
            {
                "subject": "Drivers of LOT-X flicker",
                **cls.env["quality.complaint"]._prepare_default_vals(
                    cls.contact,
                    sale_orders=cls.order_a,
                    pickings=cls.delivery_a,
                    invoices=cls.invoice_a,
                ),
                "user_id": cls.engineer.id,
                "responsibility": "company",
                "responsible_department": "production",
            }
        )
        cls.report = cls.env["quality.8d.report"].browse(complaint.action_start_8d()["res_id"])

    @classmethod
    def _lot(cls, name):
        return cls.env["stock.lot"].create(
            {"name": name, "product_id": cls.product_lot.id, "company_id": cls.company.id}
        )

    @classmethod
    def _receive(cls, lots):
        """A purchase of ``lots`` {lot: qty} received in one receipt."""
        purchase = cls.env["purchase.order"].create(
            {
                "partner_id": cls.supplier.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_lot.id,
                            "product_qty": sum(lots.values()),
                            "price_unit": 40.0,
                        }
                    )
                ],
            }
        )
        purchase.button_confirm()
        receipt = purchase.picking_ids
        move = receipt.move_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            [
                {**move._prepare_move_line_vals(quantity=qty), "lot_id": lot.id}
                for lot, qty in lots.items()
            ]
        )
        move.picked = True
        receipt.button_validate()
        return receipt

    @classmethod
    def _pending_delivery(cls, partner, lot, qty):
        """A confirmed order whose delivery reserves ``qty`` of ``lot``, not shipped."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": cls.product_lot.id, "product_uom_qty": qty})
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        move = delivery.move_ids
        move.move_line_ids.unlink()
        cls.env["stock.move.line"].create(
            {**move._prepare_move_line_vals(quantity=qty), "lot_id": lot.id}
        )
        return delivery

    def _compute(self, user=None):
        self.report.with_user(user or self.engineer).action_compute_suspect_stock()
        return self.report.containment_ids.filtered("place")

    def _line(self, lines, place, lot=None, location=None, picking=None):
        return lines.filtered(
            lambda ln: ln.place == place
            and ln.lot_id == (lot or self.lot_x)
            and (location is None or ln.location_id == location)
            and (picking is None or ln.picking_id == picking)
        )

    def _on_hand(self, location, lot=None):
        """Quantity of ``lot`` (LOT-X) physically at ``location`` itself."""
        quants = self.env["stock.quant"].search(
            [("location_id", "=", location.id), ("lot_id", "=", (lot or self.lot_x).id)]
        )
        return sum(quants.mapped("quantity"))


@tagged("post_install", "-at_install")
class TestContainmentChain(ContainmentCase):
    def test_suspect_stock_is_listed_per_place_with_its_quantities(self):
        lines = self._compute()
        rows = {
            (ln.place, ln.lot_id, ln.location_id, ln.picking_id): ln.quantity_at_risk
            for ln in lines
        }
        empty = (self.env["stock.location"], self.env["stock.picking"])
        self.assertEqual(
            rows,
            {
                ("stock", self.lot_x, self.stock_location, empty[1]): 15.0,
                ("stock", self.lot_x, self.shelf, empty[1]): 15.0,
                ("stock", self.lot_y, self.stock_location, empty[1]): 40.0,
                ("transit", self.lot_x, self.stock_location, self.delivery_b): 8.0,
                ("customer", self.lot_x, empty[0], self.delivery_a): 10.0,
                ("customer", self.lot_x, empty[0], self.delivery_c): 12.0,
            },
        )
        sibling = self._line(lines, "stock", self.lot_y)
        self.assertEqual(sibling.sibling_of_id, self.lot_x)
        self.assertEqual(sibling.sibling_source, self.receipt.name)
        self.assertFalse((lines - sibling).sibling_of_id)
        self.assertEqual(self._line(lines, "transit").partner_id, self.customer_b)
        self.assertEqual(
            self._line(lines, "customer", picking=self.delivery_c).partner_id, self.customer_c
        )

    def test_computing_again_refreshes_quantities_and_keeps_the_counts(self):
        lines = self._compute()
        shelf = self._line(lines, "stock", location=self.shelf)
        shelf.with_user(self.engineer).write(
            {"quantity_checked": 10.0, "quantity_good": 9.0, "quantity_defective": 1.0}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product_lot, self.shelf, -5, lot_id=self.lot_x
        )
        self.assertEqual(self._compute(), lines)
        self.assertEqual(shelf.quantity_at_risk, 10.0)
        self.assertEqual(
            (shelf.quantity_checked, shelf.quantity_good, shelf.quantity_defective),
            (10.0, 9.0, 1.0),
        )

    def test_quarantine_moves_exactly_the_on_hand_quantity_through_an_internal_transfer(self):
        lines = self._compute()
        line = self._line(lines, "stock", location=self.stock_location)
        line.with_user(self.engineer).action_quarantine()
        picking = line.quarantine_picking_id
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(
            (picking.location_id, picking.location_dest_id), (self.stock_location, self.quarantine)
        )
        # Ready: the lot is reserved for quarantine at once; the warehouse validates it.
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(
            [(ml.lot_id, ml.location_id, ml.quantity) for ml in picking.move_line_ids],
            [(self.lot_x, self.stock_location, 15.0)],
        )
        # Customer B's reservation is untouched.
        self.assertEqual(self.delivery_b.move_line_ids.quantity, 8.0)
        self.assertEqual(self.delivery_b.state, "assigned")
        with self.assertRaisesRegex(UserError, "waiting for the warehouse"):
            line.with_user(self.engineer).action_quarantine()
        picking.with_user(self.manager).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._on_hand(self.quarantine), 15.0)
        self.assertEqual(self._on_hand(self.stock_location), 8.0)  # B's, still reserved
        lines = self._compute()
        self.assertEqual(line.quantity_at_risk, 0.0)
        in_quarantine = self._line(lines, "stock", location=self.quarantine)
        self.assertEqual(in_quarantine.quantity_at_risk, 15.0)
        self.assertTrue(in_quarantine.is_quarantined)
        with self.assertRaisesRegex(UserError, "in quarantine already"):
            in_quarantine.with_user(self.engineer).action_quarantine()

    def test_quarantine_of_all_stock_on_hand_makes_one_transfer_per_location(self):
        self._compute()
        self.report.with_user(self.engineer).action_quarantine()
        pickings = self.report.containment_ids.quarantine_picking_id
        self.assertEqual(len(pickings), 2)
        moved = {(ml.lot_id, ml.location_id): ml.quantity for ml in pickings.move_line_ids}
        self.assertEqual(
            moved,
            {
                (self.lot_x, self.stock_location): 15.0,
                (self.lot_y, self.stock_location): 40.0,
                (self.lot_x, self.shelf): 15.0,
            },
        )

    def test_quarantine_is_refused_without_a_quarantine_location_or_for_other_places(self):
        lines = self._compute()
        pickings = self.env["stock.picking"].search_count([])
        self.company.complaint_quarantine_location_id = False
        with self.assertRaisesRegex(UserError, "Set the quarantine location"):
            self._line(lines, "stock", location=self.shelf).with_user(
                self.engineer
            ).action_quarantine()
        self.company.complaint_quarantine_location_id = self.quarantine
        with self.assertRaisesRegex(UserError, "Only stock on hand can be quarantined"):
            self._line(lines, "customer", picking=self.delivery_c).with_user(
                self.engineer
            ).action_quarantine()
        other = self.env["quality.8d.report"].create({"title": "Other 8D"})
        with self.assertRaisesRegex(UserError, "Choose containment lines of 8D"):
            other.action_quarantine(lines.ids)
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings)
        self.assertFalse(lines.quarantine_picking_id)

    def test_pending_delivery_is_held_until_the_8d_releases_it(self):
        line = self._line(self._compute(), "transit")
        line.with_user(self.engineer).action_hold()
        self.assertTrue(line.is_held)
        self.assertEqual(self.delivery_b.quality_hold_report_id, self.report)
        activity = self.delivery_b.activity_ids
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("quality_complaint_capa.mail_activity_type_containment_hold"),
        )
        self.assertIn(self.report.name, activity.summary)
        self.assertEqual(self.delivery_b.move_line_ids.quantity, 8.0)  # still set aside
        with self.assertRaisesRegex(UserError, "held by 8D"):
            self.delivery_b.with_user(self.manager).button_validate()
        with self.assertRaisesRegex(UserError, "from the containment"):
            self.delivery_b.with_user(self.manager).quality_hold_report_id = False
        self.assertEqual(self.delivery_b.state, "assigned")
        line.with_user(self.engineer).action_release()
        self.assertFalse(line.is_held)
        self.assertFalse(self.delivery_b.quality_hold_report_id)
        self.assertFalse(self.delivery_b.activity_ids)
        self.delivery_b.move_ids.picked = True
        self.delivery_b.with_user(self.manager).button_validate()
        self.assertEqual(self.delivery_b.state, "done")

    def test_only_pending_deliveries_are_held_and_only_by_one_8d(self):
        lines = self._compute()
        with self.assertRaisesRegex(UserError, "Only deliveries in transit can be held"):
            self._line(lines, "customer", picking=self.delivery_c).with_user(
                self.engineer
            ).action_hold()
        self.assertFalse(self.delivery_c.quality_hold_report_id)
        transit = self._line(lines, "transit")
        with self.assertRaisesRegex(UserError, "does not hold"):
            transit.with_user(self.engineer).action_release()
        other = self.env["quality.8d.report"].create(
            {"title": "Other 8D", "complaint_ids": [Command.set(self.report.complaint_ids.ids)]}
        )
        other.action_compute_suspect_stock()
        self._line(other.containment_ids, "transit").action_hold()
        with self.assertRaisesRegex(UserError, "is held by 8D .* already"):
            transit.with_user(self.engineer).action_hold()
        self.assertEqual(self.delivery_b.quality_hold_report_id, other)

    def test_notice_to_a_customer_is_drafted_in_its_language_and_not_sent(self):
        self.product_lot.with_context(lang="zh_CN").name = "LED 驱动器 40W"
        template = self.env.ref("quality_complaint_capa.mail_template_containment_notice")
        template.with_context(lang="zh_CN").subject = "质量通知 {{ object.name }}"
        line = self._line(self._compute(), "customer", picking=self.delivery_c)
        messages = self.env["mail.message"].search_count([])
        mails = self.env["mail.mail"].search_count([])
        drafts = line.with_user(self.engineer).get_notice_draft()
        self.assertEqual(len(drafts), 1)
        draft = drafts[0]
        self.assertEqual(draft["partner_id"], self.customer_c.id)
        self.assertEqual(draft["lang"], "zh_CN")
        self.assertEqual(draft["subject"], f"质量通知 {self.report.name}")
        self.assertIn("LED 驱动器 40W", draft["body"])
        self.assertIn(self.delivery_c.name, draft["body"])
        self.assertIn("LOT-X", draft["body"])
        self.assertNotIn(self.delivery_a.name, draft["body"])  # another customer's delivery
        self.assertEqual(draft["line_ids"], line.ids)
        action = line.with_user(self.engineer).action_draft_notice()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["context"]["default_partner_ids"], [self.customer_c.id])
        self.assertEqual(action["context"]["default_res_ids"], [self.customer_c.id])
        self.assertEqual(action["context"]["default_subject"], draft["subject"])
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.engineer)
            .with_context(**action["context"])
        )
        self.assertEqual(composer.subject, draft["subject"])
        self.assertIn("LED 驱动器 40W", str(composer.body))
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)

    def test_only_delivered_lots_are_notified(self):
        lines = self._compute()
        with self.assertRaisesRegex(UserError, "Only delivered lots are notified"):
            self._line(lines, "transit").with_user(self.engineer).get_notice_draft()

    def test_counts_per_place_are_validated(self):
        line = self._line(self._compute(), "stock", location=self.shelf)
        as_engineer = line.with_user(self.engineer)
        as_engineer.write(
            {"quantity_checked": 15.0, "quantity_good": 12.0, "quantity_defective": 3.0}
        )
        with self.assertRaisesRegex(ValidationError, "13.0 found good and 3.0 rejected"):
            as_engineer.write({"quantity_good": 13.0})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            as_engineer.write({"quantity_defective": -1.0})
        self.assertEqual(
            (line.quantity_checked, line.quantity_good, line.quantity_defective),
            (15.0, 12.0, 3.0),
        )

    def test_user_outside_the_8d_team_cannot_act_on_the_containment(self):
        lines = self._compute()
        pickings = self.env["stock.picking"].search_count([])
        with self.assertRaisesRegex(AccessError, "Only the 8D team"):
            self.report.with_user(self.sales_rep).action_compute_suspect_stock()
        for method, place in (
            ("action_quarantine", "stock"),
            ("action_hold", "transit"),
            ("get_notice_draft", "customer"),
        ):
            with (
                self.subTest(method=method),
                self.assertRaisesRegex(AccessError, "Only the 8D team"),
            ):
                getattr(
                    lines.filtered(lambda ln, p=place: ln.place == p)[:1].with_user(self.sales_rep),
                    method,
                )()
        employee = new_test_user(self.env, "qc_plain_employee", groups="base.group_user")
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_model"):
            lines.with_user(employee).read(["quantity_at_risk"])
        self.assertEqual(self.env["stock.picking"].search_count([]), pickings)
        self.assertFalse(lines.quarantine_picking_id)
        self.assertFalse(self.delivery_b.quality_hold_report_id)

    def test_8d_without_lots_asks_for_them(self):
        complaint = self.env["quality.complaint"].create(
            {
                "subject": "Housing scratched",
                "partner_id": self.customer.id,
                "line_ids": [Command.create({"product_id": self.product_plain.id, "quantity": 1})],
            }
        )
        report = self.env["quality.8d.report"].create(
            {"title": "No lots", "complaint_ids": [Command.set(complaint.ids)]}
        )
        with self.assertRaisesRegex(UserError, "name no lot"):
            report.action_compute_suspect_stock()
        self.assertFalse(report.containment_ids)

    def test_sibling_lots_of_the_same_production(self):
        if "mrp.production" not in self.env:
            self.skipTest("Manufacturing is not installed")
        lot_m1, lot_m2 = self._lot("LOT-M1"), self._lot("LOT-M2")
        production = self.env["mrp.production"].create(
            {"product_id": self.product_lot.id, "product_qty": 10.0}
        )
        production.action_confirm()
        with Form(production) as form:
            form.qty_producing = 6.0
            form.lot_producing_ids.set(lot_m1)
        action = production.button_mark_done()
        Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save().action_backorder()
        backorder = production.production_group_id.production_ids[-1]
        with Form(backorder) as form:
            form.qty_producing = 4.0
            form.lot_producing_ids.set(lot_m2)
        backorder.button_mark_done()
        order, delivery, invoice = self._sell_and_deliver(
            self.customer, lot_qty={lot_m1: 1.0}, plain_qty=1.0
        )
        complaint = self._new_complaint(
            documents={"sale_orders": order, "pickings": delivery, "invoices": invoice},
            user=self.env.user,
        )
        report = self.env["quality.8d.report"].create(
            {"title": "LOT-M1", "complaint_ids": [Command.set(complaint.ids)]}
        )
        report.action_compute_suspect_stock()
        sibling = report.containment_ids.filtered(lambda ln: ln.lot_id == lot_m2)
        self.assertEqual(sibling.place, "stock")
        self.assertEqual(sibling.quantity_at_risk, 4.0)
        self.assertEqual(
            report.containment_ids.filtered(
                lambda ln: ln.lot_id == lot_m1 and ln.place == "stock"
            ).quantity_at_risk,
            5.0,
        )
        self.assertEqual(sibling.sibling_of_id, lot_m1)
        self.assertEqual(sibling.sibling_source, backorder.name)


@tagged("post_install", "-at_install")
class TestContainmentJson2(Json2Mixin, HttpCase, ContainmentCase):
    """The containment driven over Odoo 19's JSON-2 API with explicit ids."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._json2_keys(cls.engineer, cls.sales_rep)

    def test_containment_over_json2(self):
        self._json2(
            self.engineer, "quality.8d.report", "action_compute_suspect_stock", ids=self.report.ids
        )
        lines = self.report.containment_ids
        shelf = self._line(lines, "stock", location=self.shelf)
        self.assertEqual(shelf.quantity_at_risk, 15.0)
        self._json2(
            self.engineer,
            "quality.8d.report",
            "action_quarantine",
            ids=self.report.ids,
            line_ids=shelf.ids,
        )
        self.assertEqual(
            [
                (ml.lot_id, ml.location_id, ml.quantity)
                for ml in shelf.quarantine_picking_id.move_line_ids
            ],
            [(self.lot_x, self.shelf, 15.0)],
        )
        self._json2(
            self.engineer,
            "quality.8d.containment",
            "action_hold",
            ids=self._line(lines, "transit").ids,
        )
        self.assertEqual(self.delivery_b.quality_hold_report_id, self.report)
        drafts = self._json2(
            self.engineer,
            "quality.8d.containment",
            "get_notice_draft",
            ids=self._line(lines, "customer", picking=self.delivery_c).ids,
        )
        self.assertEqual(
            [(d["partner_id"], d["lang"]) for d in drafts], [(self.customer_c.id, "zh_CN")]
        )
        self.assertIn(self.delivery_c.name, drafts[0]["body"])
        self._json2(
            self.engineer,
            "quality.8d.containment",
            "write",
            ids=shelf.ids,
            vals={"quantity_checked": 15.0, "quantity_good": 14.0, "quantity_defective": 1.0},
        )
        body = self._json2(
            self.engineer,
            "quality.8d.containment",
            "write",
            422,
            ids=shelf.ids,
            vals={"quantity_good": 15.0},
        )
        self.assertEqual(body["name"], "odoo.exceptions.ValidationError")
        self.assertEqual(shelf.quantity_good, 14.0)

    def test_user_outside_the_8d_team_is_refused_over_json2(self):
        self.report.action_compute_suspect_stock()
        line = self._line(self.report.containment_ids, "transit")
        body = self._json2(
            self.sales_rep, "quality.8d.containment", "action_hold", 403, ids=line.ids
        )
        self.assertEqual(body["name"], "odoo.exceptions.AccessError")
        self.assertFalse(self.delivery_b.quality_hold_report_id)
