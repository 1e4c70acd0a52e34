# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Users at the same moment, in real database transactions: two refunds of one complaint
credit only what was invoiced, two approvals make one credit note, two deadline runs remind
once, and the messages and moves of one customer's complaints never conflict.

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


@pytest.fixture
def one_customer():
    """A customer without a user (sign-up invitations open to customers, b2c) with a
    contact, already written to once, and three new complaints, committed."""
    registry = Registry(get_db_name())
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        params = env["ir.config_parameter"]
        scope = params.get_param("auth_signup.invitation_scope")
        params.set_param("auth_signup.invitation_scope", "b2c")
        customer = env["res.partner"].create({"name": "Hot Row Lighting", "is_company": True})
        contact = env["res.partner"].create(
            {"name": "Wu Fang", "parent_id": customer.id, "email": "wu.fang@hot-row.example"}
        )
        complaints = env["quality.complaint"].create(
            [{"subject": f"Flicker {i}", "partner_id": contact.id} for i in range(4)]
        )
        # The customer's first message prepares its sign-up token (written once).
        _tell_customer(env, complaints[0].id, contact.id)
        ids = (customer.id, contact.id, complaints.ids)
        cr.commit()
    yield registry, ids
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        env["ir.config_parameter"].set_param("auth_signup.invitation_scope", scope or "b2b")
        env["quality.complaint"].browse(ids[2]).unlink()
        env["res.partner"].browse(ids[:2]).unlink()
        cr.commit()


def _tell_customer(env, complaint_id, contact_id):
    env["quality.complaint"].browse(complaint_id).message_post(
        body="We are on it.",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
        partner_ids=[contact_id],
    )
    env.flush_all()


def test_users_writing_to_one_customer_at_once_never_conflict(one_customer):
    """No row that every complaint of a customer writes (SPEC section 9): two transactions
    that overlap (the second's snapshot taken before the first commits) each write to the
    customer on another complaint, then one writes to the customer while another moves the
    same complaint. Neither writes a row the other wrote (the customer's sign-up token, the
    complaint's portal token), so PostgreSQL never makes one retry: a conflict raises
    SerializationFailure here."""
    registry, (_customer_id, contact_id, (_first, second, third, fourth)) = one_customer
    with registry.cursor() as cr1, registry.cursor() as cr2:
        env1 = api.Environment(cr1, SUPERUSER_ID, {})
        env2 = api.Environment(cr2, SUPERUSER_ID, {})
        acknowledged = env2.ref("quality_complaint.quality_complaint_stage_acknowledged")
        # The first messages of two complaints of the customer at once.
        cr2.execute("SELECT 1")
        _tell_customer(env1, second, contact_id)
        cr1.commit()
        _tell_customer(env2, third, contact_id)
        cr2.commit()
        # The first message to the customer on a complaint, and a move of it, at once.
        cr2.execute("SELECT 1")
        _tell_customer(env1, fourth, contact_id)
        cr1.commit()
        env2["quality.complaint"].browse(fourth).write({"stage_id": acknowledged.id})
        env2.flush_all()
        cr2.commit()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        complaints = env["quality.complaint"].browse([second, third, fourth])
        assert all(complaints.mapped("access_token"))
        assert complaints[2].stage_id == env.ref(
            "quality_complaint.quality_complaint_stage_acknowledged"
        )
        told = complaints.message_ids.filtered(lambda m: "We are on it." in (m.body or ""))
        assert len(told) == 3
