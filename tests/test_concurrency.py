# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two users refund the same complaint at the same moment, in two real database
transactions: only what was invoiced is ever credited.

This test commits to the throwaway test database (the test cases cannot: they run inside one
transaction), so it removes everything it made before it ends.
"""

import threading
import time

import pytest
from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.tests.common import get_db_name


@pytest.fixture
def refundable_invoice():
    """A posted invoice of 5 units and a complaint about it, committed."""
    registry = Registry(get_db_name())
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        partner = env["res.partner"].create({"name": "Concurrency Customer"})
        product = env["product.product"].create({"name": "Concurrency Lamp", "list_price": 10})
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "quantity": 5, "price_unit": 10})
                ],
            }
        )
        invoice.action_post()
        complaint = env["quality.complaint"].create(
            {
                "subject": "Concurrent refunds",
                "partner_id": partner.id,
                "invoice_ids": [Command.set(invoice.ids)],
            }
        )
        ids = (partner.id, product.id, invoice.id, complaint.id)
        cr.commit()
    yield registry, ids
    partner_id, product_id, invoice_id, complaint_id = ids
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        refunds = env["account.move"].search([("remedy_complaint_id", "=", complaint_id)])
        refunds.filtered(lambda m: m.state == "posted").button_draft()
        refunds.unlink()
        invoice = env["account.move"].browse(invoice_id)
        invoice.button_draft()
        invoice.unlink()
        env["quality.complaint"].browse(complaint_id).unlink()
        env["product.product"].browse(product_id).unlink()
        env["res.partner"].browse(partner_id).unlink()
        cr.commit()


def _race(target, args_list):
    """Start one thread per argument tuple at the same moment; wait for all of them."""
    results = []
    start = threading.Event()
    threads = [threading.Thread(target=target, args=(*args, results, start)) for args in args_list]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _as_a_request(registry, action, results, start):
    """Run ``action(env)`` in its own transaction, retried on a serialization failure as
    Odoo's request handling does; record "ok" (and what it returned) or "refused"."""
    start.wait()
    for _attempt in range(3):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            try:
                value = action(env)
                # Keep the transaction (and its locks) open a moment, as a slow request would.
                time.sleep(0.5)
                cr.commit()
                results.append(("ok", value))
                return
            except UserError as error:
                cr.rollback()
                results.append(("refused", str(error)))
                return
            except errors.SerializationFailure:
                cr.rollback()
                results.append(("retried", None))
    results.append(("gave up", None))


def _refund(registry, complaint_id, invoice_id, quantity, results, start):
    """One user's refund request."""

    def action(env):
        invoice = env["account.move"].browse(invoice_id)
        complaint = env["quality.complaint"].browse(complaint_id)
        return complaint._create_refund(invoice, {invoice.invoice_line_ids: quantity}).id

    _as_a_request(registry, action, results, start)


def test_two_concurrent_refunds_never_credit_more_than_invoiced(refundable_invoice):
    registry, (_partner_id, _product_id, invoice_id, complaint_id) = refundable_invoice
    results = _race(_refund, [(registry, complaint_id, invoice_id, 3.0)] * 2)
    outcomes = sorted(kind for kind, _detail in results if kind != "retried")
    # 3 + 3 > 5 invoiced: one refund goes through; the other waits for its lock, is retried
    # after it committed, sees the credit note and is refused.
    assert outcomes == ["ok", "refused"], results
    assert "remain to refund" in next(d for k, d in results if k == "refused")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        refunds = env["account.move"].search([("remedy_complaint_id", "=", complaint_id)])
        assert len(refunds) == 1
        assert sum(refunds.invoice_line_ids.mapped("quantity")) == 3.0


def _approve(registry, compensation_id, results, start):
    """A finance approver approves the compensation."""

    def action(env):
        compensation = env["quality.complaint.compensation"].browse(compensation_id)
        compensation.action_approve()
        return compensation.move_id.id

    _as_a_request(registry, action, results, start)


def test_two_approvers_at_once_create_one_compensation_credit_note(refundable_invoice):
    registry, (_partner_id, _product_id, _invoice_id, complaint_id) = refundable_invoice
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        threshold = env.company.complaint_approval_amount
        compensation = env["quality.complaint.compensation"].create(
            {
                "complaint_id": complaint_id,
                "amount": threshold + 500.0,
                "reason": "Line stop",
                "override_reason": "Goodwill on an appeal",
            }
        )
        assert compensation.state == "to_approve"
        compensation_id = compensation.id
        cr.commit()
    results = _race(_approve, [(registry, compensation_id)] * 2)
    outcomes = sorted(kind for kind, _detail in results if kind != "retried")
    assert outcomes == ["ok", "refused"], results
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        moves = env["account.move"].search([("remedy_complaint_id", "=", complaint_id)])
        assert len(moves) == 1
        assert moves.amount_total == threshold + 500.0
        # Clean-up of what the fixture does not know.
        moves.unlink()
        env["quality.complaint.compensation"].browse(compensation_id).unlink()
        cr.commit()


def _run_cron(registry, hold, results, start):
    start.wait()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            done = env["quality.complaint.deadline"]._cron_process_deadlines(batch_size=50)
            time.sleep(hold)
            cr.commit()
            results.append(("ok", done))
        except errors.SerializationFailure:
            cr.rollback()
            results.append(("retry later", 0))


def test_two_deadline_runs_at_once_remind_and_escalate_once(refundable_invoice):
    registry, (_partner_id, _product_id, _invoice_id, complaint_id) = refundable_invoice
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        complaint = env["quality.complaint"].browse(complaint_id)
        complaint.user_id = env.user
        # Every deadline of this complaint is missed.
        complaint.deadline_ids.write({"date_deadline": "2020-01-01 00:00:00"})
        cr.commit()
    results = _race(_run_cron, [(registry, 0.5), (registry, 0.0)])
    assert len(results) == 2, results
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        complaint = env["quality.complaint"].browse(complaint_id)
        escalations = complaint.activity_ids.filtered(lambda a: "Late:" in (a.summary or ""))
        kinds = complaint.deadline_ids.mapped("kind")
        # One escalation per missed deadline, however many runs overlapped.
        assert len(escalations) == len(kinds), escalations.mapped("summary")
        complaint.activity_ids.unlink()
        cr.commit()
