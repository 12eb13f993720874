/**
 * Lines about one mapping for the person running Pulumi, in the user's language, on the row of the resource that
 * declares it where the engine allows it (session.ts): "will adopt" at preview, "adopted" at up.
 */
import { mappingId } from "./mapping/state";
import type { MappingInputs } from "./mapping/schema";
import { MESSAGE_TABLES } from "./messages";
import type { NoticeFacts } from "./messages/table";
import { notify, urnOf } from "./session";
import type { ProviderSettings } from "./settings";

export async function notice(kind: "willAdopt" | "adopted", inputs: MappingInputs, current: ProviderSettings): Promise<void> {
    const id = mappingId(inputs);
    const facts: NoticeFacts = {
        registrationName: inputs.registrationName,
        customerSubscriptionId: inputs.customerSubscriptionId,
        tenantId: inputs.tenantId,
        id,
    };
    await notify((MESSAGE_TABLES[current.locale] ?? MESSAGE_TABLES.en).notices[kind](facts), urnOf(id));
}
