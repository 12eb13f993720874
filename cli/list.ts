/** `azs-mappings list`: the mappings of one or more registrations, as a table or JSON. */
import type { Command } from "commander";
import type { ApiVersion } from "../provider/core";
import { printableJson, printableLine } from "./terminal";
import { listRegistrations, parseApiVersion, parseRegistrationArgument, Progress, type RegistrationListing } from "./registrations";

export function registerList(program: Command): void {
    program
        .command("list")
        .description("List the customer subscription mappings of registrations (every page). Exit code 1 if any registration failed.")
        .argument(
            "<registration...>",
            "[key=]<registration ARM id>",
            (value: string, previous?: ReturnType<typeof parseRegistrationArgument>) => parseRegistrationArgument(value, previous),
        )
        .option("--json", "print JSON instead of a table")
        .option("--api-version <version>", "Microsoft.AzureStack api-version", parseApiVersion)
        .option("-q, --quiet", "no progress on stderr")
        .action(async (registrations, options: { json?: boolean; apiVersion?: ApiVersion; quiet?: boolean }) => {
            const listings = await listRegistrations(registrations, options.apiVersion, new Progress(process.stderr, options.quiet));
            process.stdout.write(options.json ? `${printableJson(asJson(listings), 2)}\n` : listTable(listings));
            if (listings.some((l) => l.error)) process.exitCode = 1;
        });
}

function asJson(listings: RegistrationListing[]) {
    return {
        registrations: listings.map((l) => ({
            key: l.key,
            registrationId: l.registrationId,
            ...(l.mappings
                ? {
                      mappings: l.mappings.map(({ customerSubscriptionId, tenantId, etag, id }) => ({
                          customerSubscriptionId,
                          tenantId,
                          etag,
                          id,
                      })),
                  }
                : {}),
            ...(l.error ? { error: l.error } : {}),
        })),
    };
}

/** The listing for a terminal. Exported for tests. */
export function listTable(listings: RegistrationListing[]): string {
    // The listing refused ids that are not GUIDs; printableLine still guards the terminal against anything in them.
    const rows = listings.flatMap((l) => (l.mappings ?? []).map((m) => [l.key, m.customerSubscriptionId, m.tenantId].map(printableLine)));
    const header = ["registration", "customer subscription", "tenant"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    const failed = listings
        .filter((l) => l.error)
        .map((l) => `${l.key}: not listed (${printableLine(l.error!.code ?? "error")}, see above)`);
    return [
        line(header),
        ...rows.map(line),
        "",
        `${rows.length} mapping(s) on ${listings.length - failed.length} registration(s)`,
        ...failed,
        "",
    ].join("\n");
}
