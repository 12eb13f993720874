/**
 * The shape every locale's message module fills in: the eight documented codes, the product's own refusals
 * and the message's frame; and the codes and context those texts are about.
 */
import type { Locale } from "./locale";
import type { ValidationTexts } from "./validationTypes";

/** The eight documented Azure Stack Hub registration error codes. */
export const REGISTRATION_ERROR_CODES = [
    "RegistrationNotFound",
    "BadCustomerSubscriptionId",
    "InvalidCustomerSubscriptionId",
    "CustomerSubscriptionNotFound",
    "UnauthorizedCspRegistration",
    "CustomerSubscriptionsNotAllowed",
    "InvalidCSPSubscription",
    "MetadataResolverBadGatewayError",
] as const;
export type RegistrationErrorCode = (typeof REGISTRATION_ERROR_CODES)[number];

/** What a message may mention; every field is optional because not every call knows all of them. */
export interface ErrorContext {
    registrationSubscriptionId?: string;
    resourceGroup?: string;
    registrationName?: string;
    customerSubscriptionId?: string;
    tenantId?: string;
    operation?: string;
}

export interface LocalizedText {
    /** What went wrong, in one sentence. */
    summary(ctx: ErrorContext): string;
    /** What the user should do about it. */
    remediation(ctx: ErrorContext): string;
}

/**
 * The product's own refusals, each worded as one line after its code: what conflicts and what to do. The
 * facts come from the registration's listing, the program's declarations or ARM's answer (conflicts.ts).
 */
export interface RefusalTexts {
    TenantAlreadyMapped(f: {
        tenantId: string;
        mappedSubscriptions: string;
        registrationName: string;
        customerSubscriptionId: string;
    }): string;
    /** `atCreate`: found by the create-only PUT, after the preview. */
    SubscriptionAlreadyMapped(f: {
        customerSubscriptionId: string;
        mappedTenant: string;
        registrationName: string;
        tenantId: string;
        atCreate: boolean;
    }): string;
    /** `inSet`: the rival is another entry of the same set. */
    TenantMappedTwiceInProgram(f: { tenantId: string; rivalSubscription: string; registrationName: string; inSet?: boolean }): string;
    /**
     * A set shares its registration with another resource of the program (`otherIsSet`: another set); both declare
     * `customerSubscriptionId` when it is given.
     */
    RegistrationDeclaredTwice(f: {
        registrationName: string;
        set: string;
        other: string;
        otherIsSet: boolean;
        customerSubscriptionId?: string;
    }): string;
    /** A set would delete more mappings than its maxDeletions; `whole`: the set itself is being deleted. */
    TooManyDeletions(f: { registrationName: string; count: number; maxDeletions: number; subscriptions: string; whole: boolean }): string;
    /** `undeclared: fail`: the registration holds mappings the set does not declare, listed one a line. */
    UndeclaredMappings(f: { registrationName: string; count: number; mappings: string }): string;
    /** Some entries of a set failed (`entries`: one a line, each with its code); the others were applied. */
    SetEntriesFailed(f: { registrationName: string; failed: number; total: number; entries: string }): string;
    /** Adoption is off, by this mapping's adoptExisting (`offForThisMapping`) or by the provider setting. */
    MappingAlreadyExists(f: {
        customerSubscriptionId: string;
        tenantId: string;
        registrationName: string;
        offForThisMapping: boolean;
    }): string;
    /** Reported under the code MappingAlreadyExists: the declared id differs from the listed one only in letter case. */
    MappingSpelledOtherwise(f: {
        listedAs: string;
        declared: string;
        tenantId: string;
        registrationName: string;
        atCreate: boolean;
    }): string;
    InvalidArmResponse(f: { position: number; registrationId: string; what: string; shown: string }): string;
    InvalidStoredState(f: { resource: string; operation: string; id: string; failures: string }): string;
    InvalidRegistrationSelector(f: { failures: string }): string;
}

/**
 * Lines for the person running Pulumi, attached to the mapping's resource where the engine allows it. Each
 * leads with what a person recognises (registration, customer subscription, tenant) and ends with the ARM id.
 */
export interface NoticeTexts {
    /** At preview: the mapping exists exactly as declared, and `pulumi up` takes it over without a write. */
    willAdopt(f: NoticeFacts): string;
    /** At up: it was taken over without a write. */
    adopted(f: NoticeFacts): string;
    /** The same for `count` entries of a set, said once. */
    setWillAdopt(f: SetNoticeFacts): string;
    setAdopted(f: SetNoticeFacts): string;
    /** `undeclared: warn`: mappings in Azure the set does not declare, one a line as an entry of its `mappings`. */
    undeclared(f: SetNoticeFacts & { mappings: string }): string;
    /** `undeclared: remove`, at preview: what `pulumi up` deletes. */
    willRemove(f: SetNoticeFacts & { mappings: string }): string;
}

/** What a notice about a set says: its registration, how many mappings, and the set's id. */
export interface SetNoticeFacts {
    registrationName: string;
    count: number;
    id: string;
}

export interface NoticeFacts {
    registrationName: string;
    customerSubscriptionId: string;
    tenantId: string;
    id: string;
}

export interface MessageTable {
    locale: Locale;
    /** Starts the remediation line, separator included ("Fix: ", "Solution : ", "解决办法："). */
    fixLabel: string;
    /** Starts the line quoting Azure's own message. */
    azureSaidLabel: string;
    /** Closes the ids line when a request took several attempts. */
    afterAttempts(attempts: number): string;
    registrationErrors: Record<RegistrationErrorCode, LocalizedText>;
    refusals: RefusalTexts;
    /** Why an input is refused (validation.ts), in this language. */
    validation: ValidationTexts;
    notices: NoticeTexts;
}
