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
            content: "which meets its target: green",
            trigger:
                ".o_complaint_dashboard .o_kpi_on_time_acknowledge.text-success:not(.text-danger)",
        },
        {
            content: "beside the on-time target of the company settings",
            trigger:
                ".o_complaint_dashboard .o_kpi_on_time_acknowledge ~ .o_kpi_target:contains('100 %')",
        },
        {
            content: "the action plan was not",
            trigger:
                ".o_complaint_dashboard .o_kpi_on_time_plan:not(:contains('100')):contains('0 %')",
        },
        {
            content: "which misses its target: red",
            trigger: ".o_complaint_dashboard .o_kpi_on_time_plan.text-danger:not(.text-success)",
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
            content: "Switch the Pareto to the defect codes",
            trigger: ".o_complaint_pareto_dimension",
            run: "select defect",
        },
        {
            content: "No complaint of the period has a defect code",
            trigger: ".o_complaint_pareto_empty",
        },
        {
            content: "Back to the responsible departments",
            trigger: ".o_complaint_pareto_dimension",
            run: "select department",
        },
        {
            content: "whose Pareto has the complaint",
            trigger: ".o_complaint_dashboard:not(:has(.o_complaint_pareto_empty))",
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
        {
            content: "A manager sees the cost of poor quality of the period",
            trigger: ".o_complaint_dashboard .o_complaint_copq .o_copq_cost",
        },
        {
            content: "and opens its ledger",
            trigger: ".o_complaint_copq .o_copq_open",
            run: "click",
        },
        {
            content: "as a pivot",
            trigger: ".o_pivot_view",
        },
    ],
});
