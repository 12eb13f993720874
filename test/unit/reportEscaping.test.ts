/**
 * Strings from Azure (and from state or a preview, which hold what Azure answered) reach job summaries,
 * GitHub issues and terminals. Each hostile value below must render as its own text: the Markdown is rendered
 * with markdown-it (GFM tables, raw HTML on, URLs linkified, as GitHub renders issues) and nothing outside a
 * code span may be a tag, a link, a mention or a reference; terminal output carries no escape sequence.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import MarkdownIt from "markdown-it";
import { driftReport, renderMarkdown, type PreviewDigest } from "../../cli/driftReport";
import { undeclaredReport, type MergeResult } from "../../cli/export";
import { listTable } from "../../cli/list";
import { quoted } from "../../cli/quoted";
import { Progress } from "../../cli/registrations";
import { printableJson } from "../../cli/terminal";
import { listedMapping } from "../../provider/list";
import { C, T } from "../support/fixtures";
import { runCommandSync } from "../support/processes";

const CLI = path.join(__dirname, "..", "..", "cli", "main.js");
const TYPE = "azurestack-tenant-mappings:index:CustomerSubscriptionMapping";
const REGISTRATION =
    "/subscriptions/5a1e0000-0000-4000-8000-000000000001/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations";

const HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[approve here](https://evil.example/phish)",
    "![x](https://evil.example/pixel.png)",
    "@octocat please merge",
    "see #1 and https://evil.example/auto and www.evil.example",
    "`code` ``` closes | a | cell",
    "` leading and trailing backtick `",
    "**bold** _em_ <!-- comment -->",
    "a\\|b \\ and a trailing backslash \\",
    "line one\nline two\r\n| --- | --- |",
];
/** Terminal control: OSC 52 (clipboard), SGR, a C1 CSI that clears the screen, BEL, CR, a bidi override. */
const TERMINAL = "ok\x1b]52;c;ZXZpbA==\x07\x1b[31m red\x1b[0m \u009b2J \rhidden \u202egnp.exe";
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const markdown = new MarkdownIt({ html: true, linkify: true });

/** The rendered HTML with every <code> element's content removed: what GitHub would still interpret. */
function outsideCode(html: string): string {
    return html.replace(/<code>[\s\S]*?<\/code>/g, "<code></code>");
}

function codeTexts(html: string): string[] {
    return [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) =>
        m[1]
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&quot;/g, '"')
            .replace(/&amp;/g, "&"),
    );
}

/** Nothing a value could have injected survives outside code spans. */
function expectInert(html: string, value: string): void {
    const rest = outsideCode(html);
    const tags = [...rest.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase());
    expect(
        tags.filter((t) => !["h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "strong"].includes(t)),
        `${JSON.stringify(value)} -> ${html}`,
    ).to.deep.equal([]);
    expect(rest, JSON.stringify(value)).to.not.match(/@octocat|evil\.example|#1\b|<!--|onerror/);
}

function previewWith(fields: {
    name?: string;
    registrationName?: string;
    azureTenant?: string;
    subscription?: string;
    diagnostic?: string;
}): PreviewDigest {
    const urn = `urn:pulumi:e2e::csp-tenant-mappings::${TYPE}::${fields.name ?? "contoso@east"}`;
    const registrationId = `${REGISTRATION}/${fields.registrationName ?? "azurestack-stamp2"}`;
    const subscription = fields.subscription ?? C(3);
    const recorded = { tenantId: T(3), customerSubscriptionId: subscription, registrationId };
    return {
        steps: [
            {
                op: "refresh",
                urn,
                oldState: { urn, type: TYPE, id: `${registrationId}/customerSubscriptions/${subscription}`, outputs: recorded },
                newState: { urn, type: TYPE, outputs: recorded },
            },
            {
                op: "update",
                urn,
                oldState: { urn, type: TYPE, outputs: { ...recorded, tenantId: fields.azureTenant ?? T(80) } },
                newState: { urn, type: TYPE, inputs: { tenantId: T(3), customerSubscriptionId: subscription, registrationId } },
            },
        ],
        diagnostics: fields.diagnostic === undefined ? [] : [{ severity: "error", urn, message: fields.diagnostic }],
    };
}

describe("reports quote Azure's strings safely", () => {
    describe("drift-report (job summary and issue)", () => {
        for (const value of HOSTILE) {
            it(`renders ${JSON.stringify(value)} as text, in every cell and in the errors`, () => {
                for (const fields of [
                    { name: value },
                    { registrationName: value },
                    { azureTenant: value },
                    { subscription: value },
                    { diagnostic: value },
                ]) {
                    const text = renderMarkdown(driftReport(previewWith(fields)));
                    const html = markdown.render(text);
                    expectInert(html, value);
                    // The table keeps its 7 columns: no value splits or ends a row.
                    for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) expect(row.match(/<t[dh]>/g), row).to.have.length(7);
                    // The value reads back from one code span as it is, on one line (the registration: its name, after the last '/').
                    const shown = ("registrationName" in fields ? value.split("/").pop()! : value).replace(/\r?\n/g, " ");
                    if ("diagnostic" in fields) {
                        // One line per error: the message's first line.
                        expect(codeTexts(html), html).to.include(`contoso@east: ${value.trim().split(/\r?\n/)[0]}`);
                    } else if (!/^[\w-]*$/.test(shown)) {
                        expect(codeTexts(html), html).to.include(shown);
                    }
                }
            });
        }

        it("flags a tenant from Azure that is not a GUID", () => {
            const text = renderMarkdown(driftReport(previewWith({ azureTenant: "@octocat" })));
            expect(text).to.include("| not a GUID: `@octocat` |");
        });

        it("the command prints no terminal escape sequence from a value", () => {
            const dir = mkdtempSync(path.join(tmpdir(), "report-escaping-"));
            const file = path.join(dir, "preview.json");
            writeFileSync(file, JSON.stringify(previewWith({ azureTenant: TERMINAL, diagnostic: `AuthorizationFailed: ${TERMINAL}` })));
            const result = runCommandSync(process.execPath, [CLI, "drift-report", file], {
                env: { ...process.env, GITHUB_STEP_SUMMARY: "" },
            });
            rmSync(dir, { recursive: true, force: true });
            expect(result.code, result.stderr).to.equal(2);
            expect(result.stdout).to.include("ok").and.include("red").and.include("gnp.exe");
            expect(result.stdout).to.not.match(CONTROL);
        });
    });

    describe("export --check (job summary and issue)", () => {
        for (const value of HOSTILE) {
            it(`renders ${JSON.stringify(value)} as text in the undeclared table and the conflicts`, () => {
                const result: MergeResult = {
                    mappings: 2,
                    added: 1,
                    alreadyDeclared: 0,
                    undeclared: [{ stamp: value, customerSubscriptionId: value, tenantId: value }],
                    conflicts: [
                        quoted`${`csp-tenant-mappings:tenants.${value}`} maps ${C(1)} to tenant ${value} on east: correct the file`,
                    ],
                };
                const html = markdown.render(undeclaredReport(result, "Pulumi.prod.yaml"));
                expectInert(html, value);
                for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) expect(row.match(/<t[dh]>/g), row).to.have.length(3);
                expect(html).to.include("not a GUID: <code>");
            });
        }
    });

    describe("ids from ARM's answers", () => {
        const registrationId = `${REGISTRATION}/azurestack-stamp1`;

        it("a listed mapping whose tenant or subscription is not a GUID refuses the listing", () => {
            expect(
                listedMapping(
                    { id: `${registrationId}/customerSubscriptions/${C(1)}`, properties: { tenantId: T(1).toUpperCase() }, etag: "e" },
                    0,
                    registrationId,
                ),
            ).to.deep.equal({
                id: `${registrationId}/customerSubscriptions/${C(1)}`,
                customerSubscriptionId: C(1),
                tenantId: T(1),
                etag: "e",
            });
            for (const value of [...HOSTILE, TERMINAL, `${T(1)} `, ""]) {
                expect(
                    () =>
                        listedMapping(
                            { id: `${registrationId}/customerSubscriptions/${C(1)}`, properties: { tenantId: value } },
                            2,
                            registrationId,
                        ),
                    value,
                ).to.throw(/^InvalidArmResponse: mapping 3 of .* has a tenantId that is not a GUID/);
                if (value.trim() === T(1)) continue; // a name's surrounding spaces are not part of it
                expect(
                    () => listedMapping({ name: value.replace(/\//g, ""), properties: { tenantId: T(1) } }, 0, registrationId),
                    value,
                ).to.throw(/has a customer subscription id that is not a GUID/);
            }
        });

        it("progress and the list table print Azure's messages and codes without escape sequences", () => {
            let written = "";
            const stream = {
                isTTY: true,
                write: (text: string) => {
                    written += text;
                    return true;
                },
            } as unknown as NodeJS.WriteStream;
            new Progress(stream).failed("east", `Forbidden: ${TERMINAL}\nsecond line`);
            // Progress's own \r\x1b[2K (rewrite the line in place) is the only control sequence.
            expect(written.replace(/\r\x1b\[2K/g, "")).to.not.match(CONTROL);
            expect(written).to.include("second line");

            const table = listTable([
                { key: "east", registrationId, error: { code: TERMINAL, message: TERMINAL } },
                { key: "west", registrationId, mappings: [{ id: "x", customerSubscriptionId: C(1), tenantId: T(1), etag: null }] },
            ]);
            expect(table).to.not.match(CONTROL);
            expect(table).to.match(new RegExp(`^west +${C(1)} +${T(1)}$`, "m"));
        });

        it("list --json escapes what JSON.stringify leaves raw, and parses back to the same values", () => {
            const value = { etag: TERMINAL, error: { code: "\u009b2J", message: "a\u2028b\u202ec" } };
            const json = printableJson(value, 2);
            expect(json)
                .to.not.match(CONTROL)
                .and.not.match(/[\u2028\u2029]/);
            expect(JSON.parse(json)).to.deep.equal(value);
        });
    });
});
