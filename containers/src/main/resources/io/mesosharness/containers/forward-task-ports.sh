# Runs in a Docker-containerizer agent's container, before the agent (see MesosAgentContainer#withContainerizers).
# Marathon's own HTTP, HTTPS and TCP health checks and its readiness checks connect to <agent host>:<host port>. On a
# real agent the Docker host is the agent; here the agent is a container and its Docker tasks publish their ports on
# the Docker host (BRIDGE) or listen in its network (HOST). So each host port of this agent's running task containers
# is forwarded, with NAT rules in the agent's own network namespace (CAP_NET_ADMIN), to the Docker host's address on
# the cluster network. Ports of command tasks, which listen in this namespace, are never touched: Mesos gives a port to
# one task at a time. Arguments: the Docker host's address on the cluster network, the agent's work dir.
gateway=$1
work_dir=$2
state=/tmp/mesos-harness-forwarded
log() { echo "mesos-harness forward-task-ports: $*" >&2; }

if ! iptables -w -t nat -S >/dev/null 2>&1; then
    log "no iptables (or no CAP_NET_ADMIN) in this agent: Marathon's HTTP/TCP checks of its Docker tasks cannot" \
        "reach them; use an agent image with iptables (Debian's docker.io brings it), see docs/DOCKER-APPS.md"
    exit 0
fi
rm -rf "$state" && mkdir -p "$state"

# rules A|D PROTO PORT: adds or deletes the three rules of a port (each on its own, so that a delete cleans up what it can)
rules() {
    ok=0
    iptables -w -t nat "-$1" PREROUTING -p "$2" --dport "$3" -j DNAT --to-destination "$gateway:$3" || ok=1
    iptables -w -t nat "-$1" OUTPUT -p "$2" ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL --dport "$3" \
        -j DNAT --to-destination "$gateway:$3" || ok=1
    iptables -w -t nat "-$1" POSTROUTING -p "$2" -d "$gateway" --dport "$3" -j MASQUERADE || ok=1
    return $ok
}

# The "proto port" lines of a task container of this agent: its published ports (BRIDGE), or with the host's network
# the ports Marathon gave it ($PORTS); nothing for other containers.
ports() {
    docker inspect -f '{{range .Mounts}}mount {{.Source}}{{"\n"}}{{end}}{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}bind {{$p}} {{.HostPort}}{{"\n"}}{{end}}{{end}}{{if eq .HostConfig.NetworkMode "host"}}{{range .Config.Env}}env {{.}}{{"\n"}}{{end}}{{end}}' "$1" 2>/dev/null |
        awk -v dir="$work_dir/" '
            $1 == "mount" && index($2, dir) == 1 { ours = 1 }
            $1 == "bind" && $3 != "" { split($2, p, "/"); found[p[2] " " $3] = 1 }
            $1 == "env" && $2 ~ /^PORTS=/ { n = split(substr($2, 7), ps, ","); for (i = 1; i <= n; i++) if (ps[i] != "") found["tcp " ps[i]] = 1 }
            END { if (!ours) exit 1; for (f in found) print f }'
}

forward() {
    [ -e "$state/$1" ] && return
    list=$(ports "$1") || return
    [ -n "$list" ] || return
    echo "$list" > "$state/$1"
    echo "$list" | while read -r proto port; do
        rules A "$proto" "$port" && log "$proto port $port of task container $2 -> $gateway:$port"
    done
}

unforward() {
    [ -e "$state/$1" ] || return
    while read -r proto port; do
        rules D "$proto" "$port"
    done < "$state/$1"
    rm -f "$state/$1"
}

while true; do
    since=$(date +%s)
    {
        # containers that run already (an agent recovering them), then every start and end since (again: no gap)
        docker ps --no-trunc --filter name=mesos- --format '{{.ID}} start {{.Names}}'
        docker events --since "$since" --filter type=container --filter event=start --filter event=die \
            --format '{{.Actor.ID}} {{.Action}} {{.Actor.Attributes.name}}'
    } | while read -r id action name; do
        case "$name" in *.executor | "") continue ;; /mesos-* | mesos-*) ;; *) continue ;; esac
        case "$action" in
            start) forward "$id" "$name" ;;
            die) unforward "$id" ;;
        esac
    done
    sleep 1
done
