import { registry } from "@web/core/registry";

function discipline(code, label) {
    return [
        {
            content: `Move to ${label}`,
            trigger: `.o_statusbar_status button[data-value='${code}']`,
            run: "click",
        },
        {
            content: `${label} is the current discipline`,
            trigger: `.o_statusbar_status button[data-value='${code}'].o_arrow_button_current`,
        },
    ];
}

registry.category("web_tour.tours").add("quality_8d_walkthrough", {
    steps: () => [
        {
            content: "The 8D starts at D0",
            trigger: ".o_statusbar_status button[data-value='d0'].o_arrow_button_current",
        },
        ...discipline("d1", "D1"),
        ...discipline("d2", "D2"),
        ...discipline("d3", "D3"),
        ...discipline("d4", "D4"),
        ...discipline("d5", "D5"),
        {
            content: "The team proposes its root cause and actions",
            trigger: ".o_statusbar_buttons button[name='action_submit']",
            run: "click",
        },
        {
            content: "Quality accepts them",
            trigger: ".o_statusbar_buttons button[name='action_accept']",
            run: "click",
        },
        {
            content: "The management representative approves",
            trigger: ".o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "The plan goes to the customer",
            trigger: ".o_statusbar_buttons button[name='action_send_to_customer']",
            run: "click",
        },
        {
            content: "and is marked sent",
            trigger: ".o_form_sheet .o_field_widget[name='date_sent']:not(:empty)",
        },
        ...discipline("d6", "D6"),
        {
            content: "Open the actions",
            trigger: ".o_notebook a:contains('D5-D6 Actions')",
            run: "click",
        },
        {
            content: "Open the corrective action",
            trigger:
                ".o_field_widget[name='action_ids'] .o_data_row td:contains('Incoming inspection of ESR')",
            run: "click",
        },
        {
            content: "It is done",
            trigger: ".modal .o_statusbar_buttons button[name='action_done']",
            run: "click",
        },
        {
            content: "and effective",
            trigger: ".modal .o_statusbar_buttons button[name='action_mark_effective']",
            run: "click",
        },
        {
            content: "Close the action",
            trigger: ".modal .modal-footer .o_form_button_save, .modal .modal-header .btn-close",
            run: "click",
        },
        {
            content: "The action shows as effective",
            trigger: ".o_field_widget[name='action_ids'] .o_data_row:contains('Effective')",
        },
        ...discipline("d7", "D7"),
        ...discipline("d8", "D8"),
        {
            content: "Open the closure",
            trigger: ".o_notebook a:contains('D8 Closure')",
            run: "click",
        },
        {
            content: "The effectiveness window has started",
            trigger: ".o_form_sheet .o_field_widget[name='date_effectiveness_due']:not(:empty)",
        },
        {
            content: "The management representative closes the 8D early",
            trigger: ".o_statusbar_buttons button:contains('Close Early')",
            run: "click",
        },
        {
            content: "with the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Customer confirmed three clean lots",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button[name='action_close_early']",
            run: "click",
        },
        {
            content: "The 8D is closed",
            trigger: ".o_form_sheet .o_field_widget[name='date_closed']:not(:empty)",
        },
    ],
});
