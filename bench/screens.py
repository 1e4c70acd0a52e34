# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the web client asks for when it opens the complaints kanban and list (their
``web_read_group`` / ``web_search_read`` specifications), shared by the benchmarks that
measure those screens in one process (query_budget, peer) and over HTTP (load)."""

KANBAN_SPEC = {
    "name": {},
    "subject": {},
    "severity": {},
    "priority": {},
    "color": {},
    "date_deadline": {},
    "is_closed": {},
    "partner_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "activity_ids": {"fields": {}},
}
LIST_SPEC = {
    "priority": {},
    "name": {},
    "subject": {},
    "partner_id": {"fields": {"display_name": {}}},
    "kind": {},
    "category_id": {"fields": {"display_name": {}}},
    "severity": {},
    "date_received": {},
    "date_deadline": {},
    "is_late": {},
    "company_id": {"fields": {}},
    "user_id": {"fields": {"display_name": {}}},
    "stage_id": {"fields": {"display_name": {}}},
}
