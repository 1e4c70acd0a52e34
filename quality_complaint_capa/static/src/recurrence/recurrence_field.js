import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";
import { patch } from "@web/core/utils/patch";
import { RecurrenceField } from "@quality_complaint/recurrence/recurrence_field";

patch(RecurrenceField.prototype, {
    setup() {
        super.setup(...arguments);
        this.orm = useService("orm");
        this.notification = useService("notification");
    },

    get data() {
        return { eightds: [], ...super.data };
    },

    /**
     * One investigation for several complaints: the complaint (saved first when it is
     * new or changed, the link needs its id) joins the open 8D.
     */
    async linkTo8d(eightd) {
        const record = this.props.record;
        if (!(await record.save())) {
            return;
        }
        await this.orm.call(record.resModel, "action_link_8d", [[record.resId]], {
            eightd_id: eightd.id,
        });
        await record.model.root.load();
        this.notification.add(_t("The complaint is linked to 8D %s.", eightd.name), {
            type: "success",
        });
    },
});
