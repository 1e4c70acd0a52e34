# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import timedelta

from odoo.tools import SQL
from odoo.tools.date_utils import localized, to_timezone


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


def plan_working_hours(calendar, start, hours_by_key):
    """``{key: calendar.plan_hours(hours, start, compute_leaves=True)}`` for every
    ``key: hours`` of ``hours_by_key``, from one read of the calendar's working intervals
    (its attendances and holidays) for all of them: ``plan_hours`` reads them again for
    each step of a complaint's clock. Same walk as ``plan_hours``; a step beyond the
    intervals read (long holidays) falls back to it."""
    if not hours_by_key:
        return {}
    revert = to_timezone(start.tzinfo)
    begin = localized(start)
    per_day = calendar.hours_per_day or 8.0
    # Enough weeks for the longest step at five working days a week, plus two for holidays.
    days = math.ceil(max(hours_by_key.values()) / per_day * 7 / 5) + 14
    intervals = calendar._work_intervals_batch(begin, begin + timedelta(days=days))[False]
    left = dict(hours_by_key)
    result = {}
    for interval_start, interval_stop, _meta in intervals:
        interval_hours = (interval_stop - interval_start).total_seconds() / 3600
        for key, hours in list(left.items()):
            if hours <= interval_hours:
                result[key] = revert(interval_start + timedelta(hours=hours))
                del left[key]
            else:
                left[key] = hours - interval_hours
        if not left:
            break
    for key in left:
        result[key] = calendar.plan_hours(hours_by_key[key], start, compute_leaves=True)
    return result
