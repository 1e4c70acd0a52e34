# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools
import math
from collections import defaultdict
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

from .quality_complaint_daily import ON_TIME_KINDS
from .quality_complaint_summary import FIGURE_COLUMNS

RUN_LENGTH = 7

# The figures of the Cost of Poor Quality card: {key: column of the cost report}.
COPQ_COLUMNS = {
    "cost": "amount",
    "pending": "amount_pending",
    "recovered": "amount_recovered",
    "net": "amount_net",
}
# The cost KPIs of the dashboard (SPEC §5) and the card's figure each is.
COST_KPIS = {
    "cost": "cost",
    "cost_pending": "pending",
    "cost_recovered": "recovered",
    "cost_net": "net",
}

# The target of each KPI that has one (SPEC §5 and §7): the company setting holding it, and
# whether the KPI must reach it ("min") or stay under it ("max"). The KPIs of the capa and
# survey addons are here too: their targets are core settings, used once the KPI exists.
KPI_TARGETS = {
    "on_time_acknowledgement_rate": ("complaint_target_on_time", "min"),
    "on_time_plan_rate": ("complaint_target_on_time", "min"),
    "on_time_verification_rate": ("complaint_target_on_time", "min"),
    "on_time_inspection_rate": ("complaint_target_on_time", "min"),
    "on_time_resolution_rate": ("complaint_target_on_time", "min"),
    "on_time_replacement_rate": ("complaint_target_replacement", "min"),
    "first_contact_resolution_rate": ("complaint_target_first_contact", "min"),
    "escalated_rate": ("complaint_target_escalated", "max"),
    "repeat_rate": ("complaint_target_repeat", "max"),
    "analysis_rate": ("complaint_target_analysis", "min"),
    "satisfaction_rate": ("complaint_target_satisfaction", "min"),
    "campaign_satisfaction_rate": ("complaint_target_campaign_satisfaction", "min"),
    "callback_rate": ("complaint_target_callback", "min"),
}


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
    @api.readonly
    def get_dashboard_data(self, date_from=None, date_to=None, team_id=None, category_id=None):
        """Everything the dashboard shows, for complaints received in the period."""
        if not self.env.user.has_group("quality_complaint.quality_complaint_group_user"):
            raise AccessError(self.env._("The complaint dashboard is for complaint users."))
        start, stop = self._period(date_from, date_to)
        domain = self._complaint_domain(start, stop, team_id, category_id)
        # PostgreSQL's JIT compiles these wide aggregates for seconds to save milliseconds.
        # Where the summaries answer, every query is small: starting parallel workers for
        # them cost more than they saved (1,000,000 complaints, 12 months: 0.21 s with them,
        # 0.11 s without; the cost of poor quality card alone 103 ms and 18 ms). Users
        # counted from the records keep them for their larger scans.
        self.env.cr.execute(
            SQL(
                """SELECT set_config('jit', 'off', TRUE),
                          set_config('max_parallel_workers_per_gather',
                                     CASE WHEN %s THEN '0'
                                          ELSE current_setting('max_parallel_workers_per_gather')
                                     END, TRUE)""",
                self._summary_allowed(),
            )
        )
        figures = self._figures(start, stop, team_id, category_id)
        kpis = self._kpis(start, stop, figures, team_id, category_id)
        copq = self._cost_of_poor_quality(start, stop, team_id, category_id)
        if copq is not None:
            # SPEC §5 cost of complaints: the CoPQ card's totals, one definition (§7).
            kpis.update({key: copq[name] for key, name in COST_KPIS.items()})
        return {
            "period": [fields.Date.to_string(start.date()), fields.Date.to_string(stop.date())],
            "kpis": kpis,
            "cost_of_poor_quality": copq,
            "targets": self._targets(kpis),
            "by_category": self._count_by(figures, "category_id"),
            "by_customer": self._top_customers(domain),
            "by_department": self._count_by(figures, "responsible_department", company_only=True),
            "by_product": self._count_by(figures, "product_id", limit=10),
            "pareto": self._pareto(figures),
            "paretos": {
                key: self._pareto(figures, key) for key, _label in self._pareto_dimensions()
            },
            "pareto_dimensions": [
                {"key": key, "label": label} for key, label in self._pareto_dimensions()
            ],
            "trend": self._monthly_trend(start, stop, figures),
            "control_chart": self._control_chart(start, stop, figures),
        }

    # ------------------------------------------------------------ figures
    @api.model
    def _summary_allowed(self):
        """The summary holds every complaint of a company: it answers for users whom the
        record rules let see them all (managers); the others' figures come from the
        complaints they can read."""
        return self.env.su or self.env.user.has_group(
            "quality_complaint.quality_complaint_group_manager"
        )

    @api.model
    def _whole_months(self, start, stop):
        """The months [first, last) of the period [start, stop) that the summary can
        answer for: its whole months, and the month it ends in when no complaint was
        received in that month after the period's end (the current month, for a period
        that ends today: the summary holds its complaints as of its last refresh, and the
        buckets changed since are counted from the complaints)."""
        first = datetime.combine(date(start.year, start.month, 1), time.min)
        if first < start:
            first += relativedelta(months=1)
        last = datetime.combine(date(stop.year, stop.month, 1), time.min)
        if first <= last < stop:
            month_end = last + relativedelta(months=1)
            later = (
                self.env["quality.complaint"]
                .sudo()
                .with_context(active_test=False)
                .search_count(
                    [("date_received", ">=", stop), ("date_received", "<", month_end)], limit=1
                )
            )
            if not later:
                last = month_end
        return first, last

    @api.model
    def _figures(self, start, stop, team_id=None, category_id=None):
        """{dimension: {key: [count, open count, total]}} of the complaints received in the
        period: the stored summary for whole months (the month's rows, or its days' rows
        for a month some of whose days changed since they were computed), the complaints
        themselves for the rest (partial months at the ends of the period, changed days,
        users limited by record rules), in one query.

        Dimensions: 'total' (key 'category id|month'), 'cause'
        ('responsibility|department'), 'product', 'ack' and 'close' (hours rounded, total =
        sum of the exact hours) and 'counter' (key: counter name)."""
        Summary = self.env["quality.complaint.summary"].sudo()
        domain = self._complaint_domain(start, stop, team_id, category_id)
        stored = days = SQL("FALSE")
        first, last = self._whole_months(start, stop)
        use_summary = self._summary_allowed() and first < last
        changed = Summary._changed_buckets(months=(first, last)) if use_summary else []
        changed_ranges = Summary._day_ranges(day for *_bucket, day in changed)
        if use_summary and len(changed_ranges) <= self.MAX_LIVE_RANGES:
            # What the summary does not hold, as separate ranges (an index scan each): the
            # partial months at the ends of the period and the changed days.
            ranges = [(start, first), (last, stop)]
            live = Domain.OR(
                Domain("date_received", ">=", low) & Domain("date_received", "<", high)
                for low, high in ranges
                if low < high
            )
            if changed:
                live |= Summary._bucket_domain(changed)
            domain = live & self._filter_domain(team_id, category_id)

            def scope(alias, column):
                return SQL(
                    "%s >= %s AND %s < %s AND %s = ANY(%s)%s%s",
                    SQL.identifier(alias, column),
                    first.date(),
                    SQL.identifier(alias, column),
                    last.date(),
                    SQL.identifier(alias, "company_id"),
                    self.env.companies.ids,
                    SQL(" AND %s = %s", SQL.identifier(alias, "team_id"), int(team_id))
                    if team_id
                    else SQL(),
                    SQL(" AND %s = %s", SQL.identifier(alias, "category_id"), int(category_id))
                    if category_id
                    else SQL(),
                )

            # Whole months from their rows; a month with changed days from its other days'.
            months = Summary._month_buckets(changed)
            stored = SQL(
                "%s%s",
                scope("s", "month"),
                SQL(" AND NOT %s", Summary._bucket_match("s", months)) if changed else SQL(),
            )
            if changed:
                days = SQL(
                    "%s AND %s AND NOT %s",
                    scope("d", "day"),
                    Summary._day_rows_of_months("d", months),
                    Summary._bucket_match("d", changed, "day"),
                )
        Complaint = self.env["quality.complaint"]
        columns = SQL(", ").join(SQL.identifier("s", c) for c in FIGURE_COLUMNS)
        # The counters of other addons read their own tables.
        self.env.flush_all()
        if Domain(domain).is_false():
            # Nothing to count live (whole months, none changed): no query of the complaints
            # at all, as for the daily counts (an empty one still starts parallel workers).
            live = SQL("SELECT %s FROM quality_complaint_summary s WHERE FALSE", columns)
        else:
            live = Summary._figure_rows_sql(Complaint._search(domain))
        self.env.cr.execute(
            SQL(
                """WITH live AS (%s),
                        rows AS (SELECT * FROM live
                                 UNION ALL
                                 SELECT %s FROM quality_complaint_summary s WHERE %s
                                 UNION ALL
                                 SELECT d.company_id, d.team_id, d.category_id,
                                        DATE_TRUNC('month', d.day)::date, d.dimension, d.key,
                                        d.count, d.open_count, d.total
                                   FROM quality_complaint_summary_day d WHERE %s)
                   SELECT dimension,
                          CASE WHEN dimension = 'total'
                               THEN COALESCE(category_id::text, '') || '|' || month::text
                               ELSE key END,
                          SUM(count)::bigint, SUM(open_count)::bigint, SUM(total)
                     FROM rows GROUP BY 1, 2""",
                live,
                columns,
                stored,
                days,
            )
        )
        figures = defaultdict(dict)
        for dimension, key, count, open_count, total in self.env.cr.fetchall():
            figures[dimension][key] = [count, open_count, total]
        return figures

    # Above this many ranges of changed days the dashboard reads the complaints, not the
    # summary (consecutive changed days are one range).
    MAX_LIVE_RANGES = 100

    @api.model
    def _totals_by(self, figures, position):
        """{category id or month: [count, open]} from the 'total' figures."""
        result = {}
        for key, (count, open_count, _total) in figures["total"].items():
            part = key.split("|")[position]
            entry = result.setdefault(part, [0, 0])
            entry[0] += count
            entry[1] += open_count
        return result

    @api.model
    def _causes(self, figures):
        """{(responsibility, department): count}."""
        result = {}
        for key, (count, _open, _total) in figures["cause"].items():
            responsibility, department = key.split("|")
            cause = (responsibility or False, department or False)
            result[cause] = result.get(cause, 0) + count
        return result

    @api.model
    def _count_by(self, figures, groupby, limit=None, company_only=False):
        """Rows {id, label, count} of one grouping, most frequent first."""
        if groupby == "responsible_department":
            counts = {}
            for (responsibility, department), count in self._causes(figures).items():
                if department and (responsibility == "company" or not company_only):
                    counts[department] = counts.get(department, 0) + count
            field = self.env["quality.complaint"]._fields[groupby]
            labels = dict(field._description_selection(self.env))
            rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
            return [
                {"id": key, "label": labels.get(key) or self.env._("None"), "count": count}
                for key, count in rows
            ]
        if groupby == "category_id":
            counts = {
                int(key) if key else False: count
                for key, (count, _open) in self._totals_by(figures, 0).items()
            }
            comodel = "quality.complaint.category"
        else:
            comodel = "product.product"
            counts = {
                int(key) if key else False: count
                for key, (count, _open, _total) in figures["product"].items()
            }
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0] or 0))[:limit]
        # Read with all of the grouping's records: the Pareto names them too.
        records = (
            self.env[comodel]
            .browse([k for k, _c in rows if k])
            .with_prefetch([k for k in counts if k])
        )
        names = dict(zip(records.ids, records.mapped("display_name"), strict=True))
        return [
            {"id": key or False, "label": names.get(key) or self.env._("None"), "count": count}
            for key, count in rows
        ]

    # The top customers count the period's complaints of at most this many candidates
    # before counting every customer's (complaints spread evenly over many customers).
    MAX_TOP_CANDIDATES = 2000
    # Customers' totals read at a time.
    TOP_PAGE = 200

    @api.model
    def _top_customers(self, domain, limit=10):
        """The ``limit`` customers with the most complaints in ``domain``, most first (then
        by customer id). Not in the summary: a manufacturer may have as many customers as
        complaints; the customers' totals of all time narrow the candidates instead."""
        counts = self._top_customer_counts(domain, limit)
        if counts is None:
            counts = self._customer_counts(domain, limit=limit)
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0] or 0))[:limit]
        partners = self.env["res.partner"].browse([pid for pid, _count in rows if pid])
        names = dict(zip(partners.ids, partners.mapped("display_name"), strict=True))
        return [
            {"id": pid or False, "label": names.get(pid) or self.env._("None"), "count": count}
            for pid, count in rows
        ]

    @api.model
    def _customer_counts(self, domain, partner_ids=None, limit=None):
        """{customer id: complaints in ``domain``}, of ``partner_ids`` if given, else of
        the ``limit`` customers with the most (then by id), in one grouped query."""
        Complaint = self.env["quality.complaint"]
        if partner_ids is not None:
            domain &= Domain("commercial_partner_id", "in", list(partner_ids))
        Complaint.flush_model(["commercial_partner_id"])
        query = Complaint._search(domain)
        column = SQL.identifier(query.table, "commercial_partner_id")
        self.env.cr.execute(
            SQL(
                "%s GROUP BY %s ORDER BY 2 DESC, 1%s",
                query.select(column, SQL("COUNT(*)")),
                column,
                SQL(" LIMIT %s", limit) if limit else SQL(),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _top_customer_counts(self, domain, limit):
        """{customer: count} holding the top ``limit`` customers of ``domain``, found by
        counting the customers with the largest totals of all time first (a total bounds
        the count in any period): the threshold algorithm. None when more than
        MAX_TOP_CANDIDATES customers would have to be counted."""
        Totals = self.env["quality.complaint.customer.total"]
        # Logged customers may have more complaints than their total says: candidates.
        seen = set(Totals._pending())
        if len(seen) > self.MAX_TOP_CANDIDATES:
            return None
        counts = self._customer_counts(domain, seen) if seen else {}

        def threshold():
            # The count of the current last place (1 until there are ``limit`` customers).
            best = sorted(counts.values(), reverse=True)
            return best[limit - 1] if len(best) >= limit else 1

        bound, after = threshold(), None
        while page := Totals._largest(after, limit=self.TOP_PAGE):
            candidates = [pid for pid, total in page if total >= bound and pid not in seen]
            seen.update(candidates)
            if len(seen) > self.MAX_TOP_CANDIDATES:
                return None
            if candidates:
                counts.update(self._customer_counts(domain, candidates))
            bound, after = threshold(), page[-1]
            if len(page) < self.TOP_PAGE or after[1] < bound:
                break  # no customer after this page can reach the last place
            # Totals alike: give up at once rather than page by page up to the limit.
            room = self.MAX_TOP_CANDIDATES - len(seen)
            if Totals._count_reaching(after, bound, room + 1) > room:
                return None
        return counts

    @api.model
    def _pareto_dimensions(self):
        """[(key, label)] of the dimensions the Pareto can be switched between, the first
        one shown by default; the capa addon adds the 6M category of the root causes."""
        return [
            ("department", self.env._("Responsible department")),
            ("defect", self.env._("Defect code")),
            ("product", self.env._("Product")),
        ]

    @api.model
    def _pareto_counts(self, figures, dimension):
        """{label: complaints} of one Pareto dimension. 'department': the responsible
        department for company-responsible complaints, the responsible party otherwise;
        'defect' and 'product': complaints per defect code and per product (a complaint
        counts once per code or product of its lines)."""
        counts = {}
        if dimension == "department":
            Complaint = self.env["quality.complaint"]
            departments = dict(
                Complaint._fields["responsible_department"]._description_selection(self.env)
            )
            parties = dict(Complaint._fields["responsibility"]._description_selection(self.env))
            for (responsibility, department), count in self._causes(figures).items():
                if responsibility == "company" and department:
                    label = departments[department]
                else:
                    label = parties.get(responsibility) or self.env._("Undetermined")
                counts[label] = counts.get(label, 0) + count
        elif dimension in ("defect", "product"):
            comodel = "quality.complaint.defect" if dimension == "defect" else "product.product"
            by_id = {int(key): count for key, (count, _o, _t) in figures[dimension].items()}
            records = self.env[comodel].browse(list(by_id))
            for record in records:
                label = record.display_name
                counts[label] = counts.get(label, 0) + by_id[record.id]
        return counts

    @api.model
    def _pareto(self, figures, dimension="department"):
        """Rows {label, count, cumulative_pct} of one dimension (``_pareto_dimensions``)
        by frequency, with the cumulative share."""
        counts = self._pareto_counts(figures, dimension)
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
    def _months_of(self, figures):
        """{first day of the month: complaints} from the figures."""
        return {
            fields.Date.to_date(month): count
            for month, (count, _open) in self._totals_by(figures, 1).items()
        }

    @api.model
    def _monthly_trend(self, start, stop, figures):
        rows = self._months_of(figures)
        return [
            {"month": fields.Date.to_string(month), "count": rows.get(month, 0)}
            for month in self._months(start, stop)
        ]

    @api.model
    def _control_chart(self, start, stop, figures):
        """p-chart of the monthly complaint rate: complaints per delivered customer
        deliveries, with the centre line, 3-sigma limits per month and the run rules."""
        complaints = self._months_of(figures)
        # Counted whatever the record rules: a complaint user need not read the deliveries.
        counts = self.env["quality.complaint.daily"]._counts(
            "delivery", start, stop, self._summary_allowed(), by_month=True, sudo=True
        )
        deliveries = {month: count for (_figure, month), (count, _met) in counts.items()}
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
    def _kpis(self, start, stop, figures, team_id=None, category_id=None):
        """On-time rates of every deadline kind (acknowledgement, action plan,
        verification, returned goods inspected, closure) for the deadlines that fell due in
        the period, average and 90th percentile times to acknowledge and to close,
        repeat-complaint rate. The cost of complaints (posted cost, pending drafts,
        recovered and net) comes from ``_cost_of_poor_quality``."""
        on_time = self._on_time_rates(start, min(stop, fields.Datetime.now()), team_id, category_id)
        times = self._durations(figures)
        kpis = {
            "count": sum(count for count, _open, _total in figures["total"].values()),
            "open": sum(open_count for _count, open_count, _total in figures["total"].values()),
            "on_time_acknowledgement_rate": on_time["acknowledge"],
            "on_time_plan_rate": on_time["plan"],
            "on_time_verification_rate": on_time["verification"],
            "on_time_inspection_rate": on_time["inspection"],
            "on_time_resolution_rate": on_time["closure"],
            "on_time_replacement_rate": self._on_time_replacement_rate(
                start, stop, team_id, category_id
            ),
            **times,
            **self._first_contact_resolution(figures),
        }
        # SPEC §7: escalated and externally reviewed complaints, counted by the summary.
        counters = figures["counter"]
        for name in ("escalated", "external_review"):
            count = counters.get(name, [0])[0]
            kpis[f"{name}_count"] = count
            kpis[f"{name}_rate"] = self._rate(count, kpis["count"])
        repeats = figures["counter"].get("repeat", [0])[0]
        kpis["repeat_rate"] = self._rate(repeats, kpis["count"])
        return kpis

    # ------------------------------------------------------------ cost of poor quality
    # Rows of each ranking of the Cost of Poor Quality card.
    COPQ_TOP = 5

    @api.model
    def _copq_rankings(self):
        """[(key, field of the cost report, label, label of the empty value)] of the
        rankings of the Cost of Poor Quality card, largest cost first."""
        return [
            ("by_defect", "defect_id", self.env._("By defect code"), self.env._("No defect code")),
            ("by_customer", "partner_id", self.env._("By customer"), self.env._("No customer")),
            (
                "by_supplier",
                "liable_partner_id",
                self.env._("By supplier / carrier"),
                self.env._("No liable supplier or carrier"),
            ),
        ]

    @api.model
    def _cost_of_poor_quality(self, start, stop, team_id=None, category_id=None):
        """The Cost of Poor Quality card (SPEC §8) of the costs dated in [start, stop) of
        the complaints of the team and category: cost, pending drafts, recovered, net and
        the recovered share, and the largest costs by defect code, customer and liable
        supplier or carrier (``_copq_rankings``), each with its recovered share.

        Amounts are in the current company's currency: a group in other currencies is
        converted at today's rate, as the pivot does. One query for the totals and the
        rankings (grouping sets), whatever the number of complaints. None for the users who may not
        read the cost report (it is for complaint managers and finance)."""
        CostReport = self.env["quality.complaint.cost.report"]
        if not CostReport.has_access("read"):
            return None
        domain = (
            Domain("date", ">=", start.date())
            & Domain("date", "<", stop.date())
            & self._filter_domain(team_id, category_id)
        )
        currency = self.env.company.currency_id
        aggregates = [
            "currency_id:array_agg_distinct",
            *(f"{column}:sum" for column in COPQ_COLUMNS.values()),
            *(f"{column}:sum_currency" for column in COPQ_COLUMNS.values()),
        ]

        def amounts(values):
            currencies, *sums = values
            # Sums in the company's currency as they are; others converted.
            count = len(COPQ_COLUMNS)
            chosen = sums[count:] if set(currencies) - {currency.id} else sums[:count]
            result = {
                key: currency.round(value or 0.0)
                for key, value in zip(COPQ_COLUMNS, chosen, strict=True)
            }
            result["recovered_share"] = self._rate(result["recovered"], result["cost"])
            return result

        rankings = self._copq_rankings()
        # The totals and every ranking in one query (grouping sets): the cost report is a
        # union of the cost documents that PostgreSQL takes about 5 ms to plan, once.
        self.env.flush_all()
        query = CostReport._search(domain)
        selects = [CostReport._read_group_select(spec, query) for spec in aggregates]
        dimensions = [
            CostReport._field_to_sql(CostReport._table, field_name, query)
            for _key, field_name, _label, _empty in rankings
        ]
        query.groupby = SQL(
            "GROUPING SETS ((), %s)", SQL(", ").join(SQL("(%s)", dim) for dim in dimensions)
        )
        self.env.cr.execute(
            query.select(*(SQL("GROUPING(%s)", dim) for dim in dimensions), *dimensions, *selects)
        )
        count = len(dimensions)
        totals = [None] + [0.0] * (len(aggregates) - 1)
        groups = [[] for _ranking in rankings]
        for row in self.env.cr.fetchall():
            flags, keys, values = row[:count], row[count : 2 * count], list(row[2 * count :])
            values[0] = values[0] or []
            if all(flags):
                totals = values
            else:
                index = flags.index(0)
                groups[index].append((keys[index], values))
        totals[0] = totals[0] or []
        card = {"currency_id": currency.id, **amounts(totals), "rankings": []}
        # Largest cost first (in the company's currency), then by id, none last.
        converted = 1 + len(COPQ_COLUMNS)
        for (key, field_name, label, empty), grouped in zip(rankings, groups, strict=True):
            rows = sorted(
                grouped,
                key=lambda item: (-(item[1][converted] or 0.0), item[0] is None, item[0] or 0),
            )[: self.COPQ_TOP]
            comodel = self.env[CostReport._fields[field_name].comodel_name]
            records = comodel.browse([record_id for record_id, _values in rows if record_id])
            names = dict(zip(records.ids, records.mapped("display_name"), strict=True))
            card["rankings"].append(
                {
                    "key": key,
                    "field": field_name,
                    "label": label,
                    "rows": [
                        {
                            "id": record_id or False,
                            "label": names[record_id] if record_id else empty,
                            **amounts(values),
                        }
                        for record_id, values in rows
                    ],
                }
            )
        return card

    @api.model
    def _first_contact_resolution(self, figures):
        """First-contact resolution (SPEC §7), counted by the monthly summary like the
        escalations, so by month of reception, not of closure: of the complaints received in
        the period and closed (``closed_count``; a cancelled complaint is not closed), those
        closed without ever being escalated, without a rejected resolution and, with the
        survey addon, without being re-processed (``first_contact_resolution_count``), and
        their share (``first_contact_resolution_rate``, None when none is closed)."""
        counters = figures["counter"]
        closed = counters.get("closed", [0])[0]
        first_contact = counters.get("first_contact", [0])[0]
        return {
            "closed_count": closed,
            "first_contact_resolution_count": first_contact,
            "first_contact_resolution_rate": self._rate(first_contact, closed),
        }

    @api.model
    def _targets(self, kpis):
        """{KPI: {value, kind, met}} of the KPIs present that have a target
        (``KPI_TARGETS``), from the current company's settings: ``met`` is whether the KPI
        reaches a "min" target or stays within a "max" one, None when the KPI has no value
        (nothing to rate in the period)."""
        company = self.env.company
        targets = {}
        for key, (setting, kind) in KPI_TARGETS.items():
            if key not in kpis:
                continue
            value, actual = company[setting], kpis[key]
            met = None
            if actual is not None:
                met = actual >= value if kind == "min" else actual <= value
            targets[key] = {"value": value, "kind": kind, "met": met}
        return targets

    @api.model
    def _rate(self, part, whole):
        """``part`` in % of ``whole``, to one decimal; None when there is nothing to rate."""
        return round(100.0 * part / whole, 1) if whole else None

    @api.model
    def _on_time_rates(self, start, stop, team_id=None, category_id=None):
        """{kind: % of the deadlines that fell due in [start, stop) met no later than
        due}."""
        counts = self.env["quality.complaint.daily"]._counts(
            "deadline", start, stop, self._summary_allowed(), team_id, category_id
        )
        rates = {}
        for kind in ON_TIME_KINDS:
            total, met = counts.get((kind, None), (0, 0))
            rates[kind] = self._rate(met, total)
        return rates

    @api.model
    def _on_time_replacement_rate(self, start, stop, team_id=None, category_id=None):
        """% of the replacements delivered in [start, stop) that the customer received on
        or before the date it required (replacements without a required date are not
        rated), for the complaints the user may read; one aggregate over the done
        replacements (partial index on their delivery date)."""
        complaints = self.env["quality.complaint"]._search(
            self._filter_domain(team_id, category_id)
        )
        pickings = (
            self.env["stock.picking"]
            .sudo()
            ._search(
                [
                    ("complaint_remedy", "=", "replacement"),
                    ("state", "=", "done"),
                    ("date_done", ">=", start),
                    ("date_done", "<", stop),
                    ("complaint_date_required", "!=", False),
                    ("remedy_complaint_id", "in", complaints),
                ]
            )
        )
        table = pickings.table
        [(delivered, on_time)] = self.env.execute_query(
            pickings.select(
                SQL(
                    "COUNT(*), COUNT(*) FILTER (WHERE %s::date <= %s)",
                    SQL.identifier(table, "date_done"),
                    SQL.identifier(table, "complaint_date_required"),
                )
            )
        )
        return self._rate(on_time, delivered)

    @api.model
    def _durations(self, figures):
        """Average and 90th percentile hours from reception to acknowledgement and to
        closure. The average is exact; the percentile interpolates between durations
        rounded to the hour (the summary keeps an hourly histogram)."""
        result = {}
        for dimension, name in (("ack", "acknowledge"), ("close", "close")):
            histogram = sorted(
                (int(hours), count, total)
                for hours, (count, _o, total) in figures[dimension].items()
            )
            n = sum(count for _h, count, _t in histogram)
            average = percentile = None
            if n:
                average = round(sum(total for _h, _c, total in histogram) / n, 1)
                percentile = round(self._percentile(histogram, n, 0.9), 1)
            result[f"avg_hours_to_{name}"] = average
            result[f"p90_hours_to_{name}"] = percentile
        return result

    @api.model
    def _percentile(self, histogram, n, fraction):
        """PERCENTILE_CONT of the values of a sorted histogram [(value, count, ...)]."""
        position = fraction * (n - 1)
        low_index, weight = int(position), position - int(position)

        def value_at(index):
            seen = 0
            for value, count, *_rest in histogram:
                seen += count
                if index < seen:
                    return value
            return histogram[-1][0]

        low = value_at(low_index)
        return low + weight * (value_at(low_index + 1) - low) if weight else low
