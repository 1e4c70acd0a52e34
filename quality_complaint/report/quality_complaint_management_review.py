# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import re
from datetime import datetime, time

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import format_date, formatLang

# Cost figures of the dashboard, in the order the review shows them.
COST_KEYS = ("cost", "cost_pending", "cost_recovered", "cost_net")
# Satisfaction figures of the dashboard (survey addon), in the order the review shows them.
SATISFACTION_KEYS = (
    "satisfaction_rate",
    "average_rating",
    "callback_rate",
    "campaign_satisfaction_rate",
)


class QualityComplaintManagementReview(models.AbstractModel):
    """The management review of a period (SPEC section 7): the dashboard's figures, read from
    ``get_dashboard_data`` and not computed again, and what a review also looks at (open and
    overdue complaints, lessons learned; the 8D status with the capa addon), laid out as
    sections that the PDF and the spreadsheet both print, so they always agree.

    A section is a dict: ``key``, ``title``, ``summary`` ([label, value, type] lines),
    ``columns`` ([{label, type}]), ``rows`` (lists of raw values, one per column) and
    ``empty`` (the sentence shown without rows). Types: text, int, number, money, date,
    check (True, False or None: met, not met, no target)."""

    _name = "quality.complaint.management.review"
    _description = "Complaint Management Review"

    # Overdue complaints listed (the latest first), lessons listed.
    MAX_OVERDUE = 50
    MAX_LESSONS = 200
    # Top causes of each Pareto dimension.
    PARETO_TOP = 10

    @api.model
    def _ensure_manager(self):
        """The review shows every complaint, cost and customer of the company: managers
        only."""
        if not self.env.su and not self.env.user.has_group(
            "quality_complaint.quality_complaint_group_manager"
        ):
            raise AccessError(self.env._("The management review is for complaint managers only."))

    @api.model
    def _review_data(self, date_from, date_to, team_id=None, category_id=None):
        """Everything the management review of [date_from, date_to] shows, for complaints of
        the team and category when given: the dashboard's data (``dashboard``, ``kpis``,
        ``targets``), open and overdue complaints, lessons learned, and ``sections``, the
        layout both the PDF and the spreadsheet print. Extensions add their figures and
        insert their sections (the capa addon adds the 8D status after the open
        complaints)."""
        self._ensure_manager()
        Dashboard = self.env["quality.complaint.dashboard"]
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        team_id = int(team_id) if team_id else None
        category_id = int(category_id) if category_id else None
        dashboard = Dashboard.get_dashboard_data(date_from, date_to, team_id, category_id)
        start, stop = Dashboard._period(date_from, date_to)
        kpis = dashboard["kpis"]
        data = {
            "date_from": date_from,
            "date_to": date_to,
            "start": start,
            "stop": stop,
            "team": self.env["quality.complaint.team"].browse(team_id),
            "category": self.env["quality.complaint.category"].browse(category_id),
            "currency": self.env.company.currency_id,
            "dashboard": dashboard,
            "kpis": kpis,
            "targets": dashboard.get("targets") or {},
            **self._open_complaints(stop, team_id, category_id),
            **self._lessons(start, stop, team_id, category_id),
        }
        data["sections"] = self._review_sections(data)
        return data

    # ------------------------------------------------------------ collected figures
    @api.model
    def _open_complaints(self, stop, team_id=None, category_id=None):
        """Complaints received up to the end of the period and open now, those of them late
        (a deadline passed unmet: ``is_late``), and the ``MAX_OVERDUE`` latest of these with
        their earliest missed deadline; three queries whatever their number."""
        Complaint = self.env["quality.complaint"]
        domain = Domain("date_received", "<", stop) & self.env[
            "quality.complaint.dashboard"
        ]._filter_domain(team_id, category_id)
        late_domain = domain & Domain("is_late", "=", True)
        now = fields.Datetime.now()
        groups = self.env["quality.complaint.deadline"]._read_group(
            [
                ("date_done", "=", False),
                ("date_deadline", "<", now),
                ("complaint_id", "any", late_domain),
            ],
            ["complaint_id"],
            ["date_deadline:min"],
            order="date_deadline:min, complaint_id",
            limit=self.MAX_OVERDUE,
        )
        complaints = Complaint.browse([complaint.id for complaint, _due in groups])
        complaints.fetch(["name", "commercial_partner_id", "subject", "user_id"])
        overdue = []
        for complaint, (_group, due) in zip(complaints, groups, strict=True):
            overdue.append(
                {
                    "id": complaint.id,
                    "name": complaint.name,
                    "customer": complaint.commercial_partner_id.display_name or "",
                    "subject": complaint.subject,
                    "responsible": complaint.user_id.name or "",
                    "due": fields.Datetime.context_timestamp(self, due).date(),
                    "days_late": (now - due).days,
                }
            )
        return {
            "open_count": Complaint.search_count(domain & Domain("is_closed", "=", False)),
            "overdue_count": Complaint.search_count(late_domain),
            "overdue": overdue,
        }

    @api.model
    def _lessons(self, start, stop, team_id=None, category_id=None):
        """Lessons learned dated in the period (of the team's complaints, of the category),
        the latest first."""
        domain = Domain("date", ">=", start.date()) & Domain("date", "<", stop.date())
        if team_id:
            domain &= Domain("complaint_id.team_id", "=", team_id)
        if category_id:
            domain &= Domain("category_id", "=", category_id)
        Lesson = self.env["quality.complaint.lesson"]
        lessons = Lesson.search_fetch(
            domain,
            ["date", "name", "complaint_id", "category_id", "lesson"],
            limit=self.MAX_LESSONS,
        )
        return {
            "lesson_count": Lesson.search_count(domain),
            "lessons": [
                {
                    "id": lesson.id,
                    "date": lesson.date,
                    "name": lesson.name,
                    "complaint": lesson.complaint_id.name or "",
                    "category": lesson.category_id.display_name or "",
                    "lesson": lesson.lesson,
                }
                for lesson in lessons
            ],
        }

    # ------------------------------------------------------------ sections
    @api.model
    def _review_sections(self, data):
        """The sections of the review, in the order of the report."""
        return [
            self._section_period(data),
            self._section_kpis(data),
            self._section_pareto(data),
            self._section_trend(data),
            self._section_signals(data),
            self._section_open(data),
            self._section_cost(data),
            self._section_satisfaction(data),
            self._section_lessons(data),
        ]

    @api.model
    def _kpi_labels(self):
        """[(kpi key, label)] of the dashboard's KPIs in the order of the review; keys the
        dashboard does not return (an addon not installed) are left out."""
        _ = self.env._
        return [
            ("count", _("Complaints received")),
            ("open", _("Still open (received in the period)")),
            ("on_time_acknowledgement_rate", _("On-time acknowledgement (%)")),
            ("on_time_plan_rate", _("On-time action plan (%)")),
            ("on_time_verification_rate", _("On-time verification (%)")),
            ("on_time_inspection_rate", _("Returned goods inspected on time (%)")),
            ("on_time_resolution_rate", _("On-time resolution (%)")),
            ("on_time_replacement_rate", _("On-time replacement (%)")),
            ("avg_hours_to_acknowledge", _("Average hours to acknowledge")),
            ("p90_hours_to_acknowledge", _("90th percentile hours to acknowledge")),
            ("avg_hours_to_close", _("Average hours to close")),
            ("p90_hours_to_close", _("90th percentile hours to close")),
            ("repeat_rate", _("Repeat complaints (%)")),
            ("analysis_rate", _("Root cause analysed (%)")),
            ("satisfaction_rate", _("Satisfaction (%)")),
            ("average_rating", _("Average rating")),
            ("campaign_satisfaction_rate", _("Yearly satisfaction, campaigns (%)")),
            ("callback_rate", _("Callback rate (%)")),
            ("escalated_count", _("Escalated complaints")),
            ("escalated_rate", _("Escalated (%)")),
            ("external_review_count", _("Externally reviewed complaints")),
            ("external_review_rate", _("Externally reviewed (%)")),
            ("cost", _("Cost of complaints")),
            ("cost_pending", _("Cost pending")),
            ("cost_recovered", _("Recovered cost")),
            ("cost_net", _("Net cost")),
        ]

    @api.model
    def _target_text(self, target):
        """'≥ 95' for a minimum, '≤ 1' for a maximum; empty without a target."""
        if not target or target.get("value") is None:
            return ""
        sign = "≤" if target.get("kind") == "max" else "≥"
        return f"{sign} {self._format_cell(target['value'], 'number')}"

    @api.model
    def _kpi_rows(self, data, keys=None):
        """[label, value, target, met] of the KPIs in ``keys`` (all but the cost figures,
        which the cost section shows, unless they have a target), those the dashboard
        returned."""
        kpis, targets = data["kpis"], data["targets"]
        rows = []
        for key, label in self._kpi_labels():
            if key not in kpis or (keys is not None and key not in keys):
                continue
            if keys is None and key in COST_KEYS and key not in targets:
                continue
            target = targets.get(key) or {}
            rows.append([label, kpis[key], self._target_text(target), target.get("met")])
        # Targets on figures this review does not know by name (set by an extension).
        known = {key for key, _label in self._kpi_labels()}
        for key in sorted(set(targets) - known):
            if keys is None and key in kpis:
                target = targets[key] or {}
                rows.append([key, kpis[key], self._target_text(target), target.get("met")])
        return rows

    @api.model
    def _kpi_columns(self):
        _ = self.env._
        return [
            {"label": _("KPI"), "type": "text"},
            {"label": _("Value"), "type": "number"},
            {"label": _("Target"), "type": "text"},
            {"label": _("Met"), "type": "check"},
        ]

    @api.model
    def _section_period(self, data):
        _ = self.env._
        return {
            "key": "period",
            "title": _("Period and filters"),
            "summary": [
                [_("From"), data["date_from"], "date"],
                [_("To"), data["date_to"], "date"],
                [_("Team"), data["team"].display_name or _("All teams"), "text"],
                [_("Category"), data["category"].display_name or _("All categories"), "text"],
                [_("Company"), self.env.company.name, "text"],
            ],
            "columns": [],
            "rows": [],
        }

    @api.model
    def _section_kpis(self, data):
        return {
            "key": "kpis",
            "title": self.env._("KPIs against targets"),
            "columns": self._kpi_columns(),
            "rows": self._kpi_rows(data),
            "empty": self.env._("No KPI for the period."),
        }

    @api.model
    def _section_pareto(self, data):
        """The top causes by responsible department and by defect code (when the dashboard
        has that dimension), with their cumulative share of all complaints counted."""
        _ = self.env._
        dashboard = data["dashboard"]
        labels = {d["key"]: d["label"] for d in dashboard.get("pareto_dimensions", [])}
        paretos = dashboard.get("paretos") or {"department": dashboard.get("pareto", [])}
        rows = []
        for key in ("department", "defect"):
            for row in (paretos.get(key) or [])[: self.PARETO_TOP]:
                rows.append(
                    [labels.get(key, key), row["label"], row["count"], row["cumulative_pct"]]
                )
        return {
            "key": "pareto",
            "title": _("Pareto"),
            "columns": [
                {"label": _("Dimension"), "type": "text"},
                {"label": _("Cause"), "type": "text"},
                {"label": _("Complaints"), "type": "int"},
                {"label": _("Cumulative %"), "type": "number"},
            ],
            "rows": rows,
            "empty": _("No complaint in the period."),
        }

    @api.model
    def _section_trend(self, data):
        _ = self.env._
        return {
            "key": "trend",
            "title": _("Monthly trend"),
            "columns": [
                {"label": _("Month"), "type": "text"},
                {"label": _("Complaints"), "type": "int"},
            ],
            "rows": [[row["month"][:7], row["count"]] for row in data["dashboard"]["trend"]],
            "empty": _("No month in the period."),
        }

    @api.model
    def _rule_labels(self):
        """The run rules of the dashboard's p-chart, worded as the dashboard shows them."""
        _ = self.env._
        return {
            "limit": _("outside the control limits"),
            "side": _("7 points on one side of the centre line"),
            "trend": _("7 points rising or falling"),
            "zone": _("2 of 3 points near a control limit"),
        }

    @api.model
    def _section_signals(self, data):
        """The months of the p-chart that break a run rule, with the rules they break."""
        _ = self.env._
        chart = data["dashboard"]["control_chart"]
        rules = self._rule_labels()
        rows = [
            [
                point["month"][:7],
                point["complaints"],
                point["deliveries"],
                round(100 * point["rate"], 2),
                round(100 * point["ucl"], 2),
                "; ".join(rules.get(rule, rule) for rule in point["rules"]),
            ]
            for point in chart["points"]
            if point["rules"]
        ]
        return {
            "key": "signals",
            "title": _("Control-chart signals"),
            "summary": [
                [_("Centre line (complaints per 100 deliveries)"), 100 * chart["center"], "number"],
                [_("Months charted"), len(chart["points"]), "int"],
            ],
            "columns": [
                {"label": _("Month"), "type": "text"},
                {"label": _("Complaints"), "type": "int"},
                {"label": _("Deliveries"), "type": "int"},
                {"label": _("Rate (%)"), "type": "number"},
                {"label": _("Upper limit (%)"), "type": "number"},
                {"label": _("Rules broken"), "type": "text"},
            ],
            "rows": rows,
            "empty": _("No signal: the process is in statistical control."),
        }

    @api.model
    def _section_open(self, data):
        _ = self.env._
        return {
            "key": "open",
            "title": _("Open and overdue complaints"),
            "summary": [
                [
                    _("Open complaints (received up to the end of the period)"),
                    data["open_count"],
                    "int",
                ],
                [_("Overdue complaints"), data["overdue_count"], "int"],
            ],
            "columns": [
                {"label": _("Reference"), "type": "text"},
                {"label": _("Customer"), "type": "text"},
                {"label": _("Subject"), "type": "text"},
                {"label": _("Responsible"), "type": "text"},
                {"label": _("Due"), "type": "date"},
                {"label": _("Days late"), "type": "int"},
            ],
            "rows": [
                [c["name"], c["customer"], c["subject"], c["responsible"], c["due"], c["days_late"]]
                for c in data["overdue"]
            ],
            "empty": _("No overdue complaint."),
        }

    @api.model
    def _section_cost(self, data):
        """Cost of complaints and what was recovered from liable parties, as far as the
        dashboard returns them (they are for managers and finance)."""
        _ = self.env._
        kpis = data["kpis"]
        labels = dict(self._kpi_labels())
        return {
            "key": "cost",
            "title": _("Cost of complaints"),
            "columns": [
                {"label": _("Figure"), "type": "text"},
                {"label": _("Amount (%s)", data["currency"].name), "type": "money"},
            ],
            "rows": [[labels[key], kpis[key]] for key in COST_KEYS if key in kpis],
            "empty": _("No cost figure."),
        }

    @api.model
    def _section_satisfaction(self, data):
        """Satisfaction of the complainants and of the yearly campaigns (survey addon)."""
        return {
            "key": "satisfaction",
            "title": self.env._("Satisfaction"),
            "columns": self._kpi_columns(),
            "rows": self._kpi_rows(data, SATISFACTION_KEYS),
            "empty": self.env._(
                "No satisfaction figure: the Satisfaction Surveys addon is not installed."
            ),
        }

    @api.model
    def _section_lessons(self, data):
        _ = self.env._
        return {
            "key": "lessons",
            "title": _("Lessons learned"),
            "summary": [[_("Lessons learned in the period"), data["lesson_count"], "int"]],
            "columns": [
                {"label": _("Date"), "type": "date"},
                {"label": _("Title"), "type": "text"},
                {"label": _("Complaint"), "type": "text"},
                {"label": _("Category"), "type": "text"},
                {"label": _("Lesson"), "type": "text"},
            ],
            "rows": [
                [
                    lesson["date"],
                    lesson["name"],
                    lesson["complaint"],
                    lesson["category"],
                    lesson["lesson"],
                ]
                for lesson in data["lessons"]
            ],
            "empty": _("No lesson learned in the period."),
        }

    # ------------------------------------------------------------ output
    @api.model
    def _format_cell(self, value, kind):
        """A value of a section as the PDF prints it, in the user's language."""
        if kind == "check":
            return {True: "✓", False: "✗"}.get(value, "")
        if value is None or value is False:
            return ""
        formatters = {
            "date": lambda v: format_date(self.env, v),
            "int": lambda v: formatLang(self.env, v, digits=0),
            "money": lambda v: formatLang(self.env, v, currency_obj=self.env.company.currency_id),
            "number": lambda v: formatLang(
                self.env, v, digits=0 if v == round(v) else 1 if v == round(v, 1) else 2
            ),
        }
        return formatters[kind](value) if kind in formatters else str(value)

    @api.model
    def _sheet_name(self, title, used):
        """A worksheet name from a section's title: at most 31 characters, none of the
        characters Excel refuses, unique."""
        base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
        name, number = base, 2
        while name.lower() in used:
            suffix = f" {number}"
            name, number = base[: 31 - len(suffix)] + suffix, number + 1
        used.add(name.lower())
        return name

    @api.model
    def _review_xlsx(self, data):
        """The review as a spreadsheet: one sheet per section, with its summary lines, then
        its table; numbers and dates stay numbers and dates."""
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        title_format = workbook.add_format({"bold": True, "font_size": 14})
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#EEEEEE"})
        formats = {
            "int": workbook.add_format({"num_format": "#,##0"}),
            "number": workbook.add_format({"num_format": "#,##0.0#"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }
        used = set()
        for section in data["sections"]:
            sheet = workbook.add_worksheet(self._sheet_name(section["title"], used))
            sheet.write_string(0, 0, section["title"], title_format)
            row = 2
            for label, value, kind in section.get("summary") or []:
                sheet.write_string(row, 0, label, bold)
                self._write_cell(sheet, row, 1, value, kind, formats)
                row += 1
            if section.get("summary"):
                row += 1
            columns = section["columns"]
            if section["rows"]:
                for col, column in enumerate(columns):
                    sheet.write_string(row, col, column["label"], header)
                for values in section["rows"]:
                    row += 1
                    for col, value in enumerate(values):
                        self._write_cell(sheet, row, col, value, columns[col]["type"], formats)
            elif section.get("empty"):
                sheet.write_string(row, 0, section["empty"])
            sheet.set_column(0, 0, 40)
            if len(columns) > 1:
                sheet.set_column(1, len(columns) - 1, 18)
            else:
                sheet.set_column(1, 1, 24)
        workbook.close()
        return output.getvalue()

    @api.model
    def _write_cell(self, sheet, row, col, value, kind, formats):
        if value is None or value == "" or (value is False and kind != "check"):
            sheet.write_blank(row, col, None)
        elif kind == "check":
            sheet.write_string(row, col, {True: "✓", False: "✗"}.get(value, ""))
        elif kind == "date":
            sheet.write_datetime(row, col, datetime.combine(value, time.min), formats["date"])
        elif kind in formats:
            sheet.write_number(row, col, value, formats[kind])
        else:
            sheet.write_string(row, col, str(value))
