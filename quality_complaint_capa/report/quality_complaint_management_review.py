# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.fields import Domain


class QualityComplaintManagementReview(models.AbstractModel):
    _inherit = "quality.complaint.management.review"

    # Open 8Ds listed (the oldest first).
    MAX_OPEN_8D = 50

    @api.model
    def _review_data(self, date_from, date_to, team_id=None, category_id=None):
        """Adds the 8D status (``capa``) and its two sections after the open complaints."""
        data = super()._review_data(date_from, date_to, team_id, category_id)
        data["capa"] = self._capa_status(data["start"], data["stop"], team_id, category_id)
        keys = [section["key"] for section in data["sections"]]
        position = keys.index("open") + 1 if "open" in keys else len(keys)
        data["sections"][position:position] = [
            self._section_8d_status(data),
            self._section_8d_open(data),
        ]
        return data

    @api.model
    def _capa_status(self, start, stop, team_id=None, category_id=None):
        """The 8Ds of the period (started before its end and not closed before its start),
        counted per discipline and state, and the 8Ds still open now, the oldest first:
        three queries whatever their number."""
        Report = self.env["quality.8d.report"]
        domain = Domain("date_start", "<", stop)
        if team_id or category_id:
            domain &= Domain(
                "complaint_ids",
                "any",
                self.env["quality.complaint.dashboard"]._filter_domain(team_id, category_id),
            )
        period = domain & (Domain("date_closed", "=", False) | Domain("date_closed", ">=", start))
        counts = {
            (discipline, state): count
            for discipline, state, count in Report._read_group(
                period, ["discipline", "state"], ["__count"]
            )
        }
        open_domain = domain & Domain("state", "!=", "done")
        reports = Report.search(open_domain, order="date_start, id", limit=self.MAX_OPEN_8D)
        return {
            "counts": counts,
            "open_count": Report.search_count(open_domain),
            "late_count": Report.search_count(open_domain & Domain("is_late", "=", True)),
            "open": [
                {
                    "id": report.id,
                    "name": report.name,
                    "title": report.title,
                    "customer": report.partner_id.display_name or "",
                    "discipline": report.discipline,
                    "state": report.state,
                    "leader": report.leader_id.name or "",
                    "late": report.late_disciplines or "",
                }
                for report in reports
            ],
        }

    @api.model
    def _selection_labels(self, field_name):
        field = self.env["quality.8d.report"]._fields[field_name]
        return field._description_selection(self.env)

    @api.model
    def _section_8d_status(self, data):
        """8Ds of the period per discipline (rows) and state (columns)."""
        _ = self.env._
        counts = data["capa"]["counts"]
        states = self._selection_labels("state")
        rows = []
        for discipline, label in self._selection_labels("discipline"):
            row = [counts.get((discipline, state), 0) for state, _label in states]
            rows.append([label, *row, sum(row)])
        return {
            "key": "capa_status",
            "title": _("8D status"),
            "summary": [
                [_("8D reports of the period"), sum(counts.values()), "int"],
                [_("Open 8D reports"), data["capa"]["open_count"], "int"],
                [_("Late 8D reports"), data["capa"]["late_count"], "int"],
            ],
            "columns": [
                {"label": _("Discipline"), "type": "text"},
                *({"label": label, "type": "int"} for _state, label in states),
                {"label": _("Total"), "type": "int"},
            ],
            "rows": rows if counts else [],
            "empty": _("No 8D report in the period."),
        }

    @api.model
    def _section_8d_open(self, data):
        _ = self.env._
        disciplines = dict(self._selection_labels("discipline"))
        states = dict(self._selection_labels("state"))
        return {
            "key": "capa_open",
            "title": _("Open 8D reports"),
            "columns": [
                {"label": _("Reference"), "type": "text"},
                {"label": _("Title"), "type": "text"},
                {"label": _("Customer"), "type": "text"},
                {"label": _("Discipline"), "type": "text"},
                {"label": _("State"), "type": "text"},
                {"label": _("Team Leader"), "type": "text"},
                {"label": _("Late disciplines"), "type": "text"},
            ],
            "rows": [
                [
                    report["name"],
                    report["title"],
                    report["customer"],
                    disciplines.get(report["discipline"], report["discipline"]),
                    states.get(report["state"], report["state"]),
                    report["leader"],
                    report["late"],
                ]
                for report in data["capa"]["open"]
            ],
            "empty": _("No open 8D report."),
        }
