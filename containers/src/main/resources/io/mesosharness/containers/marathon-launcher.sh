# mesos-harness launcher for Marathon (POSIX sh, run as `sh -c <this> marathon <entrypoint> <flags>`):
# 1. LIBPROCESS_IP and LIBPROCESS_ADVERTISE_IP default to the container's own address;
# 2. with MESOS_HARNESS_CDS_DIR set, Marathon's JVM uses the class-data archive kept there, or writes one when it
#    exits (then this shell stays Marathon's parent, forwards SIGTERM and keeps Marathon's exit code);
# 3. exec the real entrypoint.
ip=$(hostname -i 2>/dev/null); ip=${ip%% *}
if [ -n "$ip" ]; then
  export LIBPROCESS_IP="${LIBPROCESS_IP:-$ip}" LIBPROCESS_ADVERTISE_IP="${LIBPROCESS_ADVERTISE_IP:-$ip}"
fi
dir=$MESOS_HARNESS_CDS_DIR
[ -n "$dir" ] || exec "$@"
say() { echo "mesos-harness: class-data archive: $*"; }
archive=$dir/marathon.jsa
case "$JAVA_OPTS" in
  *SharedArchiveFile*|*ArchiveClassesAtExit*|*-Xshare:off*)
    say "not used (JAVA_OPTS sets class-data sharing itself)"; exec "$@" ;;
esac
java=${JAVA_HOME:+$JAVA_HOME/bin/java}
[ -x "$java" ] || java=$(command -v java)
home=$(dirname "$(dirname "$(readlink -f "$java" 2>/dev/null)")")
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
if [ -z "$major" ] || [ "$major" -lt 13 ]; then
  say "not used (needs Java 13 or later; $home/release says '${major:-nothing}')"; exec "$@"
fi
if [ -s "$archive" ]; then
  export JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$archive"
  say "using $archive"; exec "$@"
fi
tries=$(ls "$dir" 2>/dev/null | grep -c '^try\.')
if [ ! -d "$dir" ] || [ ! -w "$dir" ]; then
  say "not used ($dir missing or not writable by uid $(id -u))"; exec "$@"
fi
if [ "$tries" -ge 2 ]; then
  say "not used ($tries earlier starts wrote none; ./mesos-harness sweep --caches starts over)"; exec "$@"
fi
tmp=$archive.$(hostname).$$
touch "$dir/try.$(hostname).$$"
export JAVA_OPTS="$JAVA_OPTS -XX:ArchiveClassesAtExit=$tmp"
say "writing $archive when Marathon exits"
pid=
trap '[ -n "$pid" ] && kill -TERM $pid 2>/dev/null' TERM INT
"$@" &
pid=$!
wait $pid; rc=$?
while kill -0 $pid 2>/dev/null; do wait $pid; rc=$?; done
if [ -s "$tmp" ] && mv -f "$tmp" "$archive"; then
  rm -f "$dir"/try.*; say "written"
fi
rm -f "$tmp"
exit $rc
