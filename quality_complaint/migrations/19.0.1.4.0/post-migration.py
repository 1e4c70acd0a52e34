# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""19.0.1.4.0: every day of reception is marked as changed, so that the summary's scheduled
action counts the days' rows (and their months' again) in batches; until it has, the
dashboard counts the complaints themselves, as after an install."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["quality.complaint.summary"]._mark_all_buckets()
