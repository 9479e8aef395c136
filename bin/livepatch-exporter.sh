# Sourced by bin/klp, bin/kgr and bin/livepatch-exporter with LIVEPATCH_MAIN set.
# The jar is looked for, in order: $LIVEPATCH_EXPORTER_JAR; ../target/ (a build tree); ../ (the
# packages' /usr/share/livepatch-exporter/bin/, also inside an unpacked or alternative root);
# ../share/livepatch-exporter/ (an installation under a prefix); /usr/share/livepatch-exporter/.
# $here is the entry script's directory, found without starting a program.
jar=${LIVEPATCH_EXPORTER_JAR:-}
if [ -z "$jar" ]; then
  for candidate in \
    "$here/../target/livepatch-exporter.jar" \
    "$here/../livepatch-exporter.jar" \
    "$here/../share/livepatch-exporter/livepatch-exporter.jar" \
    /usr/share/livepatch-exporter/livepatch-exporter.jar; do
    if [ -f "$candidate" ]; then
      jar=$candidate
      break
    fi
  done
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "${0##*/}: cannot find livepatch-exporter.jar (run 'mvn package' or set LIVEPATCH_EXPORTER_JAR)" >&2
  exit 1
fi
java=${JAVA:-java}
if [ -n "${JAVA_HOME:-}" ]; then
  if [ ! -x "$JAVA_HOME/bin/java" ]; then
    echo "${0##*/}: JAVA_HOME=$JAVA_HOME has no bin/java: point it at a Java 17 or later runtime, or unset it" >&2
    exit 1
  fi
  java=$JAVA_HOME/bin/java
fi
# Looked for by the shell itself: no program is started, and no /dev/null is needed (an image's
# read-only root may have none).
found=
case $java in
  */*) if [ -x "$java" ]; then found=$java; fi ;;
  *) saved_ifs=$IFS
     IFS=:
     for d in $PATH; do
       if [ -x "${d:-.}/$java" ]; then
         found=${d:-.}/$java
         break
       fi
     done
     IFS=$saved_ifs ;;
esac
if [ -z "$found" ]; then
  echo "${0##*/}: no Java runtime ('$java' not found): install Java 17 or later (Debian and Ubuntu: openjdk-17-jre-headless; SLE: java-17-openjdk-headless; RHEL: java-17-openjdk-headless) or set JAVA_HOME" >&2
  exit 1
fi
# Flags of the entry script ($LIVEPATCH_JVM_FLAGS), then the user's ($LIVEPATCH_JAVA_OPTS, which
# win). The default suits a short-lived command (bench/RESULTS.md): one compiler tier; the
# default collector, because on JDK 17 only G1 maps the JDK archive's heap objects (any other
# collector rebuilds them at every start, about 14 ms); no performance-data file; and the
# class-data archive that `mvn package` leaves next to the jar (scripts/cli-archive.sh), for the
# classes the common commands load.
# The JVM finds the archive's jar through symbolic links and `..`; a JVM that cannot map the
# archive (another Java build, a rebuilt jar) runs without it, silently.
if [ -z "${LIVEPATCH_JVM_FLAGS:-}" ]; then
  LIVEPATCH_JVM_FLAGS="-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xss512k -Xshare:auto"
  archive=${jar%.jar}-cli.jsa
  case $archive in
    *[[:space:]]*) ;;
    *) if [ -r "$archive" ]; then
         LIVEPATCH_JVM_FLAGS="$LIVEPATCH_JVM_FLAGS -XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
       fi ;;
  esac
fi
exec "$java" $LIVEPATCH_JVM_FLAGS \
  ${LIVEPATCH_JAVA_OPTS:-} -cp "$jar" "$LIVEPATCH_MAIN" "$@"
