# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Daily counts behind the dashboard's rates and its control chart.

Besides the complaints by month of reception (the monthly summary), the dashboard counts
records by another date: the customer deliveries per day (the control chart's
denominator), the deadlines by due date (on-time rates), and the closed complaints by
closing date (the survey addon's callback rate). With a million complaints these counts
read millions of rows on every load, so they are kept per source, company, team,
category and day: a period of days is then a sum over a few hundred rows whatever the
data. Like the monthly summary, every change appends its (source, company, day) to a
log; the scheduled action recomputes the logged days, and until it has, the dashboard
counts those days from the records themselves with the same SQL.

The deliveries are not logged when they are validated: validating a delivery would cost
queries in every warehouse of the database, complaint or not. Their changed days are
those of the pickings written since the last count instead (their ``write_date``, indexed),
which the scheduled action moves into the log; only a delivery already done that is
re-dated or moved to another company or type logs the day it leaves.
"""

from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.sql import table_exists

from .quality_complaint_summary import refresh_in_batches

# The deadlines whose on-time rates are KPIs (SPEC sections 5 and 7): every kind.
ON_TIME_KINDS = ("acknowledge", "plan", "verification", "inspection", "closure")
DAILY_COLUMNS = (
    "source",
    "figure",
    "company_id",
    "team_id",
    "category_id",
    "day",
    "count",
    "met",
)


def write_marking(vals, tracked, mark, write):
    """``write(vals)``, calling ``mark()`` before and after it when ``vals``
    changes a field of ``tracked``: what leaves a day (or a customer) and what enters it are
    both logged as changed."""
    changed = bool(tracked & vals.keys())
    if changed:
        mark()
    res = write(vals)
    if changed:
        mark()
    return res


def day_range(day):
    """[start, end) datetimes of ``day``."""
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1)


class QualityComplaintDailyChange(models.Model):
    """Append-only log of the days whose records changed since they were counted."""

    _name = "quality.complaint.daily.change"
    _description = "Changed Day of the Complaint Daily Counts"
    _log_access = False

    source = fields.Char(required=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    day = fields.Date(required=True)


class QualityComplaintDailyWatermark(models.Model):
    """Per source counted by the records written since the last count (the deliveries):
    the time from which written records are not counted yet."""

    _name = "quality.complaint.daily.watermark"
    _description = "Last Count of the Complaint Daily Counts"
    _log_access = False

    source = fields.Char(required=True)
    counted_until = fields.Datetime(
        required=True,
        help="Records written from this time on (write date) are counted from the records "
        "until the scheduled action counts their days again.",
    )

    _source_uniq = models.UniqueIndex("(source)")


class QualityComplaintDaily(models.Model):
    _name = "quality.complaint.daily"
    _description = "Complaint Daily Counts"
    _log_access = False

    source = fields.Char(required=True)
    figure = fields.Char(required=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    team_id = fields.Many2one("quality.complaint.team", ondelete="cascade")
    category_id = fields.Many2one("quality.complaint.category", ondelete="cascade")
    day = fields.Date(required=True)
    count = fields.Integer()
    met = fields.Integer()

    _source_day_idx = models.Index("(source, day, company_id)")

    # ------------------------------------------------------------ sources
    @api.model
    def _sources(self):
        """{source: (model, date field, domain, has teams)}: the records each source
        counts per day of their date field; addons add theirs (the survey addon: the
        closed complaints by closing date, for the callback rate)."""
        return {
            "delivery": (
                "stock.picking",
                "date_done",
                [("picking_type_code", "=", "outgoing"), ("state", "=", "done")],
                False,
            ),
            "deadline": (
                "quality.complaint.deadline",
                "date_deadline",
                [("kind", "in", ON_TIME_KINDS), ("complaint_active", "=", True)],
                True,
            ),
        }

    @api.model
    def _rows_sql(self, source, query):
        """SQL of the rows (DAILY_COLUMNS) of the records of ``source`` selected by
        ``query`` (with the record rules it was searched with)."""
        return getattr(self, f"_rows_{source}")(query)

    @api.model
    def _rows_delivery(self, query):
        table = SQL.identifier(query.table)
        return SQL(
            """SELECT 'delivery', 'delivery', company_id, NULL::int, NULL::int, day, COUNT(*), 0
                 FROM (%s) p GROUP BY company_id, day""",
            query.select(SQL("%s.company_id", table), SQL("%s.date_done::date AS day", table)),
        )

    @api.model
    def _rows_deadline(self, query):
        table = SQL.identifier(query.table)
        return SQL(
            """SELECT 'deadline', d.kind, d.company_id, d.team_id, d.category_id, d.day,
                      COUNT(*), COUNT(*) FILTER (WHERE d.met)
                 FROM (%s) d
             GROUP BY d.kind, d.company_id, d.team_id, d.category_id, d.day""",
            query.select(
                SQL("%s.kind", table),
                SQL("%s.company_id", table),
                SQL("%s.team_id", table),
                SQL("%s.category_id", table),
                SQL("%s.date_deadline::date AS day", table),
                SQL("%s.date_done <= %s.date_deadline AS met", table, table),
            ),
        )

    @api.model
    def _source_query(self, source, domain, sudo=True):
        """Query of the records of ``source`` in ``domain`` (searched as the current user
        unless ``sudo``)."""
        model_name, _date_field, source_domain, _teams = self._sources()[source]
        Model = self.env[model_name].with_context(active_test=True)
        if sudo:
            Model = Model.sudo()
        return Model._search(Domain(source_domain) & domain)

    @api.model
    def _range_domain(self, source, ranges):
        """Domain of the records of ``source`` dated in one of ``ranges`` [(low, high)]."""
        date_field = self._sources()[source][1]
        return Domain.OR(
            Domain(date_field, ">=", low) & Domain(date_field, "<", high)
            for low, high in ranges
            if low < high
        )

    @api.model
    def _written_sources(self):
        """The sources whose changed days are those of the records written since their
        watermark (no hook on their writes), rather than logged by each change."""
        return {"delivery"}

    @api.model
    def _written_days_sql(self, source, company_ids=None, first=None, last=None):
        """SQL of the (company, day) of the records of ``source`` written since its
        watermark (dated in [first, last) of ``company_ids`` when given)."""
        model_name, date_field, _domain, _teams = self._sources()[source]
        table = SQL.identifier(self.env[model_name]._table)
        column = SQL.identifier("r", date_field)
        filters = [SQL("r.write_date >= w.counted_until"), SQL("%s IS NOT NULL", column)]
        if company_ids is not None:
            filters.append(SQL("r.company_id = ANY(%s)", company_ids))
        if first is not None:
            filters.append(SQL("%s >= %s AND %s < %s", column, first, column, last))
        return SQL(
            """SELECT r.company_id, %s::date AS day
                 FROM %s r JOIN quality_complaint_daily_watermark w ON w.source = %s
                WHERE %s""",
            column,
            table,
            source,
            SQL(" AND ").join(filters),
        )

    @api.model
    def _log_written(self):
        """Log the days of the records written since the watermark of each written
        source, and move the watermark on: to the start of the oldest transaction still
        running (what it writes has a later write date and is logged next time), or to
        now."""
        cr = self.env.cr
        # The activity of the other sessions as it is now, not as this transaction first
        # read it.
        cr.execute("SELECT pg_stat_clear_snapshot()")
        for source in self._written_sources():
            model_name = self._sources()[source][0]
            self.env[model_name].flush_model()
            cr.execute(
                SQL(
                    """WITH watermark AS (
                           SELECT id FROM quality_complaint_daily_watermark
                            WHERE source = %s FOR UPDATE
                       ), logged AS (
                           INSERT INTO quality_complaint_daily_change (source, company_id, day)
                           SELECT DISTINCT %s, w.company_id, w.day FROM (%s) w
                       )
                       UPDATE quality_complaint_daily_watermark
                          SET counted_until = %s
                        WHERE id IN (SELECT id FROM watermark)""",
                    source,
                    source,
                    self._written_days_sql(source),
                    self._watermark_sql(),
                )
            )

    @api.model
    def _watermark_sql(self):
        """SQL of the time from which records not counted yet can be written: the start of
        the oldest other transaction on this database, or now. Records write the start of
        their transaction as their write date."""
        return SQL(
            """(SELECT LEAST(MIN(xact_start), statement_timestamp()) AT TIME ZONE 'UTC'
                  FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid()
                   AND backend_type = 'client backend')"""
        )

    @api.model
    def _set_watermark(self, source):
        self.env.cr.execute("SELECT pg_stat_clear_snapshot()")
        self.env.cr.execute(
            SQL(
                """INSERT INTO quality_complaint_daily_watermark (source, counted_until)
                   VALUES (%s, %s)
                   ON CONFLICT (source) DO UPDATE SET counted_until = EXCLUDED.counted_until""",
                source,
                self._watermark_sql(),
            )
        )

    # ------------------------------------------------------------ reading
    # Above this many changed days the dashboard counts the records, not the summary.
    MAX_LIVE_DAYS = 100

    @api.model
    def _counts(
        self,
        source,
        start,
        stop,
        use_summary,
        team_id=None,
        category_id=None,
        by_month=False,
        sudo=False,
    ):
        """{(figure, first day of the month or None): [count, met]} of the records of
        ``source`` dated in [start, stop) in the current companies: the stored counts for
        the whole days that did not change since they were counted, the records for the
        rest (partial days at the ends, changed days, or everything unless
        ``use_summary``), in one query. ``sudo``: records are counted whatever the record
        rules (the deliveries: a complaint user counts them without reading them)."""
        company_ids = self.env.companies.ids
        _model, _date_field, _domain, has_teams = self._sources()[source]
        first = start.date() if start.time() == time.min else start.date() + timedelta(days=1)
        last = stop.date()
        live_ranges = [(start, stop)]
        stored = SQL("FALSE")
        if use_summary and first < last:
            changed = self._changed_days(source, company_ids, first, last)
            if len(changed) <= self.MAX_LIVE_DAYS:
                first_dt, last_dt = (datetime.combine(d, time.min) for d in (first, last))
                live_ranges = [(start, first_dt), (last_dt, stop), *map(day_range, changed)]
                stored = SQL(
                    """s.source = %s AND s.day >= %s AND s.day < %s AND s.company_id = ANY(%s)
                       AND NOT s.day = ANY(%s::date[])""",
                    source,
                    first,
                    last,
                    company_ids,
                    changed,
                )
        live = self._range_domain(source, live_ranges) & Domain("company_id", "in", company_ids)
        self.env.flush_all()
        # Nothing to count live (whole days, none changed): no query of the records at all,
        # not even an empty one, for which PostgreSQL would still start its parallel workers.
        parts = (
            []
            if live.is_false()
            else [self._rows_sql(source, self._source_query(source, live, sudo=sudo))]
        )
        parts.append(
            SQL(
                "SELECT %s FROM quality_complaint_daily s WHERE %s",
                SQL(", ").join(SQL.identifier("s", c) for c in DAILY_COLUMNS),
                stored,
            )
        )
        filters = [SQL("company_id = ANY(%s)", company_ids)]
        if has_teams and team_id:
            filters.append(SQL("team_id = %s", int(team_id)))
        if has_teams and category_id:
            filters.append(SQL("category_id = %s", int(category_id)))
        self.env.cr.execute(
            SQL(
                """WITH rows (%s) AS (%s)
                   SELECT figure, %s, SUM(count)::bigint, SUM(met)::bigint
                     FROM rows WHERE %s GROUP BY 1, 2""",
                SQL(", ").join(SQL.identifier(c) for c in DAILY_COLUMNS),
                SQL(" UNION ALL ").join(parts),
                SQL("DATE_TRUNC('month', day)::date") if by_month else SQL("NULL::date"),
                SQL(" AND ").join(filters),
            )
        )
        return {
            (figure, month): [count, met] for figure, month, count, met in self.env.cr.fetchall()
        }

    # ------------------------------------------------------------ changed days
    @api.model
    def _changed_days(self, source, company_ids, first, last):
        """The changed days of ``source`` in [first, last) for these companies: those
        logged, and those of the records written since the watermark."""
        written = SQL()
        if source in self._written_sources():
            written = SQL(
                " UNION SELECT day FROM (%s) w",
                self._written_days_sql(
                    source,
                    company_ids,
                    datetime.combine(first, time.min),
                    datetime.combine(last, time.min),
                ),
            )
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT day FROM quality_complaint_daily_change
                    WHERE source = %s AND company_id = ANY(%s) AND day >= %s AND day < %s
                   %s ORDER BY day""",
                source,
                company_ids,
                first,
                last,
                written,
            )
        )
        return [day for (day,) in self.env.cr.fetchall()]

    @api.model
    def _mark(self, source, model_name, ids, date_column, company_column="company_id"):
        """Log the (company, day) of these records of ``model_name`` as changed for
        ``source`` (one query)."""
        if not ids:
            return
        Model = self.env[model_name]
        Model.flush_model([date_column, company_column])
        self.env.cr.execute(
            SQL(
                """INSERT INTO quality_complaint_daily_change (source, company_id, day)
                   SELECT DISTINCT %s, %s, %s::date FROM %s
                    WHERE id = ANY(%s) AND %s IS NOT NULL AND %s IS NOT NULL""",
                source,
                SQL.identifier(company_column),
                SQL.identifier(date_column),
                SQL.identifier(Model._table),
                list(ids),
                SQL.identifier(company_column),
                SQL.identifier(date_column),
            )
        )

    @api.model
    def _changed_keys(self, limit=None):
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT source, company_id, day FROM quality_complaint_daily_change
                 ORDER BY day, source, company_id%s""",
                SQL(" LIMIT %s", limit) if limit else SQL(),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _refresh(self, keys):
        """Count again the (source, company, day) ``keys``."""
        if not keys:
            return 0
        self.env.flush_all()
        cr = self.env.cr
        values = SQL(", ").join(SQL("(%s, %s::int, %s::date)", *key) for key in keys)
        for table in ("quality_complaint_daily_change", "quality_complaint_daily"):
            # Only the change rows this transaction sees are consumed.
            cr.execute(
                SQL(
                    """DELETE FROM %s t USING (VALUES %s) AS k(source, company_id, day)
                        WHERE t.source = k.source AND t.company_id = k.company_id
                          AND t.day = k.day""",
                    SQL.identifier(table),
                    values,
                )
            )
        sources = self._sources()
        for source in {key[0] for key in keys}:
            if source not in sources:
                continue
            domain = Domain.OR(
                Domain("company_id", "=", company) & self._range_domain(source, [day_range(day)])
                for key_source, company, day in keys
                if key_source == source
            )
            self._insert(source, domain)
        self.invalidate_model()
        return len(keys)

    @api.model
    def _insert(self, source, domain):
        self.env.cr.execute(
            SQL(
                "INSERT INTO quality_complaint_daily (%s) %s",
                SQL(", ").join(SQL.identifier(c) for c in DAILY_COLUMNS),
                self._rows_sql(source, self._source_query(source, domain)),
            )
        )

    @api.model
    def _cron_refresh(self, batch_size=500):
        """Count again the changed days, ``batch_size`` at a time, committing after each
        batch inside the scheduled action."""
        self._log_written()
        done, _finished = refresh_in_batches(
            self.env, lambda: self._changed_keys(limit=batch_size), self._refresh
        )
        return done

    @api.model
    def _rebuild(self, sources=None):
        """Count every day again (after an install, an upgrade or a bulk import done in
        SQL), source by source, in one grouped query each."""
        self.env.flush_all()
        for source in sources or self._sources():
            self.env.cr.execute("DELETE FROM quality_complaint_daily WHERE source = %s", [source])
            self.env.cr.execute(
                "DELETE FROM quality_complaint_daily_change WHERE source = %s", [source]
            )
            if source in self._written_sources():
                self._set_watermark(source)
            self._insert(source, Domain.TRUE)
        self.invalidate_model()

    def init(self):
        # Count the sources not counted yet (an install, an upgrade, an addon adding one).
        if not table_exists(self.env.cr, "quality_complaint_daily_change"):
            return
        missing = []
        for source, (model_name, *_rest) in self._sources().items():
            if not table_exists(self.env.cr, self.env[model_name]._table):
                continue
            self.env.cr.execute(
                "SELECT 1 FROM quality_complaint_daily WHERE source = %s LIMIT 1", [source]
            )
            if not self.env.cr.rowcount or self._figures_missing(source):
                missing.append(source)
        if missing:
            self._rebuild(missing)

    @api.model
    def _figures_missing(self, source):
        """Whether records of ``source`` exist that its stored counts have no figure for
        (an upgrade counting more deadline kinds than before), or a written source has no
        watermark yet (an upgrade): the source is counted again."""
        if source in self._written_sources():
            self.env.cr.execute(
                "SELECT 1 FROM quality_complaint_daily_watermark WHERE source = %s", [source]
            )
            return not self.env.cr.rowcount
        if source != "deadline":
            return False
        self.env.cr.execute(
            """SELECT kind FROM unnest(%s::varchar[]) AS k(kind)
                WHERE NOT EXISTS (SELECT 1 FROM quality_complaint_daily
                                   WHERE source = 'deadline' AND figure = k.kind)
                  AND EXISTS (SELECT 1 FROM quality_complaint_deadline d
                               WHERE d.kind = k.kind AND d.active AND d.complaint_active)""",
            [list(ON_TIME_KINDS)],
        )
        return bool(self.env.cr.rowcount)


# ------------------------------------------------ hooks keeping the daily counts current
class StockPicking(models.Model):
    """Hook of the daily counts: a validated delivery is counted again by its write date
    (no query when it is validated); one already done that leaves its day, its company or
    its type logs the day it leaves."""

    _inherit = "stock.picking"

    # The daily counts of the deliveries recount the days of validated pickings.
    _done_date_idx = models.Index("(date_done) WHERE state = 'done'")
    # ... and the days of the pickings written since they were counted.
    _write_date_idx = models.Index("(write_date)")

    def _mark_daily(self):
        self.env["quality.complaint.daily"]._mark(
            "delivery", "stock.picking", self.ids, "date_done"
        )

    def write(self, vals):
        tracked = {"date_done", "state", "picking_type_id", "company_id"}
        if tracked & vals.keys():
            # From the cache: the picking being validated was read (not done yet).
            done = self.filtered(lambda p: p.state == "done" and p.date_done)
            if done:
                return write_marking(vals, tracked, done._mark_daily, super().write)
        return super().write(vals)


class QualityComplaintDeadline(models.Model):
    """Hook of the daily counts: deadline changes log their due day as changed."""

    _inherit = "quality.complaint.deadline"

    # The daily counts recount the deadlines due on a day.
    _due_date_idx = models.Index("(date_deadline)")

    def _mark_daily(self):
        self.env["quality.complaint.daily"]._mark(
            "deadline", "quality.complaint.deadline", self.ids, "date_deadline"
        )

    @api.model_create_multi
    def create(self, vals_list):
        deadlines = super().create(vals_list)
        deadlines._mark_daily()
        return deadlines

    def write(self, vals):
        tracked = {"date_deadline", "date_done", "kind", "active", "complaint_id"}
        return write_marking(vals, tracked, self._mark_daily, super().write)

    def unlink(self):
        self._mark_daily()
        return super().unlink()


class QualityComplaint(models.Model):
    """Hook of the daily counts: complaint changes log the days they move out of and into."""

    _inherit = "quality.complaint"

    @api.model
    def _daily_fields(self):
        """The fields of the complaint that the daily counts depend on."""
        return {"company_id", "team_id", "category_id", "active"}

    def _mark_daily(self):
        """Log the days these complaints count in as changed (their deadlines' due
        days; addons add theirs)."""
        deadlines = self.env["quality.complaint.deadline"].with_context(active_test=False)
        deadlines.search([("complaint_id", "in", self.ids)])._mark_daily()

    def write(self, vals):
        return write_marking(vals, self._daily_fields(), self._mark_daily, super().write)

    def unlink(self):
        self._mark_daily()
        return super().unlink()
