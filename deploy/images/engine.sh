#!/usr/bin/env bash
# Installs and starts Debian's Docker engine, docker-compose 1.29 and debootstrap where they are missing, for the
# container images (deploy/images/build.sh) and the tests that use them. Needs root; does nothing where an engine
# already answers. The daemon settings are those this kind of machine needs (docs/containers.md): cgroupfs, and file
# and process limits at or below the host's hard limits, which a container may not raise.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -f /etc/docker/daemon.json ]; then
  hard=$(ulimit -Hn)
  nofile=$(( hard < 16384 ? hard : 16384 ))
  hard_procs=$(ulimit -Hu)
  [ "$hard_procs" = unlimited ] && hard_procs=8192
  nproc=$(( hard_procs < 8192 ? hard_procs : 8192 ))
  mkdir -p /etc/docker
  cat > /etc/docker/daemon.json <<JSON
{"exec-opts": ["native.cgroupdriver=cgroupfs"],
 "default-ulimits": {"nofile": {"Name": "nofile", "Soft": $nofile, "Hard": $nofile},
                     "nproc": {"Name": "nproc", "Soft": $nproc, "Hard": $nproc}}}
JSON
fi
log=${CIVCITY_DOCKERD_LOG:-/var/log/dockerd.log}
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    docker version --format 'Docker engine {{.Server.Version}} (API {{.Server.APIVersion}})'
    exit 0
  fi
  sleep 1
done
echo "the Docker engine did not start; see $log" >&2
tail -20 "$log" >&2
exit 1
