import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_complaint_dashboard", {
    steps: () => [
        {
            content: "The dashboard shows the complaint count",
            trigger: ".o_complaint_dashboard .o_kpi_count:contains('1')",
        },
        {
            content: "and draws its charts",
            trigger: ".o_complaint_dashboard canvas",
        },
        {
            content: "Filter on a team",
            trigger: ".o_complaint_dashboard_filters select:eq(0)",
            run: "selectByLabel Quality Department",
        },
        {
            content: "The count follows the filter",
            trigger: ".o_complaint_dashboard .o_kpi_count:contains('0')",
        },
    ],
});
