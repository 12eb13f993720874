/** Input failures as check returns them: the property, and the reason worded in the user's language. */
import { MESSAGE_TABLES, type Locale } from "../messages";
import type { InputReason } from "../messages/validationTypes";

export interface InputFailure {
    property: string;
    reason: string;
}

/** Collects failures, each worded in `locale` (English when a JavaScript caller passes an unknown one). */
export class Failures {
    readonly list: InputFailure[] = [];
    private readonly word: (reason: InputReason) => string;

    constructor(readonly locale: Locale = "en") {
        this.word = (MESSAGE_TABLES[locale] ?? MESSAGE_TABLES.en).validation;
    }

    add(property: string, reason: InputReason): void {
        this.list.push({ property, reason: this.word(reason) });
    }

    get empty(): boolean {
        return this.list.length === 0;
    }
}
