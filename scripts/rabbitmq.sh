# Sourced by run.sh and test.sh: makes a RabbitMQ broker answer on 127.0.0.1:5672 (AMQP) and
# 127.0.0.1:15672 (management API), installing Debian's rabbitmq-server when it is missing.
# RABBITMQ_STARTED_HERE=1 afterwards when this script started the broker, so the caller stops
# only what it started.

RABBITMQ_STARTED_HERE=0

rabbitmq_is_up() {
  (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/15672) 2>/dev/null
}

rabbitmq_ensure() {
  if rabbitmq_is_up; then
    echo "RabbitMQ already answers on 127.0.0.1:5672; using it."
    return 0
  fi

  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "RabbitMQ is not installed. Install it once with:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y rabbitmq-server" >&2
      echo "or start any RabbitMQ 3.x with the management plugin on 127.0.0.1:5672/15672 (user guest)." >&2
      return 1
    fi
    echo "Installing rabbitmq-server from Debian..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null || return 1
  fi

  if [ "$(id -u)" -ne 0 ]; then
    echo "RabbitMQ is installed but not running, and starting it needs root:" >&2
    echo "  sudo rabbitmq-plugins enable --offline rabbitmq_management && sudo rabbitmq-server -detached" >&2
    return 1
  fi

  # Loopback only: nothing of the local platform is reachable from the network.
  mkdir -p /etc/rabbitmq
  cat > /etc/rabbitmq/rabbitmq.conf <<'CONF'
listeners.tcp.default = 127.0.0.1:5672
distribution.listener.interface = 127.0.0.1
management.tcp.ip = 127.0.0.1
management.tcp.port = 15672
CONF
  rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  echo "Starting RabbitMQ..."
  ERL_EPMD_ADDRESS=127.0.0.1 rabbitmq-server -detached >/dev/null 2>&1
  RABBITMQ_STARTED_HERE=1

  # await_startup returns at once while the node is not registered yet, so loop on it.
  local n=0
  until rabbitmqctl -q await_startup >/dev/null 2>&1 && rabbitmq_is_up; do
    n=$((n + 1))
    if [ $n -gt 240 ]; then
      echo "RabbitMQ did not start within 120 s; see /var/log/rabbitmq/." >&2
      return 1
    fi
    sleep 0.5
  done
  echo "RabbitMQ is up on 127.0.0.1:5672 (management on 127.0.0.1:15672)."
}

rabbitmq_stop_if_started_here() {
  if [ "$RABBITMQ_STARTED_HERE" = 1 ]; then
    echo "Stopping RabbitMQ..."
    rabbitmqctl shutdown >/dev/null 2>&1 || true
    epmd -kill >/dev/null 2>&1 || true
  fi
}
