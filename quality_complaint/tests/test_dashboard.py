# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time
from contextlib import closing
from datetime import date, datetime, timedelta

from odoo import fields, sql_db
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from ..report.quality_complaint_dashboard import run_rules
from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestDashboard(ComplaintCase):
    """KPIs on a data set whose figures are counted by hand in the comments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stage = cls.env.ref
        closed = stage("quality_complaint.quality_complaint_stage_closed")
        investigating = stage("quality_complaint.quality_complaint_stage_investigating")
        specs = [
            # received, acknowledged, closed, ack due, closure due, responsibility, department
            (
                datetime(2026, 2, 2, 8),
                datetime(2026, 2, 2, 20),  # 12 h, on time
                datetime(2026, 2, 12, 8),  # 240 h, on time
                datetime(2026, 2, 3, 8),
                datetime(2026, 2, 16, 8),
                "company",
                "production",
            ),
            (
                datetime(2026, 3, 2, 8),
                datetime(2026, 3, 4, 8),  # 48 h, late
                None,  # still open: closure missed
                datetime(2026, 3, 3, 8),
                datetime(2026, 3, 16, 8),
                "company",
                "production",
            ),
            (
                datetime(2026, 4, 1, 8),
                datetime(2026, 4, 1, 14),  # 6 h, on time
                datetime(2026, 4, 21, 8),  # 480 h, closed late
                datetime(2026, 4, 2, 8),
                datetime(2026, 4, 15, 8),
                "customer",
                False,
            ),
        ]
        cls.complaints = cls.env["quality.complaint"]
        for received, acked, closed_on, ack_due, close_due, resp, dept in specs:
            complaint = cls.env["quality.complaint"].create(
                {
                    "subject": f"Dashboard {received:%B}",
                    "partner_id": cls.customer.id,
                    "date_received": received,
                    "responsibility": resp,
                    "responsible_department": dept,
                    "responsibility_date": received,
                    "customer_explanation": "<p>Misuse</p>" if resp == "customer" else False,
                    "stage_id": investigating.id,
                    "line_ids": [
                        Command.create({"product_id": cls.product_plain.id, "quantity": 1})
                    ],
                }
            )
            if closed_on:
                complaint.stage_id = closed
            complaint.write({"date_acknowledged": acked, "date_closed": closed_on})
            deadlines = {d.kind: d for d in complaint.deadline_ids}
            deadlines["acknowledge"].write({"date_deadline": ack_due, "date_done": acked})
            deadlines["closure"].write({"date_deadline": close_due, "date_done": closed_on})
            for kind in ("plan", "verification"):
                deadlines[kind].write({"date_deadline": datetime(2025, 1, 1), "date_done": False})
            cls.complaints |= complaint
        # Two deliveries a month in February, March and April.
        cls.delivery.date_done = datetime(2026, 2, 10)
        dates = [
            datetime(2026, 2, 20),
            datetime(2026, 3, 10),
            datetime(2026, 3, 20),
            datetime(2026, 4, 10),
            datetime(2026, 4, 20),
        ]
        for done in dates:
            _order, delivery, _invoice = cls._sell_and_deliver(
                cls.customer, lot_qty={cls.lot_b: 1.0}, plain_qty=1.0
            )
            delivery.date_done = done
        cls.data = cls.env["quality.complaint.dashboard"].get_dashboard_data(
            "2026-01-01", "2026-06-30"
        )

    def test_on_time_rates_count_deadlines_that_fell_due(self):
        kpis = self.data["kpis"]
        self.assertEqual(kpis["count"], 3)
        self.assertEqual(kpis["open"], 1)
        self.assertIsInstance(kpis["count"], int)
        self.assertIsInstance(self.data["trend"][0]["count"], int)
        # Acknowledgement: February and April on time, March late: 2 / 3.
        self.assertEqual(kpis["on_time_acknowledgement_rate"], 66.7)
        # Closure: February on time, March missed, April late: 1 / 3.
        self.assertEqual(kpis["on_time_resolution_rate"], 33.3)
        # No action plan, verification or inspection fell due in the period.
        for key in ("plan", "verification", "inspection"):
            self.assertIsNone(kpis[f"on_time_{key}_rate"], key)

    def _set_every_kind(self):
        """Action plans, verifications and inspections due in the period: plan 1 / 3 on
        time, verification 1 / 1, returned goods inspected 1 / 2."""
        first, second, third = self.complaints
        deadlines = {(d.complaint_id, d.kind): d for d in self.complaints.deadline_ids}
        for complaint, due, done in (
            (first, datetime(2026, 2, 5, 8), datetime(2026, 2, 4, 8)),  # on time
            (second, datetime(2026, 3, 5, 8), datetime(2026, 3, 6, 8)),  # late
            (third, datetime(2026, 4, 6, 8), False),  # missed
        ):
            deadlines[complaint, "plan"].write({"date_deadline": due, "date_done": done})
        deadlines[first, "verification"].write(
            {"date_deadline": datetime(2026, 2, 11, 8), "date_done": datetime(2026, 2, 10, 8)}
        )
        self.env["quality.complaint.deadline"].create(
            [
                {
                    "complaint_id": first.id,
                    "kind": "inspection",
                    "date_start": datetime(2026, 2, 3, 8),
                    "date_deadline": datetime(2026, 2, 12, 8),
                    "date_done": datetime(2026, 2, 9, 8),
                },
                {
                    "complaint_id": third.id,
                    "kind": "inspection",
                    "date_start": datetime(2026, 4, 3, 8),
                    "date_deadline": datetime(2026, 4, 14, 8),
                },
            ]
        )

    def test_on_time_rates_of_every_deadline_kind(self):
        self._set_every_kind()
        Dashboard = self.env["quality.complaint.dashboard"]
        expected = {
            "on_time_acknowledgement_rate": 66.7,
            "on_time_plan_rate": 33.3,
            "on_time_verification_rate": 100.0,
            "on_time_inspection_rate": 50.0,
            "on_time_resolution_rate": 33.3,
        }
        # From the deadlines themselves, then from the stored daily counts.
        for _run in range(2):
            kpis = Dashboard.get_dashboard_data("2026-01-01", "2026-06-30")["kpis"]
            self.assertEqual({key: kpis[key] for key in expected}, expected)
            self.env["quality.complaint.summary"]._cron_refresh()
        self.assertFalse(self.env["quality.complaint.daily"]._changed_keys())
        # A sales rep counts the deadlines of the complaints they can read.
        kpis = Dashboard.with_user(self.sales_rep).get_dashboard_data("2026-01-01", "2026-06-30")[
            "kpis"
        ]
        self.assertEqual(kpis["on_time_inspection_rate"], 50.0)

    def test_an_upgrade_counts_the_deadline_kinds_it_did_not_count(self):
        """Daily counts stored before every kind was counted have acknowledgements and
        closures only: the upgrade counts the deadlines again."""
        self._set_every_kind()
        Daily = self.env["quality.complaint.daily"]
        Daily._rebuild(["deadline"])
        self.env.cr.execute(
            "DELETE FROM quality_complaint_daily WHERE source = 'deadline' "
            "AND figure NOT IN ('acknowledge', 'closure')"
        )
        self.assertTrue(Daily._figures_missing("deadline"))
        Daily.init()
        self.assertFalse(Daily._figures_missing("deadline"))
        self.env.cr.execute(
            "SELECT DISTINCT figure FROM quality_complaint_daily WHERE source = 'deadline'"
        )
        figures = {figure for (figure,) in self.env.cr.fetchall()}
        self.assertTrue({"plan", "verification", "inspection"} <= figures)

    def test_average_and_90th_percentile_times(self):
        kpis = self.data["kpis"]
        self.assertEqual(kpis["avg_hours_to_acknowledge"], 22.0)  # (12 + 48 + 6) / 3
        self.assertEqual(kpis["p90_hours_to_acknowledge"], 40.8)  # 12 + 0.8 * (48 - 12)
        self.assertEqual(kpis["avg_hours_to_close"], 360.0)  # (240 + 480) / 2
        self.assertEqual(kpis["p90_hours_to_close"], 456.0)  # 240 + 0.9 * 240

    def test_pareto_of_causes_with_cumulative_share(self):
        pareto = self.data["pareto"]
        self.assertEqual([p["label"] for p in pareto], ["Production", "Customer"])
        self.assertEqual([p["count"] for p in pareto], [2, 1])
        self.assertEqual([p["cumulative_pct"] for p in pareto], [66.7, 100.0])

    def test_trend_counts_and_product_ranking(self):
        trend = {row["month"]: row["count"] for row in self.data["trend"]}
        self.assertEqual(trend["2026-02-01"], 1)
        self.assertEqual(trend["2026-05-01"], 0)
        self.assertEqual(self.data["by_product"][0]["label"], "Lamp Housing")
        self.assertEqual(self.data["by_product"][0]["count"], 3)
        self.assertEqual(
            self.data["by_department"], [{"id": "production", "label": "Production", "count": 2}]
        )

    def test_control_chart_rate_per_delivery_with_limits(self):
        chart = self.data["control_chart"]
        # 3 complaints over 6 deliveries; months without deliveries are left out.
        self.assertEqual(chart["center"], 0.5)
        self.assertEqual(
            [p["month"] for p in chart["points"]], ["2026-02-01", "2026-03-01", "2026-04-01"]
        )
        point = chart["points"][0]
        self.assertEqual((point["complaints"], point["deliveries"], point["rate"]), (1, 2, 0.5))
        self.assertAlmostEqual(point["ucl"], 0.5 + 3 * (0.25 / 2) ** 0.5, places=5)
        self.assertEqual(point["lcl"], 0.0)

    def test_only_complaint_users_get_the_figures(self):
        employee = new_test_user(self.env, "qc_dash_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["quality.complaint.dashboard"].with_user(employee).get_dashboard_data()
        data = (
            self.env["quality.complaint.dashboard"]
            .with_user(self.manager)
            .get_dashboard_data("2026-01-01", "2026-06-30")
        )
        self.assertEqual(data["kpis"]["count"], 3)

    def test_filters_by_team_and_category(self):
        team = self.env.ref("quality_complaint.quality_complaint_team_quality")
        self.complaints[0].team_id = team
        data = self.env["quality.complaint.dashboard"].get_dashboard_data(
            "2026-01-01", "2026-06-30", team_id=team.id
        )
        self.assertEqual(data["kpis"]["count"], 1)
        self.assertEqual(data["kpis"]["on_time_acknowledgement_rate"], 100.0)

    def _changed_months(self):
        """Months of this year's complaints logged as changed (other tests' committed
        clean-ups may log the current month)."""
        return sorted(
            {
                f"{month:%Y-%m}"
                for _company, _team, _category, month in self.env[
                    "quality.complaint.summary"
                ]._changed_buckets()
                if month.month < 10
            }
        )

    def test_summary_gives_the_figures_of_the_complaints(self):
        Summary = self.env["quality.complaint.summary"]
        Dashboard = self.env["quality.complaint.dashboard"]
        # Creating the complaints logged their months as changed: the figures above were
        # computed from the complaints themselves.
        self.assertEqual(self._changed_months(), ["2026-02", "2026-03", "2026-04"])
        Summary._cron_refresh()
        self.assertFalse(Summary._changed_buckets())
        self.assertEqual(Dashboard.get_dashboard_data("2026-01-01", "2026-06-30"), self.data)
        # A complaint moved to May changes February's bucket and May's: both are read from
        # the complaints until the scheduled action recomputes them.
        self.complaints[0].date_received = datetime(2026, 5, 4, 8)
        self.assertEqual(self._changed_months(), ["2026-02", "2026-05"])
        for _run in range(2):
            trend = {
                row["month"]: row["count"]
                for row in Dashboard.get_dashboard_data("2026-01-01", "2026-06-30")["trend"]
            }
            self.assertEqual((trend["2026-02-01"], trend["2026-05-01"]), (0, 1))
            Summary._cron_refresh()
        self.assertFalse(Summary._changed_buckets())

    def test_a_changed_day_is_counted_alone_the_rest_of_its_month_from_the_summary(self):
        """Between two refreshes only the changed day's complaints are counted from the
        records: the other days of its month come from their summary rows, the unchanged
        months from theirs; the refresh makes the month's rows the sums of its days'."""
        Summary = self.env["quality.complaint.summary"]
        Dashboard = self.env["quality.complaint.dashboard"]
        march = self.complaints[1]
        later = march.copy({"date_received": datetime(2026, 3, 20, 8)})
        # The same bucket (company, team, category) and month, another day.
        bucket = (march.company_id.id, march.team_id.id or None, march.category_id.id or None)
        self.assertEqual(
            (later.company_id.id, later.team_id.id or None, later.category_id.id or None), bucket
        )
        # A day at a time: a month's rows are summed again by each batch that refreshes
        # one of its days.
        Summary._cron_refresh(batch_size=1)
        self.assertFalse(Summary._changed_buckets())
        self.env.cr.execute(
            """SELECT month, dimension, key, count, open_count, total
                 FROM quality_complaint_summary WHERE month = '2026-03-01'
             EXCEPT
               SELECT DATE_TRUNC('month', day)::date, dimension, key, SUM(count),
                      SUM(open_count), SUM(total)
                 FROM quality_complaint_summary_day WHERE day >= '2026-03-01'
                  AND day < '2026-04-01' GROUP BY 1, 2, 3"""
        )
        self.assertFalse(self.env.cr.fetchall())
        full = Dashboard.get_dashboard_data("2026-01-01", "2026-06-30")
        self.assertEqual(full["kpis"]["count"], 4)
        # March 2's complaint archived behind the ORM's back (only a count of the records
        # sees it), then March 20's archived: its day is logged as changed.
        self.env.flush_all()
        self.env.cr.execute("UPDATE quality_complaint SET active = FALSE WHERE id = %s", [march.id])
        self.env.invalidate_all()
        later.active = False
        self.assertEqual(Summary._changed_buckets(), [(*bucket, date(2026, 3, 20))])
        # March 20 counted from the complaints (archived: gone), March 2 from its day's row
        # (still there): 3. The whole of March counted from the complaints would give 2.
        data = Dashboard.get_dashboard_data("2026-01-01", "2026-06-30")
        self.assertEqual(data["kpis"]["count"], 3)
        self.assertEqual(sum(row["count"] for row in data["trend"]), 3)
        # The refresh counts March 20 again and sums March from its days: the same figures.
        Summary._cron_refresh()
        self.assertFalse(Summary._changed_buckets())
        self.assertEqual(Dashboard.get_dashboard_data("2026-01-01", "2026-06-30"), data)
        # Counting March 2 again sees it archived.
        Summary._refresh([(*bucket, date(2026, 3, 2))])
        data = Dashboard.get_dashboard_data("2026-01-01", "2026-06-30")
        self.assertEqual(data["kpis"]["count"], 2)

    def test_summary_run_cut_short_by_its_time_runs_again_as_soon_as_possible(self):
        """A refresh whose time is up stops after a batch and reports what is left, so
        Odoo runs it again right after the other scheduled actions, not 15 minutes later."""
        Summary = self.env["quality.complaint.summary"]
        buckets = len(Summary._changed_buckets())
        self.assertGreaterEqual(buckets, 3)
        cron = self.env.ref("quality_complaint.ir_cron_quality_complaint_summary")
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            env = self.env(
                cr=cr, context={"cron_id": cron.id, "cron_end_time": time.monotonic() - 1}
            )
            job, progress = env["ir.cron"].browse(cron.id)._add_progress()
            env["quality.complaint.summary"].with_context(**job.env.context)._cron_refresh(
                batch_size=1
            )
            self.assertEqual(progress.done, 1)
            self.assertGreater(progress.remaining, 0)
            self.assertEqual(len(env["quality.complaint.summary"]._changed_buckets()), buckets - 1)

    def test_managers_read_the_summary_and_users_the_complaints(self):
        Summary = self.env["quality.complaint.summary"]
        Summary._cron_refresh()
        # Archived behind the ORM's back: only figures read from the complaints see it.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE quality_complaint SET active = FALSE WHERE id = ANY(%s)",
            [self.complaints[:1].ids],
        )
        self.env.invalidate_all()
        team = self.env.ref("quality_complaint.quality_complaint_team_quality")
        for user, expected in ((self.manager, 3), (self.sales_rep, 2)):
            data = (
                self.env["quality.complaint.dashboard"]
                .with_user(user)
                .get_dashboard_data("2026-01-01", "2026-06-30")
            )
            self.assertEqual(data["kpis"]["count"], expected, user.name)
        # A period that does not start on the first of a month reads its first month from
        # the complaints.
        data = self.env["quality.complaint.dashboard"].get_dashboard_data(
            "2026-02-02", "2026-06-30", team_id=False
        )
        self.assertEqual(data["kpis"]["count"], 2)
        self.assertTrue(team)

    def test_the_month_a_period_ends_in_is_read_from_the_summary_if_nothing_came_later(self):
        """A period ending today reads the current month from the summary: no complaint
        of that month was received after the period's end. When one was, the month is
        counted from the complaints."""
        Summary = self.env["quality.complaint.summary"]
        Dashboard = self.env["quality.complaint.dashboard"]
        Summary._cron_refresh()
        # April's complaint archived behind the ORM's back: only figures counted from the
        # complaints see it.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE quality_complaint SET active = FALSE WHERE id = %s", [self.complaints[2].id]
        )
        self.env.invalidate_all()
        first, last = Dashboard._whole_months(datetime(2026, 1, 1), datetime(2026, 4, 16))
        self.assertEqual((first, last), (datetime(2026, 1, 1), datetime(2026, 5, 1)))
        data = Dashboard.get_dashboard_data("2026-01-01", "2026-04-15")
        self.assertEqual(data["kpis"]["count"], 3)
        # A complaint of another category received on April 20: April is counted from the
        # complaints, without the archived one.
        other = self.env["quality.complaint.category"].search(
            [("id", "!=", self.complaints[2].category_id.id)], limit=1
        )
        self.env["quality.complaint"].create(
            {
                "subject": "After the period",
                "partner_id": self.customer.id,
                "date_received": datetime(2026, 4, 20, 8),
                "category_id": other.id,
            }
        )
        first, last = Dashboard._whole_months(datetime(2026, 1, 1), datetime(2026, 4, 16))
        self.assertEqual(last, datetime(2026, 4, 1))
        data = Dashboard.get_dashboard_data("2026-01-01", "2026-04-15")
        self.assertEqual(data["kpis"]["count"], 2)

    def test_parallel_workers_only_for_figures_counted_from_the_complaints(self):
        """Read from the summaries, the dashboard's queries are small: no parallel workers
        for them. A user whose figures are counted from the complaints keeps them."""
        self.env.cr.execute("SET LOCAL max_parallel_workers_per_gather = 2")
        default = "2"
        Dashboard = self.env["quality.complaint.dashboard"]
        for user, expected in ((self.sales_rep, default), (self.manager, "0")):
            Dashboard.with_user(user).get_dashboard_data("2026-01-01", "2026-06-30")
            self.env.cr.execute("SHOW max_parallel_workers_per_gather")
            self.assertEqual(self.env.cr.fetchone()[0], expected, user.name)

    def test_daily_counts_follow_deliveries_and_deadlines(self):
        Summary = self.env["quality.complaint.summary"]
        Dashboard = self.env["quality.complaint.dashboard"]
        Summary._cron_refresh()
        self.assertFalse(self.env["quality.complaint.daily"]._changed_keys())
        # A February delivery re-dated in May: both days are counted from the pickings until
        # the scheduled action has counted them again.
        self.delivery.date_done = datetime(2026, 5, 5, 10)
        changed = {day for _s, _c, day in self.env["quality.complaint.daily"]._changed_keys()}
        self.assertTrue({date(2026, 2, 10), date(2026, 5, 5)} <= changed)
        # February's acknowledgement deadline now met late.
        ack = self.complaints[0].deadline_ids.filtered(lambda d: d.kind == "acknowledge")
        ack.date_done = datetime(2026, 2, 4, 8)
        for _run in range(2):
            data = Dashboard.get_dashboard_data("2026-01-01", "2026-06-30")
            points = {p["month"]: p["deliveries"] for p in data["control_chart"]["points"]}
            self.assertEqual((points["2026-02-01"], points["2026-05-01"]), (1, 1))
            self.assertEqual(data["kpis"]["on_time_acknowledgement_rate"], 33.3)
            Summary._cron_refresh()
        self.assertFalse(self.env["quality.complaint.daily"]._changed_keys())

    def _delivery_counts(self, day):
        """{day: [deliveries]} of the day, as the dashboard counts it (stored counts for
        the days that did not change, the pickings for the others)."""
        start = datetime.combine(day, datetime.min.time())
        counts = self.env["quality.complaint.daily"]._counts(
            "delivery", start, start + timedelta(days=1), use_summary=True
        )
        return counts.get(("delivery", None), [0, 0])[0]

    def test_a_validated_delivery_is_counted_without_a_query_of_its_own(self):
        """Validating a delivery logs nothing: the dashboard counts the days of the
        pickings written since the last count from the pickings, and the scheduled action
        counts them again."""
        Summary = self.env["quality.complaint.summary"]
        Summary._cron_refresh()
        # As if the scheduled action had run before this transaction began.
        self.env.cr.execute(
            "UPDATE quality_complaint_daily_watermark SET counted_until = %s "
            "WHERE source = 'delivery'",
            [self.env.cr.now()],
        )
        today = fields.Datetime.now().date()
        before = self._delivery_counts(today)
        self.env.cr.execute("SELECT COUNT(*) FROM quality_complaint_daily_change")
        logged = self.env.cr.fetchone()[0]
        _order, delivery, _invoice = self._sell_and_deliver(self.customer)
        self.assertEqual(delivery.state, "done")
        day = delivery.date_done.date()
        self.env.flush_all()
        self.env.cr.execute("SELECT COUNT(*) FROM quality_complaint_daily_change")
        self.assertEqual(self.env.cr.fetchone()[0], logged)
        self.assertEqual(self._delivery_counts(day), before + (day == today))
        # The scheduled action logs the day and counts it: the stored count has it.
        Summary._cron_refresh()
        self.assertFalse(self.env["quality.complaint.daily"]._changed_keys())
        self.env.cr.execute(
            "SELECT count FROM quality_complaint_daily WHERE source = 'delivery' AND day = %s",
            [day],
        )
        stored = self.env.cr.fetchone()[0]
        self.env.cr.execute(
            """SELECT COUNT(*) FROM stock_picking p JOIN stock_picking_type t
                   ON t.id = p.picking_type_id
                WHERE t.code = 'outgoing' AND p.state = 'done' AND p.date_done::date = %s""",
            [day],
        )
        self.assertEqual(stored, self.env.cr.fetchone()[0])
        self.assertEqual(self._delivery_counts(day), stored)

    def test_the_watermark_waits_for_the_transactions_still_running(self):
        """What a transaction still running writes has the write date of its start: the
        count moves its watermark no further than that start, so it is counted next time."""
        Daily = self.env["quality.complaint.daily"]
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as other:
            other.execute("SELECT now() AT TIME ZONE 'UTC'")
            started = other.fetchone()[0]
            Daily._log_written()
            self.env.cr.execute(
                "SELECT counted_until FROM quality_complaint_daily_watermark "
                "WHERE source = 'delivery'"
            )
            self.assertLessEqual(self.env.cr.fetchone()[0], started)

    def test_a_done_delivery_re_dated_logs_the_day_it_leaves(self):
        """Re-dating a delivery already done logs both days, and changing something else
        of it logs nothing."""
        Daily = self.env["quality.complaint.daily"]
        self.env["quality.complaint.summary"]._cron_refresh()
        self.delivery.note = "<p>Left at the gate</p>"
        self.env.flush_all()
        self.assertFalse(Daily._changed_keys())
        self.delivery.date_done = datetime(2026, 5, 5, 10)
        days = {day for _source, _company, day in Daily._changed_keys()}
        self.assertEqual(days, {date(2026, 2, 10), date(2026, 5, 5)})

    def test_on_time_rates_follow_the_complaints_team_and_archiving(self):
        """The deadlines are counted with their complaint's team and leave the rates with
        it when it is archived, before and after the scheduled action counted them again."""
        Summary = self.env["quality.complaint.summary"]
        Dashboard = self.env["quality.complaint.dashboard"]
        Summary._cron_refresh()
        key_accounts = self.env["quality.complaint.team"].create({"name": "Key accounts"})
        # March's complaint (acknowledged late) to another team, April's archived.
        self.complaints[1].team_id = key_accounts
        self.complaints[2].active = False
        self.assertEqual(self.complaints[1].deadline_ids.team_id, key_accounts)
        for _run in range(2):
            kpis = Dashboard.get_dashboard_data("2026-01-01", "2026-06-30")["kpis"]
            # February on time, March late; April's no more.
            self.assertEqual(kpis["on_time_acknowledgement_rate"], 50.0)
            kpis = Dashboard.get_dashboard_data(
                "2026-01-01", "2026-06-30", team_id=key_accounts.id
            )["kpis"]
            self.assertEqual(kpis["on_time_acknowledgement_rate"], 0.0)
            Summary._cron_refresh()
        self.assertFalse(self.env["quality.complaint.daily"]._changed_keys())

    def test_managers_read_the_daily_counts(self):
        self.env["quality.complaint.summary"]._cron_refresh()
        # Re-dated behind the ORM's back: only counts read from the pickings see it.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_picking SET date_done = '2026-05-05 10:00' WHERE id = %s",
            [self.delivery.id],
        )
        self.env.invalidate_all()
        for user, february in ((self.manager, 2), (self.sales_rep, 1)):
            chart = (
                self.env["quality.complaint.dashboard"]
                .with_user(user)
                .get_dashboard_data("2026-01-01", "2026-06-30")["control_chart"]
            )
            points = {p["month"]: p["deliveries"] for p in chart["points"]}
            self.assertEqual(points["2026-02-01"], february, user.name)

    def test_percentile_interpolates_the_hourly_histogram(self):
        Dashboard = self.env["quality.complaint.dashboard"]
        histogram = [(6, 1, 6.0), (12, 2, 24.0), (48, 1, 48.0)]
        self.assertEqual(Dashboard._percentile(histogram, 4, 0.9), 12 + 0.7 * 36)
        self.assertEqual(Dashboard._percentile(histogram, 4, 0.5), 12)
        self.assertEqual(Dashboard._percentile([(5, 1, 5.0)], 1, 0.9), 5)


@tagged("post_install", "-at_install")
class TestTopCustomers(ComplaintCase):
    """The top customers: exact whichever way they are found."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Top customer {i}", "is_company": True} for i in range(14)]
        )
        # Customer i: i + 1 complaints in March, and 20 - i in 2025 (outside the period):
        # the totals of all time rank them the other way round.
        vals = []
        for i, customer in enumerate(cls.customers):
            for day in range(i + 1):
                vals.append((customer, datetime(2026, 3, 1 + day, 9)))
            for day in range(20 - i):
                vals.append((customer, datetime(2025, 3, 1 + day, 9)))
        cls.env["quality.complaint"].create(
            [
                {"subject": "Top", "partner_id": customer.id, "date_received": received}
                for customer, received in vals
            ]
        )
        cls.Dashboard = cls.env["quality.complaint.dashboard"]
        cls.domain = cls.Dashboard._complaint_domain(datetime(2026, 3, 1), datetime(2026, 4, 1))

    def _top(self):
        return [(row["label"], row["count"]) for row in self.Dashboard._top_customers(self.domain)]

    def test_top_ten_of_the_period(self):
        expected = [(f"Top customer {i}", i + 1) for i in range(13, 3, -1)]
        self.assertEqual(self._top(), expected)
        Totals = self.env["quality.complaint.customer.total"]
        self.assertTrue(set(self.customers.ids) <= set(Totals._pending()))
        self.env["quality.complaint.summary"]._cron_refresh()
        self.assertFalse(Totals._pending())
        totals = dict(Totals._largest(limit=1000))
        self.assertEqual(totals[self.customers[0].id], 21)
        self.assertEqual(self._top(), expected)
        # Every customer had to be counted (the totals rank them the wrong way round);
        # above the limit of candidates, all customers are counted in one query.
        self.patch(type(self.Dashboard), "MAX_TOP_CANDIDATES", 5)
        self.assertIsNone(self.Dashboard._top_customer_counts(self.domain, 10))
        self.assertEqual(self._top(), expected)

    def test_totals_alike_fall_back_after_the_first_page(self):
        self.env["quality.complaint.summary"]._cron_refresh()
        Dashboard = type(self.Dashboard)
        self.patch(Dashboard, "TOP_PAGE", 2)
        self.patch(Dashboard, "MAX_TOP_CANDIDATES", 6)
        calls = []
        customer_counts = Dashboard._customer_counts

        def counting(dashboard, domain, partner_ids=None, **kwargs):
            calls.append(partner_ids)
            return customer_counts(dashboard, domain, partner_ids, **kwargs)

        self.patch(Dashboard, "_customer_counts", counting)
        # After the first page of 2, 12 more customers could reach the tenth place: more than
        # the 4 candidates left, so no second page is counted.
        self.assertIsNone(self.Dashboard._top_customer_counts(self.domain, 10))
        self.assertEqual(len(calls), 1)
        calls.clear()
        expected = [(f"Top customer {i}", i + 1) for i in range(13, 3, -1)]
        self.assertEqual(self._top(), expected)

    def test_counted_customers_stop_at_the_bound(self):
        self.env["quality.complaint.summary"]._cron_refresh()
        # A key account: 30 complaints in March, after the totals were counted.
        key = self.env["res.partner"].create({"name": "Key account", "is_company": True})
        self.env["quality.complaint"].create(
            [
                {"subject": "Key", "partner_id": key.id, "date_received": datetime(2026, 3, 2)}
                for _i in range(30)
            ]
        )
        self.assertEqual(self._top()[0], ("Key account", 30))
        self.env["quality.complaint.summary"]._cron_refresh()
        # The first customer: once the key account is counted, no other total reaches 30.
        self.patch(type(self.Dashboard), "TOP_PAGE", 1)
        counted = self.Dashboard._top_customer_counts(self.domain, 1)
        self.assertEqual(counted, {key.id: 30})
        self.assertEqual(self._top()[0], ("Key account", 30))

    def test_moving_a_contact_logs_both_customers(self):
        self.env["quality.complaint.summary"]._cron_refresh()
        Totals = self.env["quality.complaint.customer.total"]
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.customers[0].id}
        )
        self.env["quality.complaint"].create({"subject": "Buyer", "partner_id": contact.id})
        self.env["quality.complaint.summary"]._cron_refresh()
        contact.parent_id = self.customers[1]
        self.assertEqual(set(Totals._pending()), {self.customers[0].id, self.customers[1].id})


@tagged("post_install", "-at_install")
class TestRunRules(ComplaintCase):
    def _flags(self, values, center=0.5, upper=1.0, lower=0.0):
        n = len(values)
        return run_rules(values, center, [upper] * n, [lower] * n)

    def test_seven_points_on_one_side(self):
        flags = self._flags([0.6] * 7)
        self.assertTrue(all("side" in f for f in flags))
        self.assertFalse(any("side" in f for f in self._flags([0.6] * 6 + [0.4])))

    def test_seven_points_rising_or_falling(self):
        rising = [0.1, 0.2, 0.3, 0.45, 0.55, 0.6, 0.7]
        self.assertTrue(all("trend" in f for f in self._flags(rising)))
        self.assertTrue(all("trend" in f for f in self._flags(rising[::-1])))
        self.assertFalse(any("trend" in f for f in self._flags([*rising[:6], 0.55])))

    def test_two_of_three_near_a_control_limit(self):
        flags = self._flags([0.5, 0.9, 0.2, 0.9])
        self.assertEqual(flags[1], {"zone"})
        self.assertEqual(flags[3], {"zone"})
        self.assertFalse(flags[2])
        self.assertFalse(any("zone" in f for f in self._flags([0.9, 0.5, 0.5, 0.9])))

    def test_outside_the_limits_and_a_stable_series(self):
        self.assertIn("limit", self._flags([0.5, 1.2])[1])
        stable = [0.4, 0.6, 0.4, 0.6, 0.4, 0.6, 0.4, 0.6]
        self.assertEqual(self._flags(stable), [set()] * len(stable))
