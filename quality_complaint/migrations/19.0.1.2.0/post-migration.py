# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Upgrade to the process of SPEC §7.

- One deadline mechanism: the scheduled action reminds and escalates, every 15 minutes. The
  time-based automation rules that did the same are archived (kept, with whatever an
  administrator changed in them), so Odoo's automation scheduler no longer runs every minute.
- Complaints already escalated get their escalation date (their last change: the best the
  database knows), so the dashboard counts them.
- The dashboard's monthly summary counts new figures (escalated, externally reviewed,
  repeat, closed and first-contact resolved complaints, defect codes): every month is marked
  as changed, and the summary's scheduled action recounts them in batches.
"""

from odoo import SUPERUSER_ID, api

OLD_RULES = (
    "quality_complaint.base_automation_deadline_reminder",
    "quality_complaint.base_automation_deadline_escalation",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rules = env["base.automation"]
    for xmlid in OLD_RULES:
        rules |= env.ref(xmlid, raise_if_not_found=False) or rules
    rules = rules.filtered(lambda rule: rule.active and rule.trigger == "on_time")
    if rules:
        rules.active = False
    # The scheduler's interval only ever shortens by itself: give it back the one that the
    # remaining time-based rules need.
    scheduler = env.ref("base_automation.ir_cron_data_base_automation_check", False)
    if scheduler:
        number, kind = env["base.automation"]._get_cron_interval()
        scheduler.write({"interval_number": number, "interval_type": kind})
    cron = env.ref("quality_complaint.ir_cron_quality_complaint_deadlines", False)
    if cron and (cron.interval_number, cron.interval_type) == (1, "hours"):
        cron.write({"interval_number": 15, "interval_type": "minutes"})
    env.cr.execute(
        """UPDATE quality_complaint c SET date_escalated = c.write_date
             FROM quality_complaint_stage s
            WHERE s.id = c.stage_id AND s.milestone = 'escalated' AND c.date_escalated IS NULL"""
    )
    env["quality.complaint.summary"]._mark_all_buckets()
