# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Read-only methods of every addon (SPEC section 9): the smart buttons and the dashboard
are flagged ``@api.readonly``, so Odoo's JSON-2, call_kw and call_button routes open a
read-only cursor for them, on the streaming replica where one is configured
(``db_replica_host``); what writes is not flagged."""

from odoo.tests import TransactionCase

READ_ONLY = [
    ("quality.complaint.dashboard", "get_dashboard_data"),
    ("quality.complaint", "action_view_returns"),
    ("quality.complaint", "action_view_8d"),
    ("quality.complaint", "action_view_repairs"),
    ("quality.complaint", "action_view_survey_answers"),
    ("repair.order", "action_view_complaint"),
    ("stock.picking", "action_view_complaints"),
]
WRITES = [
    ("quality.complaint", "action_start_8d"),
    ("quality.complaint", "action_create_repair"),
    ("quality.8d.report", "action_submit"),
    ("repair.order", "action_repair_done"),
]


class TestScaleOut(TransactionCase):
    def _routed_read_only(self, model, method):
        """The flag, looked up along the model's classes as Odoo's routing does."""
        for cls in type(self.env[model]).mro():
            function = getattr(cls, method, None)
            if function is not None and hasattr(function, "_readonly"):
                return function._readonly
        return False

    def test_reads_of_every_addon_go_to_the_replica_and_writes_do_not(self):
        assert [call for call in READ_ONLY if not self._routed_read_only(*call)] == []
        assert [call for call in WRITES if self._routed_read_only(*call)] == []
