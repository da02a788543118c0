#!/usr/bin/env node
/**
 * `npm start` builds first; this skips the build (about 5 s of type-checking) when nothing under
 * src/, migrations/ or scripts/ changed since the last one.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const marker = path.join(root, 'dist', '.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ['src', 'migrations', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'].map((p) =>
  path.join(root, p),
);
const newestSource = Math.max(
  ...sources.filter(fs.existsSync).map((p) => (fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)),
);
const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
if (newestSource > built || !fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
  execSync('npx nest build', { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(marker, new Date().toISOString());
}
