import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * Recurrence at intake: the earlier complaints on the same product, lot or defect code,
 * with why each matches, as the complaint's `recurrence_data` computes them while the
 * complaint is entered. The 8D addon adds the open 8Ds and their "Link" button.
 */
export class RecurrenceField extends Component {
    static template = "quality_complaint.RecurrenceField";
    static props = { ...standardFieldProps };

    get data() {
        return this.props.record.data[this.props.name] || { complaints: [], hidden: 0 };
    }

    get hiddenText() {
        return _t(
            "And %s earlier complaint(s) of other teams, which you may not open.",
            this.data.hidden
        );
    }

    recordUrl(model, id) {
        return `/odoo/${model}/${id}`;
    }
}

export const recurrenceField = {
    component: RecurrenceField,
    displayName: _t("Recurrence"),
    supportedTypes: ["json"],
};

registry.category("fields").add("quality_complaint_recurrence", recurrenceField);
