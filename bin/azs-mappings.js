#!/usr/bin/env node
// The `azs-mappings` command. Plain JavaScript kept in the repository (not compiled) so that npm links the
// command at `npm ci`, before `npm run build` has produced dist/ (a bin pointing into dist/ is skipped then).
"use strict";
require("../dist/cli/main.js").main(process.argv);
