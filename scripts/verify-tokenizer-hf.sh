#!/usr/bin/env bash
# Cross-check llmforge's tokenizer.json against the HuggingFace `tokenizers` library (official Node
# binding, npm package "tokenizers", Rust core): train three tokenizers with llmforge (byte-level BPE with
# the GPT-2 split, byte-level BPE with the LLaMA-3 split, lower-cased WordPiece), encode one mixed test
# text with `llmforge tokenizer encode` and with scripts/verify-tokenizer-hf.mjs, and diff the ids.
# Exits 0 only if every line gives identical ids for all three.
#
#   scripts/verify-tokenizer-hf.sh [WORKDIR]
#
# Env: LLMFORGE (default ./llmforge), HF_TOKENIZERS_VERSION (default 0.23.2), VOCAB (default 4096),
#      NPM_PREFIX (where to npm-install "tokenizers"; default WORKDIR/npm), KEEP=1 keeps WORKDIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
llmforge="${LLMFORGE:-./llmforge}"
version="${HF_TOKENIZERS_VERSION:-0.23.2}"
vocab="${VOCAB:-4096}"
work="${1:-$(mktemp -d /tmp/verify-tokenizer-hf.XXXXXX)}"
mkdir -p "$work"
[ -n "${1:-}" ] || [ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
prefix="${NPM_PREFIX:-$work/npm}"

command -v node >/dev/null || { echo "verify-tokenizer-hf: node is needed" >&2; exit 2; }
if ! (cd "$prefix" 2>/dev/null && node -e "require('tokenizers')" 2>/dev/null); then
  echo "verify-tokenizer-hf: npm install tokenizers@$version into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "tokenizers@$version" >&2
fi
hfver=$(cd "$prefix" && node -p "require('tokenizers/package.json').version")
echo "HF tokenizers (npm 'tokenizers') $hfver, $(node --version)"

inputs=(data/demo/reference data/demo/tech data/demo/chinese)

# --- 1. train -------------------------------------------------------------------------------------
train() { # name, extra args...
  local name="$1"; shift
  if [ ! -f "$work/$name/tokenizer.json" ]; then
    echo "verify-tokenizer-hf: training $name" >&2
    "$llmforge" tokenizer train --input "${inputs[@]}" --vocab-size "$vocab" "$@" \
      --output "$work/$name/tokenizer.json" >&2
  fi
}
train bpe-gpt2
train bpe-llama3 --regex llama3
train wordpiece --type wordpiece --lowercase

# --- 2. test text: ~2,000 lines ---------------------------------------------------------------------
text="$work/test.txt"
{
  # hand-written edge cases
  printf '%s\n' \
    'Hello world' 'Hello, world!' '  leading spaces' 'trailing spaces   ' 'tab	separated	values' \
    'multiple     internal      spaces' "it's they're we'll I'd you've she'S DON'T" \
    'The year 2024 had 366 days; pi=3.14159, e=2.71828, 1,000,000 and 12345678901234567890.' \
    'x = foo(bar, baz) + qux[0] * 2;  // comment' 'def f(x):' '    return x ** 2' \
    'for (int i = 0; i < n; i++) { sum += a[i]; }' '#include <stdio.h>' \
    'if __name__ == "__main__":' '		double tab indent' '   ' ' ' '' 'a' '!!!???...' \
    '中文分词测试：今天天气很好。' '床前明月光，疑是地上霜。' '混合 mixed 文本 text 123' \
    'emoji 😀 😃 🎉 👍🏽 👨‍👩‍👧‍👦 ❤️ 🇺🇸' 'Ünïcödé àccénts café naïve résumé' 'Ελληνικά Русский язык العربية हिन्दी 日本語 한국어' \
    'URL https://example.com/path?q=1&r=2#frag' 'email someone@example.org' \
    'snake_case camelCase PascalCase kebab-case SCREAMING_CASE' '$HOME ~/x/y.txt C:\Windows\System32' \
    '\n \t literal backslashes' '😀😀😀😀😀😀😀😀' 'ﬁ ligature ＦＵＬＬＷＩＤＴＨ ① ½ ™' \
    'zero​width joiner‍ and nbsp here' 'a  b   c    d     e' '1 22 333 4444 55555 666666' \
    "'s 's 'S 're 've 'm 'll 'd" 'end with space ' '<|endoftext|> inside text' '[CLS] [SEP] [MASK] [UNK] [PAD]'
  # generated numbers, code and whitespace runs
  for i in $(seq 1 60); do
    printf 'n%d = %d * %d + %d.%03d  # %s\n' "$i" $((i * 7919)) $((i * i)) $((i % 13)) $((i * 37 % 1000)) "item-$i"
    printf '%*sindent %d%*s|\n' $((i % 9)) '' "$i" $((i % 5)) ''
  done
  # emoji / mixed scripts
  emoji=(😀 🎉 👍🏽 👨‍👩‍👧‍👦 ❤️ 🇯🇵 🤖 ✨ 🔥 ½ ™ ①)
  words=(the 中文 code Ωμέγα привет 123 x_y "  " café 日本 🙂 ÀÉÎ)
  for i in $(seq 0 59); do
    printf '%s %s%s %s\t%s\n' "${words[i % 12]}" "${emoji[i % 12]}" "${emoji[(i * 5) % 12]}" "${words[(i * 7) % 12]}" "${emoji[(i * 3) % 12]}"
  done
  # demo corpus lines (English, technical, Chinese)
  for f in data/demo/reference/*.gz data/demo/tech/*.gz data/demo/chinese/*.gz data/demo/dirty/*.gz; do
    { zcat "$f" || true; } | head -c 400000 | node -e '
      const rl = require("readline").createInterface({ input: process.stdin });
      const out = [];
      rl.on("line", l => { try { for (const s of JSON.parse(l).text.split(/\r?\n|\r/)) if (s.trim() && out.length < 480) out.push(s); } catch (e) {} });
      rl.on("close", () => process.stdout.write(out.join("\n") + "\n"));'
  done
} | tr -d '\r' > "$text"
lines=$(wc -l < "$text")

# --- 3. encode with both and diff --------------------------------------------------------------------
status=0
for name in bpe-gpt2 bpe-llama3 wordpiece; do
  # --special: HF always matches added/special-token text inside the input, so llmforge must too
  "$llmforge" tokenizer encode --special --tokenizer "$work/$name/tokenizer.json" < "$text" > "$work/$name.llmforge.ids"
  node scripts/verify-tokenizer-hf.mjs "$work/$name" "$text" --modules "$prefix" > "$work/$name.hf.ids"
  differ=$(paste -d '\t' "$work/$name.llmforge.ids" "$work/$name.hf.ids" | awk -F '\t' '$1 != $2' | wc -l)
  a=$(wc -l < "$work/$name.llmforge.ids"); b=$(wc -l < "$work/$name.hf.ids")
  [ "$a" = "$lines" ] && [ "$b" = "$lines" ] || { echo "$name: line counts differ (text $lines, llmforge $a, hf $b)"; differ=$((differ + 1)); }
  echo "$name: $lines lines, $differ differ"
  if [ "$differ" != 0 ]; then
    status=1
    for n in $(paste -d '\t' "$work/$name.llmforge.ids" "$work/$name.hf.ids" | awk -F '\t' '$1 != $2 { print NR; if (++k == 5) exit }'); do
      echo "  line $n: $(sed -n "${n}p" "$text")"
      echo "    llmforge: $(sed -n "${n}p" "$work/$name.llmforge.ids")"
      echo "    hf:       $(sed -n "${n}p" "$work/$name.hf.ids")"
    done
  fi
done
[ $status = 0 ] && echo "verify-tokenizer-hf: all identical" || echo "verify-tokenizer-hf: DIFFERENCES (work dir $work)"
exit $status
