# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools
import math
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

RUN_LENGTH = 7


def run_rules(values, center, upper, lower):
    """Points of a control chart that break the usual run rules (SPEC section 1).

    :param values: the series, oldest first
    :param center: centre line
    :param upper: upper control limit per point (3 sigma)
    :param lower: lower control limit per point (3 sigma)
    :return: for each point, the set of rules it breaks:
        'limit' (outside the control limits), 'side' (7 points in a row on one side of the
        centre line), 'trend' (7 points in a row rising or falling), 'zone' (2 of 3 points in a
        row beyond 2 sigma on the same side, i.e. near a control limit)
    """
    flags = [set() for _ in values]
    for i, value in enumerate(values):
        if value > upper[i] or value < lower[i]:
            flags[i].add("limit")
    for i in range(RUN_LENGTH - 1, len(values)):
        window = values[i - RUN_LENGTH + 1 : i + 1]
        if all(v > center for v in window) or all(v < center for v in window):
            for j in range(i - RUN_LENGTH + 1, i + 1):
                flags[j].add("side")
        pairs = list(itertools.pairwise(window))
        if all(b > a for a, b in pairs) or all(b < a for a, b in pairs):
            for j in range(i - RUN_LENGTH + 1, i + 1):
                flags[j].add("trend")
    for i in range(2, len(values)):
        for side in (1, -1):
            near = [
                j
                for j in range(i - 2, i + 1)
                if side * (values[j] - center)
                > 2 / 3 * side * ((upper if side > 0 else lower)[j] - center)
            ]
            if len(near) >= 2:
                for j in near:
                    flags[j].add("zone")
    return flags


class QualityComplaintDashboard(models.AbstractModel):
    """Figures of the complaint dashboard and the KPIs of SPEC section 5, computed with
    grouped queries whatever the number of complaints."""

    _name = "quality.complaint.dashboard"
    _description = "Complaint Dashboard"

    @api.model
    def _period(self, date_from=None, date_to=None):
        today = fields.Date.context_today(self)
        date_to = fields.Date.to_date(date_to) or today
        date_from = fields.Date.to_date(date_from) or (date_to - relativedelta(months=12, day=1))
        return (
            datetime.combine(date_from, time.min),
            datetime.combine(date_to + relativedelta(days=1), time.min),
        )

    @api.model
    def _filter_domain(self, team_id=None, category_id=None):
        domain = Domain.TRUE
        if team_id:
            domain &= Domain("team_id", "=", int(team_id))
        if category_id:
            domain &= Domain("category_id", "=", int(category_id))
        return domain

    @api.model
    def _complaint_domain(self, start, stop, team_id=None, category_id=None):
        return (
            Domain("date_received", ">=", start)
            & Domain("date_received", "<", stop)
            & self._filter_domain(team_id, category_id)
        )

    @api.model
    def get_dashboard_data(self, date_from=None, date_to=None, team_id=None, category_id=None):
        """Everything the dashboard shows, for complaints received in the period."""
        if not self.env.user.has_group("quality_complaint.quality_complaint_group_user"):
            raise AccessError(self.env._("The complaint dashboard is for complaint users."))
        start, stop = self._period(date_from, date_to)
        domain = self._complaint_domain(start, stop, team_id, category_id)
        groups = self._grouped_counts(domain)
        return {
            "period": [fields.Date.to_string(start.date()), fields.Date.to_string(stop.date())],
            "kpis": self._kpis(start, stop, domain, groups, team_id, category_id),
            "by_category": self._count_by(groups, "category_id"),
            "by_customer": self._count_by(groups, "commercial_partner_id", limit=10),
            "by_department": self._count_by(groups, "responsible_department", company_only=True),
            "by_product": self._count_by_product(domain),
            "pareto": self._pareto(groups),
            "trend": self._monthly_trend(start, stop, groups),
            "control_chart": self._control_chart(start, stop, groups),
        }

    # Each grouping set of the single scan below, by the columns it groups on.
    GROUPING_SETS = {
        "category_id": ("category_id",),
        "commercial_partner_id": ("commercial_partner_id",),
        "cause": ("responsibility", "responsible_department"),
        "month": ("month",),
        "total": (),
    }

    @api.model
    def _grouped_counts(self, domain):
        """Counts by category, customer, cause and month, and the totals, in one scan of the
        complaints (GROUPING SETS) instead of one per figure."""
        Complaint = self.env["quality.complaint"]
        Complaint.flush_model()
        query = Complaint._search(domain)
        table = query.table
        month = Complaint._read_group_groupby(table, "date_received:month", query)
        columns = {
            "category_id": SQL.identifier(table, "category_id"),
            "commercial_partner_id": SQL.identifier(table, "commercial_partner_id"),
            "responsibility": SQL.identifier(table, "responsibility"),
            "responsible_department": SQL.identifier(table, "responsible_department"),
            "month": month,
        }
        names = list(columns)
        sets = SQL(", ").join(
            SQL("(%s)", SQL(", ").join(columns[c] for c in cols)) if cols else SQL("()")
            for cols in self.GROUPING_SETS.values()
        )
        select = query.select(
            *(SQL("%s AS %s", columns[c], SQL.identifier(c)) for c in names),
            *(SQL("GROUPING(%s) AS %s", columns[c], SQL.identifier(f"g_{c}")) for c in names),
            SQL("COUNT(*)"),
            SQL("COUNT(*) FILTER (WHERE NOT %s)", SQL.identifier(table, "is_closed")),
        )
        self.env.cr.execute(SQL("%s GROUP BY GROUPING SETS (%s)", select, sets))
        result = {key: {} for key in self.GROUPING_SETS}
        width = len(names)
        for row in self.env.cr.fetchall():
            values = dict(zip(names, row[:width], strict=True))
            grouped = {c for c, flag in zip(names, row[width : 2 * width], strict=True) if not flag}
            count, open_count = row[2 * width :]
            for key, cols in self.GROUPING_SETS.items():
                if grouped == set(cols):
                    result[key][tuple(values[c] for c in cols)] = (count, open_count)
        return result

    @api.model
    def _count_by(self, groups, groupby, limit=None, company_only=False):
        """Rows {id, label, count} of one grouping, most frequent first."""
        Complaint = self.env["quality.complaint"]
        field = Complaint._fields[groupby]
        if groupby == "responsible_department":
            counts = {}
            for (responsibility, department), (count, _open) in groups["cause"].items():
                if department and (responsibility == "company" or not company_only):
                    counts[department] = counts.get(department, 0) + count
        else:
            counts = {key[0]: count for key, (count, _open) in groups[groupby].items()}
        rows = sorted(counts.items(), key=lambda item: -item[1])[:limit]
        if field.type == "many2one":
            records = self.env[field.comodel_name].browse([k for k, _c in rows if k])
            names = dict(zip(records.ids, records.mapped("display_name"), strict=True))
            return [
                {"id": key or False, "label": names.get(key) or self.env._("None"), "count": count}
                for key, count in rows
            ]
        labels = dict(field._description_selection(self.env))
        return [
            {"id": key, "label": labels.get(key) or self.env._("None"), "count": count}
            for key, count in rows
        ]

    @api.model
    def _count_by_product(self, domain, limit=10):
        rows = self.env["quality.complaint.line"]._read_group(
            [("complaint_id", "any", domain)],
            ["product_id"],
            ["complaint_id:count_distinct"],
            order="complaint_id:count_distinct desc",
            limit=limit,
        )
        return [
            {"id": product.id, "label": product.display_name, "count": count}
            for product, count in rows
        ]

    @api.model
    def _pareto(self, groups):
        """Causes by frequency with the cumulative share: the responsible department for
        company-responsible complaints, the responsible party otherwise."""
        Complaint = self.env["quality.complaint"]
        departments = dict(
            Complaint._fields["responsible_department"]._description_selection(self.env)
        )
        parties = dict(Complaint._fields["responsibility"]._description_selection(self.env))
        counts = {}
        for (responsibility, department), (count, _open) in groups["cause"].items():
            if responsibility == "company" and department:
                label = departments[department]
            else:
                label = parties.get(responsibility) or self.env._("Undetermined")
            counts[label] = counts.get(label, 0) + count
        total = sum(counts.values())
        result, running = [], 0
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            running += count
            result.append(
                {
                    "label": label,
                    "count": count,
                    "cumulative_pct": round(100.0 * running / total, 1) if total else 0.0,
                }
            )
        return result

    @api.model
    def _months(self, start, stop):
        month = date(start.year, start.month, 1)
        months = []
        while month < stop.date():
            months.append(month)
            month += relativedelta(months=1)
        return months

    @api.model
    def _count_by_month(self, model, domain, date_field):
        """{first day of the month: count}; datetime groups come back as datetimes."""
        rows = model._read_group(domain, [f"{date_field}:month"], ["__count"])
        return {
            (month.date() if isinstance(month, datetime) else month): count
            for month, count in rows
            if month
        }

    @api.model
    def _months_of(self, groups):
        """{first day of the month: complaints} from the grouped counts."""
        return {
            (month.date() if isinstance(month, datetime) else month): count
            for (month,), (count, _open) in groups["month"].items()
            if month
        }

    @api.model
    def _monthly_trend(self, start, stop, groups):
        rows = self._months_of(groups)
        return [
            {"month": fields.Date.to_string(month), "count": rows.get(month, 0)}
            for month in self._months(start, stop)
        ]

    @api.model
    def _control_chart(self, start, stop, groups):
        """p-chart of the monthly complaint rate: complaints per delivered customer
        deliveries, with the centre line, 3-sigma limits per month and the run rules."""
        complaints = self._months_of(groups)
        deliveries = self._count_by_month(
            self.env["stock.picking"].sudo(),
            [
                ("picking_type_code", "=", "outgoing"),
                ("state", "=", "done"),
                ("date_done", ">=", start),
                ("date_done", "<", stop),
                ("company_id", "in", self.env.companies.ids),
            ],
            "date_done",
        )
        months = [m for m in self._months(start, stop) if deliveries.get(m)]
        total_c = sum(complaints.get(m, 0) for m in months)
        total_n = sum(deliveries[m] for m in months)
        center = total_c / total_n if total_n else 0.0
        points, values, upper, lower = [], [], [], []
        for month in months:
            n = deliveries[month]
            rate = complaints.get(month, 0) / n
            sigma = math.sqrt(center * (1 - center) / n) if center < 1 else 0.0
            values.append(rate)
            upper.append(center + 3 * sigma)
            lower.append(max(center - 3 * sigma, 0.0))
            points.append(
                {
                    "month": fields.Date.to_string(month),
                    "complaints": complaints.get(month, 0),
                    "deliveries": n,
                    "rate": round(rate, 6),
                    "ucl": round(upper[-1], 6),
                    "lcl": round(lower[-1], 6),
                }
            )
        for point, flags in zip(points, run_rules(values, center, upper, lower), strict=True):
            point["rules"] = sorted(flags)
        return {"center": round(center, 6), "points": points}

    @api.model
    def _kpis(self, start, stop, domain, groups, team_id=None, category_id=None):
        """On-time rates for deadlines that fell due in the period, average and 90th
        percentile times to acknowledge and to close, cost of complaints."""
        Deadline = self.env["quality.complaint.deadline"]
        deadline_domain = (
            Domain("date_deadline", ">=", start)
            & Domain("date_deadline", "<", min(stop, fields.Datetime.now()))
            & Domain("complaint_id", "any", self._filter_domain(team_id, category_id))
        )
        on_time = {}
        for kind in ("acknowledge", "closure"):
            kind_domain = deadline_domain & Domain("kind", "=", kind)
            total = Deadline.search_count(kind_domain)
            met = self._met_on_time(kind_domain)
            on_time[kind] = round(100.0 * met / total, 1) if total else None
        times = self._durations(domain)
        cost = self.env["quality.complaint.cost.report"]._read_group(
            [("date", ">=", start.date()), ("date", "<", stop.date())]
            + ([("team_id", "=", int(team_id))] if team_id else [])
            + ([("category_id", "=", int(category_id))] if category_id else []),
            [],
            ["amount:sum"],
        )[0][0]
        return {
            "count": groups["total"].get((), (0, 0))[0],
            "open": groups["total"].get((), (0, 0))[1],
            "on_time_acknowledgement_rate": on_time["acknowledge"],
            "on_time_resolution_rate": on_time["closure"],
            **times,
            "cost": cost or 0.0,
        }

    @api.model
    def _met_on_time(self, domain):
        """Deadlines of ``domain`` met no later than due, counted in SQL."""
        self.env["quality.complaint.deadline"].flush_model()
        query = self.env["quality.complaint.deadline"]._search(domain)
        table = SQL.identifier(query.table)
        query.add_where(
            SQL(
                "%s.date_done IS NOT NULL AND %s.date_done <= %s.date_deadline", table, table, table
            )
        )
        self.env.cr.execute(query.select(SQL("COUNT(*)")))
        return self.env.cr.fetchone()[0]

    @api.model
    def _durations(self, domain):
        """Average and 90th percentile hours from reception to acknowledgement and to
        closure, in one SQL aggregate."""
        self.env["quality.complaint"].flush_model()
        query = self.env["quality.complaint"]._search(domain)
        table = SQL.identifier(query.table)

        def hours(column):
            return SQL(
                # date_part is double precision; EXTRACT would be numeric, much slower to sort.
                "DATE_PART('epoch', %s.%s - %s.date_received) / 3600.0",
                table,
                SQL.identifier(column),
                table,
            )

        self.env.cr.execute(
            query.select(
                SQL(
                    """AVG(%(ack)s), PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY %(ack)s),
                       AVG(%(close)s), PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY %(close)s)""",
                    ack=hours("date_acknowledged"),
                    close=hours("date_closed"),
                )
            )
        )
        avg_ack, p90_ack, avg_close, p90_close = self.env.cr.fetchone()

        def rounded(value):
            return round(value, 1) if value is not None else None

        return {
            "avg_hours_to_acknowledge": rounded(avg_ack),
            "p90_hours_to_acknowledge": rounded(p90_ack),
            "avg_hours_to_close": rounded(avg_close),
            "p90_hours_to_close": rounded(p90_close),
        }
