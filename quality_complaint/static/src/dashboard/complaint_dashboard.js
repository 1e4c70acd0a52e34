import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatMonetary } from "@web/views/fields/formatters";

const RULE_LABELS = {
    limit: _t("outside the control limits"),
    side: _t("7 points on one side of the centre line"),
    trend: _t("7 points rising or falling"),
    zone: _t("2 of 3 points near a control limit"),
};

export class ComplaintDashboard extends Component {
    static template = "quality_complaint.ComplaintDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        const today = luxon.DateTime.now();
        this.state = useState({
            dateFrom: today.minus({ months: 12 }).startOf("month").toISODate(),
            dateTo: today.toISODate(),
            teamId: "",
            categoryId: "",
            teams: [],
            categories: [],
            paretoDimension: "department",
            data: null,
        });
        this.paretoRef = useRef("pareto");
        this.trendRef = useRef("trend");
        this.controlRef = useRef("control");
        this.charts = [];
        this.ruleLabels = RULE_LABELS;
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            const [teams, categories] = await Promise.all([
                this.orm.searchRead("quality.complaint.team", [], ["display_name"]),
                this.orm.searchRead("quality.complaint.category", [], ["display_name"]),
            ]);
            this.state.teams = teams;
            this.state.categories = categories;
            await this.load();
        });
        onMounted(() => this.renderCharts());
        onWillUnmount(() => this.destroyCharts());
    }

    async load() {
        this.state.data = await this.orm.call(
            "quality.complaint.dashboard",
            "get_dashboard_data",
            [],
            {
                date_from: this.state.dateFrom,
                date_to: this.state.dateTo,
                team_id: this.state.teamId ? parseInt(this.state.teamId) : false,
                category_id: this.state.categoryId ? parseInt(this.state.categoryId) : false,
            }
        );
    }

    async onFilterChange() {
        await this.load();
        this.renderCharts();
    }

    onParetoChange(ev) {
        this.state.paretoDimension = ev.target.value;
        this.renderCharts();
    }

    get paretoRows() {
        const data = this.state.data;
        return (data.paretos && data.paretos[this.state.paretoDimension]) || data.pareto;
    }

    formatRate(value) {
        return value === null || value === undefined ? "-" : `${value} %`;
    }

    /**
     * The colour of a KPI's value against its target (a company setting): green when met,
     * red when not, none without a target or without a value.
     */
    targetClass(key) {
        const met = this.state.data?.targets?.[key]?.met;
        if (met === true) {
            return "text-success";
        }
        return met === false ? "text-danger" : "";
    }

    /** An amount of the Cost of Poor Quality card, in the currency the server used. */
    formatMoney(value) {
        return formatMonetary(value || 0, {
            currencyId: this.state.data.cost_of_poor_quality.currency_id,
        });
    }

    /**
     * The Cost of Poor Quality ledger (pivot) of the dashboard's period and filters, narrowed
     * to one defect code, customer or supplier when given (``false`` for the empty group).
     */
    openCostOfPoorQuality(field, id) {
        const domain = [
            ["date", ">=", this.state.dateFrom],
            ["date", "<=", this.state.dateTo],
        ];
        if (this.state.teamId) {
            domain.push(["team_id", "=", parseInt(this.state.teamId)]);
        }
        if (this.state.categoryId) {
            domain.push(["category_id", "=", parseInt(this.state.categoryId)]);
        }
        if (field) {
            domain.push([field, "=", id || false]);
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Cost of Poor Quality"),
            res_model: "quality.complaint.cost.report",
            views: [
                [false, "pivot"],
                [false, "graph"],
                [false, "list"],
            ],
            domain,
        });
    }

    formatHours(value) {
        return value === null || value === undefined ? "-" : `${value} h`;
    }

    get flaggedPoints() {
        return (this.state.data?.control_chart.points || []).filter((p) => p.rules.length);
    }

    openComplaints(field, id) {
        const domain = [
            ["date_received", ">=", this.state.dateFrom],
            ["date_received", "<=", this.state.dateTo + " 23:59:59"],
        ];
        if (field) {
            domain.push([field, "=", id]);
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Complaints"),
            res_model: "quality.complaint",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain,
        });
    }

    destroyCharts() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        const data = this.state.data;
        if (!data || !this.paretoRef.el) {
            return;
        }
        const pareto = this.paretoRows;
        this.charts.push(
            new Chart(this.paretoRef.el, {
                data: {
                    labels: pareto.map((p) => p.label),
                    datasets: [
                        {
                            type: "bar",
                            label: _t("Complaints"),
                            data: pareto.map((p) => p.count),
                            backgroundColor: "#1f6f8b",
                            yAxisID: "y",
                        },
                        {
                            type: "line",
                            label: _t("Cumulative %"),
                            data: pareto.map((p) => p.cumulative_pct),
                            borderColor: "#e05a2b",
                            yAxisID: "y1",
                        },
                    ],
                },
                options: {
                    animation: false,
                    scales: {
                        y: { beginAtZero: true, position: "left" },
                        y1: { beginAtZero: true, max: 100, position: "right" },
                    },
                },
            })
        );
        this.charts.push(
            new Chart(this.trendRef.el, {
                type: "bar",
                data: {
                    labels: data.trend.map((t) => t.month.slice(0, 7)),
                    datasets: [
                        {
                            label: _t("Complaints received"),
                            data: data.trend.map((t) => t.count),
                            backgroundColor: "#3ca55c",
                        },
                    ],
                },
                options: { animation: false, scales: { y: { beginAtZero: true } } },
            })
        );
        const points = data.control_chart.points;
        this.charts.push(
            new Chart(this.controlRef.el, {
                type: "line",
                data: {
                    labels: points.map((p) => p.month.slice(0, 7)),
                    datasets: [
                        {
                            label: _t("Complaint rate"),
                            data: points.map((p) => p.rate),
                            borderColor: "#1f6f8b",
                            pointBackgroundColor: points.map((p) =>
                                p.rules.length ? "#d9232e" : "#1f6f8b"
                            ),
                            pointRadius: points.map((p) => (p.rules.length ? 6 : 3)),
                        },
                        {
                            label: _t("Centre line"),
                            data: points.map(() => data.control_chart.center),
                            borderColor: "#6c757d",
                            pointRadius: 0,
                        },
                        {
                            label: _t("Upper control limit"),
                            data: points.map((p) => p.ucl),
                            borderColor: "#d9232e",
                            borderDash: [6, 4],
                            pointRadius: 0,
                        },
                        {
                            label: _t("Lower control limit"),
                            data: points.map((p) => p.lcl),
                            borderColor: "#d9232e",
                            borderDash: [6, 4],
                            pointRadius: 0,
                        },
                    ],
                },
                options: { animation: false, scales: { y: { beginAtZero: true } } },
            })
        );
    }
}

registry.category("actions").add("quality_complaint.dashboard", ComplaintDashboard);
