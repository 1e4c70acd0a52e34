# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Monthly summary of the complaints behind the dashboard.

The dashboard of a database with a million complaints cannot scan them on every load. The
complaints are summarised per bucket (company, team, category, day of reception) into
figure rows: counts per cause and product, histograms of the hours to acknowledge and
to close, and counters that other addons add. Every figure adds up over disjoint sets of
complaints, so the month's rows that the dashboard reads are the sums of its days' rows.
Every change of a complaint or of its lines marks its day's bucket as changed (an
append-only log, so concurrent writers never wait on each other); the scheduled action
recomputes the changed days and the sums of their months, and until it has, the dashboard
reads the month's other days from their rows and counts only the changed days from the
complaints themselves (a day's complaints, not a month's). Both paths run the same SQL, so
the figures are the same whichever path produced them.
"""

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.sql import table_exists

# The fields that place a complaint in its bucket.
BUCKET_FIELDS = ("company_id", "team_id", "category_id", "date_received")
BUCKET_FIELDS_SET = frozenset(BUCKET_FIELDS)
BUCKET_COLUMNS = ("company_id", "team_id", "category_id", "month")
FIGURE_COLUMNS = (*BUCKET_COLUMNS, "dimension", "key", "count", "open_count", "total")
DAY_FIGURE_COLUMNS = ("company_id", "team_id", "category_id", "day", *FIGURE_COLUMNS[4:])


def refresh_in_batches(env, changed, refresh):
    """Call ``refresh(batch)`` on each batch that ``changed()`` returns until it returns
    none; inside the scheduled action, commit after each batch and stop when the action's
    time is up (an interrupted run resumes where it stopped). What is left is reported
    then, so that Odoo runs the action again as soon as the other scheduled actions had
    their turn, not at the next interval.

    :return: (what ``refresh`` counted, whether every batch was done)
    """
    in_cron = bool(env.context.get("cron_id"))
    done = 0
    while batch := changed():
        done += refresh(batch)
        if in_cron and not env["ir.cron"]._commit_progress(len(batch)):
            left = len(changed())
            if left:
                env["ir.cron"]._commit_progress(remaining=left)
            return done, not left
    return done, True


class QualityComplaintSummaryChange(models.Model):
    """Append-only log of the day buckets whose complaints changed since their summary."""

    _name = "quality.complaint.summary.change"
    _description = "Changed Complaint Summary Bucket"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    team_id = fields.Many2one("quality.complaint.team", ondelete="cascade")
    category_id = fields.Many2one("quality.complaint.category", ondelete="cascade")
    day = fields.Date(required=True)


class QualityComplaintSummaryFigure(models.AbstractModel):
    """A figure row of a bucket (company, team, category and its date, a month or a day):
    the fields the monthly summary and its days' rows share."""

    _name = "quality.complaint.summary.figure"
    _description = "Complaint Summary Figure"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    team_id = fields.Many2one("quality.complaint.team", ondelete="cascade")
    category_id = fields.Many2one("quality.complaint.category", ondelete="cascade")
    dimension = fields.Char(required=True)
    key = fields.Char()
    count = fields.Integer()
    open_count = fields.Integer()
    total = fields.Float()


class QualityComplaintSummaryDay(models.Model):
    """The figure rows of each day bucket, summed into the month's rows that the dashboard
    reads; read themselves only for a month some of whose days changed."""

    _name = "quality.complaint.summary.day"
    _inherit = "quality.complaint.summary.figure"
    _description = "Complaint Summary of a Day"
    _log_access = False

    day = fields.Date(required=True)

    _bucket_idx = models.Index("(day, company_id, team_id, category_id)")


class QualityComplaintSummary(models.Model):
    _name = "quality.complaint.summary"
    _inherit = "quality.complaint.summary.figure"
    _description = "Complaint Summary"
    _log_access = False

    month = fields.Date(required=True)

    _bucket_idx = models.Index("(month, company_id, team_id, category_id)")

    # ------------------------------------------------------------ figure rows
    @api.model
    def _figure_counters(self, table):
        """{name: SQL condition on the complaint table} counted per bucket: repeat
        complaints, the complaints ever escalated, those referred to an external review, the
        closed ones and those of them resolved at first contact (never escalated, the
        resolution never rejected); addons add theirs (the capa addon: complaints needing
        and having an 8D) or narrow them (the survey addon: first contact, never
        re-processed)."""
        alias = SQL.identifier(table)
        closed = SQL("%s.milestone = 'closed'", alias)
        return {
            "repeat": SQL("%s.is_repeat", alias),
            "escalated": SQL("%s.date_escalated IS NOT NULL", alias),
            "external_review": SQL(
                """EXISTS (SELECT 1 FROM quality_complaint_external_review review
                            WHERE review.complaint_id = %s.id)""",
                alias,
            ),
            "closed": closed,
            "first_contact": SQL(
                "%s AND %s.date_escalated IS NULL AND COALESCE(%s.rejection_count, 0) = 0",
                closed,
                alias,
                alias,
            ),
        }

    @api.model
    def _figure_keys(self, table):
        """{dimension: SQL array of a complaint's keys}, each complaint counted once per
        distinct key of the bucket, as the products are: the defect codes of the lines;
        addons add theirs (the capa addon: the 6M categories of the 8D's root causes)."""
        return {
            "defect": SQL(
                """ARRAY(SELECT DISTINCT line.defect_id FROM quality_complaint_line line
                          WHERE line.complaint_id = %s AND line.defect_id IS NOT NULL)""",
                SQL.identifier(table, "id"),
            )
        }

    @api.model
    def _figure_rows_sql(self, query, unit="month"):
        """SQL of the figure rows (FIGURE_COLUMNS) of the complaints selected by ``query``
        (a Query of quality.complaint, with its record rules if it was searched so), per
        month or, with ``unit`` 'day', per day of reception (in the month's column)."""
        table = query.table

        def col(name):
            return SQL.identifier(table, name)

        def hours(name):
            # date_part is double precision; EXTRACT would be numeric, much slower.
            return SQL("DATE_PART('epoch', %s - %s) / 3600.0", col(name), col("date_received"))

        counters = self._figure_counters(table)
        keys = self._figure_keys(table)
        base = query.select(
            SQL("%s AS id", col("id")),
            SQL("%s AS company_id", col("company_id")),
            SQL("%s AS team_id", col("team_id")),
            SQL("%s AS category_id", col("category_id")),
            SQL("DATE_TRUNC(%s, %s)::date AS month", unit, col("date_received")),
            SQL(
                "COALESCE(%s, '') || '|' || COALESCE(%s, '') AS cause",
                col("responsibility"),
                col("responsible_department"),
            ),
            SQL("%s IS FALSE AS is_open", col("is_closed")),
            # Each product once per complaint, looked up by the lines' complaint index.
            SQL(
                """ARRAY(SELECT DISTINCT line.product_id FROM quality_complaint_line line
                          WHERE line.complaint_id = %s) AS products""",
                col("id"),
            ),
            SQL("%s AS ack", hours("date_acknowledged")),
            SQL("%s AS close", hours("date_closed")),
            *(
                SQL("COALESCE(%s, FALSE) AS %s", cond, SQL.identifier(f"counter_{name}"))
                for name, cond in counters.items()
            ),
            *(SQL("%s AS %s", array, SQL.identifier(f"keys_{dim}")) for dim, array in keys.items()),
        )
        bucket = SQL("c.company_id, c.team_id, c.category_id, c.month")
        counts = SQL("COUNT(*), COUNT(*) FILTER (WHERE c.is_open), 0.0")
        branches = [
            SQL(
                """SELECT %s, 'total' AS dimension, '' AS key, COUNT(*) AS count,
                          COUNT(*) FILTER (WHERE c.is_open) AS open_count, 0.0 AS total
                     FROM c GROUP BY %s""",
                bucket,
                bucket,
            ),
            SQL(
                "SELECT %s, 'cause', c.cause, %s FROM c GROUP BY %s, c.cause",
                bucket,
                counts,
                bucket,
            ),
            *(
                SQL(
                    """SELECT %(bucket)s, %(dim)s, ROUND(c.%(col)s)::int::text, COUNT(*), 0,
                              SUM(c.%(col)s)
                         FROM c WHERE c.%(col)s IS NOT NULL
                     GROUP BY %(bucket)s, ROUND(c.%(col)s)""",
                    bucket=bucket,
                    dim=dim,
                    col=SQL.identifier(dim),
                )
                for dim in ("ack", "close")
            ),
            SQL(
                """SELECT %s, 'product', product::text, COUNT(*), 0, 0.0
                     FROM c, UNNEST(c.products) AS product
                 GROUP BY %s, product""",
                bucket,
                bucket,
            ),
            *(
                SQL(
                    """SELECT %(bucket)s, %(dim)s, k::text, COUNT(*), 0, 0.0
                         FROM c, UNNEST(c.%(keys)s) AS k
                     GROUP BY %(bucket)s, k""",
                    bucket=bucket,
                    dim=dim,
                    keys=SQL.identifier(f"keys_{dim}"),
                )
                for dim in keys
            ),
            *(
                SQL(
                    """SELECT %s, 'counter', %s, COUNT(*), 0, 0.0 FROM c WHERE c.%s
                     GROUP BY %s""",
                    bucket,
                    name,
                    SQL.identifier(f"counter_{name}"),
                    bucket,
                )
                for name in counters
            ),
        ]
        return SQL("WITH c AS MATERIALIZED (%s) %s", base, SQL(" UNION ALL ").join(branches))

    # ------------------------------------------------------------ changed buckets
    @api.model
    def _day_ranges(self, days):
        """[(start, stop)] datetimes covering ``days``, consecutive days in one range."""
        ranges = []
        for day in sorted(set(days)):
            start = fields.Datetime.to_datetime(day)
            stop = fields.Datetime.to_datetime(fields.Date.add(day, days=1))
            if ranges and ranges[-1][1] == start:
                ranges[-1][1] = stop
            else:
                ranges.append([start, stop])
        return ranges

    @api.model
    def _bucket_domain(self, buckets):
        """Domain of the complaints of the day ``buckets`` [(company, team, category, day)]:
        their days' ranges of reception (an index scan each, consecutive days in one), each
        complaint then matched to its bucket by a hash look-up."""
        if not buckets:
            return Domain.FALSE
        ranges = Domain.OR(
            Domain("date_received", ">=", start) & Domain("date_received", "<", stop)
            for start, stop in self._day_ranges(day for *_bucket, day in buckets)
        )

        def to_sql(model, alias, query):
            day = SQL("DATE_TRUNC('day', %s)::date", SQL.identifier(alias, "date_received"))
            return self._bucket_match(alias, buckets, day)

        return ranges & Domain.custom(to_sql=to_sql)

    @api.model
    def _values_sql(self, buckets):
        """VALUES rows of ``buckets``, a missing team or category as 0."""
        return SQL(", ").join(
            SQL(
                "(%s::int, %s::int, %s::int, %s::date)",
                company,
                team or 0,
                category or 0,
                day,
            )
            for company, team, category, day in buckets
        )

    @api.model
    def _bucket_match(self, alias, buckets, column="month"):
        """SQL condition: the row of ``alias`` belongs to one of ``buckets``, the date of
        each bucket compared with ``column`` (a column of ``alias`` or an SQL expression)."""
        date = column if isinstance(column, SQL) else SQL.identifier(alias, column)
        return SQL(
            """(%s = ANY(%s) AND (%s, COALESCE(%s, 0), COALESCE(%s, 0), %s) IN (
                   SELECT * FROM (VALUES %s) AS b(company_id, team_id, category_id, day)))""",
            date,
            sorted({bucket[3] for bucket in buckets}),
            SQL.identifier(alias, "company_id"),
            SQL.identifier(alias, "team_id"),
            SQL.identifier(alias, "category_id"),
            date,
            self._values_sql(buckets),
        )

    @api.model
    def _day_rows_of_months(self, alias, months):
        """SQL condition: the day row of ``alias`` belongs to one of the month buckets
        ``months``."""
        return self._bucket_match(
            alias, months, SQL("DATE_TRUNC('month', %s)::date", SQL.identifier(alias, "day"))
        )

    @api.model
    def _month_buckets(self, buckets):
        """The month buckets of the day ``buckets``, sorted."""
        return sorted(
            {
                (company, team, category, day.replace(day=1))
                for company, team, category, day in buckets
            },
            key=lambda bucket: (bucket[3], bucket[0], bucket[1] or 0, bucket[2] or 0),
        )

    @api.model
    def _changed_buckets(self, limit=None, months=None):
        """The changed day buckets [(company, team, category, day)], of the days in
        ``months`` [first, last) if given."""
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT company_id, team_id, category_id, day
                     FROM quality_complaint_summary_change%s
                 ORDER BY day, company_id, team_id, category_id%s""",
                SQL(" WHERE day >= %s AND day < %s", months[0].date(), months[1].date())
                if months
                else SQL(),
                SQL(" LIMIT %s", limit) if limit else SQL(),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _refresh(self, buckets=None):
        """Recompute the changed day buckets (or ``buckets``) from the complaints, then
        their months' rows as the sums of the days' rows."""
        if buckets is None:
            buckets = self._changed_buckets()
        if not buckets:
            return 0
        # The counters of other addons read their own tables.
        self.env.flush_all()
        cr = self.env.cr
        # PostgreSQL's JIT compiles the wide aggregate for longer than it runs.
        cr.execute("SET LOCAL jit = off")
        # Only the change rows this transaction sees are consumed: a change committed by a
        # concurrent transaction after this snapshot stays, for the next refresh.
        cr.execute(
            SQL(
                "DELETE FROM quality_complaint_summary_change c WHERE %s",
                self._bucket_match("c", buckets, "day"),
            )
        )
        cr.execute(
            SQL(
                "DELETE FROM quality_complaint_summary_day d WHERE %s",
                self._bucket_match("d", buckets, "day"),
            )
        )
        query = (
            self.env["quality.complaint"]
            .sudo()
            .with_context(active_test=True)
            ._search(self._bucket_domain(buckets))
        )
        cr.execute(
            SQL(
                "INSERT INTO quality_complaint_summary_day (%s) %s",
                SQL(", ").join(SQL.identifier(c) for c in DAY_FIGURE_COLUMNS),
                self._figure_rows_sql(query, unit="day"),
            )
        )
        months = self._month_buckets(buckets)
        cr.execute(
            SQL(
                "DELETE FROM quality_complaint_summary s WHERE %s",
                self._bucket_match("s", months),
            )
        )
        cr.execute(
            SQL(
                """INSERT INTO quality_complaint_summary (%s)
                   SELECT company_id, team_id, category_id,
                          DATE_TRUNC('month', day)::date AS month, dimension, key,
                          SUM(count), SUM(open_count), SUM(total)
                     FROM quality_complaint_summary_day d
                    WHERE d.day >= %s AND d.day < %s AND %s
                 GROUP BY company_id, team_id, category_id, month, dimension, key""",
                SQL(", ").join(SQL.identifier(c) for c in FIGURE_COLUMNS),
                months[0][3],
                fields.Date.add(max(month for *_bucket, month in months), months=1),
                self._day_rows_of_months("d", months),
            )
        )
        self.env["quality.complaint.summary.day"].invalidate_model()
        self.invalidate_model()
        return len(buckets)

    @api.model
    def _cron_refresh(self, batch_size=200):
        """Scheduled action: recompute the changed day buckets, ``batch_size`` at a time,
        committing after each batch (an interrupted run resumes where it stopped)."""
        done, finished = refresh_in_batches(
            self.env, lambda: self._changed_buckets(limit=batch_size), self._refresh
        )
        if not finished:
            return done
        # The daily counts and the customers' totals of the dashboard, in the same run; when
        # the run's time is up before one of them, Odoo runs it again as soon as possible.
        in_cron = bool(self.env.context.get("cron_id"))
        for model in ("quality.complaint.daily", "quality.complaint.customer.total"):
            if in_cron and not self.env["ir.cron"]._commit_progress():
                self.env["ir.cron"]._commit_progress(remaining=1)
                return done
            done += self.env[model]._cron_refresh()
        return done

    @api.model
    def _rebuild(self):
        """Mark every bucket as changed (after an install, an upgrade or a bulk import
        done in SQL); the scheduled action then recomputes them all. The daily counts and
        the customers' totals are counted again at once."""
        self.env["quality.complaint.daily"]._rebuild()
        self.env["quality.complaint.customer.total"]._rebuild()
        self._mark_all_buckets()

    @api.model
    def _mark_all_buckets(self):
        self.env["quality.complaint"].flush_model(BUCKET_FIELDS)
        self.env.cr.execute(
            """INSERT INTO quality_complaint_summary_change
                      (company_id, team_id, category_id, day)
               SELECT DISTINCT company_id, team_id, category_id,
                      DATE_TRUNC('day', date_received)::date
                 FROM quality_complaint
               EXCEPT
               SELECT company_id, team_id, category_id, day
                 FROM quality_complaint_summary_change"""
        )

    def init(self):
        # Complaints that exist before the summary does (an upgrade) are summarised by the
        # scheduled action's first run.
        if not table_exists(self.env.cr, "quality_complaint") or not table_exists(
            self.env.cr, "quality_complaint_summary_change"
        ):
            return
        self.env.cr.execute("SELECT 1 FROM quality_complaint_summary LIMIT 1")
        if not self.env.cr.rowcount:
            self._mark_all_buckets()


# ------------------------------------------------ hooks keeping the summary current
class QualityComplaint(models.Model):
    """Hook of the monthly summary: a complaint change logs its buckets as changed."""

    _inherit = "quality.complaint"

    def _summary_changed(self):
        """Log the buckets of these complaints as changed (one query)."""
        if not self.ids:
            return
        self.flush_recordset(BUCKET_FIELDS)
        self.env.cr.execute(
            """INSERT INTO quality_complaint_summary_change
                      (company_id, team_id, category_id, day)
               SELECT DISTINCT company_id, team_id, category_id,
                      DATE_TRUNC('day', date_received)::date
                 FROM quality_complaint WHERE id = ANY(%s)""",
            [self.ids],
        )

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._summary_changed()
        return complaints

    def write(self, vals):
        if BUCKET_FIELDS_SET & vals.keys():
            # Leaving a bucket changes it too.
            self._summary_changed()
        res = super().write(vals)
        self._summary_changed()
        return res

    def unlink(self):
        self._summary_changed()
        return super().unlink()


class QualityComplaintLine(models.Model):
    """Hook of the monthly summary: a line change logs its complaint's bucket."""

    _inherit = "quality.complaint.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.complaint_id._summary_changed()
        return lines

    def write(self, vals):
        complaints = self.complaint_id
        res = super().write(vals)
        (complaints | self.complaint_id)._summary_changed()
        return res

    def unlink(self):
        self.complaint_id._summary_changed()
        return super().unlink()


class QualityComplaintExternalReview(models.Model):
    """Hook of the monthly summary: the dashboard counts the complaints referred to an
    external review, so a review created, moved or deleted logs its complaint's bucket."""

    _inherit = "quality.complaint.external.review"

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews.complaint_id._summary_changed()
        return reviews

    def write(self, vals):
        complaints = self.complaint_id
        res = super().write(vals)
        if "complaint_id" in vals:
            (complaints | self.complaint_id)._summary_changed()
        return res

    def unlink(self):
        self.complaint_id._summary_changed()
        return super().unlink()


class QualityComplaintStage(models.Model):
    """Hook of the monthly summary: a stage whose closing flag changes logs the buckets of
    its complaints."""

    _inherit = "quality.complaint.stage"

    def write(self, vals):
        res = super().write(vals)
        if {"is_closed", "milestone"} & vals.keys():
            # Stored related fields of the complaints change without their write(): the
            # monthly summary and the daily counts (closures) of their complaints changed.
            complaints = (
                self.env["quality.complaint"]
                .with_context(active_test=False)
                .search([("stage_id", "in", self.ids)])
            )
            complaints._summary_changed()
            complaints._mark_daily()
        return res
