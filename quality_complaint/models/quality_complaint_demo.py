# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.fields import Command

# fmt: off
# A year of complaints: (months ago, day of month, customer, product, quantity, category,
# severity, kind, responsibility, department, deadlines met late, subject, defect).
HISTORY = [
    (11, 6, "bright", "driver", 20, "quality", "major", "claim", "company", "production",
     (), "Drivers dead on arrival", "No output on 20 drivers"),
    (10, 12, "harbour", "housing", 50, "delivery", "general", "appeal", "carrier", False,
     ("closure",), "Cartons crushed in transit", "Housings dented"),
    (10, 20, "gulf", "panel", 4, "quality", "general", "claim", "company", "purchasing",
     (), "Panel frames bent", "Frame bent at one corner"),
    (9, 8, "nordic", "driver", 10, "billing", "minor", "non_quality", "company", "sales",
     (), "Order confirmation in the wrong currency", ""),
    (9, 18, "bright", "panel", 8, "quality", "major", "claim", "company", "production",
     ("acknowledge",), "Panels flicker when dimmed", "Flicker below 20 % dimming"),
    (8, 5, "sunrise", "housing", 30, "delivery", "general", "appeal", "company", "logistics",
     (), "Delivered one week late", ""),
    (8, 22, "harbour", "driver", 6, "quality", "general", "claim", "customer", False,
     (), "Drivers burnt after installation", "Wired to 380 V instead of 230 V"),
    (7, 9, "bright", "housing", 40, "quality", "general", "claim", "company", "production",
     ("plan", "closure"), "Paint peeling off housings", "Paint adhesion fails the tape test"),
    (6, 14, "gulf", "driver", 12, "service", "minor", "appeal", "company", "sales",
     (), "No answer to three e-mails", ""),
    (5, 3, "nordic", "panel", 6, "quality", "major", "claim", "supplier", False,
     (), "Diffuser yellowed after a month", "Diffuser yellowing"),
    (5, 19, "bright", "driver", 25, "quality", "general", "claim", "company", "production",
     (), "Drivers humming", "Audible noise at full load"),
    (4, 11, "sunrise", "panel", 3, "delivery", "minor", "appeal", "company", "logistics",
     ("acknowledge",), "Wrong panel size delivered", "600x1200 instead of 600x600"),
    (3, 7, "harbour", "housing", 20, "quality", "general", "claim", "company", "design",
     (), "Housing does not fit the new driver", "Mounting holes 2 mm off"),
    (2, 16, "bright", "panel", 10, "quality", "major", "claim", "company", "production",
     ("closure",), "Panel fell from the ceiling", "Clip broke under the panel's weight"),
    (2, 24, "gulf", "housing", 15, "billing", "minor", "non_quality", "company", "sales",
     (), "Invoice without the agreed discount", ""),
    (1, 10, "nordic", "driver", 8, "quality", "general", "claim", "company", "production",
     (), "Drivers fail the surge test", "Surge protection missing"),
    (12, 15, "gulf", "housing", 20, "delivery", "minor", "appeal", "company", "warehouse",
     (), "Wrong housing colour picked", "Black instead of white"),
    (11, 21, "sunrise", "panel", 5, "quality", "general", "claim", "company", "production",
     (), "Panels with loose frames", "Frame screws missing"),
    (10, 27, "bright", "driver", 15, "delivery", "general", "appeal", "company", "logistics",
     ("plan",), "Drivers shipped to the wrong plant", ""),
    (9, 25, "gulf", "panel", 6, "quality", "general", "claim", "company", "production",
     (), "Colour temperature varies between panels", "3000 K and 4000 K mixed"),
    (8, 12, "nordic", "housing", 25, "quality", "minor", "claim", "company", "warehouse",
     (), "Housings scratched in the warehouse", "Scratches from the forklift"),
    (7, 21, "harbour", "panel", 4, "service", "minor", "appeal", "company", "sales",
     (), "Quotation took two weeks", ""),
    (6, 4, "bright", "panel", 12, "quality", "major", "claim", "company", "production",
     ("closure",), "Panels dark in one corner", "LED strip connector loose"),
    (6, 23, "sunrise", "driver", 10, "billing", "minor", "non_quality", "company", "sales",
     (), "Credit note for the returned drivers missing", ""),
    (4, 24, "gulf", "driver", 8, "quality", "general", "claim", "company", "purchasing",
     (), "Drivers from the new supplier fail at 40 °C", "Thermal shutdown at 40 °C"),
    (3, 20, "bright", "housing", 30, "delivery", "general", "appeal", "carrier", False,
     (), "Pallet dropped by the carrier", "Housings broken"),
    (1, 22, "harbour", "driver", 5, "quality", "general", "claim", "company", "production",
     ("acknowledge",), "Drivers buzz at low load", "Audible noise below 20 % load"),
]
# Open complaints of the last weeks, with their remedies: (days ago, customer, product,
# quantity, category, severity, stage, responsibility, department, remedy, subject, defect).
CURRENT = [
    (38, "bright", "driver", 10, "quality", "major", "remedy", "company", "production",
     "return_replace", "Drivers overheat in closed fixtures", "Case at 95 °C after 2 hours"),
    (30, "harbour", "housing", 5, "quality", "general", "remedy", "company", "production",
     "refund", "Cracked housings", "Crack along the screw boss"),
    (20, "gulf", "panel", 12, "quality", "major", "remedy", "company", "design",
     "compensation", "Dead pixels: site installation delayed", "Half of the LEDs dark"),
    (13, "nordic", "housing", 10, "delivery", "minor", "remedy", "company", "logistics",
     "small_compensation", "Express freight paid by the customer", ""),
    (5, "sunrise", "driver", 4, "quality", "general", "investigating", False, False,
     False, "Drivers do not start in the cold", "No start below -10 °C"),
    (2, "harbour", "panel", 2, "service", "minor", "new", False, False,
     False, "Installer asks for the wiring diagram", ""),
]
# fmt: on


class QualityComplaint(models.Model):
    _inherit = "quality.complaint"

    @api.model
    def _demo_load_story(self):
        """Demo data only: a year of sales, deliveries, invoices and complaints made through
        the real documents and remedies, so that every figure of the dashboard, the cost
        report and each remedy has something to show."""
        env = self.env
        ref = env.ref
        customers = {
            key: ref(f"quality_complaint.partner_{key}_demo")
            for key in ("bright", "harbour", "gulf", "nordic", "sunrise")
        }
        contacts = {key: partner.child_ids[:1] or partner for key, partner in customers.items()}
        products = {
            key: ref(f"quality_complaint.product_{key}_demo")
            for key in ("driver", "housing", "panel")
        }
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        for product in products.values():
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5000)
        today = fields.Date.context_today(self)
        # Six deliveries a month to the customers in turn: the base of the complaint rate.
        keys = list(customers)
        for months_ago in range(12, -1, -1):
            first = today.replace(day=1) - relativedelta(months=months_ago)
            for n in range(6):
                day = first + timedelta(days=2 + 5 * n)
                if day >= today:
                    day = today - timedelta(days=1 + n)
                key = keys[(months_ago + n) % len(keys)]
                product = list(products)[n % len(products)]
                self._demo_sell(customers[key], {products[product]: 40 + 10 * n}, day)
        stages = {
            milestone: env["quality.complaint.stage"].search(
                [("milestone", "=", milestone)], limit=1
            )
            for milestone in ("new", "investigating", "action", "closed")
        }
        self._demo_history(customers, contacts, products, stages["closed"])
        self._demo_current(customers, contacts, products, stages)
        self._demo_chargeback(customers["gulf"], contacts["gulf"], stages["action"])
        self._demo_carrier_claim()
        self._demo_backdate_hand_made()
        return True

    @api.model
    def _demo_backdate_hand_made(self):
        """The complaints written in the demo file were acknowledged, closed or cancelled
        when they happened, not when the demo data was loaded."""
        for number in range(1, 9):
            complaint = self.env.ref(
                f"quality_complaint.complaint_cc{number}_demo", raise_if_not_found=False
            )
            if not complaint or complaint.milestone == "new":
                continue
            received = complaint.date_received
            if complaint.milestone == "closed":
                complaint._demo_backdate(received, ())
                continue
            acknowledged = received + timedelta(hours=5)
            complaint.date_acknowledged = acknowledged
            complaint.deadline_ids.filtered(
                lambda d: d.kind == "acknowledge" and d.date_done
            ).date_done = acknowledged
            if complaint.milestone == "cancelled":
                complaint.date_closed = received + timedelta(days=3)

    @api.model
    def _demo_history(self, customers, contacts, products, closed):
        """The closed complaints of the last year, with their deadlines met as it happened."""
        today = fields.Date.context_today(self)
        for index, row in enumerate(HISTORY, 1):
            months_ago, day, key, product, qty, category, severity, kind = row[:8]
            responsibility, department, late, subject, defect = row[8:]
            month = today.replace(day=1) - relativedelta(months=months_ago)
            received = datetime.combine(month.replace(day=day), time(9, 30))
            documents = self._demo_documents(customers[key], products[product], received)
            complaint = self._demo_complaint(
                contacts[key],
                documents,
                {products[product]: (qty, defect)},
                {"subject": subject, "category": category, "severity": severity, "kind": kind},
                received,
            )
            explanation = (
                "<p>The installation instructions were not followed; we trained the installer.</p>"
            )
            complaint.write(
                {
                    "responsibility": responsibility,
                    "responsible_department": department,
                    "customer_explanation": explanation if responsibility == "customer" else False,
                    "closing_note": f"<p>{subject}: solved and confirmed by the customer.</p>",
                }
            )
            complaint._demo_name(f"complaint_h{index:02d}_demo")
            complaint.action_decide_responsibility()
            complaint.stage_id = closed
            complaint._demo_backdate(received, late)

    @api.model
    def _demo_current(self, customers, contacts, products, stages):
        """The open complaints of the last weeks and their remedies."""
        now = fields.Datetime.now()
        for index, row in enumerate(CURRENT, 1):
            days_ago, key, product, qty, category, severity, milestone = row[:7]
            responsibility, department, remedy, subject, defect = row[7:]
            received = now - timedelta(days=days_ago, hours=3)
            documents = self._demo_documents(customers[key], products[product], received)
            kind = "claim" if category == "quality" else "appeal"
            complaint = self._demo_complaint(
                contacts[key],
                documents,
                {products[product]: (qty, defect)},
                {"subject": subject, "category": category, "severity": severity, "kind": kind},
                received,
            )
            complaint._demo_name(f"complaint_c{index:02d}_demo")
            if responsibility:
                complaint.write(
                    {"responsibility": responsibility, "responsible_department": department}
                )
                complaint.action_decide_responsibility()
            complaint._demo_progress(
                stages["action" if milestone == "remedy" else milestone], received
            )
            if remedy:
                complaint._demo_remedy(remedy, documents)

    def _demo_progress(self, stage, received):
        """Move the complaint to ``stage``, with its deadlines met on time: acknowledged on
        the day, responsibility decided and action plan sent two days after reception."""
        self.ensure_one()
        self.stage_id = stage
        if stage.milestone == "new":
            return
        acknowledged = received + timedelta(hours=4)
        self.date_acknowledged = acknowledged
        self.deadline_ids.filtered(lambda d: d.kind == "acknowledge").date_done = acknowledged
        if stage.milestone == "action":
            planned = received + timedelta(days=2)
            self.responsibility_date = planned
            self.deadline_ids.filtered(lambda d: d.kind == "plan").date_done = planned

    @api.model
    def _demo_chargeback(self, customer, contact, stage):
        """Drivers bought from a capacitor supplier, received with their lot and billed, are
        sold to a customer who complains: the customer is refunded, the liability is split
        60 % supplier (found through the lot's receipt) / 40 % production, and the
        supplier's share is charged back by a draft reversal of its bill."""
        env = self.env
        product = env.ref("quality_complaint.product_driver_lot_demo")
        supplier_contact = env.ref("quality_complaint.partner_capacitor_contact_demo")
        today = fields.Date.context_today(self)
        bought = datetime.combine(today - timedelta(days=45), time(9, 0))
        purchase = env["purchase.order"].create(
            {
                "partner_id": supplier_contact.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_qty": 200.0, "price_unit": 45.0}
                    )
                ],
            }
        )
        purchase.button_confirm()
        purchase.date_order = bought
        lot = env["stock.lot"].create(
            {"name": "DCW-C220", "product_id": product.id, "company_id": env.company.id}
        )
        receipt = purchase.picking_ids
        for move in receipt.move_ids:
            move.move_line_ids.unlink()
            env["stock.move.line"].create(
                {**move._prepare_move_line_vals(quantity=move.product_uom_qty), "lot_id": lot.id}
            )
            move.picked = True
        receipt.button_validate()
        received_goods = bought + timedelta(days=3)
        receipt.write({"date_done": received_goods, "scheduled_date": received_goods})
        purchase.action_create_invoice()
        bill = purchase.invoice_ids
        bill.write({"invoice_date": received_goods.date(), "ref": "DCW-INV-0815"})
        bill.action_post()
        order = self._demo_sell(
            customer, {product: 60}, today - timedelta(days=30), lots={product: lot}
        )
        documents = {
            "sale_orders": order,
            "pickings": order.picking_ids,
            "invoices": order.invoice_ids,
        }
        received = fields.Datetime.now() - timedelta(days=16, hours=3)
        complaint = self._demo_complaint(
            contact,
            documents,
            {product: (12, "Output capacitor bulged after two weeks")},
            {
                "subject": "Drivers fail after two weeks in service",
                "category": "quality",
                "severity": "major",
                "kind": "claim",
            },
            received,
        )
        complaint._demo_name("complaint_chargeback_demo")
        evidence = "Output capacitor ESR out of specification (incoming lot test)."
        complaint.write(
            {
                "responsibility": "supplier",
                "liability_ids": [
                    Command.create(
                        {
                            "party_type": "supplier",
                            "percentage": 60.0,
                            "evidence": evidence,
                        }
                    ),
                    Command.create(
                        {
                            "party_type": "company",
                            "department": "production",
                            "percentage": 40.0,
                            "evidence": "Our incoming inspection did not test the capacitors.",
                        }
                    ),
                ],
            }
        )
        complaint.action_decide_responsibility()
        complaint._demo_progress(stage, received)
        complaint._demo_remedy("refund", documents)
        complaint._demo_recover("supplier")
        return complaint

    @api.model
    def _demo_carrier_claim(self):
        """The express freight of a late delivery is half the carrier's fault: a claim is
        sent to the carrier, which has not answered yet."""
        complaint = self.env.ref("quality_complaint.complaint_c04_demo")
        carrier = self.env.ref("quality_complaint.partner_carrier_demo")
        complaint.write(
            {
                "liability_ids": [
                    Command.create(
                        {"party_type": "company", "department": "logistics", "percentage": 50.0}
                    ),
                    Command.create(
                        {
                            "party_type": "carrier",
                            "partner_id": carrier.id,
                            "percentage": 50.0,
                            "evidence": "Pallet left at the carrier's hub for four days.",
                        }
                    ),
                ],
            }
        )
        complaint._demo_recover("carrier", reference="PRF-CLM-0042").action_claim()
        return complaint

    def _demo_recover(self, party_type, **vals):
        """Recover the share of the ``party_type`` party with the recovery wizard, filled in
        as its form proposes: everything still recoverable, for the evidence recorded."""
        self.ensure_one()
        liability = self.liability_ids.filtered(lambda lb: lb.party_type == party_type)[:1]
        wizard = (
            self.env["quality.complaint.recovery.wizard"]
            .with_context(default_complaint_id=self.id)
            .create(
                {
                    "liability_id": liability.id,
                    "amount": liability.amount_recoverable,
                    "reason": liability.evidence or self.subject,
                    **vals,
                }
            )
        )
        action = wizard.action_confirm()
        return self.env["quality.complaint.recovery"].browse(action["res_id"])

    @api.model
    def _demo_sell(self, partner, quantities, day, lots=None):
        """A confirmed order of ``day``, its delivery done (from the ``lots`` given as
        {product: lot}) and its invoice posted."""
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in quantities.items()
                ],
            }
        )
        order.action_confirm()
        when = datetime.combine(day, time(10, 0))
        order.date_order = when
        picking = order.picking_ids
        picking.action_assign()
        for move in picking.move_ids:
            lot = (lots or {}).get(move.product_id)
            if lot:
                move.move_line_ids.unlink()
                self.env["stock.move.line"].create(
                    {
                        **move._prepare_move_line_vals(quantity=move.product_uom_qty),
                        "lot_id": lot.id,
                    }
                )
            else:
                move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        picking.write({"date_done": when + timedelta(hours=6), "scheduled_date": when})
        invoice = order._create_invoices()
        invoice.invoice_date = day
        invoice.action_post()
        return order

    @api.model
    def _demo_documents(self, partner, product, received):
        """The customer's latest delivered order of ``product`` before ``received``."""
        order = self.env["sale.order"].search(
            [
                ("partner_id", "=", partner.id),
                ("order_line.product_id", "=", product.id),
                ("state", "=", "sale"),
                ("date_order", "<", received),
            ],
            order="date_order desc",
            limit=1,
        )
        if not order:
            order = self._demo_sell(partner, {product: 40}, (received - timedelta(days=5)).date())
        return {
            "sale_orders": order,
            "pickings": order.picking_ids,
            "invoices": order.invoice_ids,
        }

    @api.model
    def _demo_complaint(self, contact, documents, lines, vals, received):
        """A complaint opened from the delivery, as the sales rep's button does, about
        ``lines`` ({product: (quantity, defect)}) of it."""
        defaults = self._prepare_default_vals(contact, **documents)
        category = self.env.ref(f"quality_complaint.quality_complaint_category_{vals['category']}")
        complaint = self.create(
            {
                **defaults,
                "subject": vals["subject"],
                "category_id": category.id,
                "severity": vals["severity"],
                "kind": vals["kind"],
                "channel": "email" if len(vals["subject"]) % 2 else "phone",
                "date_received": received,
                "user_id": self.env.ref("base.user_admin").id,
                "description": f"<p>{vals['subject']}.</p>",
            }
        )
        kept = complaint.line_ids.filtered(lambda line: line.product_id in lines)
        (complaint.line_ids - kept).unlink()
        for line in kept:
            qty, defect = lines[line.product_id]
            line.write({"quantity": qty, "defect_description": defect})
        return complaint

    def _demo_name(self, name):
        """An XML id, so that the demo data of the other addons can refer to the story."""
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"quality_complaint.{name}", "record": self, "noupdate": True}]
        )

    def _demo_backdate(self, received, late):
        """Record the history of a closed complaint as it happened: each deadline met on
        time, or a day late for the kinds in ``late``."""
        self.ensure_one()
        for deadline in self.deadline_ids:
            if deadline.kind in late:
                deadline.date_done = deadline.date_deadline + timedelta(days=1)
            else:
                deadline.date_done = max(
                    received + timedelta(hours=2), deadline.date_deadline - timedelta(hours=5)
                )
        done = {d.kind: d.date_done for d in self.deadline_ids}
        self.write(
            {
                "date_acknowledged": done.get("acknowledge", received + timedelta(hours=3)),
                "date_closed": done.get("closure", received + timedelta(days=9)),
                "responsibility_date": done.get("plan", received + timedelta(days=2)),
            }
        )

    def _demo_remedy(self, remedy, documents):
        """The remedies of the demo story, through the wizards' model methods."""
        self.ensure_one()
        line = self.line_ids[:1]
        if remedy == "return_replace":
            returned = self._create_return(documents["pickings"], {line: line.quantity})
            replacement = self._create_replacement({line: line.quantity})
            for picking in returned | replacement:
                picking.action_assign()
                for move in picking.move_ids:
                    move.quantity = move.product_uom_qty
                    move.picked = True
                picking.button_validate()
        elif remedy == "refund":
            invoice = documents["invoices"]
            inv_line = invoice.invoice_line_ids.filtered(
                lambda il: il.product_id == line.product_id
            )[:1]
            refund = self._create_refund(invoice, {inv_line: line.quantity})
            refund.action_post()
        elif remedy in ("compensation", "small_compensation"):
            big = remedy == "compensation"
            self.env["quality.complaint.compensation"].create(
                {
                    "complaint_id": self.id,
                    "amount": 1800.0 if big else 240.0,
                    "currency_id": self.company_id.currency_id.id,
                    "reason": "Installation crew idle for two days"
                    if big
                    else "Express freight paid by the customer",
                }
            )
