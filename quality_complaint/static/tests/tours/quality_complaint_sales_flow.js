import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("quality_complaint_sales_flow", {
    steps: () => [
        {
            content: "From the delivered and invoiced order, open a complaint",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_new_complaint']",
            run: "click",
        },
        {
            content: "The customer is pre-filled",
            trigger: ".o_field_widget[name='partner_id'] input:value('Tour Lamps Co.')",
        },
        {
            content: "Describe the complaint",
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit Drivers flicker after one hour",
        },
        {
            content: "Save it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "It gets its reference",
            trigger: ".oe_title h1 .o_field_widget[name='name']:contains('CC/')",
        },
        {
            content: "Return the goods",
            trigger: ".o_statusbar_buttons button:contains('Return')",
            run: "click",
        },
        {
            content: "Confirm the return",
            trigger: ".modal .modal-footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The return picking opens, received from the customer",
            trigger:
                ".o_form_view .o_field_widget[name='partner_id'] input:value('Tour Lamps Co.')",
        },
        {
            content: "Back to the complaint",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('CC/')",
            run: "click",
        },
        stepUtils.autoExpandMoreButtons(),
        {
            content: "The complaint counts its return",
            trigger: ".oe_stat_button[name='action_view_returns']:contains('1')",
        },
        {
            content: "Refund",
            trigger: ".o_statusbar_buttons button:contains('Refund')",
            run: "click",
        },
        {
            content: "Create the credit note",
            trigger: ".modal .modal-footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The draft credit note opens",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Draft')",
        },
        {
            content: "Back to the complaint",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('CC/')",
            run: "click",
        },
        stepUtils.autoExpandMoreButtons(),
        {
            content: "Open the invoice",
            trigger: ".oe_stat_button[name='action_view_invoices']",
            run: "click",
        },
        {
            content: "The invoice shows the complaint's credit note",
            trigger: ".oe_stat_button[name='action_view_complaint_credit_notes']:contains('1')",
            run: "click",
        },
        {
            content: "which is the credit note reversing this invoice",
            trigger:
                ".o_form_view .o_form_sheet:contains('Customer Credit Note'):contains('Tour LED Panel')",
        },
    ],
});
