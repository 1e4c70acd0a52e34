import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("quality_complaint_recurrence", {
    steps: () => [
        {
            content: "A new complaint: the customer",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Recurrence Lamps",
        },
        {
            content: "Choose the customer",
            trigger: ".ui-menu-item a:contains('Tour Recurrence Lamps')",
            run: "click",
        },
        {
            content: "Describe the complaint",
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit Drivers flicker in the new warehouse",
        },
        {
            content: "Open the products",
            trigger: ".o_notebook .nav-link[name='products']",
            run: "click",
        },
        {
            content: "Add the complained product",
            trigger: "div[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "It is the driver an open 8D investigates",
            trigger: "div[name='line_ids'] .o_selected_row [name='product_id'] input",
            run: "edit Tour Recurrence Driver",
        },
        {
            content: "Choose the product",
            trigger: ".ui-menu-item-wrapper:contains('Tour Recurrence Driver')",
            run: "click",
        },
        {
            content: "Before saving, the form warns of a recurrence",
            trigger: ".o_complaint_recurrence_alert",
        },
        {
            content: "Open the recurrence",
            trigger: ".o_notebook .nav-link[name='recurrence']",
            run: "click",
        },
        {
            content: "The open 8D is proposed, with why it matches",
            trigger:
                ".o_complaint_recurrence_8ds tr:contains('Tour flicker 8D') .o_complaint_recurrence_reason:contains('Same product Tour Recurrence Driver')",
        },
        {
            content: "and so is the earlier complaint",
            trigger:
                ".o_complaint_recurrence_complaints tr:contains('Earlier tour flicker') .o_complaint_recurrence_reason:contains('Same product Tour Recurrence Driver')",
        },
        {
            content: "Link the complaint to the open 8D",
            trigger:
                ".o_complaint_recurrence_8ds tr:contains('Tour flicker 8D') .o_complaint_recurrence_link",
            run: "click",
        },
        {
            content: "The complaint is saved and linked: one investigation",
            trigger:
                ".o_complaint_recurrence_8ds tr:contains('Tour flicker 8D') .o_complaint_recurrence_linked",
        },
        {
            content: "with its reference",
            trigger: ".oe_title h1 .o_field_widget[name='name']:contains('CC/')",
        },
    ],
});
