# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL


def lock_rows(records, *, skip_locked=False):
    """Lock the rows of ``records`` until the transaction ends: the one way the addons take
    row locks, so that a second submission of a remedy, an approval or a scheduled run sees
    what the first one did instead of doing it again.

    By default the lock waits: a concurrent transaction holding one of the rows makes this
    one wait for it to end, then (REPEATABLE READ) fail with a serialization error that Odoo
    retries, and the retry sees the committed documents. With ``skip_locked`` nothing waits:
    the rows another transaction holds are skipped (Odoo's ``try_lock_for_update``) and the
    records actually locked are returned, for batch work that others may share.

    :return: the records locked
    """
    if skip_locked:
        return records.try_lock_for_update()
    records = records.filtered("id")
    if records:
        query = records._as_query(ordered=False)
        records.env.execute_query(SQL("%s FOR UPDATE", query.select()))
    return records
