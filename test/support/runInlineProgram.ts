/**
 * Runs `up` of an inline program in its own Node process and prints the stack outputs as JSON on the last
 * line. For programs that call Azure themselves (e.g. listCustomerSubscriptionMappings): their process
 * needs the credentials and NODE_EXTRA_CA_CERTS from its start, as a program run by the CLI would have.
 *
 *   node runInlineProgram.js '{"name": ..., "projectDir": ..., "programModule": ..., "config": {...}}'
 */
import { EngineStack } from "./engineStack";

interface Args {
    name: string;
    projectDir: string;
    programModule: string;
    config: Record<string, string>;
}

async function main(): Promise<void> {
    const args = JSON.parse(process.argv[2]) as Args;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(args.programModule);
    const stack = new EngineStack(args.name, args.projectDir, program);
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    await stack.open(env, undefined, args.config);
    try {
        await stack.stack.up({ onOutput: (text) => process.stderr.write(text) });
        console.log(JSON.stringify(await stack.outputs()));
    } finally {
        await stack.dispose();
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
