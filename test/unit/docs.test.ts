/**
 * The documentation holds together: the README stays short (deep material lives in docs/), and every relative
 * Markdown link and `#anchor` in README.md, CONTRIBUTING.md, docs/*.md and examples/**\/README.md points at a
 * file that exists and, for an anchor, at a heading that file has (GitHub's heading ids).
 */
import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..", "..");
const README_LIMIT_BYTES = 12_288;

/** The id GitHub gives a heading: lower case, punctuation dropped (but `-` and `_`), spaces to hyphens. */
export function headingId(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/<[^>]*>/g, "")
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

/** Fenced code blocks and code spans removed, so that a link shown as code is not checked. */
function prose(markdown: string): string {
    return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** The anchors a Markdown file offers: its headings' ids, numbered as GitHub numbers repeated ones. */
export function anchorsOf(markdown: string): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
    for (const m of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
        const id = headingId(m[1]);
        const n = seen.get(id) ?? 0;
        anchors.add(n === 0 ? id : `${id}-${n}`);
        seen.set(id, n + 1);
    }
    return anchors;
}

/** Every inline link target in the file's prose: `[text](target)` and `![alt](target)`, titles dropped. */
export function linkTargets(markdown: string): string[] {
    return [...prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** The broken relative links of `file` (a path under `root`), each as "target: why". */
export function brokenLinks(root: string, file: string): string[] {
    const read = (f: string) => readFileSync(f, "utf8");
    const broken: string[] = [];
    const source = path.join(root, file);
    for (const target of linkTargets(read(source))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and other absolute URLs
        const [rawPath, anchor] = target.split("#", 2) as [string, string | undefined];
        const resolved = rawPath === "" ? source : path.resolve(path.dirname(source), decodeURIComponent(rawPath));
        if (!resolved.startsWith(root + path.sep) && resolved !== root) {
            broken.push(`${target}: outside the repository`);
            continue;
        }
        if (!existsSync(resolved)) {
            broken.push(`${target}: no such file or directory`);
            continue;
        }
        if (anchor === undefined) continue;
        if (statSync(resolved).isDirectory() || !resolved.endsWith(".md")) {
            broken.push(`${target}: an anchor into something that is not a Markdown file`);
        } else if (!anchorsOf(read(resolved)).has(anchor)) {
            broken.push(`${target}: ${path.relative(root, resolved)} has no heading with the id '${anchor}'`);
        }
    }
    return broken;
}

/** README.md, CONTRIBUTING.md, docs/*.md and examples/**\/README.md, relative to the repository root. */
function documentationFiles(): string[] {
    const files = ["README.md", "CONTRIBUTING.md"];
    for (const f of readdirSync(path.join(ROOT, "docs"))) if (f.endsWith(".md")) files.push(path.join("docs", f));
    const walk = (dir: string): void => {
        for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
            const rel = path.join(dir, entry.name);
            if (entry.isDirectory() && entry.name !== "node_modules") walk(rel);
            else if (entry.isFile() && entry.name === "README.md") files.push(rel);
        }
    };
    walk("examples");
    return files;
}

describe("Documentation", () => {
    it(`README.md is at most ${README_LIMIT_BYTES.toLocaleString("en")} bytes (deep material belongs in docs/)`, () => {
        expect(statSync(path.join(ROOT, "README.md")).size).to.be.at.most(README_LIMIT_BYTES);
    });

    it("the files it checks include the README, CONTRIBUTING, docs/ and the examples' READMEs", () => {
        const files = documentationFiles();
        expect(files).to.include.members([
            "README.md",
            "CONTRIBUTING.md",
            path.join("docs", "performance.md"),
            path.join("examples", "README.md"),
            path.join("examples", "github-actions", "README.md"),
        ]);
    });

    for (const file of documentationFiles()) {
        it(`every relative link and anchor in ${file} resolves`, () => {
            expect(brokenLinks(ROOT, file), file).to.deep.equal([]);
        });
    }

    describe("the link check itself", () => {
        let dir: string;
        before(() => {
            dir = mkdtempSync(path.join(tmpdir(), "docs-links-"));
            mkdirSync(path.join(dir, "sub"));
            writeFileSync(path.join(dir, "b.md"), "# B heading\n");
            writeFileSync(path.join(dir, "sub", "c.md"), "[ok](../b.md#b-heading) [bad](../b.md#b) [bad](c.md#nope)\n## Here\n");
            writeFileSync(
                path.join(dir, "a.md"),
                [
                    "# Title",
                    "## Faults during `pulumi up`: the stack converges",
                    "## State on Azure Blob Storage (`azblob://`)",
                    "## Notes",
                    "## Notes",
                    "[ok](#title) [ok](#faults-during-pulumi-up-the-stack-converges) [ok](#state-on-azure-blob-storage-azblob)",
                    "[ok](#notes-1) [ok](b.md#b-heading) [ok](sub) [ok](https://example.com/x#y) `[not a link](missing.md)`",
                    "[bad](#no-such-heading) [bad](missing.md) [bad](b.md#nope) [bad](#notes-2) [bad](sub#here) [bad](../outside.md)",
                    "```",
                    "[not a link](also-missing.md)",
                    "```",
                ].join("\n"),
            );
        });
        after(() => rmSync(dir, { recursive: true, force: true }));

        it("gives headings GitHub's ids", () => {
            expect(headingId("Where the time goes, and what changed")).to.equal("where-the-time-goes-and-what-changed");
            expect(headingId("After a killed `pulumi up`")).to.equal("after-a-killed-pulumi-up");
            expect(headingId("State on Azure Blob Storage (`azblob://`)")).to.equal("state-on-azure-blob-storage-azblob");
        });

        it("reports each missing file, missing anchor and link out of the tree, and nothing else", () => {
            expect(brokenLinks(dir, "a.md")).to.deep.equal([
                "#no-such-heading: a.md has no heading with the id 'no-such-heading'",
                "missing.md: no such file or directory",
                "b.md#nope: b.md has no heading with the id 'nope'",
                "#notes-2: a.md has no heading with the id 'notes-2'",
                "sub#here: an anchor into something that is not a Markdown file",
                "../outside.md: outside the repository",
            ]);
            expect(brokenLinks(dir, path.join("sub", "c.md"))).to.deep.equal([
                "../b.md#b: b.md has no heading with the id 'b'",
                "c.md#nope: sub/c.md has no heading with the id 'nope'",
            ]);
        });
    });
});
