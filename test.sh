#!/usr/bin/env bash
# Runs every test of the platform: makes sure the RabbitMQ the end-to-end tests use is running
# (installing it when missing), runs the whole suite on the embedded SQLite databases, then runs the
# forms service's tests again with PostgreSQL, the production store, on a throwaway local cluster.
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
chromium_ensure

# The PostgreSQL server is for the second run only; the first keeps SQLite.
PLATFORM_TEST_POSTGRES= dotnet test Platform.sln -nologo

echo "The forms service's tests again, on PostgreSQL ($PLATFORM_TEST_POSTGRES):"
dotnet test tests/Platform.Forms.Tests -nologo --no-build
