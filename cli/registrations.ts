/**
 * The registrations a command works on, as given on the command line (`[name=]<registration ARM id>`),
 * and reading all their mappings: every page, progress on stderr, each registration's failure kept apart.
 */
import { InvalidArgumentError } from "commander";
import { API_VERSIONS, listCustomerSubscriptionMappings, parseRegistration, type ApiVersion, type ListedMapping } from "../provider/core";
import { printable } from "./terminal";

export interface NamedRegistration {
    /** The stamp's key in the root stack config (`csp-tenant-mappings:registrations.<key>`). */
    key: string;
    registrationId: string;
}

export interface RegistrationListing extends NamedRegistration {
    mappings?: ListedMapping[];
    error?: { code?: string; message: string };
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** `east=/subscriptions/.../registrations/azurestack-east`, or the id alone (the key is then the registration's name). */
export function parseRegistrationArgument(argument: string, previous: NamedRegistration[] = []): NamedRegistration[] {
    const match = /^([^=/]+)=(.*)$/.exec(argument);
    const registrationId = (match ? match[2] : argument).trim();
    const parsed = parseRegistration({ registrationId });
    if (!parsed.registration) {
        throw new InvalidArgumentError(
            `'${argument}': ${parsed.failures.map((f) => f.reason).join(" ")} ` +
                "Give a registration's ARM id, optionally named: east=/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.AzureStack/registrations/<name>.",
        );
    }
    const key = match ? match[1].trim() : parsed.registration.name;
    if (!KEY.test(key)) {
        throw new InvalidArgumentError(
            `'${key}': a registration key is 1-63 letters, digits, '_', '.', '-' (it becomes part of resource names); name it: <key>=<registration id>.`,
        );
    }
    if (previous.some((r) => r.key === key))
        throw new InvalidArgumentError(`the key '${key}' is given twice; name the registrations apart: <key>=<registration id>.`);
    return [...previous, { key, registrationId: parsed.registration.id }];
}

export function parseApiVersion(value: string): ApiVersion {
    if (!(API_VERSIONS as readonly string[]).includes(value)) {
        throw new InvalidArgumentError(`'${value}' is not a supported api-version; use one of ${API_VERSIONS.join(", ")}.`);
    }
    return value as ApiVersion;
}

/** Lists every registration, all at once; one that fails does not stop the others. */
export async function listRegistrations(
    registrations: NamedRegistration[],
    apiVersion: ApiVersion | undefined,
    progress: Progress,
): Promise<RegistrationListing[]> {
    return Promise.all(
        registrations.map(async (registration): Promise<RegistrationListing> => {
            try {
                const mappings = await listCustomerSubscriptionMappings(
                    { registrationId: registration.registrationId },
                    {
                        apiVersion,
                        onPage: (count, pages) => progress.page(registration.key, count, pages),
                    },
                );
                progress.done(registration.key, mappings.length);
                return { ...registration, mappings };
            } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                const code = (error as { code?: unknown }).code;
                progress.failed(registration.key, message);
                return { ...registration, error: { ...(typeof code === "string" ? { code } : {}), message } };
            }
        }),
    );
}

/**
 * Progress on stderr, so stdout stays the result (a table, JSON or YAML to redirect). Long listings report
 * each page after the first; a terminal gets one line per registration rewritten in place.
 */
export class Progress {
    constructor(
        private readonly stream: NodeJS.WriteStream = process.stderr,
        private readonly quiet = false,
    ) {}

    page(key: string, mappingsSoFar: number, pages: number): void {
        if (this.quiet || pages < 2) return;
        this.write(`${key}: ${mappingsSoFar} mappings so far (page ${pages})`, true);
    }

    done(key: string, count: number): void {
        if (!this.quiet) this.write(`${key}: ${count} mapping${count === 1 ? "" : "s"}`);
    }

    /** The message is Azure's (or quotes it): printed without its escape sequences. */
    failed(key: string, message: string): void {
        this.write(`${key}: FAILED\n  ${printable(message).split("\n").join("\n  ")}`);
    }

    private write(line: string, transient = false): void {
        if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line}${transient ? "" : "\n"}`);
        else this.stream.write(`${line}\n`);
    }
}
