# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Complaints per customer, all time, behind the dashboard's top customers.

A manufacturer may have as many customers as complaints, so the top customers of a period
cannot come from a summary per customer and month (it would be as large as the
complaints). Instead each customer's number of complaints of all time, whatever the
company, team or category, bounds the number it can have in any period: the dashboard
counts the period's complaints of the customers with the most complaints of all time
first, and stops as soon as no customer left can reach the tenth place. With the usual
concentration of complaints on a few key accounts, that is a few dozen customers whatever
the number of complaints. Changes append the customer to a log: until the scheduled action
has counted them again, the customers of the log are counted as candidates too, so the
bound always holds.
"""

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import table_exists

from .quality_complaint_daily import write_marking
from .quality_complaint_summary import refresh_in_batches


class QualityComplaintCustomerChange(models.Model):
    """Append-only log of the customers whose total may have changed."""

    _name = "quality.complaint.customer.change"
    _description = "Customer of a Changed Complaint"
    _log_access = False

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")


class QualityComplaintCustomerTotal(models.Model):
    _name = "quality.complaint.customer.total"
    _description = "Complaints per Customer"
    _log_access = False

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    count = fields.Integer()

    _count_idx = models.Index("(count DESC, partner_id)")

    @api.model
    def _mark(self, partner_ids):
        """Log these customers (commercial partners) as changed."""
        partner_ids = [pid for pid in set(partner_ids) if pid]
        if partner_ids:
            self.env.cr.execute(
                """INSERT INTO quality_complaint_customer_change (partner_id)
                   SELECT UNNEST(%s::int[])""",
                [partner_ids],
            )

    @api.model
    def _pending(self):
        """The customers logged as changed since they were counted."""
        self.env.cr.execute("SELECT DISTINCT partner_id FROM quality_complaint_customer_change")
        return [pid for (pid,) in self.env.cr.fetchall()]

    @api.model
    def _largest(self, after=None, limit=200):
        """[(customer, total)] by decreasing total then customer, after ``after``
        (a (customer, total) pair of the previous page)."""
        if after:
            partner_id, total = after
            self.env.cr.execute(
                """SELECT partner_id, count FROM quality_complaint_customer_total
                    WHERE count < %s OR (count = %s AND partner_id > %s)
                 ORDER BY count DESC, partner_id LIMIT %s""",
                [total, total, partner_id, limit],
            )
        else:
            self.env.cr.execute(
                """SELECT partner_id, count FROM quality_complaint_customer_total
                 ORDER BY count DESC, partner_id LIMIT %s""",
                [limit],
            )
        return self.env.cr.fetchall()

    @api.model
    def _count_reaching(self, after, threshold, limit):
        """How many customers after ``after`` (as in ``_largest``) have a total of at least
        ``threshold``, counted up to ``limit``."""
        partner_id, total = after
        self.env.cr.execute(
            """SELECT COUNT(*) FROM (
                   SELECT 1 FROM quality_complaint_customer_total
                    WHERE (count < %s OR (count = %s AND partner_id > %s)) AND count >= %s
                    LIMIT %s) t""",
            [total, total, partner_id, threshold, limit],
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _refresh(self, partner_ids):
        if not partner_ids:
            return 0
        self.env["quality.complaint"].flush_model(["commercial_partner_id"])
        cr = self.env.cr
        # Only the change rows this transaction sees are consumed.
        for table in ("quality_complaint_customer_change", "quality_complaint_customer_total"):
            cr.execute(
                SQL("DELETE FROM %s WHERE partner_id = ANY(%s)", SQL.identifier(table), partner_ids)
            )
        cr.execute(
            """INSERT INTO quality_complaint_customer_total (partner_id, count)
               SELECT commercial_partner_id, COUNT(*) FROM quality_complaint
                WHERE commercial_partner_id = ANY(%s)
             GROUP BY commercial_partner_id""",
            [partner_ids],
        )
        self.invalidate_model()
        return len(partner_ids)

    @api.model
    def _cron_refresh(self, batch_size=1000):
        done, _finished = refresh_in_batches(
            self.env, lambda: self._pending()[:batch_size], self._refresh
        )
        return done

    @api.model
    def _rebuild(self):
        """Count every customer again (after an install or a bulk import done in SQL)."""
        self.env["quality.complaint"].flush_model(["commercial_partner_id"])
        cr = self.env.cr
        cr.execute("DELETE FROM quality_complaint_customer_change")
        cr.execute("DELETE FROM quality_complaint_customer_total")
        cr.execute(
            """INSERT INTO quality_complaint_customer_total (partner_id, count)
               SELECT commercial_partner_id, COUNT(*) FROM quality_complaint
                WHERE commercial_partner_id IS NOT NULL
             GROUP BY commercial_partner_id"""
        )
        self.invalidate_model()

    def init(self):
        if not table_exists(self.env.cr, "quality_complaint") or not table_exists(
            self.env.cr, "quality_complaint_customer_change"
        ):
            return
        self.env.cr.execute("SELECT 1 FROM quality_complaint_customer_total LIMIT 1")
        if not self.env.cr.rowcount:
            self._rebuild()


# ------------------------------------------------ hooks keeping the totals current
class QualityComplaint(models.Model):
    """Hook of the customer totals: complaint changes log their customers as changed."""

    _inherit = "quality.complaint"

    # The top customers count the period's complaints of a few customers: an index-only scan.
    _customer_date_idx = models.Index(
        "(commercial_partner_id, date_received) INCLUDE (company_id, active, team_id, category_id)"
    )

    def _mark_customers(self):
        self.flush_recordset(["commercial_partner_id"])
        self.env["quality.complaint.customer.total"]._mark(self.commercial_partner_id.ids)

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._mark_customers()
        return complaints

    def write(self, vals):
        tracked = {"partner_id", "commercial_partner_id"}
        return write_marking(vals, tracked, self._mark_customers, super().write)

    def unlink(self):
        self._mark_customers()
        return super().unlink()


class ResPartner(models.Model):
    """Hook of the customer totals: a contact moved to another company moves its
    complaints' customer."""

    _inherit = "res.partner"

    def write(self, vals):
        # Moving a contact to another company moves its complaints to that customer.
        Totals = self.env["quality.complaint.customer.total"]
        return write_marking(
            vals,
            {"parent_id", "is_company"},
            lambda: Totals._mark(self.commercial_partner_id.ids),
            super().write,
        )


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Hook of the customer totals: merged partners' complaints change customer."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # The merge moves the complaints in SQL, behind the complaints' write().
        res = super()._update_foreign_keys(src_partners, dst_partner)
        self.env["quality.complaint.customer.total"]._mark(
            [*(src_partners | dst_partner).commercial_partner_id.ids, dst_partner.id]
        )
        return res
