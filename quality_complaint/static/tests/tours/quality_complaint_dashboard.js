import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_complaint_dashboard", {
    steps: () => [
        {
            content: "The dashboard shows the complaint count",
            trigger: ".o_complaint_dashboard .o_kpi_count:contains('1')",
        },
        {
            content: "The acknowledgement was on time",
            trigger: ".o_complaint_dashboard .o_kpi_on_time_acknowledge:contains('100 %')",
        },
        {
            content: "the action plan was not",
            trigger:
                ".o_complaint_dashboard .o_kpi_on_time_plan:not(:contains('100')):contains('0 %')",
        },
        {
            content: "nor the verification",
            trigger:
                ".o_complaint_dashboard .o_kpi_on_time_verification:not(:contains('100')):contains('0 %')",
        },
        {
            content: "the returned goods were inspected on time",
            trigger: ".o_complaint_dashboard .o_kpi_on_time_inspection:contains('100 %')",
        },
        {
            content: "and the closure is late",
            trigger:
                ".o_complaint_dashboard .o_kpi_on_time_closure:not(:contains('100')):contains('0 %')",
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
