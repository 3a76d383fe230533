#!/usr/bin/env bash
# Runs the whole platform on this machine: RabbitMQ, the five services, the gateway and a local mail
# sink on loopback ports, with the demo municipalities, partner and forms. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/rabbitmq.sh

DATA_DIR="${PLATFORM_DATA_DIR:-$PWD/.data}"
GATEWAY_PORT=8080
SMTP_PORT=2525
declare -A PORTS=([identity]=5101 [forms]=5102 [cases]=5103 [channels]=5104 [notifications]=5105 [web]=5106 [mailsink]=8025)
ORDER=(identity forms cases channels notifications)

echo "Building..."
dotnet build Platform.sln -c Release -nologo -v q -clp:ErrorsOnly

PIDS=()
stop_all() {
  trap - EXIT INT TERM
  echo
  echo "Stopping the platform..."
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rabbitmq_stop_if_started_here
  exit 0
}
trap stop_all EXIT INT TERM

rabbitmq_ensure

mkdir -p "$DATA_DIR/logs"

# start NAME PROJECT_DIR PORT: runs the built host from its output folder, where its appsettings.json lies.
# Development is the demo: each service's appsettings.Development.json seeds the demo data and holds the demo's client
# secrets, and identity offers the test eID (it refuses that anywhere else).
# Webhooks may target loopback: in a local run the partners' endpoints (e.g. samples/Platform.PartnerAdapter) are on this machine.
start() {
  local name=$1 dir=$2 port=$3 assembly
  assembly=$(basename "$dir")
  (
    cd "$dir/bin/Release/net10.0"
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
    ASPNETCORE_ENVIRONMENT=Development \
    Database__Directory="$DATA_DIR" \
    Webhooks__AllowLoopback=true \
    exec dotnet "$assembly.dll"
  ) >"$DATA_DIR/logs/$name.log" 2>&1 &
  PIDS+=($!)
}

# ready PORT: true when the host answers 200 on /health/ready (no curl needed).
ready() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -n1 <&3) 2>/dev/null) || return 1
  [[ "$reply" == *" 200 "* ]]
}

# E-mail from notifications goes to the local mail sink, which shows it on its web page and sends nothing on.
export Smtp__Port=$SMTP_PORT Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port=$SMTP_PORT
start mailsink tools/Platform.MailSink "${PORTS[mailsink]}"
for name in "${ORDER[@]}"; do
  start "$name" "services/$name/Platform.${name^}" "${PORTS[$name]}"
done
start web web/Platform.Web "${PORTS[web]}"
start gateway gateway/Platform.Gateway "$GATEWAY_PORT"

echo "Waiting for the services to report ready..."
for name in "${ORDER[@]}" web gateway mailsink; do
  port=${PORTS[$name]:-$GATEWAY_PORT}
  n=0
  until ready "$port"; do
    n=$((n + 1))
    if [ $n -gt 240 ]; then
      echo "$name did not become ready on port $port within 120 s; its log: $DATA_DIR/logs/$name.log" >&2
      tail -n 30 "$DATA_DIR/logs/$name.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  printf '  %-14s http://127.0.0.1:%s\n' "$name" "$port"
done

G=http://127.0.0.1:$GATEWAY_PORT
cat <<MSG

The platform is up. Gateway: $G
Citizen portal:    $G/          (sign in with the test eID as citizen-kari, citizen-ola or citizen-anna)
Municipal console: $G/console   (ingrid@fjordby.no caseworker, dag@fjordby.no form designer; password demo-password)
Logs and databases: $DATA_DIR
E-mails the platform sends (SMTP 127.0.0.1:$SMTP_PORT, nothing leaves the machine): http://127.0.0.1:${PORTS[mailsink]}
OpenID Connect discovery: $G/api/identity/.well-known/openid-configuration

Who you can be (the demo data; civil servants' password: demo-password):
  citizens (test eID)  citizen-kari, citizen-ola (Fjordby), citizen-anna (Skogsberg)
  civil servants       ingrid@fjordby.no (caseworker), dag@fjordby.no (form designer), admin@fjordby.no (tenant admin),
                       lars@skogsberg.se (caseworker), admin@skogsberg.se (every role), root@platform.example (platform admin)
  partner client       nordbank-client / nordbank-demo-secret: forms.submit cases.read webhooks.manage data.write

Get a token for each (authorization code + PKCE for people, client credentials for the partner):
  CITIZEN=\$(scripts/token.sh citizen citizen-kari)
  CASEWORKER=\$(scripts/token.sh servant ingrid@fjordby.no)
  BANK=\$(scripts/token.sh client nordbank-client nordbank-demo-secret "forms.submit cases.read")

Try it:
  curl -s -H "Authorization: Bearer \$CITIZEN" $G/api/forms/tenants/fjordby/forms
  curl -s -X POST $G/api/forms/tenants/fjordby/forms/street-light/submissions \\
       -H "Authorization: Bearer \$CITIZEN" -H 'Content-Type: application/json' \\
       -d '{"data":{"location":{"latitude":59.91,"longitude":10.75},"description":"Dark since Monday"}}'
  curl -s -H "Authorization: Bearer \$CASEWORKER" $G/api/cases/tenants/fjordby/cases
  curl -s -H "Authorization: Bearer \$CITIZEN" $G/api/notifications/citizens/me/inbox

Be told by e-mail too (then submit again, and the e-mail appears at http://127.0.0.1:${PORTS[mailsink]}):
  curl -s -X PUT $G/api/notifications/citizens/me/preferences -H "Authorization: Bearer \$CITIZEN" \\
       -H 'Content-Type: application/json' -d '{"channels":["inbox","email"],"email":"kari@example.org"}'

Press Ctrl-C to stop everything this command started.
MSG

wait
