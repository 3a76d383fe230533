#!/usr/bin/env bash
# Runs every test of the platform: makes sure the RabbitMQ the end-to-end tests use is running
# (installing it when missing), runs the whole suite on the embedded SQLite databases, then runs the forms,
# cases, channels and notifications tests again with PostgreSQL, the production store, on a throwaway local
# cluster. The Kubernetes manifests are rendered with kubectl and checked by k8s/validate (its npm packages
# are installed here).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/rabbitmq.sh
source scripts/postgres.sh
source scripts/chromium.sh

cleanup() {
  postgres_stop
  rabbitmq_stop_if_started_here
}
trap cleanup EXIT

rabbitmq_ensure
postgres_ensure
npm ci --prefix k8s/validate --no-audit --no-fund --loglevel=error
chromium_ensure

# The PostgreSQL server is for the second run only; the first keeps SQLite.
PLATFORM_TEST_POSTGRES= dotnet test Platform.sln -nologo

# The services whose stores changed most since the first migration, again on PostgreSQL: their migrations, triggers,
# concurrency tokens and time columns must hold on the production store, not only on SQLite.
for service in Forms Cases Channels Notifications; do
  echo "The $service service's tests again, on PostgreSQL ($PLATFORM_TEST_POSTGRES):"
  dotnet test "tests/Platform.$service.Tests" -nologo --no-build
done
