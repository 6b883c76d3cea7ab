# Sourced by ./mvnw. Tributary needs JDK 21+; when JAVA_HOME is unset and the default `java` is
# older, pick the newest JDK 21+ under /usr/lib/jvm (or /Library/Java/JavaVirtualMachines) so the
# README's commands work on a fresh machine. An explicit JAVA_HOME is always respected.
tributary_java_major() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
if [ -z "${JAVA_HOME:-}" ]; then
  tributary_default_major="$(tributary_java_major java 2>/dev/null || true)"
  if [ -z "$tributary_default_major" ] || [ "$tributary_default_major" -lt 21 ] 2>/dev/null; then
    for tributary_jdk in $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2>/dev/null | sort -r); do
      if [ -x "${tributary_jdk}bin/javac" ]; then
        tributary_major="$(tributary_java_major "${tributary_jdk}bin/java")"
        if [ -n "$tributary_major" ] && [ "$tributary_major" -ge 21 ] 2>/dev/null; then
          export JAVA_HOME="${tributary_jdk%/}"
          echo "mvnw: default java is ${tributary_default_major:-missing}; using JDK $tributary_major at $JAVA_HOME (Tributary needs 21+)" >&2
          break
        fi
      fi
    done
  fi
fi
