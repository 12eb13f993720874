/**
 * `azs-mappings`: the command line of the package, for what a Pulumi program cannot do well on its own:
 * seeing the mappings a registration already has, and bringing hand-made ones under the root stack.
 * It uses the provider's ARM client, sign-in and error catalog (same environment variables, same messages).
 */
import { Command } from "commander";
import { registerDriftReport } from "./driftReport";
import { registerExport } from "./export";
import { registerList } from "./list";

export function commandLine(): Command {
    const program = new Command("azs-mappings")
        .description("Azure Stack Hub tenant mappings (registrations/customerSubscriptions): list them, export them as root-stack config.")
        .showHelpAfterError()
        .configureHelp({ sortSubcommands: true });
    registerList(program);
    registerExport(program);
    registerDriftReport(program);
    return program;
}

/** Runs the command line (bin/azs-mappings.js calls this). */
export function main(argv: string[]): void {
    commandLine()
        .parseAsync(argv)
        .catch((error: unknown) => {
            process.stderr.write(`azs-mappings: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 2;
        });
}

if (require.main === module) main(process.argv);
