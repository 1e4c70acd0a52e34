import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_complaint_portal_reject", {
    steps: () => [
        {
            content: "The resolution waits for the customer's answer",
            trigger: ".o_complaint_confirmation_pending",
        },
        {
            content: "Say what is still wrong",
            trigger: ".o_complaint_confirmation_form textarea[name='comment']",
            run: "edit Two strips still flicker when dimmed.",
        },
        {
            content: "Answer that the complaint is not resolved",
            trigger: "button.o_complaint_reject",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page shows the answer",
            trigger: ".o_complaint_confirmation_rejected",
        },
    ],
});

registry.category("web_tour.tours").add("quality_complaint_portal_accept", {
    steps: () => [
        {
            content: "The new resolution waits for the customer's answer",
            trigger: ".o_complaint_confirmation_pending",
        },
        {
            content: "Accept it",
            trigger: "button.o_complaint_accept",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page shows the acceptance",
            trigger: ".o_complaint_confirmation_accepted",
        },
    ],
});
