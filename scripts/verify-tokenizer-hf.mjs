// Encode text with the HuggingFace `tokenizers` library (the official Node binding, npm package
// "tokenizers", Rust core) so the ids can be compared with `llmforge tokenizer encode`.
//
//   node scripts/verify-tokenizer-hf.mjs DIR_OR_TOKENIZER_JSON TEXT_FILE [--modules DIR]
//
// Prints one line of space-separated ids per input line (special tokens are NOT added:
// addSpecialTokens=false; special-token text inside a line is still matched, as HF always does).
// --modules DIR: the node_modules folder (or its parent) holding "tokenizers", for an npm --prefix install.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
let modules = null;
const pos = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--modules') modules = args[++i];
  else pos.push(args[i]);
}
if (pos.length !== 2) {
  console.error('usage: verify-tokenizer-hf.mjs DIR_OR_TOKENIZER_JSON TEXT_FILE [--modules DIR]');
  process.exit(2);
}
const base = modules ? path.resolve(modules) : process.cwd();
const require = createRequire(path.join(base, 'package.json'));
const { Tokenizer } = require('tokenizers');

let file = pos[0];
if (fs.statSync(file).isDirectory()) file = path.join(file, 'tokenizer.json');
const tok = Tokenizer.fromFile(file);

let text = fs.readFileSync(pos[1], 'utf8');
if (text.endsWith('\n')) text = text.slice(0, -1);
const lines = text.split('\n');

const out = [];
const BATCH = 256;
for (let i = 0; i < lines.length; i += BATCH) {
  const encs = await tok.encodeBatch(lines.slice(i, i + BATCH), { addSpecialTokens: false });
  for (const e of encs) out.push(e.getIds().join(' '));
}
process.stdout.write(out.join('\n') + '\n');
