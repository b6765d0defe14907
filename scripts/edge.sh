#!/usr/bin/env bash
# Debian's nginx for the edge proxy (make up, the web browser test). Idempotent: installs only
# when /usr/sbin/nginx is missing; never starts the system service (the edge runs its own
# nginx in the foreground with a generated config: scripts/edge/start.ts).
set -euo pipefail
if [[ -x /usr/sbin/nginx ]]; then echo "nginx: $(/usr/sbin/nginx -v 2>&1)"; exit 0; fi
if [[ $(id -u) -ne 0 ]]; then echo "nginx: /usr/sbin/nginx is missing; run as root: apt-get update && apt-get install -y nginx" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the package from starting the system nginx on port 80.
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d.marquee && chmod +x /usr/sbin/policy-rc.d.marquee
if [[ ! -e /usr/sbin/policy-rc.d ]]; then cp /usr/sbin/policy-rc.d.marquee /usr/sbin/policy-rc.d; trap 'rm -f /usr/sbin/policy-rc.d' EXIT; fi
rm -f /usr/sbin/policy-rc.d.marquee
apt-get install -y -qq --no-install-recommends nginx >/dev/null
echo "nginx: installed $(/usr/sbin/nginx -v 2>&1)"
