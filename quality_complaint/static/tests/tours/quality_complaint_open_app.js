import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("quality_complaint_open_app", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "quality_complaint.quality_complaint_menu_root",
            "Open the Complaints app from the main menu"
        ),
        {
            content: "The kanban shows the New column",
            trigger: ".o_kanban_group .o_column_title:contains('New')",
        },
        {
            content: "The complaint is on the board",
            trigger: ".o_kanban_record:contains('Tour complaint: wrong colour')",
            run: "click",
        },
        {
            content: "Its form opens with the reference",
            trigger: ".o_form_view .oe_title h1:contains('CC/')",
        },
    ],
});
