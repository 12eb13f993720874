/**
 * The README's first command, `npm run demo`, run verbatim through bash in the repository root, as a user
 * runs it in a clone: the set-up, then the root stack's `pulumi stack select --create demo`, `pulumi preview`,
 * `pulumi up --yes` and `pulumi preview --refresh --expect-no-changes` with the plain CLI against the
 * emulator, then the stack's outputs compared with what the emulator holds. In a fresh clone the stack is new,
 * so the up creates every mapping; a later run (a developer's clone with `.demo/` kept) shows it unchanged.
 * (The README's other command, `npm test`, is the command that runs this suite.)
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../runner/engine";
import { runCommand } from "../support/processes";

/** The code block of README "Try it without Azure": its command lines, comments dropped. */
function tryItCommands(): string[] {
    const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Try it without Azure"));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    if (!block) throw new Error("README.md 'Try it without Azure' has no sh code block");
    return block
        .trim()
        .split("\n")
        .map((line) => line.replace(/#.*$/, "").trim())
        .filter(Boolean);
}

describe("README 'Try it without Azure': npm run demo", function () {
    this.timeout(20 * 60_000);

    it("the README shows the two commands: npm run demo and npm test", () => {
        expect(tryItCommands()).to.deep.equal(["npm run demo", "npm test"]);
    });

    it("runs the root stack's preview and up with the plain CLI, and the stack matches the emulator", async () => {
        const [demo] = tryItCommands();
        const result = await runCommand("bash", ["-c", demo!], { cwd: PROJECT_ROOT, env: process.env });
        const shown = `exit ${result.code}\n${result.stdout}\n${result.stderr}`;
        expect(result.code, shown).to.equal(0);
        const printed = result.stdout
            .split("\n")
            .filter((l) => l.startsWith("$ pulumi "))
            .map((l) => l.trim());
        expect(printed, shown).to.deep.equal([
            "$ pulumi stack select --create demo",
            "$ pulumi preview",
            "$ pulumi up --yes",
            "$ pulumi preview --refresh --expect-no-changes",
        ]);
        const matched = /All (\d+) declared mappings are in the emulator exactly as the stack says\./.exec(result.stdout);
        expect(matched, shown).to.not.equal(null);
        expect(Number(matched![1]), shown).to.be.greaterThan(0);
        expect(result.stdout, shown).to.include("writes during the previews: 0.");
    });
});
