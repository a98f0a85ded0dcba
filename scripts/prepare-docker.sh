#!/usr/bin/env bash
# Brings up what mesos-harness needs from Docker on a machine with no registry access:
#   1. a Docker engine (Debian's docker.io, started by hand when no systemd runs it);
#   2. a Debian base image built with debootstrap + docker import;
#   3. a ZooKeeper image built from that base (OpenJDK headless + ZooKeeper jars);
#   4. iproute2 and socat, for the docker-layer test that reaches the engine over TCP from a network namespace.
# Idempotent: every step is skipped when its result already exists. Safe to run behind a firewall
# as long as Debian's package mirror is reachable.
#
# Environment:
#   MESOS_HARNESS_BASE_IMAGE       name of the base image          (default mesos-harness/debian:bookworm)
#   MESOS_HARNESS_IMAGE_ZOOKEEPER  name of the ZooKeeper image     (default mesos-harness/zookeeper:3.9)
#   MESOS_HARNESS_DEBIAN_MIRROR    mirror for debootstrap          (default: the machine's apt mirror)
set -euo pipefail

BASE_IMAGE=${MESOS_HARNESS_BASE_IMAGE:-mesos-harness/debian:bookworm}
ZK_IMAGE=${MESOS_HARNESS_IMAGE_ZOOKEEPER:-mesos-harness/zookeeper:3.9}
HERE=$(cd "$(dirname "$0")" && pwd)
log() { printf 'prepare-docker: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_engine() {
  if docker info >/dev/null 2>&1; then log "docker engine answers"; return; fi
  if ! command -v dockerd >/dev/null 2>&1; then
    # iptables and the like come with docker.io; ca-certificates keeps TLS tools sane.
    apt_install docker.io
  fi
  if ! docker info >/dev/null 2>&1; then
    log "starting dockerd (log: /var/log/mesos-harness-dockerd.log)"
    as_root sh -c 'nohup setsid dockerd >/var/log/mesos-harness-dockerd.log 2>&1 </dev/null &'
  fi
  for _ in $(seq 1 300); do
    docker info >/dev/null 2>&1 && { log "docker engine ready"; return; }
    sleep 0.2
  done
  log "docker engine did not answer within 60 s; last lines of its log:"
  tail -n 30 /var/log/mesos-harness-dockerd.log >&2 || true
  exit 1
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

mirror() {
  if [ -n "${MESOS_HARNESS_DEBIAN_MIRROR:-}" ]; then echo "$MESOS_HARNESS_DEBIAN_MIRROR"; return; fi
  local m
  m=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
        | grep -oE 'https?://[^ ]+' | head -n 1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

ensure_base_image() {
  if image_exists "$BASE_IMAGE"; then log "base image $BASE_IMAGE exists"; return; fi
  apt_install debootstrap
  local dir
  dir=$(mktemp -d /tmp/mesos-harness-rootfs.XXXXXX)
  log "debootstrap bookworm into $dir from $(mirror)"
  as_root debootstrap --variant=minbase bookworm "$dir" "$(mirror)" >/tmp/mesos-harness-debootstrap.log 2>&1 \
    || { tail -n 30 /tmp/mesos-harness-debootstrap.log >&2; exit 1; }
  # Keep images small: no apt caches, no docs.
  as_root rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/*
  as_root tar -C "$dir" -c . | docker import --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
  as_root rm -rf "$dir"
  log "base image $BASE_IMAGE imported"
}

# Bump when images/zookeeper changes: an image of an older revision is rebuilt.
ZK_REVISION=3

ensure_zookeeper_image() {
  local have
  have=$(docker image inspect -f '{{ index .Config.Labels "io.mesosharness.image-revision" }}' "$ZK_IMAGE" 2>/dev/null || true)
  if [ "$have" = "$ZK_REVISION" ]; then log "zookeeper image $ZK_IMAGE exists"; return; fi
  local ctx="$HERE/../images/zookeeper"
  log "copying ZooKeeper jars from Maven Central"
  rm -rf "$ctx/target/lib"
  "$HERE/../mvnw" -q -B -f "$ctx/pom.xml" package >/dev/null
  log "building $ZK_IMAGE from $BASE_IMAGE"
  docker build -q --build-arg "BASE=$BASE_IMAGE" --label "io.mesosharness.image-revision=$ZK_REVISION" -t "$ZK_IMAGE" "$ctx" >/dev/null
  log "zookeeper image $ZK_IMAGE built"
}

# Point mesos-harness at the local ZooKeeper image unless the user chose one already (in the environment or
# in ~/mesos-harness.properties, the configuration file the library reads).
ensure_zookeeper_configured() {
  local file="$HOME/mesos-harness.properties"
  if [ -n "${MESOS_HARNESS_IMAGE_ZOOKEEPER:-}" ] || grep -qs '^mesos.harness.image.zookeeper=' "$file"; then return; fi
  printf '# written by scripts/prepare-docker.sh: the ZooKeeper image it built\nmesos.harness.image.zookeeper=%s\n' \
    "$ZK_IMAGE" >>"$file"
  log "configured mesos.harness.image.zookeeper=$ZK_IMAGE in $file"
}

# RemoteDockerEngineTest: `ip netns` + a veth pair, and socat exposing the engine's socket over TCP.
ensure_network_tools() {
  if command -v ip >/dev/null 2>&1 && command -v socat >/dev/null 2>&1; then log "ip and socat present"; return; fi
  apt_install iproute2 socat
}

ensure_engine
ensure_network_tools
ensure_base_image
ensure_zookeeper_image
ensure_zookeeper_configured
