# The per-machine tool cache (TOOLS_DIR, lib.sh): one entry per tool and version (a Node, a Pulumi engine,
# the Azure clients' venv, a pnpm). Sourced by lib.sh, never executed.
#
# An entry is built whole in a staging directory beside it (<entry>.build-XXXXXX), checked, given the
# completion marker last, and published by renaming a symlink onto the entry's name: a reader sees the
# previous entry or the complete new one, never a half-written one. The staging directory is never renamed
# (a Python venv records its own path). An entry whose marker is missing or whose check fails (a binary that
# does not run, reports another version or lost bytes; a venv missing a package) is rebuilt the same way;
# processes still running the old one keep it until they exit. One build per entry at a time (flock).

CACHE_MARKER=".csm-complete"

# The marker lists the size of every regular file directly in the entry's bin/: a truncated binary is
# caught without running it.
write_cache_marker() {
  (cd "$1" && { [ ! -d bin ] || find bin -maxdepth 1 -type f -printf '%s %p\n' | sort; }) > "$1/$CACHE_MARKER.tmp"
  mv "$1/$CACHE_MARKER.tmp" "$1/$CACHE_MARKER"
}

# Why an entry is not usable ("" when it is): no marker, a file of another size than the marker says, or
# the entry's own check (a function taking the directory and printing the problem) failing.
cache_entry_problem() {
  local dir="$1" check="$2" size file problem
  if [ ! -f "$dir/$CACHE_MARKER" ]; then
    if [ -e "$dir" ]; then echo "no completion marker ($CACHE_MARKER)"; else echo "missing"; fi
    return
  fi
  while read -r size file; do
    [ -n "$file" ] || continue
    if [ ! -f "$dir/$file" ] || [ "$(stat -c %s "$dir/$file")" != "$size" ]; then
      echo "$file is not the $size bytes it was built with"
      return
    fi
  done < "$dir/$CACHE_MARKER"
  problem="$("$check" "$dir" 2>&1)" || echo "${problem:-its check failed}"
}

cache_entry_ready() { [ -z "$(cache_entry_problem "$1" "$2")" ]; }

# cache_check_mode <check> "$@": an ensure script's `--check <dir>`: prints why <dir> is not a usable entry
# (nothing when it is) and exits, for people and the tool-cache tests. Without --check, returns.
cache_check_mode() {
  local check="$1" problem
  shift
  [ "${1:-}" = --check ] || return 0
  problem="$(cache_entry_problem "$2" "$check")"
  [ -z "$problem" ] || { echo "$problem"; exit 1; }
  exit 0
}

# ensure_cache_entry <entry> <check> <build command...>: makes <entry> ready, building it with
# `<build command...> <staging dir>` when it is missing or broken. The build is a process of its own (each
# ensure script runs itself with --build), so that `set -e` stops it at its first failure: inside a
# function called from a condition, bash ignores `set -e`. An entry the scripts made before the marker
# existed (a plain directory) that passes <check> is adopted: marked in place instead of rebuilt.
ensure_cache_entry() {
  local entry="$1" check="$2" problem lock staging
  local build=("${@:3}")
  cache_entry_ready "$entry" "$check" && return 0
  mkdir -p "$(dirname "$entry")"
  exec {lock}>"$entry.lock"
  if ! flock -n "$lock"; then
    log "another process is building $entry; waiting for it"
    flock "$lock"
  fi
  problem="$(cache_entry_problem "$entry" "$check")"
  if [ -z "$problem" ]; then
    exec {lock}>&-
    return 0
  fi
  if [ -d "$entry" ] && [ ! -L "$entry" ] && [ ! -f "$entry/$CACHE_MARKER" ] && [ -z "$("$check" "$entry" 2>&1)" ]; then
    write_cache_marker "$entry"
    if cache_entry_ready "$entry" "$check"; then
      exec {lock}>&-
      return 0
    fi
  fi
  [ "$problem" = missing ] || log "the cached $(basename "$entry") is not usable ($problem): rebuilding it"
  # Staging directories of builds that died (this lock is held, so none is running).
  local current
  current="$(readlink -f "$entry" 2>/dev/null || true)"
  for leftover in "$entry".build-* "$entry".old-*; do
    if [ -e "$leftover" ] && [ "$(readlink -f "$leftover")" != "$current" ]; then rm -rf "$leftover"; fi
  done
  staging="$(mktemp -d "$entry.build-XXXXXX")"
  chmod 755 "$staging"
  if ! "${build[@]}" "$staging"; then
    rm -rf "$staging"
    exec {lock}>&-
    return 1
  fi
  write_cache_marker "$staging"
  problem="$(cache_entry_problem "$staging" "$check")"
  if [ -n "$problem" ]; then
    log "the newly built $(basename "$entry") is not usable ($problem)"
    rm -rf "$staging"
    exec {lock}>&-
    return 1
  fi
  publish_cache_entry "$entry" "$staging"
  exec {lock}>&-
}

# Points <entry> at <staging> with one rename; removes what it pointed at before.
publish_cache_entry() {
  local entry="$1" staging="$2" link="$1.link-$$" previous=""
  ln -sfn "$(basename "$staging")" "$link"
  if [ -L "$entry" ]; then
    previous="$(readlink -f "$entry" || true)"
  elif [ -e "$entry" ]; then
    previous="$entry.old-$$"
    mv "$entry" "$previous"
  fi
  mv -T "$link" "$entry"
  if [ -n "$previous" ] && [ "$previous" != "$(readlink -f "$staging")" ]; then rm -rf "$previous"; fi
}

# An npm tool: packages the tests use that stay out of this repository's devDependencies, because every
# `npm ci` of it (a fresh clone's set-up, CI's, the workflows' and the release's) and every git install's
# prepare installs all of those. scripts/<name>-tool/ holds its package.json (the pinned packages) and
# package-lock.json (every package under them); `npm ci` installs them into the entry <name>-tool-<lockfile
# hash>, so a changed pin or lockfile is a new entry. scripts/ensure-<name>.sh is `ensure_npm_tool <name> "$@"`.
npm_tool_manifest() { echo "$PROJECT_ROOT/scripts/$1-tool"; }
npm_tool_entry() { echo "$TOOLS_DIR/$1-tool-$(sha256sum "$(npm_tool_manifest "$1")/package-lock.json" | cut -c1-12)"; }

# The entry's check: every package the manifest pins is installed at its version, with the files its
# package.json names as main and bin. NPM_TOOL_MANIFEST is set by ensure_npm_tool.
npm_tool_check() {
  node -e '
    const fs = require("node:fs"), path = require("node:path");
    const [manifest, entry] = process.argv.slice(1);
    for (const [name, pinned] of Object.entries(require(path.join(manifest, "package.json")).dependencies)) {
      const dir = path.join("node_modules", name);
      let installed;
      try { installed = JSON.parse(fs.readFileSync(path.join(entry, dir, "package.json"), "utf8")); }
      catch { console.log(`${dir} is missing`); process.exit(1); }
      if (installed.version !== pinned) { console.log(`${name} is ${installed.version}, not ${pinned}`); process.exit(1); }
      const bins = typeof installed.bin === "string" ? [installed.bin] : Object.values(installed.bin ?? {});
      for (const file of [installed.main, ...bins].filter(Boolean)) {
        const relative = path.join(dir, file);
        if (!fs.existsSync(path.join(entry, relative))) { console.log(`${relative} is missing`); process.exit(1); }
      }
    }' "$NPM_TOOL_MANIFEST" "$1"
}

# ensure_npm_tool <name> "$@": an ensure script's whole body. With --check <dir>, prints why <dir> is not a
# usable entry; with --build <staging dir> (ensure_cache_entry's build, a process of its own with Node 22 on
# PATH), installs the manifest there; otherwise makes the entry ready and prints its directory.
ensure_npm_tool() {
  local name="$1" entry
  shift
  NPM_TOOL_MANIFEST="$(npm_tool_manifest "$name")"
  cache_check_mode npm_tool_check "$@"
  if [ "${1:-}" = --build ]; then
    log "installing $name from the npm registry into the tool cache ($(npm_tool_entry "$name"))"
    cp "$NPM_TOOL_MANIFEST/package.json" "$NPM_TOOL_MANIFEST/package-lock.json" "$2/"
    cd "$2"
    # Install scripts stay off: none of these tools needs one (protobufjs' under Azurite is denied in this
    # repository's package.json too, allowScripts).
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2 || { log "could not install $name from the npm registry"; exit 1; }
    exit 0
  fi
  PATH="$("$PROJECT_ROOT/scripts/ensure-node.sh"):$PATH"
  entry="$(npm_tool_entry "$name")"
  ensure_cache_entry "$entry" npm_tool_check bash "$PROJECT_ROOT/scripts/ensure-$name.sh" --build
  echo "$entry"
}
