import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_complaint_portal_form", {
    url: "/my/complaints",
    steps: () => [
        {
            content: "File a new complaint",
            trigger: "a.o_complaint_new",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the order",
            trigger: "select[name='document']",
            run: "selectByIndex 1",
        },
        {
            content: "Give a title",
            trigger: "input[name='subject']",
            run: "edit Flickering after one week",
        },
        {
            content: "Describe the problem",
            trigger: "textarea[name='description']",
            run: "edit The strips flicker when dimmed below 20 %.",
        },
        {
            content: "Send it",
            trigger: "button.o_complaint_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint page shows its status and the promised dates",
            trigger: ".o_complaint_portal_card .o_complaint_status:contains('New')",
        },
        {
            content: "with the acknowledgement date",
            trigger: ".o_complaint_deadlines li:contains('Acknowledge')",
        },
    ],
});
