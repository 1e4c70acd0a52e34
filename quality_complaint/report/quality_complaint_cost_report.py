# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.quality_complaint import KINDS

COST_TYPES = [
    ("refund", "Refund"),
    ("compensation", "Compensation"),
    ("replacement", "Replacement"),
    ("return_freight", "Freight of a return"),
    ("redelivery_freight", "Freight of a re-delivery"),
    ("scrap", "Scrap"),
    ("rework", "Rework"),
    ("other", "Other"),
    ("recovery", "Recovery"),
]
# The columns of every source of ``_cost_sources``, in this order, and their SQL types: the
# one column list, which ``_cost_source`` fills (NULL where a source has no value).
SOURCE_COLUMNS = {
    "id": "integer",
    "date": "date",
    "complaint_id": "integer",
    "product_id": "integer",
    "cost_type": "varchar",
    "done": "boolean",
    "value": "numeric",
    "quantity": "numeric",
    "liable_partner_id": "integer",
    "party_type": "varchar",
    "document_model": "varchar",
    "document_id": "integer",
    "document_name": "varchar",
}
# Row ids are the source row's id * ID_FACTOR + the source's index: unique across sources.
ID_FACTOR = 16


class QualityComplaintCostReport(models.Model):
    """The cost of complaints, one definition (SPEC §7) read by the complaint form, the
    Cost of Poor Quality ledger (SPEC §8) and the dashboard: posted refunds and
    compensation, the value of replacements, the freight of returns and re-deliveries
    (carriers' bills, cost lines), the value of scrapped goods, rework and other cost lines,
    less what posted vendor credit notes recovered from liable suppliers and carriers; in
    company currency, without taxes. Drafts (credit notes, bills, deliveries not yet done)
    are pending, never cost.

    Each row is one line of one document (a credit note line, a stock move, a cost line...),
    rolled up by the complaint's customer, the complained product, the defect code, the
    liable supplier or carrier and the month."""

    _name = "quality.complaint.cost.report"
    _description = "Cost of Complaints"
    _auto = False
    _order = "date desc"
    _rec_name = "complaint_id"
    # Flushed before the view is read: the cost is right after any change of a document.
    _depends = {
        "account.move": [
            "commercial_partner_id",
            "complaint_freight_kind",
            "complaint_remedy",
            "date",
            "freight_complaint_id",
            "invoice_date",
            "move_type",
            "name",
            "recovery_complaint_id",
            "recovery_liability_id",
            "ref",
            "remedy_complaint_id",
            "state",
        ],
        "account.move.line": ["balance", "display_type", "move_id", "product_id", "quantity"],
        "product.product": ["standard_price"],
        "quality.complaint": [
            "category_id",
            "commercial_partner_id",
            "company_id",
            "kind",
            "responsibility",
            "responsible_partner_id",
            "team_id",
        ],
        "quality.complaint.cost.line": ["amount", "complaint_id", "date", "kind", "name"],
        "quality.complaint.line": ["complaint_id", "defect_id", "product_id", "sequence"],
        "quality.complaint.liability": [
            "complaint_id",
            "partner_id",
            "party_type",
            "percentage",
            "sequence",
        ],
        "res.company": ["currency_id"],
        "stock.move": [
            "company_id",
            "date",
            "picking_id",
            "product_id",
            "product_qty",
            "scrap_id",
            "state",
            "value",
        ],
        "stock.picking": ["complaint_remedy", "name", "remedy_complaint_id"],
        "stock.scrap": ["complaint_id", "name"],
    }

    date = fields.Date(readonly=True)
    complaint_id = fields.Many2one("quality.complaint", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("quality.complaint.category", readonly=True)
    team_id = fields.Many2one("quality.complaint.team", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    product_id = fields.Many2one(
        "product.product",
        string="Document Product",
        readonly=True,
        help="The product of the document's line: the refunded or replaced goods, the "
        "compensation or freight service.",
    )
    complaint_product_id = fields.Many2one(
        "product.product",
        string="Complained Product",
        readonly=True,
        help="The complained product the cost is for: the document's product when the "
        "complaint names it, otherwise the complaint's first product.",
    )
    defect_id = fields.Many2one(
        "quality.complaint.defect",
        string="Defect Code",
        readonly=True,
        help="The defect code of the complaint line of the complained product, otherwise the "
        "complaint's first defect code.",
    )
    cost_type = fields.Selection(COST_TYPES, readonly=True)
    liable_partner_id = fields.Many2one(
        "res.partner",
        string="Supplier / Carrier",
        readonly=True,
        help="Recoveries: the supplier or carrier they were recovered from. Costs: the "
        "complaint's liable supplier or carrier (the largest share of its liability split, "
        "otherwise the liable party of its responsibility decision).",
    )
    party_type = fields.Selection(
        [("supplier", "Supplier"), ("carrier", "Carrier")], string="Liable Party", readonly=True
    )
    document_state = fields.Selection(
        [("draft", "Draft"), ("done", "Posted / done")], readonly=True
    )
    document_model = fields.Char(readonly=True)
    document_id = fields.Integer(string="Document ID", readonly=True)
    document_name = fields.Char(
        string="Document",
        readonly=True,
        help="The document the cost comes from: the credit note, the vendor bill, the "
        "delivery, the scrap order, the repair order; the cost line's description for "
        "costs recorded on the complaint.",
    )
    amount = fields.Monetary(string="Cost", readonly=True, help="Posted or done costs.")
    amount_pending = fields.Monetary(
        string="Pending (drafts)",
        readonly=True,
        help="Costs of draft documents: not cost yet.",
    )
    amount_recovered = fields.Monetary(
        string="Recovered", readonly=True, help="Posted vendor credit notes."
    )
    amount_recovery_pending = fields.Monetary(
        string="Recovery Pending", readonly=True, help="Draft vendor credit notes."
    )
    amount_net = fields.Monetary(string="Net Cost", readonly=True)
    recovered_share = fields.Float(
        string="Recovered Share (%)",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        help="What was recovered in % of the cost: the recovered amounts summed over the "
        "cost summed, for any grouping (never an average of the lines' shares).",
    )
    quantity = fields.Float(readonly=True)

    @property
    def _table_query(self):
        """Each source's rows, with the rule applied once for all: done rows count (cost or
        recovered), draft rows are pending; then their complaint's dimensions."""
        sources = self._cost_sources()
        if len(sources) > ID_FACTOR:
            raise ValueError(f"At most {ID_FACTOR} cost sources: the row ids would collide.")
        columns = SQL(", ").join(SQL.identifier("src", name) for name in SOURCE_COLUMNS)
        union = SQL(" UNION ALL ").join(
            SQL("SELECT %s AS source, %s FROM (%s) src", index, columns, source)
            for index, source in enumerate(sources)
        )
        line = self._cost_complaint_line_sql
        liability = self._cost_liability_sql
        return SQL(
            """
            SELECT cost.id * %(factor)s + cost.source AS id,
                   cost.date,
                   cost.complaint_id,
                   c.company_id,
                   company.currency_id,
                   c.commercial_partner_id AS partner_id,
                   c.category_id,
                   c.team_id,
                   c.kind,
                   cost.product_id,
                   %(line_product)s AS complaint_product_id,
                   %(line_defect)s AS defect_id,
                   cost.cost_type,
                   CASE WHEN cost.done THEN 'done' ELSE 'draft' END AS document_state,
                   CASE WHEN cost.done AND cost.cost_type <> 'recovery'
                        THEN cost.value ELSE 0.0 END AS amount,
                   CASE WHEN NOT cost.done AND cost.cost_type <> 'recovery'
                        THEN cost.value ELSE 0.0 END AS amount_pending,
                   CASE WHEN cost.done AND cost.cost_type = 'recovery'
                        THEN cost.value ELSE 0.0 END AS amount_recovered,
                   CASE WHEN NOT cost.done AND cost.cost_type = 'recovery'
                        THEN cost.value ELSE 0.0 END AS amount_recovery_pending,
                   CASE WHEN NOT cost.done THEN 0.0
                        WHEN cost.cost_type = 'recovery' THEN -cost.value
                        ELSE cost.value END AS amount_net,
                   CASE WHEN cost.done AND cost.cost_type <> 'recovery' AND cost.value <> 0
                        THEN 0.0 END AS recovered_share,
                   cost.quantity,
                   CASE WHEN cost.liable_partner_id IS NOT NULL THEN cost.liable_partner_id
                        ELSE COALESCE(%(liable_partner)s,
                                      CASE WHEN c.responsibility IN ('supplier', 'carrier')
                                           THEN c.responsible_partner_id END) END
                        AS liable_partner_id,
                   CASE WHEN cost.liable_partner_id IS NOT NULL THEN cost.party_type
                        ELSE COALESCE(%(liable_type)s,
                                      CASE WHEN c.responsibility IN ('supplier', 'carrier')
                                            AND c.responsible_partner_id IS NOT NULL
                                           THEN c.responsibility END) END AS party_type,
                   cost.document_model,
                   cost.document_id,
                   cost.document_name
              FROM (%(union)s) cost
              JOIN quality_complaint c ON c.id = cost.complaint_id
              JOIN res_company company ON company.id = c.company_id
            """,
            factor=ID_FACTOR,
            union=union,
            line_product=line("product_id"),
            line_defect=line("defect_id"),
            liable_partner=liability("partner_id"),
            liable_type=liability("party_type"),
        )

    def _cost_complaint_line_sql(self, column):
        """``column`` of the complaint line a cost row is attributed to: the line of the
        row's product (one with a defect code first), otherwise the complaint's first line
        with a defect code, otherwise its first line. A scalar subquery: PostgreSQL skips it
        when a query of the report does not read the column (the complaint's own cost)."""
        return SQL(
            """(SELECT line.%s
                  FROM quality_complaint_line line
                 WHERE line.complaint_id = cost.complaint_id
                 ORDER BY (line.product_id = cost.product_id) IS TRUE DESC,
                          line.defect_id IS NULL, line.sequence, line.id
                 LIMIT 1)""",
            SQL.identifier(column),
        )

    def _cost_liability_sql(self, column):
        """``column`` of the complaint's liability share of a supplier or carrier that a
        cost row is attributed to: the largest one."""
        return SQL(
            """(SELECT share.%s
                  FROM quality_complaint_liability share
                 WHERE share.complaint_id = cost.complaint_id
                   AND share.party_type IN ('supplier', 'carrier')
                   AND share.partner_id IS NOT NULL
                 ORDER BY share.percentage DESC, share.sequence, share.id
                 LIMIT 1)""",
            SQL.identifier(column),
        )

    def _read_group_select(self, aggregate_spec, query):
        """The recovered share of a group is its recovered amount over its cost, both
        summed, whatever aggregate is asked: the pivot's totals and every grouping are
        right, never an average of the lines' shares. Both sums are converted to the current
        company's currency at today's rate (Odoo's ``sum_currency``), so that a group of
        several companies' currencies is right too; in one currency the rate cancels out."""
        if aggregate_spec.split(":")[0] == "recovered_share":
            recovered = super()._read_group_select("amount_recovered:sum_currency", query)
            cost = super()._read_group_select("amount:sum_currency", query)
            return SQL("100.0 * %s / NULLIF(%s, 0.0)", recovered, cost)
        return super()._read_group_select(aggregate_spec, query)

    def action_open_document(self):
        """Open the document the cost row is derived from (with the user's own rights)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.document_model,
            "res_id": self.document_id,
            "views": [(False, "form")],
            "target": "current",
        }

    def _cost_sources(self):
        """The SQL queries of the cost's sources, one per kind of document, each made by
        ``_cost_source``.

        Each gives: ``id`` unique within the source, ``complaint_id``, ``cost_type`` (a key
        of ``COST_TYPES``; ``recovery`` lowers the cost), ``done`` (posted or done: counts;
        otherwise pending), ``value`` (positive, company currency, without taxes), and the
        document (``document_model``, ``document_id``, ``document_name``). An extension (a
        repair bridge) appends its source to the list; the position in the list is part of
        the row ids, so sources are only ever appended. Keep each source filtered on an
        indexed complaint link (``IS NOT NULL``, partial index), the dashboard reads them at
        a million complaints.
        """
        return [
            self._cost_source_credit_notes(),
            self._cost_source_replacements(),
            self._cost_source_recoveries(),
            self._cost_source_freight_bills(),
            self._cost_source_scraps(),
            self._cost_source_cost_lines(),
        ]

    def _cost_source(self, from_clause, **values):
        """One source's query: every column of ``SOURCE_COLUMNS``, in its order and type,
        from ``values`` ({column: SQL expression or constant}), NULL where not given, then
        ``from_clause`` (FROM, JOIN and WHERE)."""
        unknown = set(values) - set(SOURCE_COLUMNS)
        if unknown:
            raise ValueError(f"Unknown cost source columns: {sorted(unknown)}")
        columns = SQL(", ").join(
            SQL("CAST(%s AS %s) AS %s", values.get(name), SQL(sql_type), SQL.identifier(name))
            for name, sql_type in SOURCE_COLUMNS.items()
        )
        return SQL("SELECT %s %s", columns, from_clause)

    def _move_line_values(self, complaint_column):
        """The columns of a source reading the product lines of journal entries: the line,
        its date, its entry as the document."""
        return {
            "id": SQL("aml.id"),
            "date": SQL("COALESCE(am.invoice_date, am.date)"),
            "complaint_id": SQL.identifier("am", complaint_column),
            "done": SQL("am.state = 'posted'"),
            "document_model": "account.move",
            "document_id": SQL("am.id"),
            "document_name": SQL("COALESCE(NULLIF(am.name, '/'), am.ref)"),
        }

    def _stock_move_values(self):
        """The columns of a source reading stock moves: the move, its date, its value and
        quantity."""
        return {
            "id": SQL("sm.id"),
            "date": SQL("sm.date::date"),
            "product_id": SQL("sm.product_id"),
            "done": SQL("sm.state = 'done'"),
            "value": self._stock_move_value(),
            "quantity": SQL("sm.product_qty"),
        }

    def _stock_move_value(self):
        """The cost of a stock move: its stock valuation once done and valued, otherwise
        (not valued, not done yet) the product's cost price times the quantity."""
        return SQL(
            """CASE WHEN sm.state = 'done' AND sm.value <> 0 THEN ABS(sm.value)
                    ELSE COALESCE((pp.standard_price ->> sm.company_id::text)::numeric, 0.0)
                         * sm.product_qty END"""
        )

    def _cost_source_credit_notes(self):
        """Refunds and compensation: the product lines of the complaint's credit notes."""
        return self._cost_source(
            SQL(
                """FROM account_move am
                   JOIN account_move_line aml ON aml.move_id = am.id
                  WHERE am.remedy_complaint_id IS NOT NULL
                    AND am.state <> 'cancel'
                    AND aml.display_type = 'product'"""
            ),
            **self._move_line_values("remedy_complaint_id"),
            product_id=SQL("aml.product_id"),
            cost_type=SQL("am.complaint_remedy"),
            value=SQL("aml.balance"),
            quantity=SQL("aml.quantity"),
        )

    def _cost_source_replacements(self):
        """Replacement deliveries: the stock value of the goods shipped again."""
        return self._cost_source(
            SQL(
                """FROM stock_picking sp
                   JOIN stock_move sm ON sm.picking_id = sp.id
                   JOIN product_product pp ON pp.id = sm.product_id
                  WHERE sp.remedy_complaint_id IS NOT NULL
                    AND sp.complaint_remedy = 'replacement'
                    AND sm.state <> 'cancel'"""
            ),
            **self._stock_move_values(),
            complaint_id=SQL("sp.remedy_complaint_id"),
            cost_type="replacement",
            document_model="stock.picking",
            document_id=SQL("sp.id"),
            document_name=SQL("sp.name"),
        )

    def _cost_source_recoveries(self):
        """What vendor credit notes take back from liable suppliers and carriers."""
        return self._cost_source(
            SQL(
                """FROM account_move am
                   JOIN account_move_line aml ON aml.move_id = am.id
                   LEFT JOIN quality_complaint_liability liability
                          ON liability.id = am.recovery_liability_id
                  WHERE am.recovery_complaint_id IS NOT NULL
                    AND am.state <> 'cancel'
                    AND aml.display_type = 'product'"""
            ),
            **self._move_line_values("recovery_complaint_id"),
            cost_type="recovery",
            value=SQL("-aml.balance"),
            quantity=0.0,
            liable_partner_id=SQL("am.commercial_partner_id"),
            party_type=SQL("liability.party_type"),
        )

    def _cost_source_freight_bills(self):
        """Freight of returns and re-deliveries billed by a carrier: the product lines of
        the vendor bills linked to the complaint."""
        return self._cost_source(
            SQL(
                """FROM account_move am
                   JOIN account_move_line aml ON aml.move_id = am.id
                  WHERE am.freight_complaint_id IS NOT NULL
                    AND am.move_type = 'in_invoice'
                    AND am.state <> 'cancel'
                    AND aml.display_type = 'product'"""
            ),
            **self._move_line_values("freight_complaint_id"),
            product_id=SQL("aml.product_id"),
            cost_type=SQL("COALESCE(am.complaint_freight_kind, 'return_freight')"),
            value=SQL("aml.balance"),
            quantity=SQL("aml.quantity"),
        )

    def _cost_source_scraps(self):
        """Returned goods scrapped: the stock valuation of the scrap moves."""
        return self._cost_source(
            SQL(
                """FROM stock_scrap ss
                   JOIN stock_move sm ON sm.scrap_id = ss.id
                   JOIN product_product pp ON pp.id = sm.product_id
                  WHERE ss.complaint_id IS NOT NULL
                    AND sm.state <> 'cancel'"""
            ),
            **self._stock_move_values(),
            complaint_id=SQL("ss.complaint_id"),
            cost_type="scrap",
            document_model="stock.scrap",
            document_id=SQL("ss.id"),
            document_name=SQL("ss.name"),
        )

    def _cost_source_cost_lines(self):
        """Costs no document carries, recorded on the complaint (freight, rework, other):
        the complaint is their document."""
        return self._cost_source(
            SQL("FROM quality_complaint_cost_line line"),
            id=SQL("line.id"),
            date=SQL("line.date"),
            complaint_id=SQL("line.complaint_id"),
            cost_type=SQL("line.kind"),
            done=True,
            value=SQL("line.amount"),
            quantity=0.0,
            document_model="quality.complaint",
            document_id=SQL("line.complaint_id"),
            document_name=SQL("line.name"),
        )
