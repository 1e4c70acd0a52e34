# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import Json2Mixin
from .test_chargeback import ChargebackCase


@tagged("post_install", "-at_install")
class TestJson2(Json2Mixin, HttpCase, ChargebackCase):
    """Every remedy wizard and the complaint's actions driven as an integration does it:
    Odoo 19's JSON-2 API (``POST /json/2/<model>/<method>``, an API key as bearer), with
    explicit values and no form, hence no ``default_*`` in a context."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env,
            "qc_outsider",
            groups="base.group_user,sales_team.group_sale_salesman",
            name="Sales Rep Without Complaints",
        )
        cls._json2_keys(cls.sales_rep, cls.manager, cls.finance, cls.outsider)
        cls.quarantine = cls.env["stock.location"].create(
            {
                "name": "Quarantine",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.company.write(
            {
                "complaint_quarantine_location_id": cls.quarantine.id,
                "complaint_approval_amount": 500.0,
            }
        )

    def _assert_refused(self, body, exception, message):
        self.assertEqual(body["name"], f"odoo.exceptions.{exception}", body.get("debug"))
        self.assertIn(message, body["message"])

    def _create(self, user, model, vals):
        """The first call of a remedy: the wizard created from explicit values."""
        return self.env[model].browse(self._json2(user, model, "create", vals_list=[vals]))

    def _confirm(self, user, wizard):
        """The second call of a remedy: its document made; the action opening it."""
        return self._json2(user, wizard._name, "action_confirm", ids=wizard.ids)

    def _create_and_confirm(self, user, model, vals):
        wizard = self._create(user, model, vals)
        return wizard, self._confirm(user, wizard)

    def _assert_as_the_form_fills_it(self, wizard, fnames, user=None, **required):
        """The wizard created from ``complaint_id`` alone holds what the form fills in
        (the form is given only the ``required`` values nothing fills)."""
        form = Form(
            self.env[wizard._name]
            .with_user(user or self.sales_rep)
            .with_context(default_complaint_id=wizard.complaint_id.id)
        )
        for fname, value in required.items():
            form[fname] = value
        form = form.save()
        for fname in fnames:
            self.assertEqual(form[fname], wizard[fname], fname)
        if "line_ids" not in wizard:
            return
        line_key = next(
            fname for fname in ("complaint_line_id", "invoice_line_id") if fname in wizard.line_ids
        )
        self.assertTrue(wizard.line_ids)
        self.assertEqual(
            sorted((line[line_key].id, line.quantity) for line in form.line_ids),
            sorted((line[line_key].id, line.quantity) for line in wizard.line_ids),
        )

    def _documents(self):
        """What a refused call must not change."""
        self.env.invalidate_all()
        return (
            self.env["stock.picking"].search_count([]),
            self.env["account.move"].search_count([]),
            self.env["quality.complaint.compensation"].search_count([]),
            self.env["quality.complaint.recovery"].search_count([]),
        )

    @staticmethod
    def _quantities(picking):
        """{product: quantity} of a picking's moves."""
        result = {}
        for move in picking.move_ids:
            result[move.product_id] = result.get(move.product_id, 0.0) + move.product_uom_qty
        return result

    def _complaint(self, **vals):
        """A complaint opened by the sales rep from the delivery, read as the test reads."""
        return self._new_complaint(**vals).with_env(self.env)

    def _line(self, complaint, product):
        return complaint.line_ids.filtered(lambda ln: ln.product_id == product)

    # ------------------------------------------------------------ remedies
    def test_return_from_the_complaint_alone_receives_its_lines_into_quarantine(self):
        complaint = self._complaint()
        self._line(complaint, self.product_plain).quantity = 4.0
        wizard = self._create(
            self.sales_rep, "quality.complaint.return.wizard", {"complaint_id": complaint.id}
        )
        self.assertEqual(wizard.picking_id, self.delivery)
        self.assertEqual(wizard.location_dest_id, self.quarantine)
        self._assert_as_the_form_fills_it(wizard, ["picking_id", "location_dest_id"])
        action = self._confirm(self.sales_rep, wizard)
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.return_id, self.delivery)
        self.assertEqual(picking.remedy_complaint_id, complaint)
        self.assertEqual(picking.location_dest_id, self.quarantine)
        self.assertEqual(
            self._quantities(picking), {self.product_lot: 10.0, self.product_plain: 4.0}
        )
        self.assertEqual(
            {ml.lot_id: ml.quantity for ml in picking.move_line_ids if ml.lot_id},
            {self.lot_a: 8.0, self.lot_b: 2.0},
        )

    def test_return_of_more_than_delivered_is_refused_over_json2(self):
        complaint = self._complaint()
        before = self._documents()
        wizard_ids = self._json2(
            self.sales_rep,
            "quality.complaint.return.wizard",
            "create",
            vals_list=[
                {
                    "complaint_id": complaint.id,
                    "line_ids": [
                        Command.create(
                            {
                                "complaint_line_id": self._line(complaint, self.product_plain).id,
                                "quantity": 11.0,
                            }
                        )
                    ],
                }
            ],
        )
        # Explicit lines win over those the complaint would give.
        wizard = self.env["quality.complaint.return.wizard"].browse(wizard_ids)
        self.assertEqual(wizard.line_ids.mapped("quantity"), [11.0])
        body = self._json2(
            self.sales_rep, "quality.complaint.return.wizard", "action_confirm", 422, ids=wizard_ids
        )
        self._assert_refused(body, "UserError", "can still be returned")
        self.assertEqual(self._documents(), before)
        self.assertEqual(wizard.state, "draft")

    def test_returned_goods_inspection_recorded_over_json2(self):
        complaint = self._complaint()
        picking = complaint._create_return(
            self.delivery, {self._line(complaint, self.product_plain): 1.0}
        )
        body = self._json2(
            self.sales_rep,
            "quality.complaint",
            "action_record_inspection",
            422,
            ids=complaint.ids,
            result="defect_confirmed",
        )
        self._assert_refused(body, "UserError", "no received return to inspect")
        picking = self.env["stock.picking"].browse(picking.id)
        picking.move_ids.picked = True
        picking.button_validate()
        body = self._json2(
            self.sales_rep,
            "quality.complaint",
            "action_record_inspection",
            422,
            ids=complaint.ids,
            result="fine",
        )
        self._assert_refused(body, "UserError", "Choose the inspection result")
        self.assertFalse(complaint.inspection_result)
        self.assertIs(
            self._json2(
                self.sales_rep,
                "quality.complaint",
                "action_record_inspection",
                ids=complaint.ids,
                result="defect_confirmed",
                note="<p>Capacitor ESR out of specification</p>",
            ),
            True,
        )
        self.assertEqual(complaint.inspection_result, "defect_confirmed")
        self.assertEqual(complaint.inspection_user_id, self.sales_rep)
        self.assertIn("ESR", str(complaint.inspection_note))
        inspection = complaint.deadline_ids.filtered(lambda d: d.kind == "inspection")
        self.assertEqual(inspection.date_done, complaint.inspection_date)

    def test_replacement_from_the_complaint_alone_ships_the_complained_quantities(self):
        complaint = self._complaint()
        self._line(complaint, self.product_plain).quantity = 3.0
        wizard = self._create(
            self.sales_rep, "quality.complaint.replacement.wizard", {"complaint_id": complaint.id}
        )
        self._assert_as_the_form_fills_it(wizard, ["method"])
        action = self._confirm(self.sales_rep, wizard)
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.remedy_complaint_id, complaint)
        self.assertEqual(picking.complaint_remedy, "replacement")
        self.assertEqual(picking.picking_type_code, "outgoing")
        self.assertEqual(
            self._quantities(picking), {self.product_lot: 10.0, self.product_plain: 3.0}
        )

    def test_replacement_of_nothing_is_refused_over_json2(self):
        complaint = self._complaint()
        before = self._documents()
        wizard_ids = self._json2(
            self.sales_rep,
            "quality.complaint.replacement.wizard",
            "create",
            vals_list=[
                {
                    "complaint_id": complaint.id,
                    "line_ids": [
                        Command.create({"complaint_line_id": line.id, "quantity": 0.0})
                        for line in complaint.line_ids
                    ],
                }
            ],
        )
        body = self._json2(
            self.sales_rep,
            "quality.complaint.replacement.wizard",
            "action_confirm",
            422,
            ids=wizard_ids,
        )
        self._assert_refused(body, "UserError", "Enter a quantity to replace.")
        self.assertEqual(self._documents(), before)

    def test_refund_from_the_complaint_alone_reverses_the_complained_invoice_lines(self):
        complaint = self._complaint()
        self._line(complaint, self.product_plain).quantity = 4.0
        wizard = self._create(
            self.sales_rep, "quality.complaint.refund.wizard", {"complaint_id": complaint.id}
        )
        self.assertEqual(wizard.invoice_id, self.invoice)
        self._assert_as_the_form_fills_it(wizard, ["invoice_id"])
        action = self._confirm(self.sales_rep, wizard)
        refund = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.reversed_entry_id, self.invoice)
        self.assertEqual(
            {
                (line.product_id, line.quantity, line.price_unit, line.tax_ids)
                for line in refund.invoice_line_ids
            },
            {(self.product_lot, 10.0, 100.0, self.tax), (self.product_plain, 4.0, 20.0, self.tax)},
        )
        self.assertAlmostEqual(refund.amount_untaxed, 1080.0)

    def test_refund_above_invoiced_is_refused_over_json2(self):
        complaint = self._complaint()
        inv_line = self.invoice.invoice_line_ids.filtered(
            lambda ln: ln.product_id == self.product_plain
        )
        before = self._documents()
        wizard_ids = self._json2(
            self.sales_rep,
            "quality.complaint.refund.wizard",
            "create",
            vals_list=[
                {
                    "complaint_id": complaint.id,
                    "line_ids": [Command.create({"invoice_line_id": inv_line.id, "quantity": 11})],
                }
            ],
        )
        body = self._json2(
            self.sales_rep, "quality.complaint.refund.wizard", "action_confirm", 422, ids=wizard_ids
        )
        self._assert_refused(body, "UserError", "Lamp Housing: 11.0 cannot be refunded; 10.0")
        self.assertEqual(self._documents(), before)

    def test_compensation_from_the_complaint_alone_credits_the_claimed_amount(self):
        # An appeal: credited at once under the threshold when a manager overrides.
        complaint = self._complaint(amount_claimed=80.0)
        vals = {"reason": "Line stop at the customer", "override_reason": "Goodwill"}
        wizard = self._create(
            self.manager,
            "quality.complaint.compensation.wizard",
            {"complaint_id": complaint.id, **vals},
        )
        self.assertEqual(wizard.amount, 80.0)
        self.assertEqual(wizard.currency_id, self.invoice.currency_id)
        self._assert_as_the_form_fills_it(
            wizard, ["amount", "currency_id"], user=self.manager, **vals
        )
        action = self._confirm(self.manager, wizard)
        compensation = complaint.compensation_ids
        self.assertEqual(compensation.amount, 80.0)
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(action["res_id"], compensation.move_id.id)
        self.assertEqual(compensation.move_id.move_type, "out_refund")
        self.assertEqual(compensation.move_id.commercial_partner_id, self.customer)

    def test_compensation_above_the_threshold_is_approved_or_refused_over_json2(self):
        complaint = self._complaint(amount_claimed=80.0, kind="claim")
        for amount in (900.0, 700.0):
            self._create_and_confirm(
                self.sales_rep,
                "quality.complaint.compensation.wizard",
                {"complaint_id": complaint.id, "amount": amount, "reason": "Recall costs"},
            )
        refused, approved = complaint.compensation_ids.sorted("amount")
        self.assertEqual((refused.amount, approved.amount), (700.0, 900.0))
        self.assertEqual(set(complaint.compensation_ids.mapped("state")), {"to_approve"})
        self._json2(
            self.finance,
            "quality.complaint.compensation",
            "action_refuse",
            ids=refused.ids,
            reason="Covered by the replacement",
        )
        self._json2(
            self.finance, "quality.complaint.compensation", "action_approve", ids=approved.ids
        )
        self.assertEqual(refused.state, "refused")
        self.assertEqual(refused.refuse_reason, "Covered by the replacement")
        self.assertFalse(refused.move_id)
        self.assertEqual(approved.state, "approved")
        self.assertEqual(approved.move_id.move_type, "out_refund")

    def test_negative_compensation_is_refused_over_json2(self):
        complaint = self._complaint(amount_claimed=80.0)
        before = self._documents()
        wizard_ids = self._json2(
            self.sales_rep,
            "quality.complaint.compensation.wizard",
            "create",
            vals_list=[{"complaint_id": complaint.id, "amount": -5.0, "reason": "Negative"}],
        )
        body = self._json2(
            self.sales_rep,
            "quality.complaint.compensation.wizard",
            "action_confirm",
            422,
            ids=wizard_ids,
        )
        self._assert_refused(body, "ValidationError", "must be positive")
        self.assertEqual(self._documents(), before)

    def test_recovery_from_the_complaint_alone_charges_back_the_supplier_share(self):
        complaint = self._split_60_40()
        wizard = self._create(
            self.manager, "quality.complaint.recovery.wizard", {"complaint_id": complaint.id}
        )
        supplier_share = complaint.liability_ids.filtered(lambda lb: lb.party_type == "supplier")
        self.assertEqual(wizard.liability_id, supplier_share)
        self._assert_as_the_form_fills_it(
            wizard, ["liability_id", "amount", "reason", "contact_id"], user=self.manager
        )
        action = self._confirm(self.manager, wizard)
        recovery = self.env["quality.complaint.recovery"].browse(action["res_id"])
        self.assertEqual(recovery.liability_id, supplier_share)
        self.assertAlmostEqual(recovery.amount, 600.0)
        self.assertEqual(recovery.state, "settled")
        self.assertEqual(recovery.move_id.move_type, "in_refund")
        self.assertEqual(recovery.move_id.reversed_entry_id, self.bill)
        self.assertAlmostEqual(recovery.move_id.amount_untaxed, 600.0)

    def test_recovery_of_nothing_is_refused_over_json2(self):
        complaint = self._split_60_40()
        before = self._documents()
        wizard_ids = self._json2(
            self.manager,
            "quality.complaint.recovery.wizard",
            "create",
            vals_list=[{"complaint_id": complaint.id, "amount": 0.0}],
        )
        body = self._json2(
            self.manager,
            "quality.complaint.recovery.wizard",
            "action_confirm",
            422,
            ids=wizard_ids,
        )
        self._assert_refused(body, "UserError", "Enter the amount to recover from")
        self.assertEqual(self._documents(), before)

    def test_user_outside_the_complaint_groups_is_refused_over_json2(self):
        complaint = self._complaint()
        before = self._documents()
        body = self._json2(
            self.outsider,
            "quality.complaint.return.wizard",
            "create",
            403,
            vals_list=[{"complaint_id": complaint.id}],
        )
        self._assert_refused(body, "AccessError", "")
        body = self._json2(
            self.outsider, "stock.picking", "create_complaint", 403, ids=self.delivery.ids
        )
        self._assert_refused(body, "AccessError", "")
        self.assertEqual(self._documents(), before)
        self.assertFalse(self.env["quality.complaint.return.wizard"].search_count([]))

    # ------------------------------------------------------------ kinds and disposition
    def test_non_quality_refund_needs_a_manager_override_over_json2(self):
        complaint = self._complaint(responsibility="customer")
        complaint.action_decide_responsibility()
        self.assertEqual(complaint.kind, "non_quality")
        before = self._documents()
        body = self._json2(
            self.sales_rep,
            "quality.complaint.refund.wizard",
            "create",
            403,
            vals_list=[{"complaint_id": complaint.id, "override_reason": "Be nice"}],
        )
        self._assert_refused(body, "AccessError", "Only a complaint manager")
        wizard = self._create(
            self.sales_rep, "quality.complaint.refund.wizard", {"complaint_id": complaint.id}
        )
        body = self._json2(self.sales_rep, wizard._name, "action_confirm", 422, ids=wizard.ids)
        self._assert_refused(body, "UserError", "non-quality complaint")
        self.assertEqual(self._documents(), before)
        wizard, action = self._create_and_confirm(
            self.manager,
            "quality.complaint.refund.wizard",
            {"complaint_id": complaint.id, "override_reason": "Ten years of business"},
        )
        refund = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(refund.remedy_complaint_id, complaint)

    def test_disposition_recorded_over_json2(self):
        complaint = self._complaint(disposition="reinspect")
        body = self._json2(
            self.sales_rep,
            "quality.complaint",
            "action_record_recheck",
            403,
            ids=complaint.ids,
            result="passed",
        )
        self._assert_refused(body, "AccessError", "quality department")
        self.assertFalse(complaint.recheck_result)
        self._json2(
            self.manager,
            "quality.complaint",
            "action_record_recheck",
            ids=complaint.ids,
            result="failed",
            note="Two drivers out of tolerance",
        )
        self.assertEqual(complaint.recheck_result, "failed")
        self.assertEqual(complaint.recheck_user_id, self.manager)
        complaint.disposition = "concession"
        self._json2(
            self.sales_rep,
            "quality.complaint",
            "action_record_concession",
            ids=complaint.ids,
            accepted_by=self.contact.id,
            note="Accepted in writing",
        )
        self.assertEqual(complaint.concession_partner_id, self.contact)

    # ------------------------------------------------------------ read replica
    def _routed_read_only(self, model, method):
        """Whether JSON-2 (and the web client's call_kw / call_button) open a read-only
        cursor, served by the replica where there is one, for ``model.method``: the
        ``@api.readonly`` flag, looked up the way Odoo's routing does."""
        for cls in type(self.env[model]).mro():
            function = getattr(cls, method, None)
            if function is not None and hasattr(function, "_readonly"):
                return function._readonly
        return False

    def test_screens_reads_go_to_the_replica_and_writes_do_not(self):
        read_only = [
            ("quality.complaint.dashboard", "get_dashboard_data"),
            ("quality.complaint", "web_search_read"),
            ("quality.complaint", "web_read_group"),
            ("quality.complaint", "read_progress_bar"),
            ("quality.complaint", "web_read"),
            ("quality.complaint", "action_view_returns"),
            ("quality.complaint", "action_view_credit_notes"),
            ("quality.complaint", "action_view_pickings"),
            ("quality.complaint", "action_view_sale_orders"),
            ("quality.complaint", "action_view_invoices"),
            ("quality.complaint", "action_view_replacements"),
            ("quality.complaint", "action_view_recoveries"),
            ("quality.complaint", "action_view_lessons"),
            ("quality.complaint", "action_view_external_reviews"),
            ("stock.picking", "action_view_complaints"),
            ("sale.order", "action_view_complaints"),
            ("account.move", "action_view_complaints"),
            ("account.move", "action_view_complaint_credit_notes"),
            ("product.product", "action_view_complaint_lessons"),
            ("quality.complaint.feedback", "action_view_complaint"),
        ]
        writes = [
            ("quality.complaint", "write"),
            ("quality.complaint", "create"),
            ("quality.complaint", "message_post"),
            ("quality.complaint", "action_decide_responsibility"),
            ("stock.picking", "create_complaint"),
            ("quality.complaint.return.wizard", "action_confirm"),
            ("quality.complaint.refund.wizard", "action_confirm"),
        ]
        self.assertEqual([call for call in read_only if not self._routed_read_only(*call)], [])
        self.assertEqual([call for call in writes if self._routed_read_only(*call)], [])

    def test_read_only_calls_write_nothing(self):
        """Served on a read-only transaction (as on a replica), the dashboard and the smart
        buttons answer without falling back to the primary database (Odoo warns when a
        read-only call writes and retries it read/write)."""
        complaint = self._complaint()
        with self.assertNoLogs("odoo.http", "WARNING"):
            data = self._json2(
                self.manager, "quality.complaint.dashboard", "get_dashboard_data", team_id=None
            )
            action = self._json2(
                self.sales_rep, "quality.complaint", "action_view_pickings", ids=complaint.ids
            )
        self.assertGreaterEqual(data["kpis"]["count"], 1)
        self.assertEqual(action["res_id"], self.delivery.id)

    # ------------------------------------------------------------ other actions
    def test_complaint_opened_from_a_delivery_and_decided_over_json2(self):
        complaint_ids = self._json2(
            self.sales_rep,
            "stock.picking",
            "create_complaint",
            ids=self.delivery.ids,
            vals={"subject": "Drivers flicker after an hour"},
        )
        complaint = self.env["quality.complaint"].browse(complaint_ids)
        self.assertEqual(complaint.subject, "Drivers flicker after an hour")
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.picking_ids, self.delivery)
        self.assertEqual(complaint.sale_order_ids, self.order)
        self.assertEqual(complaint.invoice_ids, self.invoice)
        self.assertEqual(
            {(ln.product_id, ln.lot_id, ln.quantity) for ln in complaint.line_ids},
            {
                (self.product_lot, self.lot_a, 8.0),
                (self.product_lot, self.lot_b, 2.0),
                (self.product_plain, self.env["stock.lot"], 10.0),
            },
        )
        for model, record in (("sale.order", self.order), ("account.move", self.invoice)):
            other_ids = self._json2(
                self.sales_rep,
                model,
                "create_complaint",
                ids=record.ids,
                vals={"subject": f"From {model}"},
            )
            other = self.env["quality.complaint"].browse(other_ids)
            self.assertEqual(other.line_ids.product_id, complaint.line_ids.product_id)
            self.assertEqual(other.invoice_ids, self.invoice)

        self._json2(
            self.sales_rep,
            "quality.complaint",
            "write",
            ids=complaint.ids,
            vals={"responsibility": "company", "responsible_department": "production"},
        )
        self.assertIs(
            self._json2(
                self.sales_rep,
                "quality.complaint",
                "action_decide_responsibility",
                ids=complaint.ids,
            ),
            True,
        )
        self.assertEqual(complaint.responsibility_user_id, self.sales_rep)
        self.assertTrue(complaint.responsibility_date)
