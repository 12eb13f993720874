/** The shape every locale's message module fills in: the eight documented codes and the message's frame. */
import type { Locale } from "./locale";

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

export interface MessageTable {
    locale: Locale;
    /** Starts the remediation line, separator included ("Fix: ", "Solution : ", "解决办法："). */
    fixLabel: string;
    /** Starts the line quoting Azure's own message. */
    azureSaidLabel: string;
    /** Closes the ids line when a request took several attempts. */
    afterAttempts(attempts: number): string;
    registrationErrors: Record<RegistrationErrorCode, LocalizedText>;
}
