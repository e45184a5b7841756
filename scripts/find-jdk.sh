# Sourced by ./llmforge, ./mvnw and .ci/run: points JAVA_HOME at a JDK 25 or stops with the reason.
# Order: $JAVA_HOME if it is 25+, then the usual install folders.
llmforge_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
llmforge_find_jdk() {
  local cand major
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /opt/java/*25* "$HOME"/.sdkman/candidates/java/25*; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] || continue
    major=$(llmforge_java_major "$cand")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$cand"; return 0
    fi
  done
  echo "llmforge: no JDK 25 found. Install one (e.g. Temurin 25) and set JAVA_HOME to it;" >&2
  echo "          looked at \$JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm/*25*." >&2
  return 1
}
