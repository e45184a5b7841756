#!/usr/bin/env bash
# Rebuilds data/demo/ from Debian packages already on the machine (no network at run time):
#   apt-get install wordnet-base jargon-text fortunes-zh
# The corpus files are committed; run this only to regenerate them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/find-jdk.sh"
llmforge_find_jdk || exit 1
for f in /usr/share/wordnet/data.noun /usr/share/doc/jargon-text/jargon.txt.gz /usr/share/games/fortunes/tang300; do
  [ -e "$f" ] || { echo "missing $f: apt-get install wordnet-base jargon-text fortunes-zh" >&2; exit 1; }
done
cd "$here"
"$JAVA_HOME/bin/java" data/BuildDemoCorpus.java
cp /usr/share/doc/wordnet-base/copyright data/demo/LICENSE-wordnet.txt
cp /usr/share/doc/jargon-text/copyright data/demo/LICENSE-jargon-file.txt
cp /usr/share/doc/fortunes-zh/copyright data/demo/LICENSE-fortunes-zh.txt
