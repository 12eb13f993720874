/**
 * What the README tells a user to write and run for a project of their own, read from the README itself so
 * that the suite runs it verbatim: the install commands, pnpm-workspace.yaml, Pulumi.yaml and the program.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { EmulatorSeed } from "../../emulator";
import { PROJECT_ROOT } from "../../runner/engine";

export interface ReadmeProject {
    /** Install commands by package manager and source, with `<repository URL>` still in them. */
    install: Record<"npm" | "pnpm", Record<"git" | "tarball", string>>;
    /** The command that checks the downloaded release files against the release's SHA256SUMS. */
    verify: string;
    /** The tarball file the tarball commands name, e.g. `azurestack-csp-tenant-mappings-0.2.0.tgz`. */
    tarball: string;
    /** The release tag the git commands name, e.g. `v0.2.0`. */
    tag: string;
    pnpmWorkspaceYaml: string;
    pulumiYaml: string;
    indexTs: string;
}

export function readmeProject(): ReadmeProject {
    const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const installing = section(readme, "## Installing");
    const blocks = codeBlocks(installing);
    const lines = blocks
        .filter((b) => b.lang === "sh")
        .flatMap((b) => b.text.split("\n"))
        .map((l) => l.trim());
    const command = (prefix: string) => {
        const found = lines.filter((l) => l.startsWith(prefix));
        if (found.length !== 1)
            throw new Error(`README "## Installing" should show one command starting with "${prefix}", found ${found.length}`);
        return found[0];
    };
    const install = {
        npm: { git: command("npm install git+"), tarball: command("npm install ./") },
        pnpm: { git: command("pnpm add git+"), tarball: command("pnpm add ./") },
    };
    const tarball = /\.\/(\S+\.tgz)/.exec(install.npm.tarball)?.[1];
    if (!tarball) throw new Error(`README's tarball command names no ./<file>.tgz: ${install.npm.tarball}`);
    const tag = /#(\S+)/.exec(install.npm.git)?.[1];
    if (!tag) throw new Error(`README's git command names no #<tag>: ${install.npm.git}`);
    const yaml = blocks.filter((b) => b.lang === "yaml").map((b) => b.text);
    const pick = (what: string, test: (text: string) => boolean) => {
        const found = yaml.find(test);
        if (!found) throw new Error(`README "## Installing" shows no ${what}`);
        return found;
    };
    const program = codeBlocks(section(readme, "## Using the resource in your own program")).find((b) => b.lang === "ts");
    if (!program) throw new Error('README "## Using the resource in your own program" shows no ts program');
    return {
        install,
        verify: command("sha256sum "),
        tarball,
        tag,
        pnpmWorkspaceYaml: pick("pnpm-workspace.yaml (allowBuilds)", (t) => t.startsWith("allowBuilds:")),
        pulumiYaml: pick("Pulumi.yaml (runtime: nodejs)", (t) => /^runtime: nodejs$/m.test(t)),
        indexTs: program.text,
    };
}

/**
 * The emulator's seed for the README's program: the registration it names (pay-as-you-use, approved for
 * multi-tenancy) and its customer subscription, plus `more` customer subscriptions of the same partner.
 */
export function readmeProgramSeed(program: Record<string, string>, more: { id: string; tenantId: string }[] = []): EmulatorSeed {
    const partner = "partner-contoso-csp";
    return {
        registrations: [
            {
                subscriptionId: program.registrationSubscriptionId,
                resourceGroup: program.resourceGroup,
                name: program.registrationName,
                billingModel: "PayAsYouUse",
                multiTenancyApproved: true,
                cspPartner: partner,
            },
        ],
        customerSubscriptions: [{ id: program.customerSubscriptionId, tenantId: program.tenantId }, ...more].map((c) => ({
            ...c,
            cspPartner: partner,
            isCsp: true,
        })),
    } as EmulatorSeed;
}

/** The README's "YAML and Python: the provider plugin": what a YAML or Python user writes and runs. */
export interface ReadmePluginProject {
    /** The command that installs the package (and so the plugin) into the project directory. */
    install: string;
    /** The YAML program's Pulumi.yaml. */
    pulumiYaml: string;
    /** The lines that make the Python virtual environment with the SDK. */
    pythonSetup: string[];
    /** The Python program (`__main__.py`). */
    mainPy: string;
    /** The import command, with `<name>` and `<ARM id>` still in it. */
    importCommand: string;
}

export function readmePluginProject(): ReadmePluginProject {
    const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const part = section(readme, "### YAML and Python: the provider plugin");
    const blocks = codeBlocks(part);
    const one = (lang: string, index = 0) => {
        const found = blocks.filter((b) => b.lang === lang)[index];
        if (!found) throw new Error(`README "YAML and Python: the provider plugin" shows no ${lang} block #${index + 1}`);
        return found.text;
    };
    const importCommand = /`(pulumi import [^`]+)`/.exec(part)?.[1];
    if (!importCommand) throw new Error('README "YAML and Python: the provider plugin" shows no `pulumi import` command');
    return {
        install: one("sh").trim(),
        pulumiYaml: one("yaml"),
        pythonSetup: one("sh", 1).trim().split("\n"),
        mainPy: one("python"),
        importCommand,
    };
}

/** The program's literal string arguments, e.g. `registrationName: "azurestack-stamp-east"`. */
export function programArguments(indexTs: string): Record<string, string> {
    return Object.fromEntries([...indexTs.matchAll(/^\s*(\w+): "([^"]*)",?$/gm)].map((m) => [m[1], m[2]]));
}

/** A Markdown section: from its heading to the next `## ` heading. */
export function section(markdown: string, heading: string): string {
    const start = markdown.indexOf(`\n${heading}\n`);
    if (start < 0) throw new Error(`README has no "${heading}" section`);
    const next = markdown.indexOf("\n## ", start + heading.length + 2);
    return markdown.slice(start, next < 0 ? undefined : next);
}

/** The fenced code blocks of a Markdown text, with their language. */
export function codeBlocks(markdown: string): { lang: string; text: string }[] {
    return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));
}
